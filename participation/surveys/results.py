"""Results pages: filters, per-question results, who took part, cross-tables, quotes.

Representative and open responses are never mixed silently: when both exist, the page shows the
representative sample unless "both" is chosen, and then says so in a prominent notice.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from participation.areas.models import Area, AreaLevel
from participation.core.params import parse_int
from participation.core.suppression import Cell, SuppressedTable, suppress, suppress_totals
from participation.extensions import db
from participation.surveys import counters, demographics, fold
from participation.surveys.aggregates import QuestionResult, ResultFilter
from participation.surveys.models import (
    CHANNELS,
    SAMPLES,
    ResponseArea,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    TextReview,
)
from participation.surveys.questions.place import area_names
from participation.surveys.who_took_part import (  # re-exported: callers import them from here
    Table,
    levels,
    participation_tables,
    response_groups,
    response_groups_and_tail,
)

QUOTES_PER_QUESTION = 8


@dataclass
class CrossTable:
    """A question's answers by area or group, suppressed with its totals."""

    title: str
    row_labels: list[str]
    col_labels: list[str]
    table: SuppressedTable
    additive: bool


@dataclass
class ResultsView:
    """Everything a results page shows."""

    survey: Survey
    k: int
    flt: ResultFilter
    sample: str
    sample_counts: dict[str, Cell]
    mixed: bool
    total: Cell
    questions: list[QuestionResult] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    quotes: dict[int, list[str]] = field(default_factory=dict)
    levels: list[tuple[int, str]] = field(default_factory=list)
    level: int | None = None
    filter_areas: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)
    channel: str = ""
    area_id: int | None = None


def sample_counts(survey: Survey) -> dict[str, int]:
    """Responses per sample (representative / open)."""
    return dict(
        db.session.execute(
            select(SurveyResponse.sample, func.count())
            .where(SurveyResponse.survey_id == survey.id)
            .group_by(SurveyResponse.sample)
        ).all()
    )


def choose_sample(counts: dict[str, int], requested: str | None) -> str:
    """The sample to show: the requested one, else representative when both exist."""
    if requested in ("representative", "open", "both"):
        return requested
    present = [s for s in ("representative", "open") if counts.get(s)]
    return present[0] if present else "open"


def make_filter(survey: Survey, counts: dict[str, int], args, public: bool) -> ResultFilter:
    """Filter from the query string; the public page filters by sample only."""
    sample = choose_sample(counts, args.get("sample"))
    present = {s for s, n in counts.items() if n}
    # When every response belongs to the chosen sample, no filter is needed (faster).
    sample_filter = None if sample == "both" or present <= {sample} else sample
    channel = args.get("channel") if args.get("channel") in CHANNELS and not public else None
    area = args.get("area", "")
    area_id = parse_int(area) if not public else None
    return ResultFilter(survey.id, sample_filter, channel, area_id)


def uses_counters(flt: ResultFilter) -> bool:
    """True when the maintained counters can answer *flt*: every filter (per area too)."""
    return True


def build(
    survey: Survey, args, public: bool = False, full: bool = True, live: bool = False
) -> ResultsView:
    """Compute the results page for *survey* with the filters in *args*.

    Without *full* only the filter, the sample counts and the total are worked out (the
    cross-table page needs no per-question results). Per-question results come from the
    maintained counters when the filter allows it, unless *live* asks for a recount.
    """
    k = survey.k
    groups, tail = response_groups_and_tail(survey)
    if tail > fold.FOLD_ON_READ and not live:
        # no scheduler folding (or a burst): fold a few batches now, on a connection of its
        # own; the figures are the same either way (counters + tail), only faster to read
        fold.fold_on_read(survey.id)
    counts: dict[str, int] = {}
    for sample_code, *_rest, n in groups:
        counts[sample_code] = counts.get(sample_code, 0) + n
    flt = make_filter(survey, counts, args, public)
    sample = choose_sample(counts, args.get("sample"))
    mixed = sample == "both" and all(counts.get(s) for s in ("representative", "open"))
    if flt.area_id:  # the sample counts above stay survey-wide; the tables count the area
        groups = response_groups(survey, flt.area_id)
    groups = [
        g
        for g in groups
        if (flt.sample is None or g[0] == flt.sample) and (not flt.channel or g[1] == flt.channel)
    ]
    total_n = sum(g[-1] for g in groups)
    view = ResultsView(
        survey=survey,
        k=k,
        flt=flt,
        sample=sample,
        sample_counts={
            s: suppress(n, k)
            for s, n in [(s, counts.get(s, 0)) for s in SAMPLES] + [("both", sum(counts.values()))]
        },
        mixed=mixed,
        total=suppress(total_n, k),
        channel=flt.channel or "",
        area_id=flt.area_id,
    )
    view.levels = levels()
    if not full:
        return view
    if uses_counters(flt) and not live:
        flt = replace(
            flt, counters=counters.snapshot(survey.id, flt.sample, flt.channel, flt.area_id)
        )
    view.questions = [q.kind.aggregate(q, flt, k) for q in survey.ordered_questions()]
    level = args.get("level", "")
    ranks = [r for r, _ in view.levels]
    view.level = parse_int(level) if parse_int(level) in ranks else (ranks[-1] if ranks else None)
    view.tables = participation_tables(survey, flt, k, view.level, groups, dict(view.levels))
    view.quotes = approved_quotes(survey, flt) if public else {}
    if not public:
        view.filter_areas = response_areas(survey)
    return view


