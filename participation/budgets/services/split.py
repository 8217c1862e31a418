"""Splitting a city-wide pot over areas by a published formula (as Berlin's Kiezkassen do).

Formula: each area's share is proportional to its population; an area below the minimum gets
the minimum, one above the maximum the maximum, and the rest is shared again among the others
(repeated until nothing changes). Rounding: every share is rounded down to whole euros, and the
euros still missing go one by one to the largest fractional remainders (largest-remainder or
Hamilton method; ties: larger population, then area code) — so the shares add up to exactly
the pot. :func:`compute` is pure, so the pages can show the exact share beside the rounded one.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from participation.budgets.models import CitySplit, CitySplitShare
from participation.budgets.services.common import bump_public, check_scope, clean, euros
from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db


@dataclass
class ShareFigure:
    """One area's figures: exact share, rounded share, and whether it got a remainder euro."""

    key: object
    code: str
    population: int
    exact: float
    amount: int
    clamped: str = ""  # "min", "max" or ""
    extra_euro: bool = False


def compute(
    pot: int, areas: list[tuple[object, str, int]], min_per_area: int = 0, max_per_area=None
) -> list[ShareFigure]:
    """Shares of *pot* for ``[(key, code, population)]``, in the given order; sum == pot."""
    n = len(areas)
    if not n:
        raise ServiceError(_("Please choose the areas."), "areas")
    if min_per_area * n > pot:
        raise ServiceError(
            _("The minimum per area times the areas exceeds the pot."), "min_per_area"
        )
    if max_per_area is not None and max_per_area * n < pot:
        raise ServiceError(
            _("The maximum per area times the areas is less than the pot."), "max_per_area"
        )
    pops = {key: max(pop or 0, 0) for key, _code, pop in areas}
    fixed: dict[object, tuple[float, str]] = {}
    while True:
        free = [key for key, _c, _p in areas if key not in fixed]
        rest = pot - sum(v for v, _k in fixed.values())
        total = sum(pops[k] for k in free)
        raw = {k: (rest * pops[k] / total if total else rest / len(free)) for k in free}
        changed = False
        for k in free:
            if raw[k] < min_per_area:
                fixed[k], changed = (float(min_per_area), "min"), True
            elif max_per_area is not None and raw[k] > max_per_area:
                fixed[k], changed = (float(max_per_area), "max"), True
        if not changed or len(fixed) == n:
            break
    exact = {**raw, **{k: v for k, (v, _kind) in fixed.items()}}
    floors = {k: int(v) for k, v in exact.items()}
    left = pot - sum(floors.values())
    order = sorted(areas, key=lambda a: (-(exact[a[0]] - floors[a[0]]), -pops[a[0]], a[1]))
    lucky = {a[0] for a in order[:left]}
    return [
        ShareFigure(
            key=key,
            code=code,
            population=pops[key],
            exact=exact[key],
            amount=floors[key] + (1 if key in lucky else 0),
            clamped=fixed.get(key, (0, ""))[1],
            extra_euro=key in lucky,
        )
        for key, code, _pop in areas
    ]


def split_pot(
    user,
    *,
    title: str,
    period: str,
    pot: int,
    areas: list,
    min_per_area: int = 0,
    max_per_area: int | None = None,
) -> CitySplit:
    """Split *pot* over *areas* by population, each between min and max, summing to the pot."""
    pot = euros(pot, "pot", allow_zero=False)
    min_per_area = euros(min_per_area or 0, "min_per_area")
    if max_per_area not in (None, ""):
        max_per_area = euros(max_per_area, "max_per_area")
    else:
        max_per_area = None
    for area in areas:
        check_scope(user, area)
    figures = compute(
        pot, [(a.id, a.code, a.population) for a in areas], min_per_area, max_per_area
    )
    split = CitySplit(
        title=clean(title, "title", 200, required=_("Please enter a title.")),
        period=clean(period, "period", 20, required=_("Please enter a period.")),
        pot=pot,
        min_per_area=min_per_area,
        max_per_area=max_per_area,
    )
    split.shares = [
        CitySplitShare(area_id=a.id, area=a, population=f.population, amount=f.amount)
        for a, f in zip(areas, figures, strict=True)
    ]
    db.session.add(split)
    db.session.flush()
    log_action("budgets.split", split, user=user, pot=pot, areas=len(areas))
    bump_public()
    return split


def split_figures(split: CitySplit) -> list[tuple[CitySplitShare, ShareFigure]]:
    """The stored shares beside the recomputed exact figures (what the pages show)."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    # one query with the areas (the page shows every area's name and code)
    shares = list(
        db.session.scalars(
            select(CitySplitShare)
            .options(joinedload(CitySplitShare.area))
            .where(CitySplitShare.split_id == split.id)
            .order_by(CitySplitShare.id)
        )
    )
    figures = compute(
        split.pot,
        [(s.id, s.area.code, s.population) for s in shares],
        split.min_per_area,
        split.max_per_area,
    )
    return list(zip(shares, figures, strict=True))
