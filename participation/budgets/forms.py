"""Forms of the budgets package: the resident's application, the use report, budget setup."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from participation.budgets.models import (
    ALLOCATION_MODES,
    APPLICANT_TYPES,
    BALLOT_KINDS,
    ENTITLEMENT_PILLARS,
    PILLARS,
    VOTE_ACCESS,
)
from participation.core.forms import RadioField, SelectField, SelectMultipleField

COST_ROWS = 6


class CostLineForm(Form):
    """One cost line (item, amount in whole euros)."""

    item = StringField(_l("Item"), validators=[Optional(), Length(max=200)])
    amount = IntegerField(
        _l("Amount in €"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )


class ApplicationForm(FlaskForm):
    """The public application form (phone first, no account)."""

    title = StringField(_l("Project title"), validators=[InputRequired(), Length(max=120)])
    description = TextAreaField(
        _l("What do you plan?"), validators=[InputRequired(), Length(max=4000)]
    )
    target_groups = StringField(_l("For whom?"), validators=[Optional(), Length(max=300)])
    when_text = StringField(_l("When?"), validators=[Optional(), Length(max=200)])
    lon = HiddenField()
    lat = HiddenField()
    cost_lines = FieldList(FormField(CostLineForm), min_entries=COST_ROWS, max_entries=COST_ROWS)
    applicant_type = RadioField(
        _l("Who applies?"), choices=list(APPLICANT_TYPES.items()), default="resident"
    )
    applicant_name = StringField(
        _l("Name of the person or initiative"), validators=[InputRequired(), Length(max=200)]
    )
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Length(max=254)])
    consent = BooleanField(_l("You may e-mail me about this application."))
    attachment = FileField(_l("Photo or PDF (optional)"))

    def lines(self) -> list[tuple[str, object]]:
        """``[(item, amount)]`` of the filled rows."""
        return [(row.item.data or "", row.amount.data) for row in self.cost_lines]

    def values(self) -> dict:
        """Keyword arguments for the service."""
        return {
            "title": self.title.data,
            "description": self.description.data,
            "target_groups": self.target_groups.data,
            "when_text": self.when_text.data,
            "lon": self.lon.data or None,
            "lat": self.lat.data or None,
            "applicant_type": self.applicant_type.data,
            "applicant_name": self.applicant_name.data,
            "cost_lines": self.lines(),
        }


class UseReportForm(FlaskForm):
    """The applicant's use report (Verwendungsnachweis)."""

    text = TextAreaField(_l("What was done?"), validators=[InputRequired(), Length(max=4000)])
    photo = FileField(_l("Photo (optional)"))
    photo_alt = StringField(
        _l("What does the photo show? (for people who cannot see it)"),
        validators=[Optional(), Length(max=200)],
    )


class BudgetForm(FlaskForm):
    """Budget setup by staff."""

    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    area_id = SelectField(_l("Area"), coerce=int)
    process_id = SelectField(_l("Process (applications join its feedback loop)"), coerce=int)
    body_id = SelectField(_l("Administering body"), coerce=int)
    period = StringField(_l("Period"), validators=[InputRequired(), Length(max=20)])
    amount = IntegerField(_l("Amount in €"), validators=[InputRequired(), NumberRange(min=1)])
    funding_source = StringField(_l("Funding source"), validators=[Optional(), Length(max=200)])
    pillar = SelectField(
        _l("Pillar"),
        choices=list(PILLARS.items()) + list(ENTITLEMENT_PILLARS.items()),
        default="quartiersbudget",
    )
    allocation_mode = SelectField(_l("Allocation"), choices=list(ALLOCATION_MODES.items()))
    max_per_application = IntegerField(
        _l("Maximum per application in €"), validators=[Optional(), NumberRange(min=1)]
    )
    applicant_types = SelectMultipleField(
        _l("Who may apply"),
        choices=list(APPLICANT_TYPES.items()),
        default=["resident", "initiative", "club"],
    )
    opens_on = DateField(_l("Applications from"), validators=[InputRequired()])
    closes_on = DateField(_l("Applications until"), validators=[InputRequired()])
    vote_opens_on = DateField(_l("Vote from"), validators=[Optional()])
    vote_closes_on = DateField(_l("Vote until"), validators=[Optional()])
    ballot_kind = SelectField(_l("Ballot"), choices=list(BALLOT_KINDS.items()))
    vote_access = SelectField(_l("Who votes"), choices=list(VOTE_ACCESS.items()))


class CriterionForm(FlaskForm):
    """A criterion; after the freeze a body decision must be named."""

    name = StringField(_l("Criterion"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Plain-language description"), validators=[Optional(), Length(max=2000)]
    )
    weight = IntegerField(
        _l("Weight"), default=1, validators=[InputRequired(), NumberRange(1, 100)]
    )
    scale_max = IntegerField(
        _l("Scale from 0 to"), default=5, validators=[InputRequired(), NumberRange(1, 10)]
    )
    decision_id = SelectField(
        _l("Decision of the body (needed once applications arrived)"), coerce=int
    )