def response_areas(survey: Survey) -> list[tuple[str, list[tuple[int, str]]]]:
    """Areas that respondents live in, per level, for the area filter."""
    rows = db.session.execute(
        select(AreaLevel.rank, Area.id, Area.name)
        .join(Area, Area.level_id == AreaLevel.id)
        .where(
            Area.id.in_(
                select(ResponseArea.area_id).where(ResponseArea.survey_id == survey.id).distinct()
            )
        )
        .order_by(AreaLevel.rank, Area.name)
    ).all()
    names = dict(levels())
    groups: dict[str, list[tuple[int, str]]] = {}
    for rank, area_id, name in rows:
        groups.setdefault(str(names.get(rank, rank)), []).append((area_id, name))
    return list(groups.items())


def approved_quotes(survey: Survey, flt: ResultFilter) -> dict[int, list[str]]:
    """Approved free-text answers per question for the public page (newest first, a few)."""
    stmt = flt.apply(
        select(SurveyAnswer.question_id, SurveyAnswer.value_text)
        .join(TextReview, TextReview.answer_id == SurveyAnswer.id)
        .where(TextReview.survey_id == survey.id, TextReview.status == "approved")
        .order_by(SurveyAnswer.id.desc())
    )
    quotes: dict[int, list[str]] = {}
    for question_id, text in db.session.execute(stmt.limit(QUOTES_PER_QUESTION * 20)):
        bucket = quotes.setdefault(question_id, [])
        if len(bucket) < QUOTES_PER_QUESTION and text not in bucket:
            bucket.append(text)
    return quotes


def dimensions(survey: Survey) -> list[tuple[str, str]]:
    """Cross-table dimensions: channel, each area level, demographic questions."""
    dims = [("channel", _("Channel"))]
    dims += [(f"level:{rank}", _("Area: %(level)s", level=name)) for rank, name in levels()]
    if survey.demographics:
        dims += [(col, str(q)) for col, (q, _c) in demographics.FIELDS.items()]
    return dims


def crosstab(survey: Survey, question, flt: ResultFilter, dim: str, k: int) -> CrossTable | None:
    """Answers of *question* by *dim*, with small-cell and complementary suppression."""
    kind = question.kind
    if not kind.breakdown or dim not in dict(dimensions(survey)):
        return None
    key_expr, columns = kind.breakdown_key(question)
    if dim.startswith("level:"):
        rank = int(dim.split(":")[1])
        dim_expr = ResponseArea.area_id
        stmt = (
            select(dim_expr, key_expr, func.count())
            .select_from(SurveyAnswer)
            .outerjoin(
                ResponseArea,
                and_(
                    ResponseArea.response_id == SurveyAnswer.response_id,
                    ResponseArea.level_rank == rank,
                ),
            )
        )
    else:
        dim_expr = getattr(SurveyResponse, dim)
        stmt = (
            select(dim_expr, key_expr, func.count())
            .select_from(SurveyAnswer)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        )
    stmt = flt.apply(stmt.where(SurveyAnswer.question_id == question.id))
    counts: dict[Any, dict[Any, int]] = {}
    for dim_value, key, n in db.session.execute(stmt.group_by(dim_expr, key_expr)):
        counts.setdefault(dim_value, {})[key] = n
    if dim.startswith("level:"):
        labels = area_names(counts)
    elif dim == "channel":
        labels = {c: str(label) for c, label in CHANNELS.items()}
    else:
        labels = {c: str(label) for c, label in demographics.FIELDS[dim][1].items()}
    if dim in demographics.FIELDS:  # bands in their own order, not alphabetically
        order = {code: pos for pos, code in enumerate(labels)}
        keys = sorted((d for d in counts if d is not None), key=lambda d: order.get(d, len(order)))
    else:
        keys = sorted((d for d in counts if d is not None), key=lambda d: labels.get(d, str(d)))
    row_labels = [labels.get(d, str(d)) for d in keys]
    if None in counts:
        keys.append(None)
        row_labels.append(_("not known / no answer"))
    matrix = [[counts[d].get(c, 0) for c, _label in columns] for d in keys]
    return CrossTable(
        title=dict(dimensions(survey))[dim],
        row_labels=row_labels,
        col_labels=[str(label) for _c, label in columns],
        table=suppress_totals(matrix, k),
        additive=question.type != "multiple",
    )
