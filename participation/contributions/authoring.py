"""What the author of a contribution may do on the private tracking page, without an account.

The tracking link is the author's key: with it they may add an e-mail address later (with
consent), correct title and text until a moderator has looked at the contribution, and withdraw
it. Withdrawing hides it from everyone and deletes the e-mail address and the photo at once; the
row stays (as ``withdrawn``) so that counts and links to measures do not change behind anyone's
back.
"""

from flask_babel import gettext as _

from participation.contributions.models import BODY_MAX, TITLE_MAX, Contribution
from participation.contributions.notify import notify_author
from participation.core.addresses import is_email
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.textlimits import too_long_message


def can_edit(contribution: Contribution) -> bool:
    """True while nobody has moderated or assessed it and the process still takes input.

    A budget application is changed and withdrawn on the budget's own tracking page (which keeps
    the contribution in step), never here.
    """
    return (
        contribution.kind != "budget_application"
        and contribution.moderated_at is None
        and contribution.visibility in ("pending", "visible")
        and contribution.status == "received"
        and contribution.channel == "online"
        and contribution.process.status == "published"
    )


def can_withdraw(contribution: Contribution) -> bool:
    """Every online contribution can be withdrawn by its author, once (budget applications on
    the budget's tracking page)."""
    return (
        contribution.visibility != "withdrawn"
        and contribution.channel == "online"
        and contribution.kind != "budget_application"
    )


def add_email(contribution: Contribution, email: str, consent: bool) -> None:
    """Store a contact address given later; like at submission, only with consent."""
    email = (email or "").strip()
    if contribution.visibility == "withdrawn":
        raise ServiceError(_("This contribution was withdrawn."))
    if not email or not is_email(email):
        raise ServiceError(_("Please enter a valid e-mail address."), "email")
    if not consent:
        raise ServiceError(
            _("Please confirm that we may e-mail you about this contribution."), "consent"
        )
    contribution.email, contribution.email_consent_at = email, utcnow()
    notify_author(contribution, "confirm")


def edit_by_author(contribution: Contribution, title: str, body: str) -> None:
    """Correct title and text before moderation; it stays in (or goes back to) the review queue."""
    if not can_edit(contribution):
        raise ServiceError(
            _("This contribution can no longer be changed: the team has already looked at it.")
        )
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) < 3:
        raise ServiceError(_("Please give your contribution a short title."), "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(too_long_message(len(title), TITLE_MAX), "title")
    if len(body) > BODY_MAX:
        raise ServiceError(too_long_message(len(body), BODY_MAX), "body")
    contribution.title, contribution.body = title, body
    contribution.needs_review = True  # a changed text is looked at like a new one
    contribution.updated_at = utcnow()


def withdraw_by_author(contribution: Contribution) -> str | None:
    """Hide it from everyone for good and forget the e-mail address and the photo.

    Returns the photo's file name: the caller deletes the file after the commit (a rolled-back
    withdrawal must not lose the photo).
    """
    if not can_withdraw(contribution):
        raise ServiceError(_("This contribution was already withdrawn."))
    photo = contribution.photo
    contribution.visibility = "withdrawn"
    contribution.needs_review = False
    contribution.email = contribution.email_consent_at = None
    contribution.photo = None
    contribution.updated_at = utcnow()
    return photo
