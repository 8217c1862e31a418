"""Readable names of the meetings package's audit actions (the staff audit page shows them)."""

from flask_babel import lazy_gettext as _l

from participation.core.audit_labels import register_action_labels

register_action_labels(
    {
        "meetings.body_create": _l("Body created"),
        "meetings.body_update": _l("Body changed"),
        "meetings.member_add": _l("Member seated"),
        "meetings.member_end": _l("Seat ended"),
        "meetings.meeting_create": _l("Meeting created"),
        "meetings.meeting_update": _l("Meeting changed"),
        "meetings.meeting_cancel": _l("Meeting cancelled"),
        "meetings.series_create": _l("Meeting series created"),
        "meetings.poll_create": _l("Date poll started"),
        "meetings.poll_close": _l("Date fixed from the poll"),
        "meetings.poll_reopen": _l("Date poll reopened"),
        "meetings.invite": _l("Invitees added"),
        "meetings.invitations_send": _l("Invitations sent"),
        "meetings.invitations_withdraw": _l("Invitations withdrawn"),
        "meetings.registration_cancel": _l("Registration cancelled"),
        "meetings.agenda_add": _l("Agenda item added"),
        "meetings.agenda_update": _l("Agenda item changed"),
        "meetings.agenda_move": _l("Agenda item moved"),
        "meetings.agenda_delete": _l("Agenda item removed"),
        "meetings.attendance": _l("Attendance recorded"),
        "meetings.item_minutes": _l("Minutes of an agenda item changed"),
        "meetings.minutes_summary": _l("Summary of the minutes changed"),
        "meetings.decision": _l("Decision recorded"),
        "meetings.action_add": _l("Action item recorded"),
        "meetings.action_status": _l("Status of an action item changed"),
        "meetings.needs": _l("Needs statement recorded"),
        "meetings.minutes_approve": _l("Minutes approved"),
        "meetings.minutes_publish": _l("Minutes published"),
        "meetings.minutes_reopen": _l("Minutes set back to draft"),
        "meetings.lottery_create": _l("Seat lottery set up"),
        "meetings.lottery_seed": _l("Lottery seed published"),
        "meetings.lottery_draw": _l("Seats drawn"),
        "measures.settings": _l("Feedback settings of a process changed"),
    }
)
