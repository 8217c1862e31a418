"""Scale (1–5 or 0–10 with end labels) and number (min/max) questions; dates are in date.py."""

import re

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case

from participation.core.i18n import localized
from participation.core.params import parse_int
from participation.surveys.aggregates import (
    QuestionResult,
    ResultFilter,
    build_rows,
    grouped_counts,
    numeric_summary,
    summary_from_counts,
)
from participation.surveys.counters import by_value
from participation.surveys.models import SurveyAnswer
from participation.surveys.questions.base import (
    NUM,
    TEXT,
    AnswerValue,
    Column,
    ExportContext,
    Parsed,
    QuestionType,
    number_text,
)
from participation.surveys.questions.columns import number_columns

BINS = 5
#: Numbers have no option: saying so lets the index (question, option, value) stream the groups.
NO_OPTION = [SurveyAnswer.option_id.is_(None)]
#: Up to this many distinct values, statistics are derived from the grouped counts.
MAX_GROUPS = 2000


def _stats(n: int, mean, median, k: int) -> list[tuple[str, str]]:
    """Mean and median only when enough people answered (a mean of two reveals a lot)."""
    if n < k or mean is None:
        return []
    return [
        (_("Mean"), format_decimal(round(mean, 2))),
        (_("Median"), format_decimal(round(median, 2))),
    ]


def _texts(texts) -> dict[str, str]:
    return {lang: v.strip() for lang, v in (texts or {}).items() if (v or "").strip()}


def _number_exporter(question, ctx: ExportContext):
    def run(answers) -> list[str]:
        return [number_text(answers[0][NUM]) if answers else ""]

    return run


def _text_exporter(question, ctx: ExportContext):
    def run(answers) -> list[str]:
        return [(answers[0][TEXT] or "") if answers else ""]

    return run


