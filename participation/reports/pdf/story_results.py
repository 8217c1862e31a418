"""Report sections on what was said and what became of it: outcomes, surveys, meetings,
measures, budgets, the feedback loop, and the method note."""

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph

from participation.reports.pdf.charts import bar_chart
from participation.reports.pdf.fonts import para
from participation.reports.pdf.story import WIDTH, _empty, _num, _table


def _euro(value) -> str:
    return "–" if value is None else f"{format_decimal(value)} €"


def outcomes(data, st) -> list:
    """Contributions by category and outcome, and the most supported ones."""
    story = [Paragraph(para(_("What was said")), st["h1"])]
    story.append(Paragraph(para(_("Contributions by category and outcome")), st["h2"]))
    grid = data.outcomes
    if grid and grid.cells and grid.col_labels:
        header = [_("Outcome")] + grid.col_labels + [_("Total")]
        rows = [
            [label] + [str(c) for c in cells] + [str(total)]
            for label, cells, total in zip(
                grid.row_labels, grid.cells, grid.row_totals, strict=True
            )
        ]
        rows.append([_("Total")] + [str(c) for c in grid.col_totals] + [str(grid.total)])
        first = 38 * mm
        rest = (WIDTH - first) / (len(header) - 1)
        story.append(_table(st, header, rows, [first] + [rest] * (len(header) - 1)))
    else:
        story.append(_empty(st, _("No contributions in this period.")))
    story.append(Paragraph(para(_("Most supported contributions")), st["h2"]))
    if data.most_supported:
        rows = [
            [m["title"], m["category"], _num(m["supports"]), m["status"]]
            for m in data.most_supported
        ]
        story.append(
            _table(
                st,
                [_("Contribution"), _("Category"), _("Supports"), _("Outcome")],
                rows,
                [WIDTH * 0.45, WIDTH * 0.2, WIDTH * 0.12, WIDTH * 0.23],
            )
        )
    else:
        story.append(_empty(st, _("No contribution has been supported yet.")))
    return story


def surveys(data, st) -> list:
    """Key results of each survey, with a chart per choice question."""
    story = [Paragraph(para(_("Survey results")), st["h1"])]
    if not data.surveys:
        story.append(_empty(st, _("No survey in this process.")))
    for s in data.surveys:
        story.append(Paragraph(para(s["title"]), st["h2"]))
        story.append(Paragraph(para(_("Respondents: %(n)s", n=str(s["respondents"]))), st["body"]))
        for q in s["questions"]:
            block = [Paragraph(f"<b>{para(q['text'])}</b>", st["body"])]
            if q["rows"]:
                chart = bar_chart([(label, cell) for label, cell, _p in q["rows"]], WIDTH)
                if chart:
                    block.append(chart)
                rows = [
                    [label, str(cell), "–" if pct is None else f"{format_decimal(round(pct))} %"]
                    for label, cell, pct in q["rows"]
                ]
                block.append(_table(st, [_("Answer"), _("Count"), _("Share")], rows))
            for label, value in q["stats"]:
                block.append(Paragraph(para(f"{label}: {value}"), st["small"]))
            story.append(KeepTogether(block))
    return story


def meetings(data, st) -> list:
    """Meetings held: attendance, decisions with votes, minority opinions."""
    story = [Paragraph(para(_("Meetings held")), st["h1"])]
    if not data.meetings:
        story.append(_empty(st, _("No meeting was held in this period.")))
        return story
    rows = [
        [
            format_date(m["date"], "medium"),
            m["title"],
            m["body"],
            _num(m["public_attendees"]),
            _num(m["members_present"]),
            _num(len(m["decisions"])),
        ]
        for m in data.meetings
    ]
    story.append(
        _table(
            st,
            [_("Date"), _("Meeting"), _("Body"), _("Guests"), _("Members present"), _("Decisions")],
            rows,
            [20 * mm, WIDTH * 0.32, WIDTH * 0.24, 15 * mm, 20 * mm, 18 * mm],
        )
    )
    for m in data.meetings:
        if m["unapproved"]:
            when = format_date(m["date"], "medium")
            story.append(Paragraph(para(f"{m['title']} ({when})"), st["h3"]))
            story.append(_empty(st, _("The minutes of this meeting are not approved yet.")))
        if not m["decisions"]:
            continue
        story.append(
            Paragraph(para(f"{m['title']} ({format_date(m['date'], 'medium')})"), st["h3"])
        )
        if m["confidential"]:
            story.append(_empty(st, _("The minutes of this meeting are confidential.")))
        for d in m["decisions"]:
            line = f"{d['outcome']}" + (f" ({d['votes']})" if d["votes"] else "")
            text = f"<b>{para(line)}</b>" + (f": {para(d['text'])}" if d["text"] else "")
            story.append(Paragraph(text, st["body"]))
            if d["minority"]:
                story.append(
                    Paragraph(
                        para(_("Minority opinion: %(text)s", text=d["minority"])), st["small"]
                    )
                )
    return story


