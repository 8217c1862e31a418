"""Translated display units and polarity labels of indicators."""

import functools

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


@functools.lru_cache(maxsize=64)
def _symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale), get_group_symbol(locale)


def digits_for(kind: str) -> int:
    """Decimals shown for a kind of value: none for counts, two for ratios, else one."""
    return 0 if kind == "count" else 2 if kind == "ratio" else 1


def value_formatter(indicator=None, locale: str | None = None):
    """A fast ``value → "7,5 %"`` function for the current locale and the indicator's unit.

    Babel's ``format_decimal`` costs ~0.2 ms a call; a map table has 447 values. This does the
    same for plain decimals with the locale's symbols looked up once.
    """
    from flask_babel import get_locale

    decimal, group = _symbols(locale or str(get_locale() or "de"))
    digits = digits_for(getattr(indicator, "kind", "share"))
    unit = unit_label(getattr(indicator, "unit", ""))
    suffix = f"\u00a0{unit}" if unit else ""

    def format_value(value: float) -> str:
        text = f"{value:,.{digits}f}".replace(",", "\x00").replace(".", decimal)
        return text.replace("\x00", group) + suffix

    return format_value
