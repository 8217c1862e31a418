"""Date questions (optionally between two dates); results by month."""

import re
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from participation.surveys.aggregates import (
    QuestionResult,
    ResultFilter,
    build_rows,
    grouped_counts,
)
from participation.surveys.counters import by_month
from participation.surveys.models import SurveyAnswer
from participation.surveys.questions.base import AnswerValue, ExportContext, Parsed, QuestionType
from participation.surveys.questions.columns import text_columns
from participation.surveys.questions.scalar import _text_exporter


def parse_date(text: str) -> date | None:
    """``2026-05-01`` (date input) or ``1.5.2026`` (typed) → date; None if invalid."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


class DateQuestion(QuestionType):
    """A calendar date, optionally between two dates."""

    key = "date"
    label = _l("Date")
    settings_fields = ("min_date", "max_date")
    counter_fields = ("month",)
    exporter = staticmethod(_text_exporter)
    column_exporter = staticmethod(text_columns)
    export_fields = ("value_text",)

    def clean_settings(self, settings: dict) -> dict:
        """Optional earliest and latest date (ISO)."""
        cleaned = {}
        for key in ("min_date", "max_date"):
            value = settings.get(key)
            if value:
                cleaned[key] = value.isoformat() if isinstance(value, date) else str(value)
        if cleaned.get("min_date") and cleaned.get("max_date"):
            if cleaned["min_date"] > cleaned["max_date"]:
                raise ValueError(_("The earliest date must not be after the latest date."))
        return cleaned

    def parse(self, question, form, ctx) -> Parsed:
        """A valid date within the bounds."""
        name = question.field_name
        text = (form.get(name) or "").strip()[:20]
        parsed = Parsed(raw={name: text})
        if not text:
            return self.check_required(question, parsed)
        value = parse_date(text)
        low, high = question.settings.get("min_date"), question.settings.get("max_date")
        if value is None:
            parsed.error = _("Please enter a date like 31.05.2026.")
        elif low and value.isoformat() < low:
            parsed.error = _(
                "Please enter a date on or after %(date)s.",
                date=format_date(date.fromisoformat(low)),
            )
        elif high and value.isoformat() > high:
            parsed.error = _(
                "Please enter a date on or before %(date)s.",
                date=format_date(date.fromisoformat(high)),
            )
        else:
            parsed.values = [AnswerValue(value_text=value.isoformat())]
        return parsed

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Counts per month."""
        month = func.substr(SurveyAnswer.value_text, 1, 7)
        counts, total = grouped_counts(question.id, flt, month, counter=by_month)
        items = []
        for key in sorted(k_ for k_ in counts if k_):
            label = format_date(date.fromisoformat(f"{key}-01"), "MMMM yyyy")
            items.append((key, label, *counts[key]))
        rows, answered = build_rows(items, total, k, additive=True)
        return QuestionResult(question, "bars", answered, rows)

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """ISO date."""
        return {question.code: answers[0].value_text or "" if answers else ""}
