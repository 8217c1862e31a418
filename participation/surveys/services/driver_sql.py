"""A resident's response as driver SQL on a pooled connection, committed at once (issue 15).

Used by :func:`participation.surveys.services.response_write.store_response` with
``commit=True``. The rows are built by the caller; here they are written with the fewest round
trips and the shortest lock, with the same durability (one durable commit, acknowledged after
it) and the same rows as the session path (``tests/surveys/test_response_write.py`` compares
them column by column):

* **PostgreSQL**: one statement in autocommit — the browser token, the response (``RETURNING
  id``), its areas and its answers (``unnest`` of arrays) and the content-version UPSERT as
  data-modifying CTEs. PostgreSQL runs all of them to completion and commits the statement as
  its own transaction; a unique key (idempotency key, browser token) stops the whole statement
  and nothing is stored. With *expect* a guard CTE comes first: every insert selects from its
  one row, which is there only while the compiled questionnaire's versions are current. Round
  trips per response: this statement (the pool's ping after 1 s idle; before round 7 also the
  version read; before round 6: BEGIN, six statements, COMMIT).
* **SQLite**: ``BEGIN IMMEDIATE``, the inserts (the areas and answers as ``executemany``), the
  version UPSERT and ``COMMIT`` straight on the ``sqlite3`` connection: the write lock, which
  every other submission waits for, is held for the driver's own work only.

The statements are text built once per dialect and row shape; bind processors (``UTCDateTime``)
and scalar column defaults are applied as Core does (the same approach as
``contributions/fastwrite.py``). Anything unusual — another database, a connection that is
already in a transaction (test harnesses that share one connection) — returns None and the
caller takes the session path.
"""

import random
import time
from collections.abc import Callable

from participation.core import pg_literals, sqlite_queue
from participation.core.cache import _versioning, guard
from participation.core.cache.guard import Stale
from participation.core.db import BUSY_TIMEOUT_MS
from participation.extensions import db
from participation.surveys.models import SurveyResponse

_RESPONSES = SurveyResponse.__table__
#: Named parameter marks of the drivers written for.
_MARKS = {"sqlite": ":{}", "postgresql": "%({})s"}
#: The value columns of an answer row (``questions.base.AnswerValue``), in the INSERT's order.
ANSWER_FIELDS = ("option_id", "value_num", "value_text", "lon", "lat", "area_id")
#: PostgreSQL array type of each answer column.
_PG_TYPES = {
    "option_id": "integer",
    "value_num": "double precision",
    "value_text": "text",
    "lon": "double precision",
    "lat": "double precision",
    "area_id": "integer",
}
_VERSION_CONFLICT = "ON CONFLICT (name, shard) DO UPDATE SET version = content_versions.version + 1"

#: Called after each write with (seconds from the first statement to the end of the COMMIT,
#: seconds of the COMMIT, statements sent): ``bench/survey_profile.py`` sets it.
observer: Callable[[float, float, int], None] | None = None


class Conflict(Exception):
    """A unique key refused the response (a repeated idempotency key or browser token)."""


