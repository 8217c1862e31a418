"""The fold: responses are added to the answer counters in batches, off the submission path.

A submission writes its response, areas and answers only; the response's ``fold_batch`` stays
NULL (the *uncounted tail*). Results read the counters plus a live grouped count over the tail
in the same statement (:func:`participation.surveys.counters.snapshot`), so they are exact at
every moment. :func:`fold_survey` moves the tail into the counters, in its own transaction:

1. PostgreSQL: ``pg_try_advisory_xact_lock`` for the survey — one fold (or recount) of a survey
   at a time; a second one skips instead of waiting (the next run takes the rest). SQLite has
   one writer anyway: the UPDATE below takes its write lock.
2. ``UPDATE survey_responses SET fold_batch = <max + 1> WHERE … fold_batch IS NULL`` for at most
   *limit* responses (lowest ids first). Only committed responses are seen (READ COMMITTED); a
   response committed later stays NULL and is folded next time.
3. One ``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE SET n = n + excluded.n`` per
   counter table over exactly the responses of that batch (``fold_batch = <batch>``), so no
   response is counted twice or left out — the batch and its counts commit together. The
   "who took part" counters (``survey_turnout_counts``, :mod:`participation.surveys.turnout`)
   get four such statements of their own (by group and by area, survey-wide and per area).

Moderation never changes counters (hiding a free-text answer hides its text; the answer is
still counted), so it cannot race with a fold. Who folds: the scheduler job ``survey-fold``
(``surveys/tasks.py``, every :data:`INTERVAL` seconds) and the results page on a cache miss when
the tail is longer than :data:`FOLD_ON_READ` (so results stay fast when no scheduler runs).
The fold does not bump a content version: counters + tail show the same figures before and
after it. It also adds the batch to ``surveys.response_count`` (the *counted* responses, which a
submission no longer updates: see :attr:`participation.surveys.models.Survey.response_count`).
"""

import logging
from functools import partial

from sqlalchemy import distinct, exists, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from participation.core.db import BUSY_TIMEOUT_MS
from participation.extensions import db
from participation.surveys import turnout
from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
from participation.surveys.counters import KEY_COLUMNS, tail_key_exprs
from participation.surveys.models import AnswerCount, Question, RespondentCount, Survey
from participation.surveys.response_models import (
    ResponseArea,
    SurveyAnswer,
    SurveyResponse,
)

#: Responses per fold transaction: bounds how long a fold holds SQLite's write lock.
BATCH = 200
#: The results page folds on a miss when the tail is longer than this (scheduler down).
FOLD_ON_READ = 500
#: Batches the results page folds at most before it counts the rest live.
READ_BATCHES = 3
#: How long the results page waits for SQLite's write lock before it skips folding.
READ_WAIT_MS = 200
#: Seconds between runs of the scheduler job.
INTERVAL = 30
#: First key of the PostgreSQL advisory lock (the second is the survey id).
LOCK_KEY = 15021

log = logging.getLogger(__name__)

r, a, ra = SurveyResponse.__table__, SurveyAnswer.__table__, ResponseArea.__table__


def lock_survey(connection, survey_id: int, wait: bool = False) -> bool:
    """Take the survey's fold lock for the transaction (PostgreSQL); False when it is taken.

    SQLite needs none: its single writer serialises folds and recounts.
    """
    if connection.dialect.name != "postgresql":
        return True
    fn = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    got = connection.execute(text(f"SELECT {fn}(:k, :s)"), {"k": LOCK_KEY, "s": survey_id})
    return wait or bool(got.scalar())


def _insert(dialect: str, table, columns: list[str], select_stmt, keys: list[str]):
    """``INSERT … SELECT … ON CONFLICT (keys) DO UPDATE SET n = n + excluded.n``."""
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table).from_select(columns, select_stmt)
    return stmt.on_conflict_do_update(index_elements=keys, set_={"n": table.c.n + stmt.excluded.n})


def _add_batch(connection, survey_id: int, batch: int) -> None:
    """Add the answers of batch *batch* to the four counter tables (one statement each)."""
    qt = Question.__table__
    dialect = connection.dialect.name
    keys = tail_key_exprs(a.c, qt.c)
    joined = a.join(r, r.c.id == a.c.response_id).join(qt, qt.c.id == a.c.question_id)
    where = (r.c.survey_id == survey_id, r.c.fold_batch == batch)
    base = [r.c.survey_id, a.c.question_id, r.c.sample, r.c.channel]
    answer_cols = ["survey_id", "question_id", "sample", "channel", *KEY_COLUMNS, "n"]
    answer_keys = ["question_id", "sample", "channel", *KEY_COLUMNS]
    respondent_cols = ["survey_id", "question_id", "sample", "channel", "n"]
    respondent_keys = ["question_id", "sample", "channel"]
    statements = [
        (
            AnswerCount.__table__,
            answer_cols,
            select(*base, *keys, func.count()).select_from(joined).where(*where),
            base + keys,
            answer_keys,
        ),
        (
            RespondentCount.__table__,
            respondent_cols,
            select(*base, func.count(distinct(a.c.response_id))).select_from(joined).where(*where),
            base,
            respondent_keys,
        ),
    ]
    area_joined = joined.join(ra, ra.c.response_id == r.c.id)
    area_base = [r.c.survey_id, ra.c.area_id, *base[1:]]
    statements += [
        (
            AreaAnswerCount.__table__,
            [answer_cols[0], "respondent_area_id", *answer_cols[1:]],
            select(*area_base, *keys, func.count()).select_from(area_joined).where(*where),
            area_base + keys,
            ["respondent_area_id", *answer_keys],
        ),
        (
            AreaRespondentCount.__table__,
            [respondent_cols[0], "respondent_area_id", *respondent_cols[1:]],
            select(*area_base, func.count(distinct(a.c.response_id)))
            .select_from(area_joined)
            .where(*where),
            area_base,
            ["respondent_area_id", *respondent_keys],
        ),
    ]
    for table, columns, stmt, grouping, conflict in statements:
        # constant key parts are not grouped by (PostgreSQL reads GROUP BY 0 as a position)
        stmt = stmt.group_by(*grouping)
        connection.execute(_insert(dialect, table, columns, stmt, conflict))
    # who took part (per area, sample, channel and group): the same batch, same transaction
    turnout.add_batch(connection, survey_id, batch, partial(_insert, dialect))


