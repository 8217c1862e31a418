"""Forms: the CSV upload with its column mapping, and a goal's indicator link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.core.forms import SelectField


class ImportForm(FlaskForm):
    """Upload a CSV file and say which column holds what."""

    file = FileField(_l("CSV file"), validators=[FileRequired()])
    area_column = StringField(
        _l("Column with the area code"),
        default="PLR_ID",
        validators=[DataRequired(), Length(max=80)],
    )
    period = StringField(
        _l("Period (year)"), default="2020", validators=[DataRequired(), Length(max=20)]
    )
    mapping = StringField(
        _l("Columns and indicators (COLUMN=indicator, separated by commas)"),
        validators=[DataRequired(), Length(max=2000)],
    )
    level = SelectField(_l("Area level of the codes"), validators=[Optional()])
    aggregate_to = SelectField(
        _l("Aggregate smaller units onto this level (optional)"), validators=[Optional()]
    )
    weight_column = StringField(
        _l("Column with the residents (weight for the aggregation)"),
        validators=[Optional(), Length(max=80)],
    )
    prefix_length = IntegerField(
        _l("Characters of the unit code that name the larger area"),
        default=2,
        validators=[Optional(), NumberRange(1, 20)],
    )
    skip_bad_rows = BooleanField(_l("Import the good rows and skip the faulty ones"))
    dry_run = BooleanField(_l("Only check, change nothing"), default=True)


class GoalIndicatorForm(FlaskForm):
    """Which indicator measures a goal, from which value to which."""

    indicator = SelectField(_l("Indicator"), validators=[Optional()])
    area = SelectField(_l("Area (default: the goal's area)"), validators=[Optional()])
    baseline_period = StringField(_l("Baseline period"), validators=[Optional(), Length(max=20)])
    baseline_value = StringField(
        _l("Baseline value (empty: the stored value of that period)"),
        validators=[Optional(), Length(max=30)],
    )
    target_value = StringField(_l("Target value"), validators=[Optional(), Length(max=30)])
    target_period = StringField(_l("Target period"), validators=[Optional(), Length(max=20)])
