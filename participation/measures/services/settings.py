"""Per-process settings of the feedback loop (the installation's defaults apply without them)."""

from flask_babel import gettext as _

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import MeasureProcessSetting


def set_unanswered_days(process, user, days: int | None) -> MeasureProcessSetting:
    """Warn about contributions of *process* without an answer after *days* (None: default)."""
    if days is not None and not 1 <= days <= 365:
        raise ServiceError(_("Please give a number of days between 1 and 365."), "unanswered_days")
    row = db.session.get(MeasureProcessSetting, process.id) or MeasureProcessSetting(
        process_id=process.id
    )
    old, row.unanswered_days = row.unanswered_days, days
    db.session.add(row)
    db.session.flush()
    log_action("measures.settings", process, user=user, unanswered_days=days, old=old)
    return row
