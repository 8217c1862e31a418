"""Ranking: put options in order (a rank select per option, so it works without JavaScript)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from participation.core.params import parse_int
from participation.extensions import db
from participation.surveys.aggregates import QuestionResult, ResultFilter, build_rows
from participation.surveys.models import SurveyAnswer
from participation.surveys.questions.base import (
    NUM,
    OPTION,
    AnswerValue,
    Column,
    ExportContext,
    Parsed,
)
from participation.surveys.questions.choice import _Choice


class Ranking(_Choice):
    """Put options in order: a rank select per option (works without JavaScript)."""

    key = "ranking"
    label = _l("Ranking")
    settings_fields = ()
    condition_source = False
    breakdown = False
    counter_fields = ("option", "value")

    def clean_settings(self, settings: dict) -> dict:
        """No settings."""
        return {}

    def parse(self, question, form, ctx) -> Parsed:
        """Ranks 1…m, each used once, without gaps; unranked options are left out."""
        parsed = Parsed()
        ranks: dict[int, int] = {}
        for option in question.options:
            name = f"{question.field_name}_{option.code}"
            value = (form.get(name) or "").strip()
            parsed.raw[name] = value
            if not value:
                continue
            rank = parse_int(value, min=1, max=len(question.options))
            if rank is None:
                parsed.error = _(
                    "Please choose a rank between 1 and %(n)s.", n=len(question.options)
                )
                return parsed
            ranks[option.id] = rank
        used = sorted(ranks.values())
        if len(set(used)) != len(used):
            parsed.error = _("Please give each rank only once.")
        elif used and used != list(range(1, len(used) + 1)):
            parsed.error = _("Please start with rank 1 and leave no gaps.")
        else:
            parsed.values = [AnswerValue(option_id=o, value_num=r) for o, r in ranks.items()]
        return self.check_required(question, parsed)

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """First places per option (they add up) and the mean rank where enough people ranked."""
        if flt.counters is not None:
            stats = self._counter_stats(question, flt)
        else:
            stats = self._live_stats(question, flt)
        # Every respondent who ranked anything has exactly one first place.
        firsts = sum(first for _n, first, _m in stats.values())
        items = []
        for o in question.options:
            first = stats.get(o.id, (0, 0, None))[1]
            items.append((o.code, o.label_text, first, first * 100.0 / firsts if firsts else 0.0))
        rows, answered = build_rows(items, firsts, k, additive=True)
        for option, row in zip(question.options, rows, strict=True):
            n, _first, mean = stats.get(option.id, (0, 0, None))
            row.extra["mean_rank"] = round(mean, 2) if mean is not None and n >= k else None
        return QuestionResult(
            question,
            "ranking",
            answered,
            rows,
            note=_("Bars: how often an option was put in first place. Lower mean rank = higher."),
        )

    def _live_stats(self, question, flt: ResultFilter) -> dict:
        """``{option id: (ranked, first places, mean rank)}`` in one pass over the answers."""
        return {
            option_id: (n, first or 0, mean)
            for option_id, n, first, mean in db.session.execute(
                flt.apply(
                    select(
                        SurveyAnswer.option_id,
                        func.count(),
                        func.sum(case((SurveyAnswer.value_num == 1, 1), else_=0)),
                        func.avg(SurveyAnswer.value_num),
                    )
                    .where(SurveyAnswer.question_id == question.id)
                    .group_by(SurveyAnswer.option_id)
                )
            )
        }

    def _counter_stats(self, question, flt: ResultFilter) -> dict:
        """The same figures from the maintained counts per (option, rank)."""
        counts, _base = flt.counters.grouped(question.id, lambda key: (key.option, key.value))
        stats: dict = {}
        for (option_id, rank), (n, _pct) in sorted(counts.items()):
            total, first, rank_sum = stats.get(option_id, (0, 0, 0.0))
            stats[option_id] = (total + n, first + (n if rank == 1 else 0), rank_sum + rank * n)
        return {o: (n, first, rank_sum / n) for o, (n, first, rank_sum) in stats.items()}

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """One rank column per option (``Q05_1``); empty when not ranked."""
        return [
            Column(f"{question.code}_{o.code}", f"{question.text_value}: {o.label_text}")
            for o in question.options
        ]

    def exporter(self, question, ctx: ExportContext):
        """Fast row function: the rank per option."""
        ids = [o.id for o in question.options]

        def run(answers) -> list[str]:
            ranks = {a[OPTION]: a[NUM] for a in answers if a[NUM] is not None}
            return [str(int(ranks[i])) if i in ranks else "" for i in ids]

        return run

    export_fields = ("option_id", "value_num")

    def column_exporter(self, question, ctx: ExportContext):
        """Columns of a batch: the rank per option (empty when not ranked)."""
        options = [o.id for o in question.options]

        def build(ids, rows):
            ranked: dict = {o: {} for o in options}
            for row in rows:
                bucket = ranked.get(row[1])
                if bucket is not None and row[2] is not None:
                    bucket[row[0]] = row[2]
            text = {rank: str(int(rank)) for b in ranked.values() for rank in set(b.values())}
            return [list(map(text.get, map(ranked[o].get, ids))) for o in options]

        return build

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """The rank of each option."""
        out = {f"{question.code}_{o.code}": "" for o in question.options}
        for a in answers:
            if a.option_id in ctx.option_codes and a.value_num is not None:
                out[f"{question.code}_{ctx.option_codes[a.option_id]}"] = str(int(a.value_num))
        return out