class _Statements:
    """The SQL of a response for one dialect and response-row shape."""

    def __init__(self, dialect, keys: tuple[str, ...]):
        self.dialect = dialect.name
        mark = _MARKS[dialect.name]
        missing = [
            c
            for c in _RESPONSES.c
            if c.name not in keys and c.default is not None and not c.primary_key
        ]
        assert all(c.default.is_scalar for c in missing), "a callable default must be in the row"
        #: scalar defaults of the columns the row leaves out, as Core's insert() fills them in
        self.defaults = {c.name: c.default.arg for c in missing}
        self.names = names = (*keys, *self.defaults)
        self.processors = [
            (name, proc)
            for name in names
            if (proc := _RESPONSES.c[name].type._cached_bind_processor(dialect)) is not None
        ]
        response = (
            f"INSERT INTO survey_responses ({', '.join(names)}) "
            f"VALUES ({', '.join(mark.format(n) for n in names)})"
        )
        if self.dialect == "sqlite":
            self.response = response
            self.token = "INSERT INTO survey_browser_tokens (survey_id, token_hash) VALUES (?, ?)"
            self.areas = (
                "INSERT INTO survey_response_areas (response_id, area_id, level_rank, survey_id) "
                "VALUES (?, ?, ?, ?)"
            )
            self.answers = (
                f"INSERT INTO survey_answers (response_id, question_id, {', '.join(ANSWER_FIELDS)})"
                f" VALUES ({', '.join('?' * (2 + len(ANSWER_FIELDS)))})"
            )
            self.versions = (
                "INSERT INTO content_versions (name, shard, version) VALUES (?, ?, 1) "
                + _VERSION_CONFLICT
            )
            return
        arrays = ", ".join(f"%(a_{f})s::{_PG_TYPES[f]}[]" for f in ANSWER_FIELDS)
        fields = ", ".join(ANSWER_FIELDS)
        # guarded: the same inserts, each selecting from the guard's row (none when stale)
        guarded_response = (
            f"INSERT INTO survey_responses ({', '.join(names)}) "
            f"SELECT {', '.join(mark.format(n) for n in names)} FROM g"
        )
        parts = [
            f"r AS ({response} RETURNING id)",
            "a AS (INSERT INTO survey_response_areas (response_id, area_id, level_rank, survey_id)"
            " SELECT r.id, u.area_id, u.level_rank, %(survey_id)s FROM r, "
            "unnest(%(ra_area_ids)s::integer[], %(ra_ranks)s::integer[]) "
            "AS u(area_id, level_rank))",
            f"q AS (INSERT INTO survey_answers (response_id, question_id, {fields})"
            f" SELECT r.id, u.* FROM r, unnest(%(a_question_id)s::integer[], {arrays})"
            f" AS u(question_id, {fields}))",
            # sorted names: concurrent writers take the version rows' locks in the same order
            "v AS (INSERT INTO content_versions (name, shard, version) "
            "SELECT n, %(cv_shard)s, 1 FROM unnest(%(cv_names)s::text[]) AS n ORDER BY n "
            f"{_VERSION_CONFLICT})",
        ]
        token = (
            "t AS (INSERT INTO survey_browser_tokens (survey_id, token_hash) "
            "VALUES (%(survey_id)s, %(token_hash)s))"
        )
        guarded_token = (
            "t AS (INSERT INTO survey_browser_tokens (survey_id, token_hash) "
            "SELECT %(survey_id)s, %(token_hash)s FROM g)"
        )
        guarded = [
            guard.PG_CTE,
            f"r AS ({guarded_response} RETURNING id)",
            *parts[1:3],
            parts[3].replace("FROM unnest(", "FROM g, unnest("),
        ]
        #: (with a browser token, with a version guard) → the statement
        self.combined = {
            (False, False): "WITH " + ", ".join(parts) + " SELECT id FROM r",
            (True, False): "WITH " + ", ".join([token, *parts]) + " SELECT id FROM r",
            (False, True): "WITH " + ", ".join(guarded) + " SELECT id FROM r",
            (True, True): "WITH "
            + ", ".join([guarded[0], guarded_token, *guarded[1:]])
            + " SELECT id FROM r",
        }

    def response_params(self, row: dict) -> dict:
        """The response row with the defaults and bind processors applied."""
        params = row | self.defaults
        for name, proc in self.processors:
            params[name] = proc(params[name])
        return params

    def write_sqlite(self, driver, row, token, chain, answers, names, expect) -> tuple[int, float]:
        """BEGIN IMMEDIATE … COMMIT on the sqlite3 connection; (response id, COMMIT seconds).

        In the queue of ``core/sqlite_queue.py``: the next submission is woken as this one's
        COMMIT returns, instead of finding out in SQLite's busy handler's next sleep.
        """
        if expect is not None and not guard.sqlite_current(driver, expect):
            raise Stale()  # read as before (outside the write lock, one local query)
        with sqlite_queue.writer(db.engine.url.database, BUSY_TIMEOUT_MS / 1000):
            return self._sqlite_transaction(driver, row, token, chain, answers, names)

    def _sqlite_transaction(self, driver, row, token, chain, answers, names):
        survey_id = row["survey_id"]
        driver.execute("BEGIN IMMEDIATE")
        try:
            if token is not None:
                driver.execute(self.token, (survey_id, token))
            response_id = driver.execute(self.response, self.response_params(row)).lastrowid
            if chain:
                driver.executemany(self.areas, [(response_id, a, r, survey_id) for a, r in chain])
            if answers:
                driver.executemany(
                    self.answers,
                    [
                        (response_id, qid, v.option_id, v.value_num, v.value_text, v.lon, v.lat,
                         v.area_id)
                        for qid, v in answers
                    ],
                )  # fmt: skip
            shards = _versioning.SHARDS.get("sqlite", 1)
            shard = random.randrange(shards) if shards > 1 else 0
            driver.executemany(self.versions, [(name, shard) for name in sorted(names)])
            start = time.perf_counter()
            driver.execute("COMMIT")
            return response_id, time.perf_counter() - start
        except BaseException:
            if driver.in_transaction:
                driver.execute("ROLLBACK")
            raise

    def write_postgres(self, driver, row, token, chain, answers, names, expect) -> int:
        """The one statement in autocommit; the response id (:class:`Stale`: nothing stored)."""
        params = self.response_params(row)
        # The arrays go as array literals (text, cast by the statement): built by str.join,
        # where psycopg's list dumper costs a Python call per element (~0.2 ms per response).
        params["ra_area_ids"] = pg_literals.ints([a for a, _rank in chain])
        params["ra_ranks"] = pg_literals.ints([r for _area, r in chain])
        params["a_question_id"] = pg_literals.ints([qid for qid, _v in answers])
        values = [v for _qid, v in answers]
        params["a_option_id"] = pg_literals.ints([v.option_id for v in values])
        params["a_area_id"] = pg_literals.ints([v.area_id for v in values])
        params["a_value_num"] = pg_literals.floats([v.value_num for v in values])
        params["a_lon"] = pg_literals.floats([v.lon for v in values])
        params["a_lat"] = pg_literals.floats([v.lat for v in values])
        params["a_value_text"] = pg_literals.texts([v.value_text for v in values])
        shards = _versioning.SHARDS.get("postgresql", 1)
        params["cv_shard"] = random.randrange(shards) if shards > 1 else 0
        params["cv_names"] = pg_literals.texts(sorted(names))
        if token is not None:
            params["token_hash"] = token
        if expect is not None:
            params.update(guard.pg_params(expect))
        sql = self.combined[token is not None, expect is not None]
        driver.autocommit = True
        try:
            with driver.cursor() as cursor:
                cursor.execute(sql, params)
                stored = cursor.fetchone()
        finally:
            driver.autocommit = False
        if stored is None:  # the guard found a moved version: no row was inserted
            raise Stale()
        return stored[0]


