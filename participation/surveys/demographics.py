"""The optional demographic block: age band, gender (self-described), household, language.

Every field is optional and offers no answer as the default. Codes are stable (exports).
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

AGE_BANDS = {
    "u18": _l("under 18"),
    "18_29": _l("18 to 29"),
    "30_44": _l("30 to 44"),
    "45_64": _l("45 to 64"),
    "65_79": _l("65 to 79"),
    "80p": _l("80 or older"),
}
GENDERS = {
    "female": _l("female"),
    "male": _l("male"),
    "nonbinary": _l("non-binary"),
    "self": _l("I describe myself as:"),
}
HOUSEHOLDS = {
    "alone": _l("I live alone"),
    "couple": _l("with my partner, no children"),
    "family": _l("with partner and children"),
    "single_parent": _l("alone with my children"),
    "shared": _l("shared flat or several generations"),
    "other": _l("other"),
}
HOME_LANGUAGES = {
    "de": _l("German"),
    "tr": _l("Turkish"),
    "ar": _l("Arabic"),
    "pl": _l("Polish"),
    "ru": _l("Russian"),
    "several": _l("several languages"),
    "other": _l("another language"),
}
#: Column → (question, choices); the column names are those of ``survey_responses``.
FIELDS = {
    "age_band": (_l("How old are you?"), AGE_BANDS),
    "gender": (_l("What is your gender?"), GENDERS),
    "household": (_l("Who do you live with?"), HOUSEHOLDS),
    "home_language": (_l("Which language do you mostly speak at home?"), HOME_LANGUAGES),
}
#: Export column codes.
COLUMNS = {
    "age_band": "D_AGE",
    "gender": "D_GENDER",
    "household": "D_HOUSEHOLD",
    "home_language": "D_LANGUAGE",
}
GENDER_TEXT_MAX = 100


def parse_demographics(form) -> tuple[dict, dict, dict]:
    """Read the block from *form*: ``(values, raw, errors)``; empty answers are None."""
    values, raw, errors = {}, {}, {}
    for column, (_question, choices) in FIELDS.items():
        value = (form.get(f"d_{column}") or "").strip()
        raw[f"d_{column}"] = value
        if value and value not in choices:
            errors[column] = _("Please choose one of the options.")
            value = ""
        values[column] = value or None
    text = (form.get("d_gender_text") or "").strip()
    raw["d_gender_text"] = text
    if text and values["gender"] in (None, "self"):
        values["gender"] = "self"
        if len(text) > GENDER_TEXT_MAX:
            errors["gender"] = _("Please use at most %(n)s characters.", n=GENDER_TEXT_MAX)
        values["gender_text"] = text[:GENDER_TEXT_MAX]
    else:
        values["gender_text"] = None
    return values, raw, errors


def label(column: str, code: str | None) -> str:
    """Translated label of a demographic code (``""`` for no answer)."""
    if not code:
        return ""
    return str(FIELDS[column][1].get(code, code))
