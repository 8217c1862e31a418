"""E-mails to the author of a contribution (only with consent), in the language they used."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from participation.contributions.models import Contribution
from participation.contributions.tokens import tracking_token
from participation.core.mail import queue_mail


def notify_author(contribution: Contribution, template: str) -> None:
    """Queue a message to the author in the language they used when submitting."""
    link = f"{current_app.config['BASE_URL']}/track/{tracking_token(contribution)}"
    with force_locale(contribution.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subjects = {
            "confirm": _("Thank you for your contribution"),
            "hidden": _("Your contribution was hidden"),
            "status": _("News about your contribution"),
        }
        body = render_template(
            f"contributions/mail/{template}.txt", contribution=contribution, link=link
        )
        queue_mail(contribution.email, f"{subjects[template]}: {contribution.title}", body)
