"""Writes of the indicators package: the catalogue, the MSS import and goals' indicator links.

CSV imports themselves live in :mod:`participation.indicators.importer`. Services flush and log;
the caller commits.
"""

from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.cache import bump
from participation.core.datafiles import find_data_file, read_data_text
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.indicators import catalogue
from participation.indicators.importer import ImportReport, import_aggregated, import_values
from participation.indicators.models import KINDS, POLARITIES, GoalIndicator, Indicator

CATALOGUE_FIELDS = (
    "names",
    "definitions",
    "unit",
    "kind",
    "polarity",
    "source",
    "topic",
    "licence",
    "is_estimate",
    "share_of_residents",
    "is_key",
    "position",
)


def ensure_indicators(entries: list[dict], user=None) -> int:
    """Create or update catalogue entries by ``code``; returns how many were new."""
    existing = {
        ind.code: ind
        for ind in db.session.scalars(
            select(Indicator).where(Indicator.code.in_([e["code"] for e in entries]))
        )
    }
    created = 0
    for entry in entries:
        if entry.get("kind", "share") not in KINDS:
            raise ServiceError(_("Unknown kind of value: %(kind)s", kind=entry["kind"]))
        if entry.get("polarity", "neutral") not in POLARITIES:
            raise ServiceError(_("Unknown polarity: %(p)s", p=entry["polarity"]))
        indicator = existing.get(entry["code"])
        if indicator is None:
            indicator = Indicator(code=entry["code"])
            db.session.add(indicator)
            created += 1
        for name in CATALOGUE_FIELDS:
            if name in entry:
                setattr(indicator, name, entry[name])
    db.session.flush()
    if created:
        log_action("indicators.catalogue", None, user=user, created=created)
    bump("indicators")
    return created


def import_mss(data_dir: Path | str, user=None) -> list[ImportReport]:
    """Import Berlin's MSS 2021 tables from ``data_dir/berlin``: catalogue, both files.

    The context indicators go onto the planning areas until 2020 (``EW`` also sets their
    population); the 2021 table is aggregated to the districts by the documented rule.
    """
    berlin = Path(data_dir) / "berlin"
    context = read_data_text(find_data_file(berlin, catalogue.MSS_CONTEXT_FILE))
    newer = read_data_text(find_data_file(berlin, catalogue.MSS_2021_FILE))
    ensure_indicators(catalogue.MSS_INDICATORS, user=user)
    first = import_values(
        context,
        area_column="PLR_ID",
        period=catalogue.MSS_PERIOD,
        mapping=catalogue.MSS_CONTEXT_MAPPING,
        level_key="planungsraum",
        # 04030417 Schloßstraße has values but no polygon in the bundled GeoJSON: reported, skipped
        skip_bad_rows=True,
        user=user,
    )
    second = import_aggregated(
        newer,
        area_column="PLR_ID",
        period=catalogue.MSS_PERIOD,
        mapping=catalogue.MSS_2021_MAPPING,
        weight_column=catalogue.MSS_2021_WEIGHT,
        target_level="bezirk",
        prefix_length=2,
        changes=catalogue.MSS_2021_CHANGES,
        previous_period=catalogue.MSS_PREVIOUS_PERIOD,
        user=user,
    )
    return [first, second]


def set_goal_indicator(
    goal,
    indicator: Indicator | None,
    *,
    area_id: int | None = None,
    baseline_period: str = "",
    baseline_value: float | None = None,
    target_value: float | None = None,
    target_period: str = "",
    user=None,
) -> GoalIndicator | None:
    """Link *goal* to *indicator* with baseline and target; ``indicator=None`` removes the link."""
    link = db.session.get(GoalIndicator, goal.id)
    if indicator is None:
        if link is not None:
            db.session.delete(link)
            log_action("indicators.goal_unlink", goal, user=user)
        return None
    if len(baseline_period) > 20 or len(target_period) > 20:
        raise ServiceError(_("Give the period as a year, e.g. 2020."), "baseline_period")
    if link is None:
        link = GoalIndicator(goal_id=goal.id)
        db.session.add(link)
    link.indicator_id = indicator.id
    link.indicator = indicator
    link.area_id = area_id
    link.baseline_period = baseline_period.strip()
    link.baseline_value = baseline_value
    link.target_value = target_value
    link.target_period = target_period.strip()
    db.session.flush()
    log_action(
        "indicators.goal_link",
        goal,
        user=user,
        indicator=indicator.code,
        baseline=baseline_value,
        target=target_value,
    )
    return link
