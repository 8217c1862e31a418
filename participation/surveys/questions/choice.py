"""Single choice, multiple choice (both with an optional "other" text) and ranking."""

from operator import itemgetter

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.surveys.aggregates import (
    QuestionResult,
    ResultFilter,
    build_rows,
    grouped_counts,
)
from participation.surveys.counters import by_option
from participation.surveys.models import SurveyAnswer
from participation.surveys.questions.base import (
    OPTION,
    TEXT,
    AnswerValue,
    Column,
    ExportContext,
    Parsed,
    QuestionType,
)
from participation.surveys.questions.columns import cells, defuse_cells, response_of

OTHER = "other"
#: Rows of the choice types' column exporters: ``(response_id, option_id, value_text)``.
CHOICE_FIELDS = ("option_id", "value_text")
option_of = itemgetter(1)
OTHER_MAX = 500


def bad_option() -> str:
    """Message for an option code that the question does not have (a tampered form)."""
    return _("This answer option does not exist. Please choose one of the options shown.")


class _Choice(QuestionType):
    grouped = True
    has_options = True
    locked_settings = ("allow_other",)
    condition_source = True
    breakdown = True
    min_options = 2
    counter_fields = ("option",)

    def clean_settings(self, settings: dict) -> dict:
        """Keep the "other" switch (and the maximum for multiple choice)."""
        return {"allow_other": bool(settings.get("allow_other"))}

    def condition_choices(self, question) -> list[tuple[str, str]]:
        """Each option can be tested."""
        return [(o.code, o.label_text) for o in question.options]

    def _other(self, question, form, raw) -> str:
        text = (form.get(f"{question.field_name}_other") or "").strip()[:OTHER_MAX]
        raw[f"{question.field_name}_other"] = text
        return text

    def _items(self, question, counts):
        items = [
            (o.code, o.label_text, *counts.get(o.id, (0, 0.0)))
            for o in question.options  # every option, also those nobody chose
        ]
        if question.settings.get("allow_other") or None in counts:
            items.append((OTHER, _("Other"), *counts.get(None, (0, 0.0))))
        return items

    def breakdown_key(self, question):
        """Cross-table columns: the options (and "other")."""
        keys = [(o.id, o.label_text) for o in question.options]
        if question.settings.get("allow_other"):
            keys.append((None, _("Other")))
        return SurveyAnswer.option_id, keys

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """One code column (single) or one 0/1 column per option (multiple), plus "other"."""
        cols = [
            Column(
                question.code,
                question.text_value,
                [(o.code, o.label_text) for o in question.options]
                + ([(OTHER, _("Other"))] if question.settings.get("allow_other") else []),
            )
        ]
        if question.settings.get("allow_other"):
            cols.append(Column(f"{question.code}_{OTHER}", _("Other (text)")))
        return cols