def fold_batch(connection, survey_id: int, limit: int = BATCH) -> int:
    """Fold at most *limit* uncounted responses of *survey_id* on *connection* (its transaction).

    Returns how many were folded (0 when none or when another fold holds the lock).
    """
    if not lock_survey(connection, survey_id):
        return 0
    chosen = (
        select(r.c.id)
        .where(r.c.survey_id == survey_id, r.c.fold_batch.is_(None))
        .order_by(r.c.id)
        .limit(limit)
    )
    # the batch number in the same statement: on SQLite it is computed under the write lock
    number = (
        select(func.coalesce(func.max(r.c.fold_batch), 0) + 1)
        .where(r.c.survey_id == survey_id)
        .scalar_subquery()
    )
    done = connection.execute(
        update(r)
        .where(r.c.survey_id == survey_id, r.c.fold_batch.is_(None), r.c.id.in_(chosen))
        .values(fold_batch=number)
    ).rowcount
    if not done:
        return 0
    # ours: the lock (PostgreSQL) or the write lock (SQLite) keeps other folds out
    batch = connection.scalar(select(func.max(r.c.fold_batch)).where(r.c.survey_id == survey_id))
    _add_batch(connection, survey_id, int(batch))
    # the batch leaves the tail and joins the counted responses in the same transaction, so
    # Survey.response_count (counted + tail) never changes with a fold
    s = Survey.__table__
    connection.execute(
        update(s).where(s.c.id == survey_id).values(response_count=s.c.response_count + done)
    )
    return done


def fold_survey(survey_id: int, limit: int = BATCH, batches: int | None = None) -> int:
    """Fold the uncounted responses of *survey_id*, each batch in its own transaction.

    Runs on a connection of its own (not the request's session, whose transaction it must not
    commit); stops after *batches* batches when given. Returns the number folded.
    """
    total, runs = 0, 0
    while batches is None or runs < batches:
        with db.engine.begin() as connection:
            done = fold_batch(connection, survey_id, limit)
        total += done
        runs += 1
        if done < limit:
            break
    return total


def fold_on_read(survey_id: int) -> int:
    """The results page's fold (a long tail, no scheduler): never makes the reader wait long.

    SQLite: waits at most :data:`READ_WAIT_MS` for the write lock instead of the usual busy
    timeout; a busy database (or a lock held by this very request) skips the fold — the page
    counts the tail live and is right anyway.
    """
    try:
        if db.engine.dialect.name != "sqlite":
            return fold_survey(survey_id, batches=READ_BATCHES)
        total = 0
        for _run in range(READ_BATCHES):
            connection = db.engine.connect()
            try:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={READ_WAIT_MS}")
                connection.commit()  # ends SQLAlchemy's autobegun transaction (nothing written)
                try:
                    done = fold_batch(connection, survey_id)
                    connection.commit()
                except OperationalError:
                    connection.rollback()
                    raise
                connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                connection.commit()
            except OperationalError:
                connection.invalidate()  # not back to the pool with the short timeout
                raise
            finally:
                connection.close()
            total += done
            if done < BATCH:
                break
        return total
    except OperationalError:
        log.info("survey %s: fold on read skipped (database busy)", survey_id)
        return 0


def tail_size(survey_id: int) -> int:
    """How many responses of *survey_id* are not in the counters yet."""
    return db.session.scalar(
        select(func.count()).where(r.c.survey_id == survey_id, r.c.fold_batch.is_(None))
    )


def surveys_with_tail() -> list[int]:
    """Ids of the surveys that have uncounted responses (one index probe per survey)."""
    s = Survey.__table__
    has_tail = exists().where(r.c.survey_id == s.c.id, r.c.fold_batch.is_(None))
    return list(db.session.scalars(select(s.c.id).where(has_tail).order_by(s.c.id)))


def fold_all() -> dict[int, int]:
    """Fold every survey's tail (the scheduler job); returns ``{survey id: responses folded}``."""
    ids = surveys_with_tail()
    db.session.rollback()  # no read transaction left open beside the fold's own
    return {survey_id: fold_survey(survey_id) for survey_id in ids}
