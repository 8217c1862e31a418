"""Short and long free-text questions (answers go to the moderation list)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.suppression import suppress
from participation.surveys.aggregates import QuestionResult, ResultFilter, respondents
from participation.surveys.questions.base import (
    TEXT,
    AnswerValue,
    ExportContext,
    Parsed,
    QuestionType,
)
from participation.surveys.questions.columns import text_columns


class ShortText(QuestionType):
    """One line of text."""

    key = "short_text"
    label = _l("Short text")
    settings_fields = ("max_length",)
    free_text = True
    default_max = 200
    limit = 500

    def clean_settings(self, settings: dict) -> dict:
        """Maximum length between 1 and the type's limit."""
        maximum = settings.get("max_length") or self.default_max
        if not 1 <= int(maximum) <= self.limit:
            raise ValueError(_("The maximum length must be between 1 and %(n)s.", n=self.limit))
        return {"max_length": int(maximum)}

    def max_length(self, question) -> int:
        """Allowed number of characters."""
        return int(question.settings.get("max_length") or self.default_max)

    def parse(self, question, form, ctx) -> Parsed:
        """Text up to the maximum length; longer text is refused, not cut."""
        name = question.field_name
        text = (form.get(name) or "").replace("\r\n", "\n").strip()
        parsed = Parsed(raw={name: text})
        if not text:
            return self.check_required(question, parsed)
        maximum = self.max_length(question)
        if len(text) > maximum:
            parsed.error = _(
                "Please shorten your answer to %(n)s characters (now %(len)s).",
                n=maximum,
                len=len(text),
            )
        else:
            parsed.values = [AnswerValue(value_text=text)]
        return parsed

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Only how many answered; the texts are listed after moderation."""
        return QuestionResult(question, "text", suppress(respondents(question.id, flt), k))

    def exporter(self, question, ctx: ExportContext):
        """Fast row function: the text."""

        def run(answers) -> list[str]:
            return [(answers[0][TEXT] or "") if answers else ""]

        return run

    export_fields = ("value_text",)

    def column_exporter(self, question, ctx: ExportContext):
        """Column of a batch: the text, defused."""
        return text_columns(question, ctx)

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """The text."""
        return {question.code: answers[0].value_text or "" if answers else ""}


class LongText(ShortText):
    """Several lines of text."""

    key = "long_text"
    label = _l("Long text")
    default_max = 2000
    limit = 10000
