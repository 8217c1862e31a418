"""Which survey texts are missing in which language (builder warning, public notice).

Survey texts are ``{"de": …, "en": …}`` dicts. A text that exists in German but not in another
offered language makes the page in that language show German: the builder lists every such text
per language (so staff can fix it before publishing), and the questionnaire and results pages
tell residents that part of the content is only available in German.
"""

from flask import current_app
from flask_babel import gettext as _

from participation.core.i18n import language_name
from participation.surveys.models import Survey

SOURCE = "de"


def _has(texts, lang: str) -> bool:
    return bool(((texts or {}).get(lang) or "").strip())


def _texts(survey: Survey, numbers: dict[int, int]):
    """``(description, texts)`` for every text of the survey, in reading order."""
    yield _("Title"), survey.title
    yield _("Introduction"), survey.intro
    for s_pos, section in enumerate(survey.sections, 1):
        yield _("Section %(n)s: title", n=s_pos), section.title
        yield _("Section %(n)s: description", n=s_pos), section.description
    for question in survey.ordered_questions():
        n = numbers.get(question.id, "?")
        yield _("Question %(n)s", n=n), question.text
        yield _("Question %(n)s: help text", n=n), question.help
        for key in ("label_min", "label_max"):
            if isinstance(question.settings.get(key), dict):
                yield _("Question %(n)s: end label of the scale", n=n), question.settings[key]
        for option in question.options:
            label = (option.label or {}).get(SOURCE) or ""
            yield _("Question %(n)s: option “%(label)s”", n=n, label=label), option.label


def missing_texts(survey: Survey, languages: list[str] | None = None) -> dict[str, list[str]]:
    """``{language name: [what is missing]}`` for the offered languages other than German."""
    languages = languages or [lang for lang in current_app.config["LANGUAGES"] if lang != SOURCE]
    numbers = {q.id: pos for pos, q in enumerate(survey.ordered_questions(), 1)}
    texts = list(_texts(survey, numbers))
    missing: dict[str, list[str]] = {}
    for lang in languages:
        gaps = [what for what, t in texts if _has(t, SOURCE) and not _has(t, lang)]
        if gaps:
            missing[language_name(lang)] = gaps
    return missing


def falls_back(survey: Survey, lang: str) -> bool:
    """True when the survey page in *lang* shows some German text."""
    if lang == SOURCE:
        return False
    numbers: dict[int, int] = {}
    return any(_has(t, SOURCE) and not _has(t, lang) for _w, t in _texts(survey, numbers))
