"""Texts of the report fixture that tests look for in the PDF (non-ASCII on purpose)."""

TURKISH = "Çocuklar için güvenli geçiş ışığı"
ARABIC_WORD = "الحديقة"
ARABIC = f"مقاعد في {ARABIC_WORD}"
MINORITY = "Die Minderheit wünscht sich zusätzlich eine Wasserstelle."
