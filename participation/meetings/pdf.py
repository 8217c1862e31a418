"""Agenda as a printable PDF (ReportLab): meeting facts, access information, typed items."""

import io
from html import escape

from flask_babel import format_datetime
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from participation.meetings.models import Meeting
from participation.stakeholders.pdf import fonts


def agenda_pdf(meeting: Meeting, members: bool = False) -> bytes:
    """The agenda of *meeting* as PDF bytes.

    Non-public items show only their position and "Nichtöffentlicher Tagesordnungspunkt" unless
    *members* (the staff download); a marker opens each non-public part either way.
    """
    regular, bold = fonts()
    title = ParagraphStyle("t", fontName=bold, fontSize=16, leading=20, spaceAfter=4)
    normal = ParagraphStyle("n", fontName=regular, fontSize=10, leading=13)
    small = ParagraphStyle("s", fontName=regular, fontSize=8.5, leading=11, textColor=colors.grey)
    head = ParagraphStyle("h", fontName=bold, fontSize=10, leading=13)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{_('Agenda')}: {meeting.title}",
    )
    story = [
        Paragraph(escape(meeting.body.name), small),
        Paragraph(escape(meeting.title), title),
    ]
    if meeting.starts_at:
        start = format_datetime(meeting.starts_at, "full")
        when = f"{start} – {format_datetime(meeting.ends_at, 'short')}"
        story.append(Paragraph(escape(when), normal))
    place = ", ".join(p for p in (meeting.venue_name, meeting.venue_address) if p)
    if place:
        story.append(Paragraph(escape(place), normal))
    access = [
        label
        for flag, label in (
            (meeting.step_free, _("Step-free access")),
            (meeting.hearing_loop, _("Hearing loop")),
            (meeting.childcare, _("Childcare")),
        )
        if flag
    ]
    if meeting.languages:
        access.append(_("Languages: %(langs)s", langs=meeting.languages))
    if access:
        story.append(Paragraph(escape(" · ".join(access)), small))
    story.append(Spacer(1, 6 * mm))
    rows = [
        [
            Paragraph("#", head),
            Paragraph(escape(_("Item")), head),
            Paragraph(escape(_("Kind")), head),
            Paragraph(escape(_("Minutes")), head),
        ]
    ]
    previous_public = True
    for n, item in enumerate(meeting.agenda_items, 1):
        marker = ""
        if not item.public and previous_public:
            marker = f"<i>{escape(_('Non-public part'))}</i><br/>"
        previous_public = item.public
        if not (item.public or members):
            text = f"{marker}<b>{escape(_('Non-public agenda item'))}</b>"
            rows.append([Paragraph(str(n), normal), Paragraph(text, normal), "", ""])
            continue
        text = f"{marker}<b>{escape(item.title)}</b>"
        if item.presenter:
            text += f"<br/>{escape(_('Presented by %(name)s', name=item.presenter))}"
        if item.description:
            text += f"<br/>{escape(item.description)}"
        rows.append(
            [
                Paragraph(str(n), normal),
                Paragraph(text, normal),
                Paragraph(escape(item.kind_label), normal),
                Paragraph(str(item.duration_minutes or ""), normal),
            ]
        )
    if len(rows) == 1:
        story.append(Paragraph(escape(_("The agenda follows.")), normal))
    else:
        table = Table(rows, colWidths=[10 * mm, 105 * mm, 40 * mm, 19 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
