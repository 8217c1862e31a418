"""Place on a map (inside the process areas) and pick your area (from the area list by name).

Without JavaScript the map question shows its fallback: a list of the process's areas.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.areas import lookup
from participation.core.params import parse_int
from participation.surveys.aggregates import (
    QuestionResult,
    ResultFilter,
    build_rows,
    grouped_counts,
)
from participation.surveys.counters import by_area
from participation.surveys.models import SurveyAnswer
from participation.surveys.questions.area_lists import WITHIN, area_groups, area_names
from participation.surveys.questions.base import (
    AREA,
    LAT,
    LON,
    AnswerValue,
    Column,
    ExportContext,
    Parsed,
    QuestionType,
    number_text,
)
from participation.surveys.questions.columns import cells, first, numbers

#: Stored coordinates are rounded to about one metre.
DECIMALS = 5


class _AreaAnswer(QuestionType):
    can_locate_respondent = True
    counter_fields = ("area",)

    def _choices(self, question, ctx) -> list[tuple[str, list]]:
        raise NotImplementedError

    def allowed_ids(self, question, ctx) -> set[int]:
        """Area ids the question accepts."""
        return {i for _, items in self._choices(question, ctx) for i, _ in items}

    def aggregate(self, question, flt: ResultFilter, k: int) -> QuestionResult:
        """Counts per area, by name; areas nobody chose are left out."""
        counts, total = grouped_counts(
            question.id,
            flt,
            SurveyAnswer.area_id,
            where=[SurveyAnswer.area_id.is_not(None)],
            counter=by_area,
        )
        names = area_names(counts)
        items = sorted(
            ((str(i), names.get(i, "?"), n, pct) for i, (n, pct) in counts.items() if i),
            key=lambda item: item[1],
        )
        rows, answered = build_rows(items, total, k, additive=True)
        return QuestionResult(question, "bars", answered, rows)


class PickArea(_AreaAnswer):
    """Choose an area by name from a list (grouped by the next level up)."""

    key = "area"
    label = _l("Pick your area")
    settings_fields = ("level", "within", "home")

    def clean_settings(self, settings: dict) -> dict:
        """Level rank (default: the lowest), where the list comes from, respondent's area."""
        within = settings.get("within") or "district"
        if within not in WITHIN:
            raise ValueError(_("Please choose where the list of areas comes from."))
        level = settings.get("level")
        return {
            "level": int(level) if level not in (None, "") else None,
            "within": within,
            "home": bool(settings.get("home")),
        }

    def _choices(self, question, ctx):
        return ctx.cached(
            ("area", question.id),
            lambda: area_groups(
                ctx.survey.process,
                question.settings.get("level"),
                question.settings.get("within", "district"),
            ),
        )

    def choices(self, question, ctx) -> list[tuple[str, list]]:
        """Grouped choices for the select."""
        return self._choices(question, ctx)

    def parse(self, question, form, ctx) -> Parsed:
        """An area id from the list."""
        name = question.field_name
        value = (form.get(name) or "").strip()
        parsed = Parsed(raw={name: value})
        if not value:
            return self.check_required(question, parsed)
        area_id = parse_int(value)
        if area_id is None or area_id not in self.allowed_ids(question, ctx):
            parsed.error = _("Please choose an area from the list.")
        else:
            parsed.values = [AnswerValue(area_id=area_id)]
        return parsed

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """The area code; the codebook lists the names."""
        values = [
            (ctx.area_codes.get(i, str(i)), name)
            for _, items in area_groups(
                ctx.survey.process,
                question.settings.get("level"),
                question.settings.get("within", "district"),
            )
            for i, name in items
        ]
        return [Column(question.code, question.text_value, values)]

    def exporter(self, question, ctx: ExportContext):
        """Fast row function: the official area code."""
        codes = ctx.area_codes

        def run(answers) -> list[str]:
            return [codes.get(answers[0][AREA], "") if answers else ""]

        return run

    export_fields = ("area_id",)

    def column_exporter(self, question, ctx: ExportContext):
        """Column of a batch: the official area code (defused once in the context)."""
        codes = ctx.area_codes

        def build(ids, rows):
            return [cells(ids, first(rows, 1, codes.get))]

        return build

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """Official area code."""
        area_id = answers[0].area_id if answers else None
        return {question.code: ctx.area_codes.get(area_id, "") if area_id else ""}


