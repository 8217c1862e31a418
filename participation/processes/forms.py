"""Forms for managing processes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from participation.core.forms import RadioField, SelectField, SelectMultipleField
from participation.processes.models import LEVELS, TOOLS


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multi-select (easier on phones and with a keyboard)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProcessForm(FlaskForm):
    """Create or edit a process; the scope statement is checked on publishing."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("Summary (one or two sentences)"), validators=[DataRequired(), Length(max=600)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    areas = SelectMultipleField(_l("Areas"), coerce=int, validators=[DataRequired()])
    level = RadioField(
        _l("Participation level"), choices=list(LEVELS.items()), default="consultation"
    )
    scope_influence = TextAreaField(
        _l("What you can influence"), validators=[Optional(), Length(max=4000)]
    )
    scope_decided = TextAreaField(
        _l("What is already decided"), validators=[Optional(), Length(max=4000)]
    )
    decision_by = TextAreaField(
        _l("Who decides, and when"), validators=[Optional(), Length(max=2000)]
    )
    resources = TextAreaField(
        _l("Money and resources available"), validators=[Optional(), Length(max=2000)]
    )
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    contact_role = StringField(_l("Role or office"), validators=[Optional(), Length(max=160)])
    contact_email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    tools = MultiCheckboxField(_l("Tools"), choices=list(TOOLS.items()))
    moderation = SelectField(
        _l("Moderation of contributions"),
        choices=[
            ("post", _l("Visible at once, checked afterwards")),
            ("pre", _l("Visible after approval")),
        ],
    )


class PhaseRow(Form):
    """One phase in the phase editor (an empty row is ignored)."""

    title = StringField(_l("Phase"), validators=[Optional(), Length(max=160)])
    start_date = DateField(_l("From"), validators=[Optional()])
    end_date = DateField(_l("Until"), validators=[Optional()])
    description = StringField(_l("Short description"), validators=[Optional(), Length(max=500)])


class PhasesForm(FlaskForm):
    """All phases of a process."""

    phases = FieldList(FormField(PhaseRow), min_entries=1)


class CategoryRow(Form):
    """One contribution category."""

    #: Which category the row edits (empty for a new row): renaming keeps contributions filed.
    category_id = HiddenField()
    label_de = StringField(_l("Label (German)"), validators=[Optional(), Length(max=60)])
    label_en = StringField(_l("Label (English)"), validators=[Optional(), Length(max=60)])
    color = StringField(
        _l("Colour"), default="#2166ac", validators=[Optional(), Regexp(r"^#[0-9a-fA-F]{6}$")]
    )


class CategoriesForm(FlaskForm):
    """All categories of a process."""

    categories = FieldList(FormField(CategoryRow), min_entries=1)


#: Longest translation per field: the same limits as the German fields.
TRANSLATION_LIMITS = {
    "title": 200,
    "summary": 600,
    "description": 20000,
    "scope_influence": 4000,
    "scope_decided": 4000,
    "decision_by": 2000,
    "resources": 2000,
}


def translation_form(process, **kwargs) -> FlaskForm:
    """Fields for one language: each process text, then title and description of each phase.

    Made per request because the phases differ per process; fields are named ``title``,
    ``summary``, …, ``phase<N>_title`` / ``phase<N>_description`` and ``category<N>_label``.
    """
    from participation.processes.texts import field_labels

    class TranslationForm(FlaskForm):
        pass

    for name, label in field_labels().items():
        cls = StringField if name == "title" else TextAreaField
        limit = TRANSLATION_LIMITS[name]
        setattr(TranslationForm, name, cls(label, validators=[Optional(), Length(max=limit)]))
    for n, _phase in enumerate(process.phases):
        setattr(
            TranslationForm,
            f"phase{n}_title",
            StringField(_l("Phase"), validators=[Optional(), Length(max=160)]),
        )
        setattr(
            TranslationForm,
            f"phase{n}_description",
            StringField(_l("Short description"), validators=[Optional(), Length(max=500)]),
        )
    for n, category in enumerate(process.categories):
        label = _l("Category “%(name)s”", name=(category.labels or {}).get("de", ""))
        setattr(
            TranslationForm,
            f"category{n}_label",
            StringField(label, validators=[Optional(), Length(max=60)]),
        )
    return TranslationForm(**kwargs)
