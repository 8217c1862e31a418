"""Forms for area levels and the GeoJSON import page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.core.forms import RadioField, SelectField


class LevelForm(FlaskForm):
    """Add an area level."""

    key = StringField(_l("Key (for imports)"), validators=[DataRequired(), Length(max=40)])
    name_de = StringField(_l("Name in German"), validators=[DataRequired(), Length(max=80)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=80)])
    rank = IntegerField(_l("Position (1 = top)"), validators=[Optional(), NumberRange(1, 20)])


class ImportForm(FlaskForm):
    """Upload a GeoJSON file for one level."""

    file = FileField(_l("GeoJSON file"), validators=[FileRequired()])
    level = SelectField(_l("Area level"), validators=[DataRequired()])
    code_field = StringField(
        _l("Property with the code"), default="id", validators=[DataRequired(), Length(max=60)]
    )
    name_field = StringField(
        _l("Property with the name"), default="name", validators=[DataRequired(), Length(max=60)]
    )
    population_field = StringField(
        _l("Property with the population (optional)"), validators=[Optional(), Length(max=60)]
    )
    parent_by = RadioField(
        _l("Find the parent area"),
        choices=[
            ("auto", _l("by code prefix, else by location")),
            ("code", _l("by code prefix only")),
            ("geometry", _l("by location only")),
        ],
        default="auto",
    )
    skip_invalid = BooleanField(_l("Import the valid features and skip the faulty ones"))
    dry_run = BooleanField(_l("Only check, change nothing"), default=True)
