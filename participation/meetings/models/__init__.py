"""Models of the meetings package (bodies, meetings, polls, outcomes, lottery)."""

from participation.meetings.models.attendance import (  # noqa: F401
    ATTENDANCE,
    REGISTRATION_STATUSES,
    RESPONSES,
    Attendance,
    Invitation,
    Registration,
)
from participation.meetings.models.bodies import (  # noqa: F401
    BODY_TYPES,
    DECISION_RULES,
    ROLES,
    Body,
    Membership,
    body_areas,
    body_processes,
)
from participation.meetings.models.lottery import (  # noqa: F401
    LOTTERY_STATUSES,
    LotteryApplication,
    SeatLottery,
)
from participation.meetings.models.meetings import (  # noqa: F401
    AGENDA_KINDS,
    BERLIN,
    FORMATS,
    MINUTES_STATUSES,
    STATUSES,
    VISIBILITIES,
    AgendaItem,
    Meeting,
    MeetingSeries,
    agenda_item_contributions,
)
from participation.meetings.models.outcomes import (  # noqa: F401
    ACTION_STATUSES,
    OUTCOMES,
    ActionItem,
    Decision,
    NeedsStatement,
    decision_actors,
)
from participation.meetings.models.polls import (  # noqa: F401
    ANSWERS,
    POLL_STATUSES,
    DatePoll,
    PollAnswer,
    PollParticipant,
    PollSlot,
)
