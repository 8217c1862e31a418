"""Printable invitation codes for a representative residents' vote: one card per code with the
budget, the address of the vote page and the code (cut along the lines, hand out one each).

The codes exist only in this PDF (or the CSV) — the database keeps their hashes — so the file
is produced once, when the codes are made, and should be kept like ballot papers.
"""

import io

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from participation.stakeholders.pdf import fonts

COLS, ROWS = 2, 5  # ten cards per A4 page


def codes_pdf(budget, codes: list[str], vote_url: str) -> bytes:
    """A4 pages of code cards (2 × 5), each with title, period, vote address and the code."""
    regular, bold = fonts()
    out = io.BytesIO()
    pdf = Canvas(out, pagesize=A4, invariant=1)
    pdf.setTitle(_("Invitation codes: %(title)s", title=budget.title))
    width, height = A4
    margin = 12 * mm
    card_w = (width - 2 * margin) / COLS
    card_h = (height - 2 * margin) / ROWS
    for i, code in enumerate(codes):
        slot = i % (COLS * ROWS)
        if i and slot == 0:
            pdf.showPage()
        col, row = slot % COLS, slot // COLS
        x = margin + col * card_w
        y = height - margin - (row + 1) * card_h
        pdf.setDash(3, 3)
        pdf.rect(x, y, card_w, card_h)
        pdf.setDash()
        pdf.setFont(bold, 12)
        pdf.drawString(x + 6 * mm, y + card_h - 10 * mm, budget.title[:48])
        pdf.setFont(regular, 9)
        pdf.drawString(
            x + 6 * mm,
            y + card_h - 16 * mm,
            _("Your vote on the projects of %(p)s", p=budget.period),
        )
        pdf.drawString(x + 6 * mm, y + card_h - 22 * mm, vote_url)
        pdf.setFont(regular, 8)
        pdf.drawString(x + 6 * mm, y + 12 * mm, _("Your personal code (valid once):"))
        pdf.setFont(bold, 18)
        pdf.drawString(x + 6 * mm, y + 4 * mm, code)
    if not codes:
        pdf.setFont(regular, 11)
        pdf.drawString(margin, height - margin, _("No codes."))
    pdf.showPage()
    pdf.save()
    return out.getvalue()
