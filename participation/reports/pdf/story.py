"""The flowables of a council report, section by section, from :class:`ReportData`."""

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from participation.reports.pdf.charts import bar_chart
from participation.reports.pdf.doc import MARGIN, table_of_contents
from participation.reports.pdf.fonts import para, register

WIDTH = 210 * mm - 2 * MARGIN
GRID = colors.HexColor("#bbbbbb")
HEAD = colors.HexColor("#e8edf4")


def _num(value) -> str:
    return "–" if value is None else format_decimal(value)


def _table(st, header: list[str], rows: list[list], widths=None) -> Table:
    """A simple ruled table; every cell is a paragraph so long text wraps."""
    _regular, bold = register()
    body = [[Paragraph(f"<b>{para(h)}</b>", st["cell"]) for h in header]]
    for row in rows:
        body.append([c if hasattr(c, "wrap") else Paragraph(para(c), st["cell"]) for c in row])
    table = Table(body, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _empty(st, text: str) -> Paragraph:
    return Paragraph(f"<i>{para(text)}</i>", st["body"])


def cover(data, st) -> list:
    """Title page: title, subject, period, date of generation, table of contents."""
    story = [Spacer(1, 30 * mm), Paragraph(para(data.title), st["cover"]), Spacer(1, 6 * mm)]
    story.append(Paragraph(para(data.subtitle), st["cover_sub"]))
    if data.period_text:
        story.append(Paragraph(para(_("Period: %(period)s", period=data.period_text)), st["body"]))
    story.append(
        Paragraph(
            para(_("Generated on %(date)s", date=format_datetime(data.generated_at, "long"))),
            st["body"],
        )
    )
    story += [Spacer(1, 12 * mm), Paragraph(para(_("Contents")), st["cover_sub"])]
    story += [table_of_contents(st), PageBreak()]
    return story


def facts(data, st) -> list:
    """Process facts (level, scope statement, dates, contact) or the area reported on."""
    story = []
    if data.process:
        p = data.process
        story.append(Paragraph(para(_("The process at a glance")), st["h1"]))
        if p["summary"]:
            story.append(Paragraph(para(p["summary"]), st["body"]))
        rows = [
            [_("Participation level"), p["level"]],
            [_("Status"), p["status"]],
            [_("Areas"), ", ".join(p["areas"]) or "–"],
            [_("What can be influenced"), p["scope_influence"] or "–"],
            [_("What is already decided"), p["scope_decided"] or "–"],
            [_("Who decides"), p["decision_by"] or "–"],
            [_("Money and resources"), p["resources"] or "–"],
            [_("Contact"), p["contact"] or "–"],
        ]
        story.append(_table(st, [_("Fact"), _("Value")], rows, [45 * mm, WIDTH - 45 * mm]))
        if p["phases"]:
            story.append(Paragraph(para(_("Phases")), st["h2"]))
            rows = [
                [
                    ph["title"],
                    format_date(ph["start"], "medium"),
                    format_date(ph["end"], "medium") if ph["end"] else "–",
                ]
                for ph in p["phases"]
            ]
            story.append(_table(st, [_("Phase"), _("From"), _("Until")], rows))
    else:
        a = data.area
        story.append(Paragraph(para(_("The area at a glance")), st["h1"]))
        rows = [[_("Area"), f"{a['name']} ({a['code']})"], [_("Population"), _num(a["population"])]]
        story.append(_table(st, [_("Fact"), _("Value")], rows, [45 * mm, WIDTH - 45 * mm]))
    return story


def participation(data, st) -> list:
    """Participation by channel (with a chart), by area beside the population, by phase."""
    story = [Paragraph(para(_("Who took part")), st["h1"])]
    story.append(
        Paragraph(
            para(_("Contributions in total: %(n)s", n=str(data.total))),
            st["body"],
        )
    )
    story.append(Paragraph(para(_("Participation by channel")), st["h2"]))
    if data.by_channel:
        chart = bar_chart([(r.label, r.cell) for r in data.by_channel], WIDTH)
        if chart:
            story.append(chart)
        rows = [[r.label, str(r.cell)] for r in data.by_channel]
        story.append(_table(st, [_("Channel"), _("Contributions")], rows))
    else:
        story.append(_empty(st, _("No contributions in this period.")))
    story.append(Paragraph(para(_("Participation by area")), st["h2"]))
    if data.by_area:
        rows = [
            [
                r.label,
                str(r.cell),
                _num(r.extra["population"]),
                _num(r.extra["per_1000"]),
            ]
            for r in data.by_area
        ]
        story.append(
            _table(
                st,
                [_("Area"), _("Contributions"), _("Population"), _("Per 1,000 residents")],
                rows,
            )
        )
    else:
        story.append(_empty(st, _("No areas assigned.")))
    if data.by_phase:
        story.append(Paragraph(para(_("Participation by phase")), st["h2"]))
        rows = [[r.label, str(r.cell)] for r in data.by_phase]
        story.append(_table(st, [_("Phase"), _("Contributions")], rows))
    return story


def composition(data, st) -> list:
    """Respondents' composition from the surveys (suppressed), and the representation check."""
    story = [Paragraph(para(_("Respondents' composition")), st["h1"])]
    tables = [(s["title"], t) for s in data.surveys for t in s["composition"]]
    if not tables:
        story.append(_empty(st, _("No survey with questions about the respondents.")))
    for survey_title, t in tables:
        rows = [[label, str(cell)] for label, cell, _pct in t["rows"]]
        block = [Paragraph(para(f"{survey_title}: {t['title']}"), st["h3"])]
        block.append(_table(st, [_("Group"), _("Respondents")], rows))
        story.append(KeepTogether(block))
    if data.representation:
        story.append(Paragraph(para(_("Respondents beside the residents")), st["h2"]))
        rows = []
        for r in data.representation:
            resident = "–"
            if r["population_share"] is not None:
                resident = f"{format_decimal(round(r['population_share'], 1))} %"
                resident += f" ({r['population_area']}, {r['population_period']})"
            rows.append(
                [
                    r["label"],
                    f"{r['respondents']} / {r['answered']}",
                    "–" if r["share"] is None else f"{format_decimal(round(r['share'], 1))} %",
                    resident,
                ]
            )
        header = [_("Group"), _("Respondents"), _("Share"), _("Share among residents")]
        story.append(
            _table(st, header, rows, [WIDTH * 0.3, WIDTH * 0.18, WIDTH * 0.14, WIDTH * 0.38])
        )
        for r in data.representation:
            if r["under_represented"]:
                story.append(
                    Paragraph(
                        "<b>"
                        + para(_("Clearly under-represented: %(group)s.", group=r["label"]))
                        + "</b>",
                        st["body"],
                    )
                )
            story.append(Paragraph(para(r["note"]), st["small"]))
    return story
