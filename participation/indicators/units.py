"""Translated display units and polarity labels of indicators."""

from flask_babel import lazy_gettext as _l

UNITS = {
    "%": "%",
    "residents": _l("residents"),
    "rooms": _l("rooms"),
    "m²": "m²",
    "per 100": _l("per 100 residents"),
    "pp": _l("percentage points"),
}
POLARITY_LABELS = {
    "higher_better": _l("a higher value is better"),
    "higher_worse": _l("a lower value is better"),
    "neutral": _l("neither higher nor lower is better in itself"),
}


def unit_label(unit: str) -> str:
    """The unit as shown to users (the stored text when it is not a known one)."""
    return str(UNITS.get(unit, unit or ""))
