"""Forms of the builder, settings, invitations, staff entry and moderation.

Texts are edited per configured language (``LANGUAGES``), so the form classes are made per
request: a further language needs a catalogue, no code change.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from participation.core.forms import RadioField, SelectField
from participation.core.i18n import language_name
from participation.surveys.models import CHANNELS, MODES, STAFF_CHANNELS
from participation.surveys.questions import QUESTION_TYPES
from participation.surveys.questions.area_lists import WITHIN

BERLIN = ZoneInfo("Europe/Berlin")


def languages() -> list[str]:
    """Configured languages, German first."""
    langs = list(current_app.config["LANGUAGES"])
    return ["de"] + [lang for lang in langs if lang != "de"]


def _add_texts(cls, name: str, label: str, area: bool = False, max_len: int = 2000) -> None:
    """Add one field per language: ``<name>_de``, ``<name>_en``, …"""
    for lang in languages():
        field_cls = TextAreaField if area else StringField
        setattr(
            cls,
            f"{name}_{lang}",
            field_cls(
                f"{label} ({language_name(lang)})", validators=[Optional(), Length(max=max_len)]
            ),
        )


def texts_of(form, name: str) -> dict[str, str]:
    """``{"de": …, "en": …}`` from the per-language fields of *form*."""
    return {lang: getattr(form, f"{name}_{lang}").data or "" for lang in languages()}


def fill_texts(form, name: str, texts: dict | None) -> None:
    """Put stored translations into the per-language fields."""
    for lang in languages():
        getattr(form, f"{name}_{lang}").data = (texts or {}).get(lang, "")


def survey_texts_form(**kwargs) -> FlaskForm:
    """Title and introduction (the intro/definition block before the questions)."""

    class SurveyTextsForm(FlaskForm):
        pass

    _add_texts(SurveyTextsForm, "title", _("Title"), max_len=200)
    _add_texts(SurveyTextsForm, "intro", _("Introduction and definitions"), area=True, max_len=8000)
    return SurveyTextsForm(**kwargs)


def section_form(**kwargs) -> FlaskForm:
    """Section title and description."""

    class SectionForm(FlaskForm):
        pass

    _add_texts(SectionForm, "title", _("Section title"), max_len=200)
    _add_texts(SectionForm, "description", _("Description"), area=True)
    return SectionForm(**kwargs)


def plausible_year(form, field) -> None:
    """Dates from 2000 to 2100 only: year 1 or 9999 cannot be converted between time zones."""
    if field.data is not None and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_("Please enter a date between the years 2000 and 2100."))


class SettingsForm(FlaskForm):
    """Dates, anonymity, access, demographic block, threshold, public results."""

    opens_at = DateTimeLocalField(
        _l("Opens (Berlin time)"), validators=[Optional(), plausible_year]
    )
    closes_at = DateTimeLocalField(
        _l("Closes (Berlin time)"), validators=[Optional(), plausible_year]
    )
    anonymous = RadioField(
        _l("Privacy"),
        choices=[
            ("1", _l("Anonymous: answers cannot be tied to a person")),
            ("0", _l("Identified: answers are linked to the invitation code")),
        ],
        default="1",
    )
    mode = RadioField(_l("Who can answer"), choices=list(MODES.items()), default="open")
    demographics = BooleanField(_l("Ask the optional questions about the person"))
    suppression_k = IntegerField(
        _l("Hide numbers below"), validators=[Optional(), NumberRange(min=3, max=50)]
    )
    results_public = BooleanField(_l("Publish the results page"))


def to_utc(value: datetime | None) -> datetime | None:
    """A Berlin wall-clock time from a form → aware UTC."""
    return value.replace(tzinfo=BERLIN).astimezone(UTC) if value else None


def to_berlin(value: datetime | None) -> datetime | None:
    """Stored UTC → naive Berlin wall-clock time for a form."""
    return value.astimezone(BERLIN).replace(tzinfo=None) if value else None


def question_form(type_key: str, **kwargs) -> FlaskForm:
    """The question editor; the template shows the settings of *type_key* only."""

    class OptionRow(Form):
        id = HiddenField()

    _add_texts(OptionRow, "label", _("Option"), max_len=300)

    class QuestionForm(FlaskForm):
        type = SelectField(
            _l("Question type"), choices=[(k, t.label) for k, t in QUESTION_TYPES.items()]
        )
        section_id = SelectField(_l("Section"), coerce=int, validators=[DataRequired()])
        required = BooleanField(_l("An answer is required"))
        condition = SelectField(_l("Show this question only if"), default="")
        options = FieldList(FormField(OptionRow), min_entries=0)
        allow_other = BooleanField(_l("Offer “other” with a text field"))
        max_choices = IntegerField(
            _l("At most this many choices (empty: no limit)"),
            validators=[Optional(), NumberRange(min=1, max=50)],
        )
        scale_min = SelectField(
            _l("Scale starts at"), choices=[("1", "1"), ("0", "0")], default="1"
        )
        scale_max = SelectField(
            _l("Scale ends at"), choices=[(str(n), str(n)) for n in range(3, 11)], default="5"
        )
        num_min = StringField(
            _l("Smallest allowed number"), validators=[Optional(), Length(max=20)]
        )
        num_max = StringField(_l("Largest allowed number"), validators=[Optional(), Length(max=20)])
        integer = BooleanField(_l("Whole numbers only"))
        min_date = DateField(_l("Earliest date"), validators=[Optional()])
        max_date = DateField(_l("Latest date"), validators=[Optional()])
        max_length = IntegerField(
            _l("Maximum number of characters"),
            validators=[Optional(), NumberRange(min=1, max=10000)],
        )
        level = SelectField(_l("Level of the areas in the list"), default="")
        within = SelectField(_l("Areas from"), choices=list(WITHIN.items()), default="district")
        home = BooleanField(_l("This is where the respondent lives (used for results by area)"))

    _add_texts(QuestionForm, "text", _("Question"), area=True, max_len=1000)
    _add_texts(QuestionForm, "help", _("Help text"), area=True, max_len=2000)
    _add_texts(QuestionForm, "label_min", _("Label of the lowest value"), max_len=80)
    _add_texts(QuestionForm, "label_max", _("Label of the highest value"), max_len=80)
    form = QuestionForm(**kwargs)
    if not form.type.data:
        form.type.data = type_key
    return form


class InvitationForm(FlaskForm):
    """Generate one-time codes for the representative sample."""

    count = IntegerField(
        _l("Number of codes"), validators=[DataRequired(), NumberRange(min=1, max=5000)]
    )
    label = StringField(
        _l("Note for the code sheet (optional, e.g. the street of the sample)"),
        validators=[Optional(), Length(max=200)],
    )
    area = SelectField(_l("Area of the invited households (optional)"), default="")


class EntryForm(FlaskForm):
    """The staff part of the entry form: channel, interviewer, code, respondent's area."""

    channel = SelectField(
        _l("How were the answers collected?"),
        choices=[(c, CHANNELS[c]) for c in STAFF_CHANNELS],
        default="paper",
    )
    interviewer = SelectField(_l("Interviewer"), coerce=int)
    code = StringField(
        _l("Invitation code (if there is one)"), validators=[Optional(), Length(max=20)]
    )
    area = SelectField(_l("Where does the respondent live? (optional)"), default="")


class PromoteForm(FlaskForm):
    """Title of the contribution made from a free-text answer."""

    title = StringField(
        _l("Title of the contribution"), validators=[DataRequired(), Length(max=120)]
    )
