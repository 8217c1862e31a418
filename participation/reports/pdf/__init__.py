"""The council report as a ReportLab PDF: cover, table of contents, sections, charts, metadata.

Fonts are embedded (DejaVu Sans from ``static/fonts``), pages numbered "Seite x von y", the
document language set in the catalogue (``/Lang``), title/author/subject in the metadata.
Render inside ``force_locale(data.language)``.
"""

import io
from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _

from participation.reports.pdf import story, story_results
from participation.reports.pdf.doc import NumberedCanvas, ReportDoc, styles

#: BCP 47 tags for the PDF catalogue.
LANG_TAGS = {"de": "de-DE", "en": "en-GB"}


def render_pdf(data, progress: Callable[[int, str], None] | None = None) -> bytes:
    """Return the PDF bytes of *data*; *progress(percent, step)* is told how far it got."""
    report = progress or (lambda _p, _s: None)
    st = styles()
    flow = story.cover(data, st)
    steps = [
        story.facts,
        story.participation,
        story.composition,
        story_results.outcomes,
        story_results.surveys,
        story_results.meetings,
        story_results.measures,
        story_results.budgets,
        story_results.feedback,
        story_results.method,
    ]
    for section in steps:
        flow += section(data, st)
    report(70, _("Laying out the pages"))
    buffer = io.BytesIO()
    author = current_app.config.get("REPORT_AUTHOR") or _("Participation office")
    doc = ReportDoc(
        buffer,
        title=data.title,
        author=author,
        subject=data.subtitle,
        creator="participation",
        keywords=_("participation, council report"),
        lang=LANG_TAGS.get(data.language, data.language),
        # Identical bytes for identical content would need a fixed date; the archive keeps each
        # generated file as it was, so the real creation date is the honest choice.
        invariant=False,
    )

    class Canvas(NumberedCanvas):
        footer_text = data.title

    doc.multiBuild(flow, canvasmaker=Canvas)
    report(95, _("Archiving"))
    return buffer.getvalue()
