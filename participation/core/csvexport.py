"""Every CSV download of the project: streamed, spreadsheet formulas defused by one rule.

Usage in a view::

    return csv_response(
        f"beitraege-{process.slug}.csv",
        ["id", "title", ...],
        (row_for(c) for c in db.session.scalars(stmt)),   # any iterable, consumed lazily
        audit_action="contribution.export", audit_object=process,
        audit_details={"format": "csv"},
    )

* **Streamed**: *rows* is consumed while the response is sent (inside the request context, so a
  lazy query keeps working), so memory stays flat however long the file is.
* **Formulas defused** (:func:`defuse`): a text cell a spreadsheet would run as a formula
  (``=HYPERLINK(...)`` typed by a resident or arriving through an import) gets a leading ``'``.
* **Excel-friendly by default**: ``;`` as delimiter and a UTF-8 BOM, so German spreadsheet
  programs open the file without an import dialog and show umlauts. Pass ``delimiter=","`` /
  ``bom=False`` for tools that want plain RFC 4180.
* **Audit**: exports containing contact data (or anything a data-protection officer would ask
  about) pass ``audit_action``; the entry is committed *before* the first byte is sent, so a
  download that was started is always on record.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any
from urllib.parse import quote

from flask import Response, stream_with_context

from participation.core.audit import log_action
from participation.extensions import db

#: Characters that make a spreadsheet treat a cell as a formula (or a DDE call).
FORMULA_START = ("=", "+", "-", "@")
#: Control characters that some spreadsheets strip before looking for a formula.
CONTROL_START = ("\t", "\r")
#: Plain numbers written as text (``-3``, ``+49``, ``2,5``) stay as they are: no formula.
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_RISKY_FIRST = frozenset(FORMULA_START + CONTROL_START)
#: First characters that need a closer look: the risky ones and every kind of blank.
_CHECK_FIRST = _RISKY_FIRST | {chr(i) for i in range(0x3001) if chr(i).isspace()}
#: Rows written to the buffer before a chunk is sent.
CHUNK_ROWS = 500


def defuse(value: Any) -> Any:
    """Return *value* made safe for a spreadsheet cell.

    Numbers (``int``, ``float``, ``Decimal``, and texts that are a plain number such as ``-3``)
    stay numbers. A text that starts with ``=``, ``+``, ``-``, ``@``, a TAB or a CR - also after
    leading blanks - gets a single quote in front, so it is shown instead of evaluated.
    ``None`` becomes an empty cell; dates are written in ISO 8601.
    """
    if type(value) is str:  # the common case first: exports write hundreds of thousands of cells
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return str(value)
    elif isinstance(value, int | float | Decimal):
        return value
    elif isinstance(value, datetime | date):
        return value.isoformat()
    else:
        text = str(value)
    if not text:
        return text
    first = text[0]
    if first not in _RISKY_FIRST and not first.isspace():
        return text
    if first in CONTROL_START:
        return "'" + text
    stripped = text.lstrip()
    if stripped[:1] in FORMULA_START and not NUMBER.match(stripped):
        return "'" + text
    return text


def defuse_cells(cells: Iterable[Any]) -> list[Any]:
    """*cells* (one column of an export) with :func:`defuse` applied: the same rule, in one pass.

    For writers that build their cells column by column and then send them with
    ``defused=True``. ``None`` stays ``None`` (the csv module writes an empty cell).
    """
    check = _CHECK_FIRST
    return [
        c if c is None or (type(c) is str and (not c or c[0] not in check)) else defuse(c)
        for c in cells
    ]


def iter_csv(
    header: Iterable[Any] | None,
    rows: Iterable[Iterable[Any]],
    *,
    delimiter: str = ";",
    bom: bool = True,
    defused: bool = False,
) -> Iterator[str]:
    """Yield the CSV text of *header* and *rows* in chunks, every cell through :func:`defuse`.

    Rows may be sequences or mappings (mappings are written in the order of *header*).
    With *defused* the writer trusts that every cell of *rows* already went through the rule
    (:func:`defuse_cells`; numbers and ``None`` need nothing) and writes the rows as they are —
    the header is still defused. The survey export does this: it defuses only its text columns
    and the code lookups once, instead of checking millions of cells.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        yield "\ufeff"
    keys = list(header) if header is not None else None
    if keys is not None:
        writer.writerow([defuse(cell) for cell in keys])
    count = 0
    check = _CHECK_FIRST
    if defused:
        # a chunk's rows in one call: the csv module's C loop pulls them from *rows*
        pending, writerows = iter(rows), writer.writerows
        while True:
            writerows(islice(pending, CHUNK_ROWS))
            if not buffer.tell():  # nothing written: *rows* is exhausted (a row is ≥ "\r\n")
                break
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        rows = ()
    for row in rows:
        if type(row) is not list and isinstance(row, Mapping):
            row = [row.get(key, "") for key in keys or row]
        # defuse() inlined for the common case (a text that starts harmlessly): exports write
        # millions of cells, and the call per cell was most of the writer's time
        writer.writerow(
            [c if type(c) is str and (not c or c[0] not in check) else defuse(c) for c in row]
        )
        count += 1
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest


def csv_text(header, rows, *, delimiter: str = ";", bom: bool = True, defused: bool = False) -> str:
    """The whole CSV as one string (for files put into a ZIP or an e-mail, and for tests)."""
    return "".join(iter_csv(header, rows, delimiter=delimiter, bom=bom, defused=defused))


def content_disposition(filename: str) -> str:
    """``attachment`` header value with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    fallback = fallback.replace('"', "").replace("\\", "")
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def csv_response(
    filename: str,
    header: Iterable[Any] | None,
    rows: Iterable[Iterable[Any]],
    *,
    delimiter: str = ";",
    bom: bool = True,
    defused: bool = False,
    audit_action: str | None = None,
    audit_details: Mapping[str, Any] | None = None,
    audit_object: Any = None,
) -> Response:
    """A streamed ``text/csv`` download of *header* + *rows* (see the module docstring).

    :param header: first row (column names), or ``None`` when *rows* brings its own.
    :param defused: the cells of *rows* are already safe (see :func:`iter_csv`).
    :param audit_action: when given, :func:`~participation.core.audit.log_action` records the
        export (on *audit_object*, with *audit_details*) and the session is committed before
        streaming starts.
    """
    if audit_action:
        log_action(audit_action, audit_object, **dict(audit_details or {}))
        db.session.commit()
    body = stream_with_context(
        iter_csv(header, rows, delimiter=delimiter, bom=bom, defused=defused)
    )
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = content_disposition(filename)
    # exports may hold personal data: never in a shared cache or the browser's disk cache
    response.headers["Cache-Control"] = "private, no-store"
    return response
