"""Column-wise building blocks of the CSV export (``QuestionType.column_exporter``).

The export works on batches of responses. For each question it receives the batch's response ids
(in CSV order) and the question's answer rows of those responses, ordered by response id: plain
tuples as the cursor returns them, ``(response_id, *export_fields)`` of the type (the full row,
positions ``OPTION … AREA`` in :mod:`.base`, when a type names no fields). A row may carry further
columns after those (on PostgreSQL all questions of a batch come in one query, and a row that
already starts with the type's fields is passed on uncut): **read rows by position**, never
unpack them or look at their length. A column exporter returns the question's CSV columns for
the batch, one list per column with one cell per response. The export then turns columns into
rows with ``zip`` — in C, like most of the work here: the
helpers below build ``{response id: cell}`` dicts with ``dict(zip(map(...)))`` and read them back
with ``map(dict.get, ids)``, so there is no Python call per answer or per cell on the common
paths (the former per-response row functions cost about half of the export's time).

**Cells must be ready for the spreadsheet**: the export writes them without a second look
(``csv_response(..., defused=True)``). A cell is safe when it is ``None`` (empty), a number, a
formatted number, or a value from ``ExportContext.option_codes`` / ``area_codes`` (those lookups
are defused once when the context is built); anything else — free text typed by a resident or
by staff — goes through :func:`~participation.core.csvexport.defuse_cells`, as :func:`texts`
does. ``tests/surveys/test_export_defuse.py`` checks the rule on every text column.
"""

from collections.abc import Callable, Sequence
from itertools import groupby
from operator import itemgetter

from participation.core.csvexport import defuse_cells
from participation.surveys.questions.base import number_text

#: A column exporter: ``(response ids, answer rows ordered by response) → [column, …]``.
ColumnExporter = Callable[[Sequence[int], list[tuple]], list[list]]

response_of = itemgetter(0)


def by_response(rows: list[tuple]) -> dict[int, Sequence[tuple]]:
    """Answer rows ordered by response, as ``{response id: rows}``.

    Most questions have one row per response: then the dict is built by C code alone
    (``dict(zip(...))``); several rows per response (multiple choice, ranking) are grouped.
    """
    single = dict(zip(map(response_of, rows), zip(rows), strict=True))
    if len(single) == len(rows):
        return single
    return {key: list(group) for key, group in groupby(rows, response_of)}


def first(rows: list[tuple], position: int, lookup: Callable | None = None) -> dict:
    """``{response id: value at position}`` of each response's *first* row, through *lookup*.

    ``dict`` keeps the last value of a key, so the rows are read backwards.
    """
    backwards = rows[::-1]
    values = map(itemgetter(position), backwards)
    if lookup is not None:
        values = map(lookup, values)
    return dict(zip(map(response_of, backwards), values, strict=True))


def cells(ids: Sequence[int], values: dict) -> list:
    """One cell per response id: its value, ``None`` (an empty cell) when it has none."""
    return list(map(values.get, ids))


def numbers(ids: Sequence[int], rows: list[tuple], position: int) -> list:
    """A number column (``3``, ``2.5``) of each response's first row, as :func:`number_text`.

    Formatted once per distinct value, by ``repr`` in C; only what ``repr`` writes differently
    (``3.0``, ``1e+16``) goes through :func:`number_text` — coordinates are nearly all distinct.
    """
    values = set(map(itemgetter(position), rows))
    values.discard(None)
    formatted = dict(zip(values, map(repr, values), strict=True))
    for value, text in formatted.items():
        if text.endswith(".0") or "e" in text or type(value) is not float:
            formatted[value] = number_text(value)
    return cells(ids, first(rows, position, formatted.get))


def texts(ids: Sequence[int], rows: list[tuple], position: int) -> list:
    """A free-text column of each response's first row, defused."""
    return defuse_cells(cells(ids, first(rows, position)))


def text_columns(question, ctx) -> ColumnExporter:
    """Column exporter of a type with one text column (short and long text, date).

    Its rows: ``(response_id, value_text)`` (``export_fields = ("value_text",)``).
    """

    def build(ids, rows):
        return [texts(ids, rows, 1)]

    return build


def number_columns(question, ctx) -> ColumnExporter:
    """Column exporter of a type with one number column (scale, number).

    Its rows: ``(response_id, value_num)`` (``export_fields = ("value_num",)``).
    """

    def build(ids, rows):
        return [numbers(ids, rows, 1)]

    return build


def from_row_function(run: Callable, width: int) -> ColumnExporter:
    """A column exporter from a per-response row function (``QuestionType.exporter``).

    The generic path for types without a column exporter of their own: every cell is defused,
    because nothing is known about what the row function returns.
    """

    def build(ids, rows):
        get = by_response(rows).get
        table = [run(get(rid, ())) for rid in ids]
        if not table:
            return [[] for _column in range(width)]
        return [defuse_cells(column) for column in zip(*table, strict=True)]

    return build
