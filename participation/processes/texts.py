"""Translatable process and phase texts: German in the columns, other languages beside them.

The German text stays in the ordinary columns (``title``, ``summary``, …) because German is the
source language every process must have: staff pages, search, slugs, sorting and exports keep
reading the columns. Translations live in one JSON column per row::

    process.translations == {"en": {"title": "…", "summary": "…"}, "tr": {"title": "…"}}

Readers on resident pages use :meth:`Translatable.text` (or the ``*_text`` properties), which
fall back to German field by field; :meth:`Translatable.falls_back` tells a page to say that some
of the content is only available in German.
"""

from participation.core.i18n import current_language

#: The language the columns hold.
SOURCE_LANGUAGE = "de"


class Translatable:
    """Mixin for models with German columns plus a ``translations`` JSON column."""

    # Names of the columns that can be translated (set by each model); not annotated, so the
    # declarative mapper leaves it alone. Each model also defines a ``translations`` JSON column.
    TRANSLATABLE = ()

    def text(self, field: str, lang: str | None = None) -> str:
        """Return *field* in *lang* (default: the UI language), falling back to German."""
        lang = lang or current_language()
        german = getattr(self, field) or ""
        if lang == SOURCE_LANGUAGE:
            return german
        translated = ((self.translations or {}).get(lang) or {}).get(field) or ""
        return translated.strip() and translated or german

    def missing_fields(self, lang: str) -> list[str]:
        """Fields that have German text but no translation into *lang*."""
        if lang == SOURCE_LANGUAGE:
            return []
        texts = (self.translations or {}).get(lang) or {}
        return [
            f
            for f in self.TRANSLATABLE
            if (getattr(self, f) or "").strip() and not (texts.get(f) or "").strip()
        ]

    def falls_back(self, lang: str | None = None) -> bool:
        """True when a page in *lang* shows some German text in place of a translation."""
        return bool(self.missing_fields(lang or current_language()))


def set_translation(obj: Translatable, lang: str, values: dict[str, str]) -> bool:
    """Store *values* (field → text) as *lang* translations of *obj*; returns True if changed.

    The JSON dict is replaced, not mutated, so SQLAlchemy notices the change.
    """
    if lang == SOURCE_LANGUAGE:
        raise ValueError("German is stored in the columns")
    current = {k: dict(v) for k, v in (obj.translations or {}).items()}
    cleaned = {f: (values.get(f) or "").strip() for f in obj.TRANSLATABLE if f in values}
    merged = {**current.get(lang, {}), **cleaned}
    merged = {k: v for k, v in merged.items() if v}
    if merged == current.get(lang, {}):
        return False
    if merged:
        current[lang] = merged
    else:
        current.pop(lang, None)
    obj.translations = current
    return True


def field_labels() -> dict[str, str]:
    """Labels of the translatable process fields, in the UI language (for "missing" lists)."""
    from flask_babel import gettext as _

    return {
        "title": _("Title"),
        "summary": _("Summary"),
        "description": _("Description"),
        "scope_influence": _("What you can influence"),
        "scope_decided": _("What is already decided"),
        "decision_by": _("Who decides, and when"),
        "resources": _("Money and resources available"),
    }


def missing_translations(process, languages: list[str]) -> dict[str, list[str]]:
    """Per configured language (German excluded): labels of texts that are not translated yet.

    Phases appear as ``Phase “Ideen sammeln”`` so staff can find them.
    """
    from flask_babel import gettext as _

    labels = field_labels()
    result: dict[str, list[str]] = {}
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        items = [labels[f] for f in process.missing_fields(lang)]
        items += [
            _("Phase “%(title)s”", title=phase.title)
            for phase in process.phases
            if phase.missing_fields(lang)
        ]
        items += [
            _("Category “%(name)s”", name=category.labels.get("de", ""))
            for category in process.categories
            if not (category.labels or {}).get(lang)
        ]
        if items:
            result[lang] = items
    return result


def translate_process(
    process,
    lang: str,
    values: dict,
    phase_values: list[dict],
    user,
    category_labels: list[str] | None = None,
) -> bool:
    """Store the *lang* texts of a process, its phases and categories (in order); audit-logged.

    :param values: field → text for the process (empty text removes a translation).
    :param phase_values: one dict per phase, in the order of ``process.phases``.
    :param category_labels: one label per category, in the order of ``process.categories``
        (``None``: leave the labels alone; an empty label removes that translation).
    :returns: True when something changed.
    """
    from flask import current_app
    from flask_babel import gettext as _

    from participation.core.audit import log_action
    from participation.core.errors import ServiceError

    if lang == SOURCE_LANGUAGE or lang not in current_app.config["LANGUAGES"]:
        raise ServiceError(_("This language is not offered."))
    changed = set_translation(process, lang, values)
    for phase, texts in zip(process.phases, phase_values, strict=False):
        changed = set_translation(phase, lang, texts) or changed
    for category, label in zip(process.categories, category_labels or [], strict=False):
        labels = {k: v for k, v in (category.labels or {}).items() if k != lang}
        if label.strip():
            labels[lang] = label.strip()
        if labels != (category.labels or {}):
            category.labels = labels  # a new dict, so the JSON change is noticed
            changed = True
    if changed:
        log_action("process.translate", process, user=user, lang=lang)
    return changed
