"""Staff forms for what happens in and after a meeting: minutes, decisions, action items, needs.

Kept apart from ``forms`` (bodies, meetings, polls, agenda, series, lotteries) so each file stays
readable; the views of ``views/minutes.py`` use these.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.core.forms import RadioField, SelectField
from participation.meetings.models import ACTION_STATUSES, OUTCOMES
from participation.processes.forms import MultiCheckboxField


class ItemMinutesForm(FlaskForm):
    """Minutes of one agenda item."""

    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=20000)])


class DecisionForm(FlaskForm):
    """A decision with votes or consensus and a minority opinion."""

    agenda_item_id = SelectField(_l("Agenda item"), coerce=int, default=0)
    text = TextAreaField(_l("Decision"), validators=[DataRequired(), Length(max=5000)])
    outcome = RadioField(_l("Outcome"), choices=list(OUTCOMES.items()), default="adopted")
    consensus = BooleanField(_l("Decided by consensus"))
    votes_yes = IntegerField(_l("Yes"), validators=[Optional(), NumberRange(0, 1000)])
    votes_no = IntegerField(_l("No"), validators=[Optional(), NumberRange(0, 1000)])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional(), NumberRange(0, 1000)])
    minority_opinion = TextAreaField(
        _l("Minority opinion"), validators=[Optional(), Length(max=5000)]
    )
    concerned_actor_ids = MultiCheckboxField(
        _l("The decision concerns the own services of"), coerce=int
    )
    publish_separately = BooleanField(
        _l("Publish this decision although the minutes are confidential")
    )


class ActionItemForm(FlaskForm):
    """An action item."""

    text = TextAreaField(_l("What is to be done"), validators=[DataRequired(), Length(max=2000)])
    owner_actor_id = SelectField(_l("Who (member)"), coerce=int, default=0)
    owner = StringField(_l("…or name"), validators=[Optional(), Length(max=200)])
    due_date = DateField(_l("Due by"), validators=[Optional()])


class ActionStatusForm(FlaskForm):
    """Change an action item's status."""

    status = SelectField(_l("Status"), choices=list(ACTION_STATUSES.items()))


class NeedsForm(FlaskForm):
    """A needs statement (Bedarfsanmeldung)."""

    area_id = SelectField(_l("Area"), coerce=int, validators=[DataRequired()])
    text = TextAreaField(_l("What is missing"), validators=[DataRequired(), Length(max=1900)])
    target_groups = StringField(
        _l("For whom (target groups, separated by commas)"),
        validators=[Optional(), Length(max=300)],
    )
    evidence = TextAreaField(
        _l("Evidence (survey results, observations, contribution numbers)"),
        validators=[Optional(), Length(max=2000)],
    )


class MinutesSummaryForm(FlaskForm):
    """The summary at the top of the minutes (editable while they are a draft)."""

    summary = TextAreaField(_l("Summary of the minutes"), validators=[Length(max=20000)])
