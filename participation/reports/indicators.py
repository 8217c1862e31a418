"""What a report takes from the optional indicators package: the representation check of a
process's survey respondents and an area's population (each empty/None without the package)."""

from typing import Any


def representation(scope) -> list[dict[str, Any]]:
    """The indicators package's representation check for a process report (else empty).

    Survey respondents' groups beside the residents' shares, suppressed there; the report adds
    the plain warning where a group is clearly under-represented.
    """
    if scope.process is None:
        return []
    try:
        from participation.indicators.queries import representation as check
    except ImportError:  # the indicators package is optional for reports
        return []
    out = []
    for row in check(scope.process.id):
        out.append(
            {
                "label": row.label,
                "respondents": row.respondents,
                "answered": row.answered,
                "share": row.share,
                "population_share": row.population_share,
                "population_area": row.population_area or "",
                "population_period": row.population_period or "",
                "under_represented": row.under_represented,
                "note": row.note,
            }
        )
    return out


def population(area) -> int | None:
    """Residents of *area*: its population field, else the indicators' newest value."""
    if area.population is not None:
        return area.population
    try:
        from participation.indicators.queries import population as indicator_population
    except ImportError:
        return None
    return indicator_population(area.id)
