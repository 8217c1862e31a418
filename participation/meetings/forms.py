"""Staff forms of the meetings package (residents' and members' token forms: ``public_forms``)."""

from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.core.forms import RadioField, SelectField, SelectMultipleField
from participation.meetings.models import (
    AGENDA_KINDS,
    BERLIN,
    BODY_TYPES,
    DECISION_RULES,
    FORMATS,
    ROLES,
    VISIBILITIES,
)
from participation.processes.forms import MultiCheckboxField

#: How many date proposals the poll form offers.
POLL_SLOTS = 4


def berlin_instant(day: date | None, clock: time | None) -> datetime | None:
    """A Berlin wall-clock date and time as an aware UTC instant."""
    if day is None or clock is None:
        return None
    return datetime.combine(day, clock, BERLIN).astimezone(UTC)


def to_berlin(value: datetime | None) -> datetime | None:
    """UTC instant → naive Berlin time for a form field."""
    return value.astimezone(BERLIN).replace(tzinfo=None) if value else None


class BodyForm(FlaskForm):
    """Create or edit a body with its rules of procedure."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    type = SelectField(_l("Type"), choices=list(BODY_TYPES.items()))
    areas = SelectMultipleField(_l("Areas"), coerce=int, validators=[DataRequired()])
    processes = MultiCheckboxField(_l("Linked participation processes"), coerce=int)
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    mandate = TextAreaField(_l("Mandate"), validators=[Optional(), Length(max=5000)])
    council_reference = StringField(
        _l("Council reference (e.g. paper number)"), validators=[Optional(), Length(max=120)]
    )
    decision_rule = SelectField(_l("Decision rule"), choices=list(DECISION_RULES.items()))
    quorum_percent = IntegerField(
        _l("Quorum: share of voting seats present (per cent)"),
        default=50,
        validators=[NumberRange(0, 100)],
    )
    public_attendance = BooleanField(_l("The public may attend"), default=True)
    minutes_confidential = BooleanField(_l("Minutes are confidential (members only)"))
    poll_voting_first = BooleanField(_l("In date polls, voting members count first"))
    cadence_months = IntegerField(
        _l("Meets every … months"), validators=[Optional(), NumberRange(1, 36)]
    )
    cadence_note = StringField(_l("Rhythm in words"), validators=[Optional(), Length(max=200)])
    owner_id = SelectField(_l("Responsible staff member"), coerce=int)
    deputy_owner_id = SelectField(_l("Deputy"), coerce=int)


class MemberForm(FlaskForm):
    """Seat an actor from the stakeholder registry."""

    actor_id = SelectField(_l("Organisation or person"), coerce=int, validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=list(ROLES.items()), default="member")
    voting = BooleanField(_l("Voting seat"), default=True)
    public = BooleanField(
        _l("Name this member in open data (OParl)"),
        description=_l("For persons only with their consent. Organisations are usually named."),
    )
    deputy_of_id = SelectField(_l("Deputy of"), coerce=int, default=0)
    start_date = DateField(_l("Member since"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


class FromListForm(FlaskForm):
    """Seat every actor of a stakeholder invitation list."""

    list_id = SelectField(_l("Invitation list"), coerce=int, validators=[DataRequired()])


class MeetingForm(FlaskForm):
    """Create or edit a meeting; leave the date empty to find it with a poll."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    day = DateField(_l("Date"), validators=[Optional()])
    start_time = TimeField(_l("Starts (Berlin time)"), validators=[Optional()])
    end_time = TimeField(_l("Ends (Berlin time)"), validators=[Optional()])
    format = RadioField(_l("Format"), choices=list(FORMATS.items()), default="in_person")
    venue_name = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    venue_address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    online_url = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])
    step_free = BooleanField(_l("Step-free access"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    childcare = BooleanField(_l("Childcare"))
    languages = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(
        _l("Places for residents"), validators=[Optional(), NumberRange(1, 100000)]
    )
    visibility = RadioField(_l("Who may see it"), choices=list(VISIBILITIES.items()))
    registration_open = BooleanField(_l("Residents can register on the public page"))
    process_id = SelectField(_l("Belongs to process"), coerce=int, default=0)

    def times(self) -> tuple[datetime | None, datetime | None]:
        """Start and end as UTC instants (an end before the start means the next day is wrong)."""
        start = berlin_instant(self.day.data, self.start_time.data)
        end = berlin_instant(self.day.data, self.end_time.data)
        return start, end


class CancelForm(FlaskForm):
    """Cancel a meeting, with a reason for the invitees."""

    reason = TextAreaField(_l("Reason (sent to the invitees)"), validators=[Length(max=1000)])


class InviteForm(FlaskForm):
    """Invite members, a stakeholder list and/or addresses."""

    members = BooleanField(_l("All current members"), default=True)
    list_id = SelectField(_l("Stakeholder invitation list"), coerce=int, default=0)
    emails = TextAreaField(
        _l("Further e-mail addresses (one per line, optionally “Name address”)"),
        validators=[Optional(), Length(max=10000)],
    )


class PollForm(FlaskForm):
    """Propose dates; members answer through their personal links."""

    respond_by = DateField(
        _l("Answers possible until (end of the day)"), validators=[DataRequired()]
    )
    extra_emails = TextAreaField(
        _l("Ask further people (e-mail addresses, one per line)"),
        validators=[Optional(), Length(max=5000)],
    )

    def slots(self) -> list[tuple[datetime, datetime]]:
        """The filled-in proposals as UTC ``(start, end)`` pairs."""
        out = []
        for i in range(1, POLL_SLOTS + 1):
            day = getattr(self, f"slot{i}_day").data
            start, end = getattr(self, f"slot{i}_start").data, getattr(self, f"slot{i}_end").data
            if day and start and end:
                out.append((berlin_instant(day, start), berlin_instant(day, end)))
        return out

    def respond_by_instant(self) -> datetime | None:
        """End of the chosen day in Berlin."""
        day = self.respond_by.data
        return berlin_instant(day, time(23, 59)) if day else None


for _i in range(1, POLL_SLOTS + 1):
    setattr(PollForm, f"slot{_i}_day", DateField(_l("Date %(n)s", n=_i), validators=[Optional()]))
    setattr(PollForm, f"slot{_i}_start", TimeField(_l("from"), validators=[Optional()]))
    setattr(PollForm, f"slot{_i}_end", TimeField(_l("to"), validators=[Optional()]))


class ReopenForm(FlaskForm):
    """Reopen a closed poll (invitations are withdrawn)."""

    respond_by = DateField(_l("New answer deadline"), validators=[DataRequired()])


class AgendaItemForm(FlaskForm):
    """An agenda item."""

    kind = SelectField(_l("Kind"), choices=list(AGENDA_KINDS.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), validators=[Optional(), NumberRange(1, 600)]
    )
    presenter = StringField(_l("Presented by"), validators=[Optional(), Length(max=200)])
    contribution_ids = StringField(
        _l("Linked contributions (numbers, separated by commas)"),
        validators=[Optional(), Length(max=500)],
    )
    #: Ticked = closed session (stored as ``AgendaItem.public = False``).
    non_public = BooleanField(_l("Non-public"))


class AgendaItemEditForm(AgendaItemForm):
    """Edit an existing agenda item, including its place in the order."""

    position = IntegerField(
        _l("Position in the agenda"), validators=[DataRequired(), NumberRange(1, 500)]
    )


class SeriesForm(FlaskForm):
    """A series of meetings (every N months, or custom dates)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    first_day = DateField(_l("First date"), validators=[DataRequired()])
    start_time = TimeField(_l("Starts (Berlin time)"), validators=[DataRequired()])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), default=120, validators=[DataRequired(), NumberRange(1, 1440)]
    )
    interval_months = IntegerField(
        _l("Every … months"), default=6, validators=[Optional(), NumberRange(1, 24)]
    )
    count = IntegerField(
        _l("Number of meetings"), default=4, validators=[Optional(), NumberRange(1, 50)]
    )
    custom_dates = TextAreaField(
        _l("Or custom dates (one per line, YYYY-MM-DD)"), validators=[Optional(), Length(max=2000)]
    )
    venue_name = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    venue_address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    visibility = RadioField(_l("Who may see it"), choices=list(VISIBILITIES.items()))


class LotteryForm(FlaskForm):
    """A citizen-seat lottery."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    seats = IntegerField(_l("Seats"), default=5, validators=[DataRequired(), NumberRange(1, 100)])
    opens_at = DateTimeLocalField(
        _l("Applications from (Berlin time)"), validators=[DataRequired()]
    )
    closes_at = DateTimeLocalField(
        _l("Applications until (Berlin time)"), validators=[DataRequired()]
    )
    questions = TextAreaField(
        _l("Eligibility questions (one per line; applicants must answer yes)"),
        validators=[Optional(), Length(max=3000)],
    )
    quota_options = TextAreaField(
        _l("Quota (optional): one option per line as “key = label = minimum seats”"),
        validators=[Optional(), Length(max=2000)],
    )


class SeedForm(FlaskForm):
    """Publish the seed (empty: a random one)."""

    seed = StringField(
        _l("Seed (empty: chosen at random)"), validators=[Optional(), Length(max=100)]
    )