_STATEMENTS: dict[tuple[str, tuple[str, ...]], _Statements] = {}


def _idle(driver, dialect: str) -> bool:
    """True when the driver connection is outside any transaction (ours to begin and commit)."""
    if dialect == "sqlite":
        return not driver.in_transaction
    from psycopg.pq import TransactionStatus

    return not driver.autocommit and driver.info.transaction_status == TransactionStatus.IDLE


def write(row: dict, token: str | None, chain, answers, names, expect=None) -> int | None:
    """Store and commit one response on a pooled connection; its id, or None (not done here).

    *row* is the ``survey_responses`` row, *token* the browser token's hash (or None), *chain*
    ``[(area_id, level_rank)]``, *answers* ``[(question_id, AnswerValue)]``, *names* the
    content versions to bump. *expect* — ``(names, versions)`` or None: store only if those
    content versions are still current (PostgreSQL: checked in the write's own statement, so
    the form needs no version read of its own).

    :raises Conflict: a unique key refused it (nothing was stored).
    :raises Stale: a version of *expect* has moved (nothing was stored).
    """
    dialect = db.engine.dialect
    if dialect.name not in _MARKS or dialect.paramstyle not in ("named", "qmark", "pyformat"):
        return None
    keys = tuple(row)
    statements = _STATEMENTS.get((dialect.name, keys))
    if statements is None:
        statements = _STATEMENTS[(dialect.name, keys)] = _Statements(dialect, keys)
    connection = db.engine.raw_connection()
    try:
        driver = getattr(connection, "driver_connection", None)
        if driver is None or not _idle(driver, dialect.name):
            return None
        start = time.perf_counter()
        try:
            if dialect.name == "sqlite":
                response_id, committed = statements.write_sqlite(
                    driver, row, token, chain, answers, names, expect
                )
                sent = 4 + (token is not None) + bool(chain) + bool(answers)
            else:
                response_id = statements.write_postgres(
                    driver, row, token, chain, answers, names, expect
                )
                committed, sent = 0.0, 1
        except dialect.dbapi.IntegrityError as exc:
            raise Conflict(str(exc)) from exc
        except (dialect.dbapi.OperationalError, dialect.dbapi.InterfaceError):
            connection.invalidate()  # a broken connection does not go back to the pool
            raise
        if observer is not None:
            observer(time.perf_counter() - start, committed, sent)
        return int(response_id)
    finally:
        connection.close()
