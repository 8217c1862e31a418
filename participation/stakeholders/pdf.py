"""ReportLab PDF of a stakeholder matrix: the grid (drawn in :mod:`.pdf_grid`), a legend,
coverage, and the table.

No contact data is printed: the PDF is meant to be passed on (steering group, council).
"""

import io
from html import escape
from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from participation.stakeholders import drawing as geo
from participation.stakeholders.models import ATTITUDES
from participation.stakeholders.pdf_grid import grid_drawing
from participation.stakeholders.strategy import STRATEGIES

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONTS: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold): DejaVu where installed (covers ı, ş, …), else Helvetica."""
    global _FONTS
    if _FONTS is None:
        try:
            pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_DIR / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
            _FONTS = ("DejaVu", "DejaVu-Bold")
        except Exception:  # noqa: BLE001 — any font problem falls back to the built-in font
            _FONTS = ("Helvetica", "Helvetica-Bold")
    return _FONTS


def _legend(coverage_lines, style, small) -> list:
    items = [Paragraph(_("Attitude: colour and shape"), style)]
    for value, label in ATTITUDES.items():
        shape = {"square": "■", "circle": "●", "diamond": "◆"}[geo.SHAPES[value]]
        color = geo.PALETTE[value][0]
        items.append(
            Paragraph(
                f'<font color="{color}">{shape}</font> {value:+d} {escape(str(label))}', small
            )
        )
    items.append(Paragraph(_("Thick black ring: success-critical."), small))
    items.append(Paragraph(_("High = 3 or 4 on the 0–4 scales."), small))
    if coverage_lines:
        items += [Spacer(1, 4 * mm), Paragraph(_("Coverage"), style)]
        for line in coverage_lines:
            mark = "⚠ " if line.missing else "✓ "
            items.append(
                Paragraph(escape(f"{mark}{line.label}: {line.count} / {line.required}"), small)
            )
    return items


def matrix_pdf(ctx: dict, coverage_lines) -> bytes:
    """Render the matrix context (see ``views.analysis.matrix_context``) as a landscape PDF."""
    regular, bold = fonts()
    title = ParagraphStyle("t", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    style = ParagraphStyle("b", fontName=bold, fontSize=10, leading=13, spaceBefore=4)
    small = ParagraphStyle("s", fontName=regular, fontSize=9, leading=12)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_("Stakeholder matrix"),
    )
    process = ctx["process"]
    when = format_date(ctx["as_of"], "long")
    subtitle = _("As of %(date)s", date=when)
    if ctx["earlier"]:
        subtitle += " · " + _("compared with %(date)s", date=format_date(ctx["earlier"], "long"))
    story = [
        Paragraph(escape(_("Stakeholder matrix: %(title)s", title=process.title)), title),
        Paragraph(f"{subtitle} · {len(ctx['markers'])} " + _("actors"), small),
        Spacer(1, 3 * mm),
    ]
    grid = grid_drawing(ctx, 0.72, (regular, bold))
    layout = Table(
        [[grid, _legend(coverage_lines, style, small)]], colWidths=[grid.width + 8 * mm, None]
    )
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [layout, PageBreak()]
    header = [
        _("No."),
        _("Name"),
        _("Type"),
        _("Influence"),
        _("Interest"),
        _("Attitude"),
        _("Success-critical"),
        _("Strategy"),
        _("Assessed on"),
    ]
    rows = [[Paragraph(escape(h), style) for h in header]]
    for m in sorted(ctx["markers"], key=lambda m: m.number):
        a = m.assessment
        rows.append(
            [
                str(m.number),
                Paragraph(escape(a.actor.display_name), small),
                Paragraph(escape(a.actor.type.label), small),
                f"{a.influence}" + ("" if a.influence_direct else " (" + _("indirect") + ")"),
                str(a.interest),
                Paragraph(f"{a.attitude:+d} {a.attitude_label}", small),
                _("yes") if a.success_critical else "",
                str(STRATEGIES[a.strategy]),
                format_date(a.assessed_on, "short"),
            ]
        )
    table = Table(
        rows,
        repeatRows=1,
        colWidths=[12 * mm, 70 * mm, 45 * mm, 22 * mm, 18 * mm, 38 * mm, 22 * mm, 25 * mm, 22 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#c9cfd6")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f7")),
            ]
        )
    )
    story.append(table if len(rows) > 1 else Paragraph(_("No actors in this selection."), small))
    doc.build(story)
    return buffer.getvalue()
