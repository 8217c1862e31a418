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


def update_minutes_summary(meeting: Meeting, user, summary: str) -> bool:
    """Store the summary of the minutes (draft only); True when it changed."""
    _check_draft(meeting, "summary")
    summary = (summary or "").strip()
    if len(summary) > MAX_TEXT:
        raise ServiceError(_("Please shorten the text to 20,000 characters."), "summary")
    if summary == (meeting.minutes_summary or ""):
        return False
    meeting.minutes_summary = summary
    db.session.flush()
    log_action("meetings.minutes_summary", meeting, user=user, length=len(summary))
    bump_public()
    return True


def save_item_minutes(item: AgendaItem, user, minutes: str) -> bool:
    """Store the minutes of one agenda item (draft only); True when they changed."""
    _check_draft(item.meeting, "minutes")
    minutes = (minutes or "").strip()
    if len(minutes) > MAX_TEXT:
        raise ServiceError(_("Please shorten the text to 20,000 characters."), "minutes")
    if minutes == (item.minutes or ""):
        return False
    item.minutes = minutes
    db.session.flush()
    log_action("meetings.item_minutes", item.meeting, user=user, item_id=item.id)
    bump_public()
    return True
