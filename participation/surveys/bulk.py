"""Many rows in one statement on the submission hot path, without SQLAlchemy's per-row work.

A survey response writes about 30 answer rows and 250 counter rows (answers and respondents,
once more per area of the respondent's chain). Through ``session.execute(stmt, rows)``
SQLAlchemy builds the parameters of every row again (``construct_params``, type processing):
most of the time a response held SQLite's write lock, during which every other submission
waited (``bench/survey_submit.py``, profile in the README). These statements are compiled once
per dialect and column set, and the rows go to the driver's ``executemany`` as they are. Only
for tables whose columns need no bind processing (integers, floats, text) — the counters and
``survey_answers``.

Core statements on the connection do not pass the session's ORM events: the caller bumps the
content versions itself (``store_response`` does).
"""

from typing import Any

from participation.extensions import db

#: (statement id, dialect, column keys) → (SQL, parameter order or None for named, statement).
#: The statement is kept so that its id stays unique.
_COMPILED: dict[tuple[int, str, tuple[str, ...]], tuple[str, tuple[str, ...] | None, Any]] = {}


def executemany(stmt, rows: list[dict]) -> None:
    """Run *stmt* (an INSERT, optionally ON CONFLICT) for *rows* (dicts with the same keys)."""
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    keys = tuple(rows[0])
    cache_key = (id(stmt), dialect.name, keys)
    found = _COMPILED.get(cache_key)
    if found is None:
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
        order = tuple(compiled.positiontup) if compiled.positional else None
        found = _COMPILED[cache_key] = (compiled.string, order, stmt)
    sql, order, _stmt = found
    if order is not None:
        connection.exec_driver_sql(sql, [tuple(row[k] for k in order) for row in rows])
    else:
        connection.exec_driver_sql(sql, rows)
