"""Who took part, from maintained counters: responses per area, sample, channel and group.

``survey_turnout_counts`` (:class:`~participation.surveys.counter_models.TurnoutCount`) holds,
per survey and *filter area* (0 = every response, else an area of the respondent's chain),
sample and channel: the number of responses (``total``), their margins per demographic
question (``age_band`` … with the code, "" for no answer) and per area of their chain
(``area``, every level). The fold adds exactly the batch it folds (:func:`add_batch`, same
transaction as the answer counters), the recount rebuilds them (:func:`rebuild`), so they hold
the *counted* responses (``fold_batch`` set) like the answer counters do.

:func:`read` answers the results page in ONE statement: the counter rows it needs plus the same
groups counted live over the uncounted tail (``fold_batch IS NULL``, an index probe when there
is none), with the area names joined, so the figures are exact at every moment — and the
survey-wide sample counts, the tail's size (the fold-on-read check) and the areas of the filter
list come with it. ``read(…, live=True)`` counts every response instead (the reference).

No path changes a counted response: moderation only hides texts, erasure unlinks an invitation,
a survey's deletion cascades to its rows, and responses are never deleted one by one.
"""

from dataclasses import dataclass, field

from sqlalchemy import (
    and_,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    union_all,
)

from participation.areas.models import Area
from participation.extensions import db
from participation.surveys.counter_models import TurnoutCount
from participation.surveys.response_models import SurveyResponse
from participation.surveys.turnout_parts import COLUMNS, DIMENSIONS, KEYS, parts

r, tc = SurveyResponse.__table__, TurnoutCount.__table__


def add_batch(connection, survey_id: int, batch: int, upsert) -> None:
    """Add the responses of fold batch *batch* to the counters (the fold's transaction).

    *upsert* ``(table, columns, select, keys)`` builds the dialect's
    ``INSERT … SELECT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` (``fold._insert``).
    """
    # the batch by its ids (ix_survey_responses_fold): with survey_id = ? beside it SQLite
    # scanned the survey's every response in the covering demographics index (40 ms per part)
    ids = select(r.c.id).where(r.c.survey_id == survey_id, r.c.fold_batch == batch)
    for stmt in parts(survey_id, [r.c.id.in_(ids)]):
        connection.execute(upsert(tc, list(COLUMNS), stmt, list(KEYS)))


def rebuild(connection, survey_id: int) -> None:
    """Replace the survey's counters by a count of its counted responses (the recount)."""
    connection.execute(delete(tc).where(tc.c.survey_id == survey_id))
    for stmt in parts(survey_id, [r.c.survey_id == survey_id, r.c.fold_batch.is_not(None)]):
        # the four shapes never share a key: plain inserts
        connection.execute(insert(tc).from_select(list(COLUMNS), stmt))


@dataclass
class Turnout:
    """What the results page needs of who took part, for one filter area (or none)."""

    #: Responses per sample, survey-wide (the sample switch and its counts).
    samples: dict[str, int] = field(default_factory=dict)
    #: Survey-wide responses not yet folded into the counters.
    tail: int = 0
    #: ``(sample, channel, dimension, value, area_id) → n`` of the filter area's responses.
    counts: dict[tuple, int] = field(default_factory=dict)
    #: Areas respondents live in, survey-wide (with *all_levels*): ``{area_id: rank}``.
    areas: dict[int, int] = field(default_factory=dict)
    #: Names of the areas in *counts* and *areas*.
    names: dict[int, str] = field(default_factory=dict)

    def by(self, dimension: str, sample: str | None, channel: str | None) -> dict:
        """``{value: n}`` (``{area_id: n}`` for ``area``) of the responses of *sample* and
        *channel* (None: every one); ``total`` rows by channel."""
        out: dict = {}
        for (s, c, dim, value, area_id), n in self.counts.items():
            if dim != dimension or (sample and s != sample) or (channel and c != channel):
                continue
            key = area_id if dim == "area" else c if dim == "total" else value
            out[key] = out.get(key, 0) + n
        return out

    def total(self, sample: str | None, channel: str | None) -> int:
        """Responses of *sample* and *channel* (None: every one) in the filter area."""
        return sum(self.by("total", sample, channel).values())


def read(
    survey_id: int,
    filter_area: int | None = None,
    level: int | None = None,
    *,
    all_levels: bool = False,
    live: bool = False,
) -> Turnout:
    """Who took part for *filter_area* (None: every response), in one statement.

    Reads the counter rows needed — survey-wide totals per sample; the filter area's totals,
    margins and areas of *level* (none without *level*); with *all_levels* the survey-wide
    areas of every level (the filter list) — plus the same groups counted live over the
    uncounted tail. *live* counts every response instead of reading counters (the reference).
    """
    f = filter_area or 0
    shape = {
        "zero_dims": ("total",) if f else DIMENSIONS,
        "zero_areas": all_levels or (not f and level is not None),
        "zero_level": None if all_levels else level,
        "per_area": bool(f),
        "filter_area": f or None,
        "filter_areas": bool(f) and level is not None,
        "filter_level": level,
    }
    # The tail by its ids only (ix_survey_responses_fold, a range of NULLs): with a condition on
    # survey_id beside it SQLite scans every response of the survey in a covering index instead.
    uncounted = select(r.c.id).where(r.c.survey_id == survey_id, r.c.fold_batch.is_(None))
    where = [r.c.survey_id == survey_id] if live else [r.c.id.in_(uncounted)]
    selects = parts(survey_id, where, tail=True, **shape)
    if not live:
        # the same shapes from the counter rows (the primary key's prefix selects them)
        at_zero, at_f = tc.c.respondent_area_id == 0, tc.c.respondent_area_id == f
        is_area = tc.c.dimension == "area"
        wanted = [and_(at_zero, tc.c.dimension.in_(shape["zero_dims"]))]
        if shape["zero_areas"]:
            one = [tc.c.level_rank == level] if shape["zero_level"] is not None else []
            wanted.append(and_(at_zero, is_area, *one))
        if f:
            wanted.append(and_(at_f, ~is_area))
            if shape["filter_areas"]:
                wanted.append(and_(at_f, is_area, tc.c.level_rank == level))
        counted = select(*(tc.c[c] for c in COLUMNS), literal_column("0").label("tail")).where(
            tc.c.survey_id == survey_id, tc.c.respondent_area_id.in_(sorted({0, f})), or_(*wanted)
        )
        selects = [counted, *selects]
    both = union_all(*selects).subquery("turnout")
    keys = [both.c[c] for c in COLUMNS[1:-1]]
    stmt = (
        select(*keys, Area.name, func.sum(both.c.n), func.sum(both.c.tail))
        .select_from(both.outerjoin(Area, Area.id == both.c.area_id))
        .group_by(*keys, Area.name)
    )
    out = Turnout()
    for (
        filter_id,
        sample,
        channel,
        dim,
        value,
        area_id,
        rank,
        name,
        n,
        uncounted,
    ) in db.session.execute(stmt):
        n = int(n or 0)
        if not n:
            continue
        if name is not None:
            out.names[area_id] = name
        if filter_id == 0 and dim == "total":
            out.samples[sample] = out.samples.get(sample, 0) + n
            out.tail += int(uncounted or 0)
        if filter_id == 0 and dim == "area" and all_levels:
            out.areas[area_id] = rank
        if filter_id == f and (dim != "area" or rank == level):
            out.counts[(sample, channel, dim, value, area_id)] = n
    return out