class MapPlace(_AreaAnswer):
    """A point on a map inside the process areas; falls back to picking one of those areas."""

    key = "map"
    grouped = True
    label = _l("Place on a map")
    settings_fields = ("home",)

    def clean_settings(self, settings: dict) -> dict:
        """Only whether the place is the respondent's area."""
        return {"home": bool(settings.get("home"))}

    def _choices(self, question, ctx):
        return ctx.cached(
            ("map", ctx.survey.process_id),
            lambda: area_groups(ctx.survey.process, None, "process"),
        )

    def choices(self, question, ctx) -> list[tuple[str, list]]:
        """The fallback list: the lowest-level areas of the process."""
        return self._choices(question, ctx)

    def parse(self, question, form, ctx) -> Parsed:
        """A point inside the process areas, or (without JavaScript) one of their areas."""
        name = question.field_name
        lon_text = (form.get(f"{name}_lon") or "").strip()[:30]
        lat_text = (form.get(f"{name}_lat") or "").strip()[:30]
        area_text = (form.get(name) or "").strip()
        parsed = Parsed(raw={f"{name}_lon": lon_text, f"{name}_lat": lat_text, name: area_text})
        if lon_text or lat_text:
            try:
                lon, lat = round(float(lon_text), DECIMALS), round(float(lat_text), DECIMALS)
            except ValueError:
                lon = lat = None
            if lon is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
                parsed.error = _(
                    "The place could not be read. Please set it on the map again "
                    "or choose the area from the list."
                )
                return parsed
            located = lookup.locate(lon, lat)  # once: the containment test reads it too
            inside = set(located.values())
            if not any(a.id in inside for a in ctx.survey.process.areas):
                parsed.error = _(
                    "This place is outside the area of this survey. Please choose a place "
                    "inside the marked area."
                )
                return parsed
            area_id = list(located.values())[-1] if located else None  # the lowest level
            parsed.values = [AnswerValue(lon=lon, lat=lat, area_id=area_id)]
            return parsed
        if area_text:
            area_id = parse_int(area_text)
            if area_id is None or area_id not in self.allowed_ids(question, ctx):
                parsed.error = _("Please choose an area from the list.")
            else:
                parsed.values = [AnswerValue(area_id=area_id)]
            return parsed
        return self.check_required(question, parsed)

    def columns(self, question, ctx: ExportContext) -> list[Column]:
        """Longitude, latitude (WGS84) and the code of the area containing the place."""
        return [
            Column(f"{question.code}_lon", _("%(q)s: longitude (WGS84)", q=question.text_value)),
            Column(f"{question.code}_lat", _("%(q)s: latitude (WGS84)", q=question.text_value)),
            Column(f"{question.code}_area", _("%(q)s: area code", q=question.text_value)),
        ]

    def exporter(self, question, ctx: ExportContext):
        """Fast row function: longitude, latitude, area code."""
        codes = ctx.area_codes

        def run(answers) -> list[str]:
            if not answers:
                return ["", "", ""]
            a = answers[0]
            return [number_text(a[LON]), number_text(a[LAT]), codes.get(a[AREA], "")]

        return run

    export_fields = ("lon", "lat", "area_id")

    def column_exporter(self, question, ctx: ExportContext):
        """Columns of a batch: longitude, latitude, area code."""
        codes = ctx.area_codes

        def build(ids, rows):
            return [
                numbers(ids, rows, 1),
                numbers(ids, rows, 2),
                cells(ids, first(rows, 3, codes.get)),
            ]

        return build

    def export_values(self, question, answers, ctx: ExportContext) -> dict[str, str]:
        """Coordinates (empty when only an area was picked) and the area code."""
        a = answers[0] if answers else None
        return {
            f"{question.code}_lon": number_text(a.lon) if a else "",
            f"{question.code}_lat": number_text(a.lat) if a else "",
            f"{question.code}_area": ctx.area_codes.get(a.area_id, "") if a and a.area_id else "",
        }
