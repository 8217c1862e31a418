"""Forms of the feedback loop (staff pages; the unsubscribe confirmation for residents)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.core.forms import SelectField, SelectMultipleField
from participation.measures.models import CHANGE_TYPES, DECISION_OUTCOMES

OUTCOME_CHOICES = [
    ("in_review", _l("Being examined")),
    ("taken_up", _l("Taken up")),
    ("adopted", _l("Adopted")),
    ("implemented", _l("Implemented")),
    ("not_taken_up", _l("Not taken up")),
]


class GoalForm(FlaskForm):
    """A SMART goal; indicator and deadline may stay empty (the goal is then marked incomplete)."""

    parent = SelectField(_l("Belongs to"), coerce=str, validators=[Optional()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    statement = TextAreaField(
        _l("What should be different (specific)"), validators=[Optional(), Length(max=4000)]
    )
    indicator = TextAreaField(_l("Indicator (how it is measured)"), validators=[Optional()])
    baseline = StringField(_l("Baseline"), validators=[Optional(), Length(max=200)])
    target = StringField(_l("Target value"), validators=[Optional(), Length(max=200)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    area = SelectField(_l("Area"), coerce=str, validators=[Optional()])
    target_groups = StringField(
        _l("Target groups (separated by commas)"), validators=[Optional(), Length(max=500)]
    )


class MeasureForm(FlaskForm):
    """Create or edit a measure (its status changes with :class:`StatusForm`)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Description in plain language"), validators=[Optional(), Length(max=4000)]
    )
    processes = SelectMultipleField(_l("Processes"), coerce=int, validators=[Optional()])
    areas = SelectMultipleField(_l("Areas"), coerce=int, validators=[Optional()])
    goals = SelectMultipleField(_l("Goals it serves"), coerce=int, validators=[Optional()])
    change_type = SelectField(_l("Type of change"), choices=list(CHANGE_TYPES.items()))
    quick_win = BooleanField(_l("Quick win (small, visible, soon)"))
    responsible_actor = SelectField(_l("Responsible unit (registry)"), coerce=str)
    responsible_unit = StringField(
        _l("Responsible unit (if not in the registry)"), validators=[Optional(), Length(max=200)]
    )
    partners = TextAreaField(_l("Partners"), validators=[Optional(), Length(max=2000)])
    target_groups = StringField(
        _l("Target groups (separated by commas)"), validators=[Optional(), Length(max=500)]
    )
    budget_planned = IntegerField(
        _l("Budget planned (€)"), validators=[Optional(), NumberRange(min=0, max=10**12)]
    )
    budget_spent = IntegerField(
        _l("Budget spent (€)"), validators=[Optional(), NumberRange(min=0, max=10**12)]
    )
    funding_source = StringField(_l("Funding source"), validators=[Optional(), Length(max=200)])
    start_date = DateField(_l("Start"), validators=[Optional()])
    end_date = DateField(_l("End"), validators=[Optional()])
    progress = IntegerField(
        _l("Progress in percent (leave empty to count milestones)"),
        validators=[Optional(), NumberRange(min=0, max=100)],
    )
    lon = DecimalField(_l("Longitude"), places=6, validators=[Optional()])
    lat = DecimalField(_l("Latitude"), places=6, validators=[Optional()])
    geojson = TextAreaField(
        _l("Area on the map (GeoJSON polygon, optional)"), validators=[Optional()]
    )
    source = HiddenField()


class StatusForm(FlaskForm):
    """Change a measure's status with a public explanation."""

    status = SelectField(_l("New status"), validators=[DataRequired()])
    explanation = TextAreaField(
        _l("Public explanation (required for rejected and stopped)"),
        validators=[Optional(), Length(max=4000)],
    )


class DecisionForm(FlaskForm):
    """A decision by a body or a council committee."""

    body = SelectField(_l("Body (from meetings)"), coerce=str, validators=[Optional()])
    committee = StringField(_l("or council committee"), validators=[Optional(), Length(max=200)])
    decided_on = DateField(_l("Date"), validators=[DataRequired()])
    outcome = SelectField(_l("Outcome"), choices=list(DECISION_OUTCOMES.items()))
    reference = StringField(_l("Council paper number"), validators=[Optional(), Length(max=60)])
    url = StringField(
        _l("Link to the council information system"), validators=[Optional(), Length(max=500)]
    )
    votes_yes = IntegerField(_l("Yes"), validators=[Optional(), NumberRange(min=0, max=10000)])
    votes_no = IntegerField(_l("No"), validators=[Optional(), NumberRange(min=0, max=10000)])
    votes_abstain = IntegerField(
        _l("Abstentions"), validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    vote_note = StringField(_l("Note on the vote"), validators=[Optional(), Length(max=300)])
    also_adopt = BooleanField(_l("Set the measure to “adopted” now"))


class MilestoneForm(FlaskForm):
    """A dated, public step of a measure."""

    title = StringField(_l("Milestone"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    due_on = DateField(_l("Planned for"), validators=[Optional()])
    done_on = DateField(_l("Reached on"), validators=[Optional()])


class AnswerForm(FlaskForm):
    """Answer one contribution (or a theme, or a selection) with an outcome and a reason."""

    status = SelectField(_l("Outcome"), choices=OUTCOME_CHOICES)
    template = SelectField(_l("Reason template"), coerce=str, validators=[Optional()])
    reason = TextAreaField(
        _l("Answer to the resident (required for “not taken up”)"),
        validators=[Optional(), Length(max=2000)],
    )


class ThemeForm(FlaskForm):
    """Create a theme (Bündelung)."""

    title = StringField(_l("Name of the theme"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])


class LinkThemeForm(FlaskForm):
    """Link a theme to a measure."""

    measure = SelectField(_l("Measure"), coerce=str, validators=[DataRequired()])
    rationale = TextAreaField(_l("Public rationale"), validators=[DataRequired(), Length(max=1000)])


class ReasonTemplateForm(FlaskForm):
    """Edit a reusable reason."""

    text_de = TextAreaField(_l("German"), validators=[DataRequired(), Length(max=1000)])
    text_en = TextAreaField(_l("English"), validators=[Optional(), Length(max=1000)])


class SettingsForm(FlaskForm):
    """Per-process setting: warn about contributions without an answer after N days."""

    unanswered_days = IntegerField(
        _l("Warn about contributions without an answer after (days)"),
        validators=[Optional(), NumberRange(min=1, max=365)],
    )


class UnsubscribeForm(FlaskForm):
    """The confirmation button of the unsubscribe page (a link preview must not unsubscribe)."""
