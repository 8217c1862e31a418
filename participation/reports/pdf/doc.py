"""Document template of the council report: A4, table of contents, outline, "Seite x von y".

``multiBuild`` runs the story until the table of contents is stable; the numbered canvas keeps
every page until the end of a pass, so it knows the page count when it prints the footer.
"""

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from participation.reports.pdf.fonts import register

MARGIN = 20 * mm


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles, all in the embedded font."""
    regular, bold = register()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "cover": ParagraphStyle("cover", parent=base, fontName=bold, fontSize=22, leading=28),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=13, leading=18),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=bold, fontSize=15, leading=20, spaceBefore=6, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        ),
        # Sub-headings that stay out of the table of contents (one per table, per meeting).
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=bold, fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=3
        ),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10.5, leading=15, leftIndent=0),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=9, leading=12, leftIndent=12),
    }


def table_of_contents(st: dict[str, ParagraphStyle]) -> TableOfContents:
    """A ReportLab table of contents in the report's styles."""
    toc = TableOfContents()
    toc.levelStyles = [st["toc1"], st["toc2"]]
    toc.dotsMinLevel = 0
    return toc


class NumberedCanvas(Canvas):
    """Canvas that prints "Seite x von y" on every page but the cover."""

    footer_text = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # noqa: N802 — ReportLab's API
        """Keep the page until the total is known."""
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        """Draw every footer with the page count, then write the file."""
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        regular, _bold = register()
        self.saveState()
        self.setFont(regular, 8)
        self.setFillColor(colors.HexColor("#444444"))
        width, _height = A4
        self.drawString(MARGIN, 12 * mm, self.footer_text[:110])
        self.drawRightString(
            width - MARGIN,
            12 * mm,
            _("Page %(page)d of %(pages)d", page=self._pageNumber, pages=total),
        )
        self.restoreState()


class ReportDoc(BaseDocTemplate):
    """A4 portrait; headings h1/h2 go into the table of contents and the PDF outline."""

    def __init__(self, buffer, **kwargs):
        regular, _bold = register()
        # Every font in the file is the embedded one (no unembedded Helvetica on any page).
        super().__init__(buffer, pagesize=A4, initialFontName=regular, **kwargs)
        frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._heading_no = 0

    def afterFlowable(self, flowable):  # noqa: N802 — ReportLab's API
        """Register headings with the table of contents and as PDF bookmarks."""
        style = getattr(flowable, "style", None)
        name = getattr(style, "name", "")
        if name not in ("h1", "h2"):
            return
        level = 0 if name == "h1" else 1
        text = flowable.getPlainText()
        key = f"h{self.seq.nextf('heading')}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))
