"""The question type interface and the values a type reads from a form."""

from collections import namedtuple
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from participation.surveys.aggregates import QuestionResult, ResultFilter


@dataclass
class AnswerValue:
    """One row for ``survey_answers`` (without response and question)."""

    option_id: int | None = None
    value_num: float | None = None
    value_text: str | None = None
    lon: float | None = None
    lat: float | None = None
    area_id: int | None = None


@dataclass
class Parsed:
    """A question's answer read from a form: what to store, what to show again, the error."""

    #: Form values to put back into the form on an error (field name → str or list).
    raw: dict[str, Any] = field(default_factory=dict)
    values: list[AnswerValue] = field(default_factory=list)
    error: str | None = None
    #: Values a later question's condition can refer to (option codes, numbers as text).
    keys: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        """True when nothing was answered."""
        return not self.values


@dataclass
class Column:
    """One CSV column and its codebook entry."""

    code: str
    label: str
    #: ``(value code, label)`` pairs for the codebook; empty for free values.
    values: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ExportContext:
    """Lookups an export needs: option and area codes by id."""

    survey: Any
    option_codes: dict[int, str]
    area_codes: dict[int, str]


#: Positions in an answer row of the export: a plain tuple as the database returns it,
#: ``(response_id, question_id, option_id, value_num, value_text, lon, lat, area_id)``. The fast
#: exporters index it directly; building an object per answer was a third of the export's time.
OPTION, NUM, TEXT, LON, LAT, AREA = 2, 3, 4, 5, 6, 7
#: The same row with names, for :meth:`QuestionType.export_values` (the slower generic path).
AnswerRow = namedtuple(
    "AnswerRow",
    ["response_id", "question_id", "option_id", "value_num", "value_text", "lon", "lat", "area_id"],
)


def number_text(value: float | None) -> str:
    """``3.0`` → ``"3"``, ``2.5`` → ``"2.5"``; None → ``""``."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class QuestionType:
    """Base class of a question type; subclasses override what differs."""

    #: Registry key, stored in ``survey_questions.type``.
    key = ""
    #: Name shown in the builder.
    label: Any = ""
    #: The builder shows the option rows.
    has_options = False
    #: Builder settings fields this type uses (see ``QuestionForm``).
    settings_fields: tuple[str, ...] = ()
    #: Later questions may be shown depending on this question's answer.
    condition_source = False
    #: Results can be cross-tabulated by area or demographic group.
    breakdown = False
    #: The answer can serve as the respondent's area (results by area).
    can_locate_respondent = False
    #: Free-text answers go to the moderation list.
    free_text = False
    #: Settings that may not change once the survey has answers.
    locked_settings: tuple[str, ...] = ()
    #: Answer columns the results group by, kept as maintained counters (see ``counters.py``):
    #: any of ``option``, ``value``, ``area``, ``month``.
    counter_fields: tuple[str, ...] = ()
    #: The answer is a group of inputs (``<fieldset>`` with the question as legend), not one
    #: labelled field.
    grouped = False
    #: Answer columns (of ``survey_answers``) that :meth:`column_exporter` reads: its rows are
    #: then ``(response_id, *export_fields)``. ``None``: the full row (positions ``OPTION`` …
    #: ``AREA``), which the default column exporter needs. Fewer columns make the export's
    #: fetch about 40 % cheaper on SQLite.
    export_fields: tuple[str, ...] | None = None

    @property
    def template(self) -> str:
        """Template with this type's ``answer`` macro (see ``surveys/_questions.html``)."""
        return f"surveys/questions/{self.key}.html"

    @property
    def editor_template(self) -> str:
        """Staff template with this type's ``editor`` macro: its builder settings."""
        return f"surveys/manage/questions/{self.key}.html"

    def parse(self, question, form, ctx) -> Parsed:
        """Read and validate the answer from the submitted *form* (a MultiDict)."""
        raise NotImplementedError

    def check_required(self, question, parsed: Parsed) -> Parsed:
        """Add the "please answer" error to an empty answer of a required question."""
        if question.required and parsed.empty and not parsed.error:
            parsed.error = _("Please answer this question.")
        return parsed

    def clean_settings(self, settings: dict) -> dict:
        """Check the builder settings; raise ``ValueError`` with a message when they are wrong."""
        return {k: settings[k] for k in self.settings_fields if k in settings}

    def condition_choices(self, question) -> list[tuple[str, str]]:
        """Values a condition on this question can test: ``(value, label)``."""
        return []

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Count this question's answers in SQL and suppress small numbers."""
        raise NotImplementedError

    def breakdown_key(self, question):
        """SQL expression and ``[(key, label)]`` for the columns of a cross-table."""
        raise NotImplementedError

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """CSV columns of this question, with codebook values."""
        return [Column(question.code, question.text_value)]

    def export_values(self, question, answers: list, ctx: ExportContext) -> dict[str, str]:
        """``{column code: text}`` for one response's answer rows to this question."""
        raise NotImplementedError

    def exporter(self, question, ctx: ExportContext):
        """A function ``answers → [text per column]`` for the export's row loop.

        Built once per export; types override it with a version that precomputes lookups, because
        it runs for every response (100,000 × 20 calls for a big survey).
        """
        codes = [c.code for c in self.columns(question, ctx)]

        def run(answers) -> list[str]:
            values = self.export_values(question, [AnswerRow._make(a) for a in answers], ctx)
            return [values.get(code, "") for code in codes]

        return run

    def column_exporter(self, question, ctx: ExportContext):
        """A function ``(response ids, answer rows) → [column, …]`` for a batch of responses.

        What the CSV export calls (see :mod:`.columns` for the contract: cells ready for the
        spreadsheet, free texts defused; rows as :attr:`export_fields` says). The default wraps
        :meth:`exporter` and defuses every cell; the built-in types build their columns in C
        loops instead.
        """
        from participation.surveys.questions.columns import from_row_function

        return from_row_function(self.exporter(question, ctx), len(self.columns(question, ctx)))
