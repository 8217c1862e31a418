"""Models of the feedback loop: goals, measures, decisions, links, themes, outcomes, digests."""

from participation.measures.models.goals import Goal, goal_levels  # noqa: F401
from participation.measures.models.links import (  # noqa: F401
    OPEN_VISIBILITIES,
    ContributionLink,
    ContributionOutcome,
    OutcomeChange,
    ReasonTemplate,
    Theme,
    ThemeLink,
    ThemeMember,
)
from participation.measures.models.measures import (  # noqa: F401
    CHANGE_TYPES,
    DECISION_OUTCOMES,
    MEASURE_STATUSES,
    REASON_REQUIRED,
    STATUS_TRANSITIONS,
    Measure,
    MeasureDecision,
    MeasureMilestone,
    MeasureStatusChange,
    agenda_item_measures,
    measure_areas,
    measure_goals,
    measure_processes,
)
from participation.measures.models.notify import (  # noqa: F401
    MeasureDigest,
    MeasureNotification,
    MeasureOwnerReport,
    MeasureProcessSetting,
    MeasureUnsubscribe,
)
