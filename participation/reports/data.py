"""Everything a council report shows, gathered by aggregate queries into plain data.

No ORM object is loaded per contribution: counts come from ``GROUP BY`` queries, so a report over
20,000 contributions costs a handful of queries. Every count a reader sees is a suppressed
:class:`~participation.core.suppression.Cell` (DOMAIN.md §5.2); totals are suppressed together
with their parts so that no hidden cell can be recovered by subtraction.

Call :func:`gather` inside ``force_locale`` for the report language: labels are translated here.
The contribution figures are counted in :mod:`.figures`, the other packages' sections in
:mod:`.sections`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _

from participation.core.db import utcnow
from participation.core.suppression import (
    Cell,
)
from participation.processes.models import LEVELS, Process
from participation.reports import figures
from participation.reports.figures import Grid, Row
from participation.reports.scope import Scope


@dataclass
class ReportData:
    """A council report as plain data: the HTML page and the PDF both render this."""

    title: str
    subtitle: str
    language: str
    generated_at: datetime
    k: int
    process: dict[str, Any] | None = None
    area: dict[str, Any] | None = None
    period_start: date | None = None
    period_end: date | None = None
    areas: list[dict[str, Any]] = field(default_factory=list)
    total: Cell | None = None
    by_channel: list[Row] = field(default_factory=list)
    by_area: list[Row] = field(default_factory=list)
    by_phase: list[Row] = field(default_factory=list)
    outcomes: Grid | None = None
    most_supported: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    budgets: list[dict[str, Any]] = field(default_factory=list)
    feedback: dict[str, Any] = field(default_factory=dict)
    open_items: list[str] = field(default_factory=list)
    representation: list[dict[str, Any]] = field(default_factory=list)

    @property
    def period_text(self) -> str:
        """``1. Januar 2026 – 31. März 2026``, or an empty string for the whole process."""
        if not (self.period_start or self.period_end):
            return ""
        start = format_date(self.period_start, "long") if self.period_start else "…"
        end = format_date(self.period_end, "long") if self.period_end else "…"
        return f"{start} – {end}"


def gather(process=None, area=None, start=None, end=None, language="de") -> ReportData:
    """Build the report for *process*, or for *area* over the period *start*–*end*."""
    from participation.reports import indicators, sections

    if process is None and area is None:
        raise ValueError("a report needs a process or an area")
    k = int(current_app.config.get("SUPPRESSION_K", 5))
    scope = Scope(process, area, start, end)
    if process is not None:
        title = _("Participation report: %(title)s", title=process.title_text)
    else:
        title = _("Participation report: %(area)s", area=area.name)
    data = ReportData(
        title=title,
        subtitle=_("Report to the council and its committees"),
        language=language,
        generated_at=utcnow(),
        k=k,
        period_start=start,
        period_end=end,
    )
    if process is not None:
        data.process = process_facts(process)
    if area is not None:
        data.area = {"name": area.name, "code": area.code, "population": area.population}
    figures.participation_counts(data, scope)
    data.outcomes = figures.outcomes(scope, k)
    data.most_supported = figures.most_supported(scope)
    data.surveys = sections.surveys(scope, k)
    data.meetings = sections.meetings(scope)
    data.measures = sections.measures(scope)
    data.budgets = sections.budgets(scope)
    data.feedback, data.open_items = sections.feedback(scope, k)
    data.representation = indicators.representation(scope)
    return data


def process_facts(process: Process) -> dict[str, Any]:
    """Level, scope statement, dates and contact of *process*."""
    phases = [
        {
            "title": p.title_text,
            "start": p.start_date,
            "end": p.end_date,
        }
        for p in process.phases
    ]
    return {
        "title": process.title_text,
        "summary": process.summary_text,
        "level": str(LEVELS.get(process.level, process.level)),
        "status": process.status_label,
        "scope_influence": process.text("scope_influence"),
        "scope_decided": process.text("scope_decided"),
        "decision_by": process.text("decision_by"),
        "resources": process.text("resources"),
        "contact": ", ".join(
            x
            for x in (
                process.contact_name,
                process.contact_role,
                process.contact_email,
                process.contact_phone,
            )
            if x
        ),
        "phases": phases,
        "areas": [a.name for a in process.areas],
        "published_at": process.published_at,
        "closed_at": process.closed_at,
    }
