"""Results pages: filters, per-question results, who took part, cross-tables, quotes.

Representative and open responses are never mixed silently: when both exist, the page shows the
representative sample unless "both" is chosen, and then says so in a prominent notice.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from participation.core.params import parse_int
from participation.core.suppression import Cell, SuppressedTable, suppress, suppress_totals
from participation.extensions import db
from participation.surveys import counters, demographics, fold, turnout
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
from participation.surveys.questions.area_lists import area_names, remember_area_names
from participation.surveys.who_took_part import (  # re-exported: callers import them from here
    Table,
    levels,
    participation_tables,
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
    """Responses per sample (representative / open): counters + the uncounted tail."""
    return turnout.read(survey.id).samples


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
    cross-table page needs no per-question results). Per-question results and "who took part"
    come from the maintained counters (+ the uncounted tail), unless *live* asks for a recount.
    On a miss: the area levels, who took part (one statement: sample counts, tables, the
    filter's areas, the tail's size), the per-question counters (one statement), quotes.
    """
    k = survey.k
    all_levels = levels()
    ranks = [r for r, _ in all_levels]
    requested = parse_int(args.get("level", ""))
    level = requested if requested in ranks else (ranks[-1] if ranks else None)
    area_id = parse_int(args.get("area", "")) if not public else None
    counted = turnout.read(
        survey.id,
        area_id,
        level if full else None,
        all_levels=full and not public,  # the area filter's list
        live=live,
    )
    remember_area_names(counted.names)  # the area questions' names too, when they are these
    if counted.tail > fold.FOLD_ON_READ and not live:
        # no scheduler folding (or a burst): fold a few batches now, on a connection of its
        # own; the figures are the same either way (counters + tail), only faster to read
        fold.fold_on_read(survey.id)
    counts = counted.samples
    flt = make_filter(survey, counts, args, public)
    sample = choose_sample(counts, args.get("sample"))
    mixed = sample == "both" and all(counts.get(s) for s in ("representative", "open"))
    # the sample counts above stay survey-wide; the total counts the filter (area too)
    total_n = counted.total(flt.sample, flt.channel)
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
    view.levels = all_levels
    if not full:
        return view
    if uses_counters(flt) and not live:
        flt = replace(
            flt, counters=counters.snapshot(survey.id, flt.sample, flt.channel, flt.area_id)
        )
    view.questions = [q.kind.aggregate(q, flt, k) for q in survey.ordered_questions()]
    view.level = level
    view.tables = participation_tables(survey, flt, k, level, counted, dict(all_levels))
    view.quotes = approved_quotes(survey, flt) if public else {}
    if not public:
        view.filter_areas = _filter_areas(counted, all_levels)
    return view


def _filter_areas(counted, all_levels) -> list[tuple[str, list[tuple[int, str]]]]:
    """The areas respondents live in, per level, for the area filter (from *counted*)."""
    names = dict(all_levels)
    found = sorted(
        (rank, counted.names[area_id], area_id)
        for area_id, rank in counted.areas.items()
        if area_id in counted.names
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for rank, name, area_id in found:
        groups.setdefault(str(names.get(rank, rank)), []).append((area_id, name))
    return list(groups.items())


def response_areas(survey: Survey) -> list[tuple[str, list[tuple[int, str]]]]:
    """Areas that respondents live in, per level, for the area filter."""
    return _filter_areas(turnout.read(survey.id, all_levels=True), levels())


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
