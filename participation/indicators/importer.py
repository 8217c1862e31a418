"""CSV import of indicator values with a column mapping, a dry-run report and all-or-nothing.

Two shapes, one parser:

* :func:`import_values` — one row per area, the area code in ``area_column``; each mapped column
  becomes one indicator's value for ``period``.
* :func:`import_aggregated` — one row per *smaller* unit that has no area here (Berlin's 542
  planning areas from 2021); rows are grouped by the first ``prefix_length`` characters of their
  code, which name an area of ``target_level`` (the district). The rule, documented in the README:
  counts are summed; every other value is the residents-weighted mean
  ``Σ value·weight / Σ weight`` over the units that have both a value and a weight, so a
  suppressed unit is left out of numerator *and* denominator (never counted as 0). A district with
  no usable unit is stored as suppressed. ``denominator`` keeps Σ weight, ``detail`` the number of
  units used and left out.

The report lists unknown area codes, unreadable numbers and duplicate rows. Nothing is written
unless the file has no problem, or the caller asks to skip the rows that have one. Only an empty
cell means "suppressed"; anything else that is not a number is a problem. The look-ups and the bulk
write both shapes share are in :mod:`participation.indicators.import_rows`.
"""

from datetime import date

from participation.core.audit import log_action
from participation.indicators.csvparse import (  # noqa: F401  (re-exported for callers)
    MAX_LISTED_PROBLEMS,
    ImportReport,
    Problem,
    parse_mapping,
    parse_number,
    parse_rows,
)
from participation.indicators.import_rows import (
    area_level,
    check_period,
    current_area_ids,
    indicators_by_code,
    value_row,
    write_values,
)


def period_end(period: str) -> date:
    """Last day of a period written as a year (``2020`` → 2020-12-31); today otherwise."""
    return date(int(period), 12, 31) if period.isdigit() and len(period) == 4 else date.today()


def import_values(
    text: str,
    *,
    area_column: str,
    period: str,
    mapping: dict[str, str],
    level_key: str | None = None,
    population_code: str | None = "population",
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    user=None,
) -> ImportReport:
    """Import one value per area and mapped column for *period*; see the module notes.

    :param level_key: area level whose codes are meant (default: any current area).
    :param population_code: when the mapping fills this indicator, the areas' population
        fields are set too (and summed up the hierarchy).
    """
    period = check_period(period)
    indicators = indicators_by_code(set(mapping.values()))
    level = area_level(level_key)
    area_ids = current_area_ids(level)
    report = ImportReport(dry_run=dry_run)
    parsed = parse_rows(text, area_column, list(mapping), report, area_ids.__contains__)
    bad = report.bad_lines
    if dry_run or (bad and not skip_bad_rows):
        return report
    rows, touched = [], set()
    population: dict[str, int | None] = {}
    for line, code, values in parsed:
        if line in bad:
            continue
        touched.add(area_ids[code])
        for column, indicator_code in mapping.items():
            value = values[column]
            rows.append(value_row(indicators[indicator_code].id, area_ids[code], period, value))
            report.values += 1
            report.suppressed += value is None
            if indicator_code == population_code:
                population[code] = int(round(value)) if value is not None else None
    report.skipped_rows = len(bad)
    report.areas = len(touched)
    write_values(rows, {(ind.id, period) for ind in indicators.values()}, touched, report)
    if population and level is not None:
        from participation.areas.services import aggregate_population_up, set_population

        report.population_set = set_population(level.key, population, period_end(period), user)
        aggregate_population_up(level.key)
    log_action(
        "indicators.import",
        None,
        user=user,
        period=period,
        values=report.values,
        areas=report.areas,
        skipped=report.skipped_rows,
    )
    report.applied = True
    return report


def _aggregate(units: list[tuple[float | None, float | None]], is_count: bool):
    """``(value, Σ weight, units used, units left out)`` by the documented rule."""
    if is_count:
        used = [v for v, _w in units if v is not None]
        return (sum(used) if used else None), None, len(used), len(units) - len(used)
    used = [(v, w) for v, w in units if v is not None and w is not None and w > 0]
    total = sum(w for _v, w in used)
    if not used or not total:
        return None, None, 0, len(units)
    return sum(v * w for v, w in used) / total, total, len(used), len(units) - len(used)


def import_aggregated(
    text: str,
    *,
    area_column: str,
    period: str,
    mapping: dict[str, str],
    weight_column: str,
    target_level: str,
    prefix_length: int = 2,
    changes: dict[str, str] | None = None,
    previous_period: str | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    user=None,
) -> ImportReport:
    """Import values of smaller units aggregated onto the areas of *target_level*.

    :param prefix_length: the first characters of a unit's code are its target area's code.
    :param changes: ``{change column: indicator code}``: the value of *previous_period* is
        ``value − change`` per unit, aggregated the same way and marked as an estimate.
    """
    period = check_period(period)
    changes = changes or {}
    if changes:
        previous_period = check_period(previous_period or "")
    indicators = indicators_by_code(set(mapping.values()) | set(changes.values()))
    level = area_level(target_level)
    area_ids = current_area_ids(level)
    columns = list(dict.fromkeys([*mapping, weight_column, *changes]))
    report = ImportReport(dry_run=dry_run)
    parsed = parse_rows(text, area_column, columns, report, lambda c: c[:prefix_length] in area_ids)
    bad = report.bad_lines
    if dry_run or (bad and not skip_bad_rows):
        return report
    groups: dict[str, list[dict]] = {}
    for line, code, values in parsed:
        if line in bad:
            continue
        groups.setdefault(code[:prefix_length], []).append(values)
    column_of = {code: column for column, code in mapping.items()}
    rows = []
    for target_code, units in sorted(groups.items()):
        area_id = area_ids[target_code]
        weights = [u[weight_column] for u in units]
        for column, indicator_code in mapping.items():
            ind = indicators[indicator_code]
            value, total, used, left_out = _aggregate(
                [(u[column], w) for u, w in zip(units, weights, strict=True)], ind.kind == "count"
            )
            rows.append(
                value_row(
                    ind.id,
                    area_id,
                    period,
                    value,
                    denominator=total,
                    method="aggregated",
                    detail={"units": used, "suppressed_units": left_out},
                )
            )
            report.values += 1
            report.suppressed += value is None
        for change_column, indicator_code in changes.items():
            ind, column = indicators[indicator_code], column_of[indicator_code]
            before = [
                (
                    u[column] - u[change_column]
                    if u[column] is not None and u[change_column] is not None
                    else None,
                    w,
                )
                for u, w in zip(units, weights, strict=True)
            ]
            value, total, used, left_out = _aggregate(before, ind.kind == "count")
            rows.append(
                value_row(
                    ind.id,
                    area_id,
                    previous_period,
                    value,
                    denominator=total,
                    method="aggregated",
                    is_estimate=True,
                    detail={"units": used, "suppressed_units": left_out},
                )
            )
            report.values += 1
            report.suppressed += value is None
    report.areas = len(groups)
    report.skipped_rows = len(bad)
    pairs = {(ind.id, period) for ind in indicators.values() if ind.code in column_of}
    pairs |= {(indicators[c].id, previous_period) for c in changes.values()}
    write_values(rows, pairs, {area_ids[c] for c in groups}, report)
    log_action(
        "indicators.import_aggregated",
        None,
        user=user,
        period=period,
        level=target_level,
        values=report.values,
        areas=report.areas,
        skipped=report.skipped_rows,
    )
    report.applied = True
    return report
