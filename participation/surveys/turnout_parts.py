"""The grouped selects behind the "who took part" counters (:mod:`participation.surveys.turnout`).

One builder, :func:`parts`, gives the counter rows for any set of responses: the fold adds a
batch with them, the recount rebuilds from them and a read counts the uncounted tail with them,
so the three can never count differently.
"""

from sqlalchemy import case, func, literal_column, select, true, union_all

from participation.surveys.counter_models import TurnoutCount
from participation.surveys.response_models import ResponseArea, SurveyResponse

#: The demographic columns of ``survey_responses`` counted as margins.
DEMOGRAPHICS = ("age_band", "gender", "household", "home_language")
#: Every dimension but ``area``: ``total`` is each response once.
DIMENSIONS = ("total", *DEMOGRAPHICS)
#: Columns of ``survey_turnout_counts`` in the order the parts select them.
COLUMNS = (
    "survey_id",
    "respondent_area_id",
    "sample",
    "channel",
    "dimension",
    "value",
    "area_id",
    "level_rank",
    "n",
)
KEYS = ("survey_id", "respondent_area_id", "sample", "channel", "dimension", "value", "area_id")

r, ra, tc = SurveyResponse.__table__, ResponseArea.__table__, TurnoutCount.__table__


def _text(value: str):
    """An inlined string constant: the same SQL text in SELECT and GROUP BY on every driver
    (bound parameters get distinct placeholders, which PostgreSQL does not match)."""
    assert value.isidentifier(), value
    return literal_column(f"'{value}'")


def _int(value: int):
    """An inlined integer constant (ids and ranks come from the database, never from input)."""
    return literal_column(str(int(value)))


def _dims(names=DIMENSIONS):
    """A derived table of the dimension names (cross-joined: one row per response and name)."""
    return union_all(*(select(_text(name).label("dimension")) for name in names)).subquery("dims")


def _value(dims):
    """The response's code for the dimension (``CASE``), "" for ``total`` and no answer."""
    empty = literal_column("''")
    return case(
        *((dims.c.dimension == _text(c), func.coalesce(r.c[c], empty)) for c in DEMOGRAPHICS),
        else_=empty,
    )


def _row(*exprs) -> list:
    """The expressions labelled as :data:`COLUMNS` (a union's columns are the first part's)."""
    return [e.label(name) for e, name in zip(exprs, COLUMNS[:-1], strict=True)]


def parts(
    survey_id: int,
    where: list,
    *,
    tail: bool = False,
    zero_dims: tuple[str, ...] = DIMENSIONS,
    zero_areas: bool = True,
    zero_level: int | None = None,
    per_area: bool = True,
    filter_area: int | None = None,
    filter_areas: bool = True,
    filter_level: int | None = None,
) -> list:
    """Grouped selects of the counter rows of *survey_id* for the responses *where* selects.

    Rows as :data:`COLUMNS` (plus ``tail``, the count again, with *tail*), in four shapes —
    the defaults give all of them (the fold, the recount); a read asks for what it shows:

    - filter area 0 by *zero_dims* (``total`` and demographic margins);
    - filter area 0 by area (*zero_areas*; one level with *zero_level*);
    - per area of the chain (*per_area*; one area with *filter_area*) by every dimension name;
    - per area of the chain by area (*filter_areas*; one level with *filter_level*).
    """
    count = (
        [func.count().label("n"), func.count().label("tail")] if tail else [func.count().label("n")]
    )
    sid, zero, empty = _int(survey_id), literal_column("0"), literal_column("''")
    area_name = _text("area")
    base = where  # the survey's responses to count (the callers' conditions say which)
    da = ra.alias("chain_area")  # the area of a "by area" row (any level of the chain)
    fa = ra.alias("filter_area")  # the area filter: one row per area of the chain
    out = []
    if zero_dims:
        dims = _dims(zero_dims)
        value = _value(dims)
        out.append(
            select(
                *_row(sid, zero, r.c.sample, r.c.channel, dims.c.dimension, value, zero, zero),
                *count,
            )
            .select_from(r.join(dims, true()))
            .where(*base)
            .group_by(r.c.sample, r.c.channel, dims.c.dimension, value)
        )
    if zero_areas:
        levels = [da.c.level_rank == zero_level] if zero_level is not None else []
        out.append(
            select(*_row(sid, zero, r.c.sample, r.c.channel, area_name, empty, da.c.area_id,
                         da.c.level_rank), *count)
            .select_from(r.join(da, da.c.response_id == r.c.id))
            .where(*base, *levels)
            .group_by(r.c.sample, r.c.channel, da.c.area_id, da.c.level_rank)
        )  # fmt: skip
    if not per_area:
        return out
    one = [fa.c.area_id == filter_area] if filter_area is not None else []
    dims = _dims()
    value = _value(dims)
    out.append(
        select(*_row(sid, fa.c.area_id, r.c.sample, r.c.channel, dims.c.dimension, value, zero,
                     zero), *count)
        .select_from(r.join(fa, fa.c.response_id == r.c.id).join(dims, true()))
        .where(*base, *one)
        .group_by(fa.c.area_id, r.c.sample, r.c.channel, dims.c.dimension, value)
    )  # fmt: skip
    if filter_areas:
        levels = [da.c.level_rank == filter_level] if filter_level is not None else []
        out.append(
            select(*_row(sid, fa.c.area_id, r.c.sample, r.c.channel, area_name, empty,
                         da.c.area_id, da.c.level_rank), *count)
            .select_from(
                r.join(fa, fa.c.response_id == r.c.id).join(da, da.c.response_id == r.c.id)
            )
            .where(*base, *one, *levels)
            .group_by(fa.c.area_id, r.c.sample, r.c.channel, da.c.area_id, da.c.level_rank)
        )  # fmt: skip
    return out
