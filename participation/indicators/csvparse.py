"""Reading indicator CSV files: numbers (German or English), the mapping, rows and the report.

Only an empty cell means "suppressed"; anything else that is not a number is a problem. The
report (:class:`ImportReport`) lists every problem with its line, for the dry run and the page.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from participation.core.errors import ServiceError

#: Problems listed in full; beyond that the report says how many more there are.
MAX_LISTED_PROBLEMS = 200
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$")


@dataclass
class Problem:
    """One reason a row cannot be imported as it is."""

    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s (%(code)s): %(message)s", **self.__dict__)


@dataclass
class ImportReport:
    """What an import found and did; ``applied`` is False for a dry run or a refused file."""

    rows: int = 0
    values: int = 0
    suppressed: int = 0
    replaced: int = 0
    areas: int = 0
    skipped_rows: int = 0
    population_set: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    @property
    def bad_lines(self) -> set[int]:
        """Line numbers with at least one problem."""
        return {p.line for p in self.problems}

    @property
    def listed_problems(self) -> list[Problem]:
        """The first problems, for a page or a terminal."""
        return self.problems[:MAX_LISTED_PROBLEMS]

    def summary(self) -> str:
        """One line for the command line and the page."""
        return _(
            "%(rows)s rows, %(values)s values (%(suppressed)s suppressed) for %(areas)s areas, "
            "%(problems)s problems, %(skipped)s rows skipped.",
            rows=self.rows,
            values=self.values,
            suppressed=self.suppressed,
            areas=self.areas,
            problems=len(self.problems),
            skipped=self.skipped_rows,
        )


def parse_number(raw: str) -> float | None:
    """Read a number written the German or the English way; ``""`` is None (suppressed).

    :raises ValueError: for anything else that is not a number.
    """
    text = raw.strip().replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text and "." in text:  # 1.234,5 or 1,234.5: the last separator is the decimal one
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    if not _NUMBER.match(text):
        raise ValueError(raw)
    return float(text.replace(",", "."))


def parse_mapping(spec: str) -> dict[str, str]:
    """``"EW=population,KI_08=municipal_housing"`` → ``{"EW": "population", …}``."""
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        column, sep, code = part.partition("=")
        if not sep or not column.strip() or not code.strip():
            raise ServiceError(
                _("Write the mapping as COLUMN=indicator, separated by commas."), "mapping"
            )
        mapping[column.strip()] = code.strip()
    if not mapping:
        raise ServiceError(_("Map at least one column to an indicator."), "mapping")
    return mapping


def _read_rows(text: str, area_column: str, columns: list[str]):
    """Yield ``(line, code, {column: raw})`` after checking the header; sniffs , ; or tab."""
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for column in [area_column, *columns]:
        if column not in header:
            raise ServiceError(
                _(
                    "The column %(col)s is missing. The file has: %(cols)s",
                    col=column,
                    cols=", ".join(header[:30]),
                ),
                "mapping" if column != area_column else "area_column",
            )
    for line, row in enumerate(reader, start=2):
        yield line, (row.get(area_column) or "").strip(), {c: row.get(c) or "" for c in columns}


def parse_rows(text, area_column, columns, report, known_code):
    """Rows as ``(line, code, {column: float | None})``; problems go to the report."""
    seen: dict[str, int] = {}
    parsed = []
    for line, code, raw in _read_rows(text, area_column, columns):
        report.rows += 1
        if not code:
            report.problems.append(Problem(line, "", _("the area code is empty")))
            continue
        if code in seen:
            report.problems.append(
                Problem(line, code, _("duplicate: line %(first)s has this code", first=seen[code]))
            )
            continue
        seen[code] = line
        if not known_code(code):
            report.problems.append(Problem(line, code, _("unknown area code")))
        values = {}
        for column, text_value in raw.items():
            try:
                values[column] = parse_number(text_value)
            except ValueError:
                report.problems.append(
                    Problem(
                        line,
                        code,
                        _(
                            "%(col)s: %(value)s is not a number",
                            col=column,
                            value=text_value.strip()[:40],
                        ),
                    )
                )
        parsed.append((line, code, values))
    return parsed
