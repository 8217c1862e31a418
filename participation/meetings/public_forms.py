"""Forms residents and members fill in through personal links: RSVP, public registration and
its cancellation, citizen-seat applications (the staff forms are in ``forms``)."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from participation.core.forms import RadioField
from participation.meetings.models import (
    ANSWERS,
    RESPONSES,
)


class RsvpForm(FlaskForm):
    """Answer an invitation through the personal link."""

    response = RadioField(
        _l("Will you come?"),
        choices=[(k, v) for k, v in RESPONSES.items() if k != "pending"],
        validators=[DataRequired()],
    )
    deputy_name = StringField(_l("Name of your deputy"), validators=[Optional(), Length(max=200)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class RegistrationForm(FlaskForm):
    """A resident registers for a public meeting (no account)."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail (optional, for a confirmation)"),
        validators=[Optional(), Email(), Length(max=254)],
    )
    persons = IntegerField(_l("Number of persons"), default=1, validators=[NumberRange(1, 10)])
    accessibility_needs = TextAreaField(
        _l("Do you need anything to take part? (e.g. step-free access, interpreting, childcare)"),
        validators=[Optional(), Length(max=1000)],
    )
    idempotency_key = HiddenField()


class CancelRegistrationForm(FlaskForm):
    """A resident cancels her registration (the personal link identifies her)."""


class ApplicationForm(FlaskForm):
    """Apply for a citizen seat."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    quota_value = RadioField(_l("Please choose"), choices=[], validators=[Optional()])


def poll_choices() -> list[tuple[str, str]]:
    """Answer options for a poll slot."""
    return [(k, str(v)) for k, v in ANSWERS.items()]


#: Re-exported for views that build a default respond-by date.
DEFAULT_POLL_DAYS = timedelta(days=14)
