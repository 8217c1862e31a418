"""All writes and rules of the meetings package (views, CLI, scheduler and tests call these)."""

from participation.meetings import audit_labels  # noqa: F401  (labels of the actions logged here)
from participation.meetings.services.agenda import (  # noqa: F401
    add_agenda_item,
    attendance_rows,
    delete_agenda_item,
    move_agenda_item,
    quorum,
    record_attendance,
    seats_at,
    update_agenda_item,
)
from participation.meetings.services.bodies import (  # noqa: F401
    add_member,
    add_members_from_list,
    create_body,
    end_membership,
    set_member_public,
    update_body,
)
from participation.meetings.services.invitations import (  # noqa: F401
    conflicts,
    invite,
    invite_members,
    respond,
    rsvp_counts,
    send_invitations,
    withdraw_invitations,
)
from participation.meetings.services.meetings import (  # noqa: F401
    cancel_meeting,
    create_meeting,
    update_meeting,
)
from participation.meetings.services.minutes import (  # noqa: F401
    add_action_item,
    add_needs_statement,
    approve_minutes,
    dual_role_flags,
    publish_minutes,
    record_decision,
    reopen_minutes,
    set_action_status,
)
from participation.meetings.services.polls import (  # noqa: F401
    answer_poll,
    close_poll,
    create_poll,
    rank_slots,
    reopen_poll,
    send_poll_invitations,
    suggested_slot,
)
from participation.meetings.services.public import (  # noqa: F401
    cancel_registration,
    create_series,
    register,
    seats_taken,
)
from participation.meetings.services.visibility import (  # noqa: F401
    closed_item_ids,
    decisions_public,
    minutes_public,
    public_action_items,
)
