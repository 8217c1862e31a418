"""The texts of the minutes while they are a draft: the summary and the minutes per agenda item.

Once the chair has approved the minutes they are fixed: these services refuse every change, and
only "back to draft" (:func:`~participation.meetings.services.minutes.reopen_minutes`, audited)
opens them again for a correction.
"""

from flask_babel import gettext as _

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import AgendaItem, Meeting
from participation.meetings.services.common import bump_public

#: Longest text accepted for the summary or one item's minutes.
MAX_TEXT = 20_000


def _check_draft(meeting: Meeting, field: str) -> None:
    if meeting.minutes_status != "draft":
        raise ServiceError(
            _(
                "The minutes are approved and can no longer be changed. "
                "Set them back to draft for a correction."
            ),
            field,
        )


def _store(meeting: Meeting, user, obj, attr: str, field: str, text: str, **details) -> bool:
    """Set ``obj.<attr>`` to the stripped *text* (draft only); True when it changed."""
    _check_draft(meeting, field)
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ServiceError(_("Please shorten the text to 20,000 characters."), field)
    if text == (getattr(obj, attr) or ""):
        return False
    setattr(obj, attr, text)
    db.session.flush()
    action = "meetings.minutes_summary" if attr == "minutes_summary" else "meetings.item_minutes"
    log_action(action, meeting, user=user, length=len(text), **details)
    bump_public()
    return True


def update_minutes_summary(meeting: Meeting, user, summary: str) -> bool:
    """Store the summary of the minutes (draft only); True when it changed."""
    return _store(meeting, user, meeting, "minutes_summary", "summary", summary)


def save_item_minutes(item: AgendaItem, user, minutes: str) -> bool:
    """Store the minutes of one agenda item (draft only); True when they changed."""
    return _store(item.meeting, user, item, "minutes", "minutes", minutes, item_id=item.id)