def measures(data, st) -> list:
    """Measures with their status and the number of contributions behind each."""
    story = [Paragraph(para(_("Measures")), st["h1"])]
    if not data.measures:
        story.append(_empty(st, _("No measures yet.")))
        return story
    counts: dict[str, int] = {}
    for m in data.measures:
        counts[m["status"]] = counts.get(m["status"], 0) + 1
    story.append(
        Paragraph(
            para(", ".join(f"{label}: {format_decimal(n)}" for label, n in counts.items())),
            st["body"],
        )
    )
    rows = [[m["title"], m["status"], _num(m["contributions"])] for m in data.measures]
    story.append(
        _table(
            st,
            [_("Measure"), _("Status"), _("Contributions behind it")],
            rows,
            [WIDTH * 0.6, WIDTH * 0.2, WIDTH * 0.2],
        )
    )
    return story


def budgets(data, st) -> list:
    """Area budgets: amount, applications, allocations."""
    story = [Paragraph(para(_("Area budgets")), st["h1"])]
    if not data.budgets:
        story.append(_empty(st, _("No area budget.")))
        return story
    rows = [
        [
            b["title"],
            b["area"],
            b["period"],
            _euro(b["amount"]),
            _num(b["applications"]),
            _num(b["funded"]),
            _euro(b["allocated"]),
        ]
        for b in data.budgets
    ]
    header = [
        _("Budget"),
        _("Area"),
        _("Period"),
        _("Amount"),
        _("Applications"),
        _("Funded"),
        _("Allocated"),
    ]
    story.append(_table(st, header, rows))
    return story


def feedback(data, st) -> list:
    """Answered rate and what is still open."""
    f = data.feedback
    story = [Paragraph(para(_("Answers and what is still open")), st["h1"])]
    rows = [
        [_("Contributions counted"), str(f["total"])],
        [_("Answered"), str(f["answered"])],
        [_("Answered rate"), "–" if f["rate"] is None else f"{f['rate']} %"],
        [_("Still open"), str(f["open"])],
        [
            _("Open for more than %(days)d days", days=f["overdue_days"]),
            str(f["overdue"]),
        ],
        [
            _("Median days until an answer"),
            "–" if f["median_days"] is None else format_decimal(f["median_days"]),
        ],
    ]
    story.append(_table(st, [_("Figure"), _("Value")], rows, [WIDTH * 0.6, WIDTH * 0.4]))
    if data.open_items:
        story.append(Paragraph(para(_("Oldest contributions without an answer")), st["h2"]))
        for title in data.open_items:
            story.append(Paragraph("• " + para(title), st["body"]))
    return story


def method(data, st) -> list:
    """How the figures were produced and how personal data is protected."""
    story = [Paragraph(para(_("Method and data protection")), st["h1"])]
    texts = [
        _(
            "The figures count every contribution that was not removed by moderation or withdrawn "
            "by its author, across all channels: online, on paper, at events, at the door, by "
            "phone, in surveys and in meetings."
        ),
        _(
            'Counts between 1 and %(low)d are shown as "< %(k)d". Where such a count could be '
            'worked out from a total, further cells are hidden and shown as "×". This protects '
            "people in small groups from being recognised.",
            low=max(data.k - 1, 1),
            k=data.k,
        ),
        _(
            "Surveys are not representative unless stated. Open surveys show who chose to take "
            "part, not the population of the area."
        ),
        _(
            "The report contains no names, e-mail addresses or other personal data of residents. "
            "Contributions are quoted by their title only."
        ),
    ]
    for text in texts:
        story.append(Paragraph(para(text), st["body"]))
    return story
