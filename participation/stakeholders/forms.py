"""Forms for the registry, assessments, coverage, invitation lists and the CSV import."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from participation.core.forms import RadioField, SelectField, SelectMultipleField
from participation.stakeholders.models import (
    ATTITUDES,
    COVERAGE_CATEGORIES,
    GOALS_CONSIDER,
    KINDS,
    LEGAL_BASES,
    RELATION_KINDS,
)
from participation.stakeholders.strategy import STRATEGIES

SCALE = [(i, str(i)) for i in range(5)]


class ActorForm(FlaskForm):
    """Create or edit an organisation or a person."""

    kind = RadioField(
        _l("Organisation or person"), choices=list(KINDS.items()), default="organisation"
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    type_id = SelectField(_l("Type"), coerce=int, validators=[DataRequired()])
    parent_id = SelectField(_l("Belongs to (umbrella organisation)"), coerce=int, default=0)
    areas = SelectMultipleField(_l("Areas where active"), coerce=int, validators=[Optional()])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=500)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    legal_basis = RadioField(
        _l("Legal basis for storing contact data"), choices=list(LEGAL_BASES.items()), default=""
    )
    consent_date = DateField(_l("Consent given on"), validators=[Optional()])
    tags = StringField(_l("Tags (separated by commas)"), validators=[Optional(), Length(max=500)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])


class MembershipForm(FlaskForm):
    """A person's membership in an organisation."""

    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    function = StringField(_l("Function"), validators=[Optional(), Length(max=160)])


class RelationForm(FlaskForm):
    """A relation from this actor to another one."""

    kind = SelectField(_l("Relation"), choices=list(RELATION_KINDS.items()))
    target_id = HiddenField(validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class EraseForm(FlaskForm):
    """Confirm the erasure of an actor."""

    confirm = BooleanField(
        _l("I understand that name, contact data and notes are removed for good."),
        validators=[DataRequired()],
    )


class TypeForm(FlaskForm):
    """Add or change a type of the taxonomy."""

    key = StringField(_l("Key (for imports)"), validators=[Optional(), Length(max=40)])
    label_de = StringField(_l("Name in German"), validators=[DataRequired(), Length(max=80)])
    label_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=80)])
    category = SelectField(
        _l("Counts for the coverage category"),
        choices=[("", _l("none"))] + list(COVERAGE_CATEGORIES.items()),
    )


class AssessmentForm(FlaskForm):
    """Assess one actor in one process."""

    assessed_on = DateField(
        _l("Date of the assessment"), default=date.today, validators=[InputRequired()]
    )
    influence = RadioField(
        _l("Influence (0 = none, 4 = decisive)"),
        coerce=int,
        choices=SCALE,
        validators=[InputRequired()],
    )
    influence_direct = RadioField(
        _l("Kind of influence"),
        choices=[
            ("direct", _l("direct (decides or can block)")),
            ("indirect", _l("indirect (through others)")),
        ],
        default="direct",
    )
    interest = RadioField(
        _l("Interest (0 = none, 4 = very high)"),
        coerce=int,
        choices=SCALE,
        validators=[InputRequired()],
    )
    attitude = RadioField(
        _l("Attitude towards the process"), coerce=int, choices=list(ATTITUDES.items()), default=0
    )
    success_critical = BooleanField(_l("Success-critical: the process fails without them"))
    legitimate_interest = TextAreaField(
        _l("Legitimate interest (why they have a stake)"), validators=[Optional(), Length(max=4000)]
    )
    goals_consider = RadioField(
        _l("Do the process goals take their interests into account?"),
        choices=[(k, v) for k, v in GOALS_CONSIDER.items() if k] + [("", GOALS_CONSIDER[""])],
        default="",
    )
    access_text = TextAreaField(
        _l("Access to target groups and resources"), validators=[Optional(), Length(max=4000)]
    )
    dual_role = BooleanField(_l("Dual role: plans the service and would also deliver it"))
    nominated_by_id = SelectField(_l("Nominated by"), coerce=int, default=0)
    visibility = RadioField(
        _l("Who may read this assessment?"),
        choices=[
            ("team", _l("Planning team only")),
            ("council", _l("Shared with council members (if the process allows it)")),
        ],
        default="team",
    )
    strategy = SelectField(_l("Involvement strategy"), default="")
    override_reason = TextAreaField(
        _l("Reason for another strategy than the suggested one"),
        validators=[Optional(), Length(max=2000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # numbers in front of the labels, translated per request (not once at import)
        self.attitude.choices = [
            (k, f"{k:+d} {v}" if k else f"0 {v}") for k, v in ATTITUDES.items()
        ]

    def set_strategy_choices(self, suggestion_label: str | None = None) -> None:
        """First option: take the suggestion from the grid."""
        first = (
            _l("As suggested (%(label)s)", label=suggestion_label)
            if suggestion_label
            else _l("As suggested by influence and interest")
        )
        self.strategy.choices = [("", first)] + list(STRATEGIES.items())


class CoverageForm(FlaskForm):
    """Minimum number of assessed actors per category (0 = not needed); fields added below."""


for _key, _label in COVERAGE_CATEGORIES.items():
    setattr(
        CoverageForm,
        f"min_{_key}",
        IntegerField(_label, default=0, validators=[InputRequired(), NumberRange(0, 50)]),
    )


class InvitationListForm(FlaskForm):
    """Name for an invitation list made from the current selection."""

    name = StringField(
        _l("Name of the invitation list"), validators=[DataRequired(), Length(max=200)]
    )


class UploadForm(FlaskForm):
    """First step of the CSV import: the file."""

    file = FileField(_l("CSV file"), validators=[FileRequired()])


#: Fields a CSV column can be mapped to, in form order.
IMPORT_TARGETS = {
    "name": _l("Name"),
    "kind": _l("Organisation or person"),
    "type": _l("Type"),
    "organisation": _l("Organisation (for persons: membership; for organisations: parent)"),
    "function": _l("Function in the organisation"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "address": _l("Address"),
    "website": _l("Website"),
    "area": _l("Area (code or name)"),
    "legal_basis": _l("Legal basis"),
    "consent_date": _l("Consent given on"),
    "tags": _l("Tags"),
    "notes": _l("Notes"),
}


class MappingForm(FlaskForm):
    """Second step: which column is what, defaults for missing values, check or import."""

    csv_data = HiddenField(validators=[DataRequired()])
    default_kind = RadioField(
        _l("Rows without a kind are"), choices=list(KINDS.items()), default="organisation"
    )
    default_type = SelectField(_l("Type for rows without a (known) type"), coerce=int, default=0)
    default_area = SelectField(_l("Area for rows without an area"), coerce=int, default=0)


for _key, _label in IMPORT_TARGETS.items():
    setattr(MappingForm, f"col_{_key}", SelectField(_label, default=""))
