"""The applicant withdraws an application through the tracking link, until the decision."""

from flask_babel import gettext as _

from participation.budgets.models import Application
from participation.budgets.services import loop
from participation.budgets.services.common import bump_public
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError


def can_withdraw(app: Application) -> bool:
    """Until the decision: received or eligible, not yet funded, refused or allocated."""
    return app.status in ("submitted", "eligible") and app.allocation is None


def withdraw_application(app: Application) -> None:
    """The applicant withdraws through the tracking link (after a confirmation step).

    The row stays (``withdrawn``, listed publicly without details) so counts do not change
    behind anyone's back; the e-mail address is deleted at once, and the contribution is
    withdrawn with it.
    """
    if not can_withdraw(app):
        raise ServiceError(
            _("The decision has been made: the application can no longer be withdrawn.")
        )
    app.status = "withdrawn"
    app.email = app.email_consent_at = None
    app.updated_at = utcnow()
    loop.withdraw(app)
    log_action("budgets.withdraw", app)
    bump_public()