class Scale(QuestionType):
    """A rating from ``min`` to ``max`` (1–5 or 0–10) with labels for both ends."""

    key = "scale"
    grouped = True
    label = _l("Scale")
    settings_fields = ("min", "max", "label_min", "label_max")
    locked_settings = ("min", "max")
    counter_fields = ("value",)
    exporter = staticmethod(_number_exporter)
    column_exporter = staticmethod(number_columns)
    export_fields = ("value_num",)
    condition_source = True
    breakdown = True

    def bounds(self, question) -> tuple[int, int]:
        """``(min, max)`` of the scale (default 1–5)."""
        return int(question.settings.get("min", 1)), int(question.settings.get("max", 5))

    def clean_settings(self, settings: dict) -> dict:
        """A scale starts at 0 or 1 and has 3 to 11 steps; end labels per language."""
        low, high = int(settings.get("min", 1)), int(settings.get("max", 5))
        if low not in (0, 1) or not low + 2 <= high <= 10:
            raise ValueError(_("A scale runs from 0 or 1 up to at most 10 (for example 1–5)."))
        return {
            "min": low,
            "max": high,
            "label_min": _texts(settings.get("label_min")),
            "label_max": _texts(settings.get("label_max")),
        }

    def end_labels(self, question) -> tuple[str, str]:
        """Labels of the lowest and highest value in the current language."""
        return localized(question.settings.get("label_min")), localized(
            question.settings.get("label_max")
        )

    def condition_choices(self, question) -> list[tuple[str, str]]:
        """Each scale value."""
        low, high = self.bounds(question)
        return [(str(v), str(v)) for v in range(low, high + 1)]

    def parse(self, question, form, ctx) -> Parsed:
        """One whole number within the scale."""
        name = question.field_name
        value = (form.get(name) or "").strip()
        parsed = Parsed(raw={name: value})
        if not value:
            return self.check_required(question, parsed)
        low, high = self.bounds(question)
        number = parse_int(value, signed=True, min=low, max=high)
        if number is None:
            parsed.error = _("Please choose a value from %(low)s to %(high)s.", low=low, high=high)
            return parsed
        parsed.values, parsed.keys = [AnswerValue(value_num=number)], {str(number)}
        return parsed

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Counts per value (all values shown, also those nobody chose) and the mean."""
        counts, total = grouped_counts(
            question.id, flt, SurveyAnswer.value_num, where=NO_OPTION, counter=by_value
        )
        low, high = self.bounds(question)
        label_low, label_high = self.end_labels(question)
        items = []
        for v in range(low, high + 1):
            label = str(v)
            if v == low and label_low:
                label = f"{v} – {label_low}"
            elif v == high and label_high:
                label = f"{v} – {label_high}"
            items.append((str(v), label, *counts.get(v, (0, 0.0))))
        rows, answered = build_rows(items, total, k, additive=True)
        n, mean, median = summary_from_counts(counts)  # a scale has at most 11 values
        return QuestionResult(question, "bars", answered, rows, stats=_stats(n, mean, median, k))

    def breakdown_key(self, question):
        """Cross-table columns: the scale values."""
        low, high = self.bounds(question)
        return SurveyAnswer.value_num, [(float(v), str(v)) for v in range(low, high + 1)]

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """One numeric column; the codebook names both ends."""
        low, high = self.bounds(question)
        label_low, label_high = self.end_labels(question)
        values = [(str(low), label_low or str(low)), (str(high), label_high or str(high))]
        return [Column(question.code, question.text_value, values)]

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """The value as a whole number."""
        return {question.code: number_text(answers[0].value_num) if answers else ""}


def parse_number(text: str) -> float | None:
    """German or English notation: ``1.234,5`` / ``1,234.5`` / ``2,5`` → float; None if invalid."""
    text = text.strip().replace(" ", "").replace("\u202f", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text)


class Number(QuestionType):
    """A number, optionally whole and between ``min`` and ``max``."""

    key = "number"
    label = _l("Number")
    settings_fields = ("min", "max", "integer")
    counter_fields = ("value",)
    exporter = staticmethod(_number_exporter)
    column_exporter = staticmethod(number_columns)
    export_fields = ("value_num",)

    def clean_settings(self, settings: dict) -> dict:
        """Optional bounds (min below max) and the whole-number switch."""
        cleaned: dict = {"integer": bool(settings.get("integer"))}
        for key in ("min", "max"):
            if settings.get(key) not in (None, ""):
                cleaned[key] = float(settings[key])
        if "min" in cleaned and "max" in cleaned and cleaned["min"] >= cleaned["max"]:
            raise ValueError(_("The smallest allowed number must be below the largest."))
        return cleaned

    def parse(self, question, form, ctx) -> Parsed:
        """A number within the bounds."""
        name = question.field_name
        text = (form.get(name) or "").strip()[:40]
        parsed = Parsed(raw={name: text})
        if not text:
            return self.check_required(question, parsed)
        value = parse_number(text)
        settings = question.settings
        if value is None:
            parsed.error = _("Please enter a number, for example 3 or 2,5.")
        elif settings.get("integer") and not value.is_integer():
            parsed.error = _("Please enter a whole number.")
        elif "min" in settings and value < settings["min"]:
            parsed.error = _("Please enter at least %(min)s.", min=number_text(settings["min"]))
        elif "max" in settings and value > settings["max"]:
            parsed.error = _("Please enter at most %(max)s.", max=number_text(settings["max"]))
        else:
            parsed.values, parsed.keys = [AnswerValue(value_num=value)], {number_text(value)}
        return parsed

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Count, mean, median; with both bounds set also five equal ranges."""
        counts, n = grouped_counts(
            question.id, flt, SurveyAnswer.value_num, where=NO_OPTION, counter=by_value
        )
        # Few distinct values, or maintained counters: statistics from the groups.
        from_groups = len(counts) <= MAX_GROUPS or flt.counters is not None
        if from_groups:
            n, mean, median = summary_from_counts(counts)
        else:
            n, mean, median = numeric_summary(question.id, flt)
        settings = question.settings
        rows, answered = [], None
        if "min" in settings and "max" in settings:
            low, high = settings["min"], settings["max"]
            step = (high - low) / BINS
            edges = [low + step * i for i in range(1, BINS)]
            binned = [0] * BINS
            if from_groups:
                for value, (count, _pct) in counts.items():
                    index = next((i for i, e in enumerate(edges) if value < e), BINS - 1)
                    binned[index] += count
            else:
                key = case(
                    *[(SurveyAnswer.value_num < e, i) for i, e in enumerate(edges)], else_=BINS - 1
                )
                for index, (count, _pct) in grouped_counts(question.id, flt, key)[0].items():
                    binned[index] = count
            items = []
            for i in range(BINS):
                start, end = low + step * i, low + step * (i + 1)
                label = f"{format_decimal(round(start, 2))} – {format_decimal(round(end, 2))}"
                items.append((str(i), label, binned[i], binned[i] * 100.0 / n if n else 0.0))
            rows, answered = build_rows(items, n, k, additive=True)
        else:
            answered = build_rows([], n, k, additive=True)[1]
        return QuestionResult(question, "numeric", answered, rows, _stats(n, mean, median, k))

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """The number, with a dot as decimal separator."""
        return {question.code: number_text(answers[0].value_num) if answers else ""}
