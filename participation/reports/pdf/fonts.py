"""Fonts embedded in council report PDFs, and text preparation for right-to-left scripts.

DejaVu Sans ships in ``static/fonts/`` (licence beside it) so every installation embeds the same
font, covering German, Turkish (ı ş ğ İ) and Arabic letters. ReportLab draws glyphs left to right
without joining them, so Arabic runs are shaped (arabic-reshaper) and put into visual order
(python-bidi) before they reach a paragraph.
"""

import re
from html import escape
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[3] / "static" / "fonts"
REGULAR = "ReportSans"
BOLD = "ReportSans-Bold"
_REGISTERED = False
#: Arabic, Syriac, Thaana, Arabic supplements and presentation forms; Hebrew too (also RTL).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

try:  # optional at import time so a missing wheel gives a clear note, not an import error
    import arabic_reshaper
    from bidi.algorithm import get_display
except ImportError:  # pragma: no cover — both are declared dependencies
    arabic_reshaper = None
    get_display = None


def register() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) once; return their ReportLab names."""
    global _REGISTERED
    if not _REGISTERED:
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        # <b> in paragraphs picks the bold face; there is no italic in the shipped set.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _REGISTERED = True
    return REGULAR, BOLD


def visual(text: str) -> str:
    """*text* ready for drawing: Arabic shaped and in visual order, anything else unchanged."""
    if not text or not _RTL.search(text) or arabic_reshaper is None:
        return text
    return get_display(arabic_reshaper.reshape(text))


def para(text) -> str:
    """Plain user text as paragraph markup: escaped, RTL runs prepared."""
    return escape(visual(str(text if text is not None else "")))
