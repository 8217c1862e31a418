"""Forms: resident submission (with spam defence), proxy entry batch, moderation, report."""

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)
from wtforms.i18n import get_translations
from wtforms.validators import Email, InputRequired, Length, Optional

from participation.contributions.models import BODY_MAX, CHANNELS, PROXY_CHANNELS, TITLE_MAX
from participation.contributions.services import REASON_MAX
from participation.core.forms import RadioField, SelectField
from participation.core.i18n import current_language
from participation.core.textlimits import TextLimit, limit_kw

_TRANSLATIONS: dict = {}


class CachedTranslationsMeta:
    """WTForms' own messages, parsed once per language (Flask-WTF re-reads them per request)."""

    def get_translations(self, form):
        """Built-in validator messages in the current UI language."""
        lang = current_language()
        if lang not in _TRANSLATIONS:
            _TRANSLATIONS[lang] = get_translations([lang, "en"])
        return _TRANSLATIONS[lang]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="contribution-form-start")


def sign_started(moment: float | None = None) -> str:
    """Signed form start time (the minimum fill time is checked against it)."""
    return _serializer().dumps(int(moment if moment is not None else time.time()))


def seconds_since(token: str | None) -> float | None:
    """Seconds since the signed start time, or None when the token is missing or forged."""
    try:
        started = _serializer().loads(token or "")
    except BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return time.time() - started


def _title_field() -> StringField:
    """A contribution's title, as the resident writes it first and as the author corrects it."""
    return StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Please give your contribution a short title.")),
            TextLimit(TITLE_MAX, minimum=3),
        ],
        render_kw=limit_kw(TITLE_MAX, autocomplete="off"),
    )


class ContributionForm(FlaskForm):
    """A resident's pin or idea; choices are filled per process by the view."""

    class Meta(CachedTranslationsMeta):
        """Hot path: no per-request parsing of translation files."""

    category = RadioField(
        _l("What kind of contribution is it?"),
        coerce=int,
        validators=[InputRequired(_l("Please choose one."))],
    )
    title = _title_field()
    body = TextAreaField(
        _l("Your text"),
        validators=[Optional(), TextLimit(BODY_MAX)],
        render_kw=limit_kw(BODY_MAX, rows=5),
    )
    lon = HiddenField()
    lat = HiddenField()
    #: Options are grouped by level (rendered by the template); the service checks the choice.
    area = SelectField(_l("Area"), validators=[Optional()], validate_choice=False)
    photo = FileField(_l("Photo"), render_kw={"accept": "image/jpeg,image/png,image/webp"})
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Email(_l("Please enter a valid e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    consent = BooleanField(
        _l("Yes, you may e-mail me when something happens with my contribution.")
    )
    #: Honeypot: hidden from people (and from screen readers); bots fill it in.
    leave_empty = StringField(
        _l("Please leave this field empty"),
        render_kw={"tabindex": "-1", "autocomplete": "off"},
    )
    started = HiddenField()
    idempotency_key = HiddenField()


class ProxyRow(Form):
    """One paper card, flipchart note or door-step answer in the proxy entry batch."""

    category = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=TITLE_MAX)])
    body = TextAreaField(
        _l("Text"), validators=[Optional(), Length(max=BODY_MAX)], render_kw={"rows": 2}
    )
    area = SelectField(_l("Area"), validators=[Optional()], validate_choice=False)
    point = StringField(
        _l("Place (latitude, longitude)"),
        validators=[Optional(), Length(max=60)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    email = EmailField(
        _l("E-mail"), validators=[Optional(), Email(_l("Please enter a valid e-mail address."))]
    )
    consent = BooleanField(_l("Consent to e-mails given in writing"))


class ProxyBatchForm(FlaskForm):
    """Several contributions typed in at once, with the channel they came through."""

    channel = SelectField(
        _l("Where does this input come from?"),
        choices=[(key, CHANNELS[key]) for key in PROXY_CHANNELS],
    )
    batch_key = HiddenField()
    rows = FieldList(FormField(ProxyRow), min_entries=5)


class HideForm(FlaskForm):
    """A moderator hides a contribution; the reason is shown to its author."""

    reason = TextAreaField(
        _l("Reason (the author will see it)"),
        validators=[InputRequired(_l("Please give a reason.")), Length(min=3, max=REASON_MAX)],
        render_kw={"rows": 2, "required": True},
    )


class ReportForm(FlaskForm):
    """A resident reports a contribution."""

    reason = TextAreaField(
        _l("What is wrong with it? (optional)"),
        validators=[Optional(), TextLimit(REASON_MAX)],
        render_kw=limit_kw(REASON_MAX, rows=3),
    )


class AuthorEmailForm(FlaskForm):
    """The author adds an e-mail address on the tracking page (consent required)."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Please enter a valid e-mail address.")),
            Email(_l("Please enter a valid e-mail address.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    consent = BooleanField(
        _l("Yes, you may e-mail me when something happens with my contribution.")
    )


class AuthorEditForm(FlaskForm):
    """The author corrects title and text before moderation."""

    class Meta(CachedTranslationsMeta):
        """Built-in messages in the UI language."""

    title = _title_field()
    body = TextAreaField(
        _l("Your text"),
        validators=[Optional(), TextLimit(BODY_MAX)],
        render_kw=limit_kw(BODY_MAX, rows=6),
    )