class SingleChoice(_Choice):
    """Choose one option (radio buttons)."""

    key = "single"
    label = _l("Single choice")
    settings_fields = ("allow_other",)

    def parse(self, question, form, ctx) -> Parsed:
        """One option code, or "other" with its text."""
        name = question.field_name
        value = (form.get(name) or "").strip()
        parsed = Parsed(raw={name: value})
        other = (
            self._other(question, form, parsed.raw) if question.settings.get("allow_other") else ""
        )
        if not value and other:  # typed into "other" without ticking it: that is the answer
            value = parsed.raw[name] = OTHER
        if not value:
            return self.check_required(question, parsed)
        if value == OTHER and question.settings.get("allow_other"):
            if not other:
                parsed.error = _("Please write your other answer in the text field.")
            else:
                parsed.values, parsed.keys = [AnswerValue(value_text=other)], {OTHER}
            return parsed
        option = question.option_by_code(value)
        if option is None:
            parsed.error = bad_option()
        else:
            parsed.values, parsed.keys = [AnswerValue(option_id=option.id)], {option.code}
        return parsed

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Counts per option with complementary suppression (the options add up)."""
        counts, total = grouped_counts(question.id, flt, SurveyAnswer.option_id, counter=by_option)
        items = self._items(question, counts)
        rows, answered = build_rows(items, total, k, additive=True)
        return QuestionResult(question, "bars", answered, rows)

    def exporter(self, question, ctx: ExportContext):
        """Fast row function: option code (or ``other``) and, if offered, the other text."""
        codes, other = ctx.option_codes, bool(question.settings.get("allow_other"))

        def run(answers) -> list[str]:
            code = text = ""
            for a in answers:
                if a[OPTION] is None:
                    code, text = OTHER, a[TEXT] or ""
                else:
                    code = codes.get(a[OPTION], "")
            return [code, text] if other else [code]

        return run

    export_fields = CHOICE_FIELDS

    def column_exporter(self, question, ctx: ExportContext):
        """Columns of a batch: option code (the last row wins, as above), the other text."""
        codes = {**ctx.option_codes, None: OTHER}  # defused once in the context
        other = bool(question.settings.get("allow_other"))

        def build(ids, rows):
            options = map(codes.get, map(option_of, rows))
            chosen = dict(zip(map(response_of, rows), options, strict=True))
            columns = [cells(ids, chosen)]
            if other:
                said = {r[0]: r[2] for r in rows if r[1] is None}
                columns.append(defuse_cells(cells(ids, said)))
            return columns

        return build

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """Option code (or ``other``) and the other text."""
        out = {question.code: ""}
        if question.settings.get("allow_other"):
            out[f"{question.code}_{OTHER}"] = ""
        for a in answers:
            if a.option_id is None:
                out[question.code] = OTHER
                out[f"{question.code}_{OTHER}"] = a.value_text or ""
            else:
                out[question.code] = ctx.option_codes.get(a.option_id, "")
        return out


class MultipleChoice(_Choice):
    """Tick any number of options (check boxes), optionally at most ``max_choices``."""

    key = "multiple"
    label = _l("Multiple choice")
    settings_fields = ("allow_other", "max_choices")

    def clean_settings(self, settings: dict) -> dict:
        """``allow_other`` and an optional positive ``max_choices``."""
        cleaned = super().clean_settings(settings)
        maximum = settings.get("max_choices")
        if maximum not in (None, ""):
            if int(maximum) < 1:
                raise ValueError(_("The maximum number of choices must be at least 1."))
            cleaned["max_choices"] = int(maximum)
        return cleaned

    def parse(self, question, form, ctx) -> Parsed:
        """Any number of option codes, each existing once."""
        name = question.field_name
        chosen = list(dict.fromkeys(v.strip() for v in form.getlist(name) if v.strip()))
        parsed = Parsed(raw={name: chosen})
        allow_other = question.settings.get("allow_other")
        other = self._other(question, form, parsed.raw) if allow_other else ""
        if other and OTHER not in chosen:
            chosen.append(OTHER)
        for code in chosen:
            if code == OTHER and allow_other:
                if not other:
                    parsed.error = _("Please write your other answer in the text field.")
                    return parsed
                parsed.values.append(AnswerValue(value_text=other))
                parsed.keys.add(OTHER)
                continue
            option = question.option_by_code(code)
            if option is None:
                parsed.error = bad_option()
                parsed.values = []
                return parsed
            parsed.values.append(AnswerValue(option_id=option.id))
            parsed.keys.add(code)
        maximum = question.settings.get("max_choices")
        if maximum and len(parsed.values) > maximum:
            parsed.error = _("Please choose at most %(n)s answers.", n=maximum)
            parsed.values = []
        return self.check_required(question, parsed)

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Counts per option as a share of the respondents (they add up to more than 100 %)."""
        counts, total = grouped_counts(
            question.id, flt, SurveyAnswer.option_id, per_respondent=True, counter=by_option
        )
        items = self._items(question, counts)
        rows, answered = build_rows(items, total, k, additive=False)
        return QuestionResult(
            question,
            "bars",
            answered,
            rows,
            additive=False,
            note=_("Several answers were possible, so the shares add up to more than 100 %."),
        )

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """One 0/1 column per option (``Q02_1``), plus the "other" flag and text."""
        yes_no = [("1", _("chosen")), ("0", _("not chosen"))]
        cols = [
            Column(f"{question.code}_{o.code}", f"{question.text_value}: {o.label_text}", yes_no)
            for o in question.options
        ]
        if question.settings.get("allow_other"):
            cols.append(Column(f"{question.code}_{OTHER}", _("Other (text)")))
        return cols

    def exporter(self, question, ctx: ExportContext):
        """Fast row function: 1/0 per option (empty when unanswered), then the other text."""
        ids, other = [o.id for o in question.options], bool(question.settings.get("allow_other"))

        def run(answers) -> list[str]:
            if not answers:
                return [""] * (len(ids) + other)
            chosen = {a[OPTION] for a in answers}
            row = ["1" if i in chosen else "0" for i in ids]
            if other:
                row.append(next((a[TEXT] or "" for a in answers if a[OPTION] is None), ""))
            return row

        return run

    export_fields = CHOICE_FIELDS

    def column_exporter(self, question, ctx: ExportContext):
        """Columns of a batch: 1/0 per option (empty when unanswered), the other text."""
        ids_, other = [o.id for o in question.options], bool(question.settings.get("allow_other"))

        def build(ids, rows):
            # "0" for everyone who answered, "1" over it where ticked: dict merges run in C
            zero = dict.fromkeys(map(response_of, rows), "0")
            ticked: dict = {o: {} for o in ids_}
            for rid, option in zip(map(response_of, rows), map(option_of, rows), strict=True):
                bucket = ticked.get(option)
                if bucket is not None:
                    bucket[rid] = "1"
            columns = [cells(ids, {**zero, **ticked[o]}) for o in ids_]
            if other:
                said = {r[0]: r[2] for r in reversed(rows) if r[1] is None}
                columns.append(defuse_cells(cells(ids, said)))
            return columns

        return build

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """1/0 per option when the question was answered, else empty."""
        answered = bool(answers)
        out = {f"{question.code}_{o.code}": "0" if answered else "" for o in question.options}
        if question.settings.get("allow_other"):
            out[f"{question.code}_{OTHER}"] = ""
        for a in answers:
            if a.option_id is None:
                out[f"{question.code}_{OTHER}"] = a.value_text or ""
            elif a.option_id in ctx.option_codes:
                out[f"{question.code}_{ctx.option_codes[a.option_id]}"] = "1"
        return out
