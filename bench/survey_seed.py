"""Bulk seeding of the survey benchmarks' responses: exactly the rows the answer service writes
(answers one row per value, the respondent's area at every level), then the recount.

The survey itself comes from :func:`bench.survey_common.make_survey`.
"""

from datetime import datetime
from operator import itemgetter

import numpy as np

from bench.survey_common import _area_chains, _map_points

CHANNELS = np.array(["online", "paper", "doorstep", "phone"])
AGES = np.array(["", "u18", "18_29", "30_44", "45_64", "65_79", "80p"])
GENDERS = np.array(["", "female", "male", "nonbinary"])
HOUSEHOLDS = np.array(["", "alone", "couple", "family", "single_parent", "shared", "other"])
LANGUAGES = np.array(["", "de", "tr", "ar", "pl", "ru", "several", "other"])
TEXTS = [
    "Mehr Schatten am Sandkasten, bitte.",
    "Abends ist es am Eingang zu dunkel.",
    "Eine Toilette und ein Trinkbrunnen fehlen.",
    "Bitte die alten Bäume erhalten.",
]


#: Column lists of the bulk insert (the rows the answer service writes).
_TABLES = {
    "survey_responses": (
        "id, survey_id, created_at, channel, sample, age_band, gender, household, home_language"
    ),
    "survey_answers": (
        "response_id, question_id, option_id, value_num, value_text, lon, lat, area_id"
    ),
    "survey_response_areas": "response_id, area_id, survey_id, level_rank",
}


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if type(value) is str:
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


def _bulk(conn, table: str, rows: list[tuple]) -> None:
    """Insert *rows* into *table* inside the open transaction of *conn* (a Core connection).

    PostgreSQL: ``COPY … FROM STDIN`` (psycopg 3), an order of magnitude faster than an
    executemany. SQLite: one executemany through the DBAPI cursor. Both run inside the
    connection's transaction: the app's SQLite connections are in autocommit mode (the app
    sends ``BEGIN IMMEDIATE`` itself), so a bare raw-connection executemany committed — and
    fsynced — every single row, which is why seeding 100,000 responses took over 30 minutes.
    """
    columns = _TABLES[table]
    if conn.dialect.name == "postgresql":
        # COPY's text format built here in one join: psycopg's write_row() adapts every value
        # separately, which made the COPY slower than the SQLite executemany
        data = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows)
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(data.encode())
        return
    marks = ", ".join("?" * (columns.count(",") + 1))
    conn.exec_driver_sql(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def insert_responses(
    survey, total: int, rng: np.random.Generator, batch: int = 10000, by_response: bool = False
) -> int:
    """Insert *total* responses with answers to every question; returns the answer row count.

    With *by_response* the answer rows are written response by response (all answers of a
    response side by side, as submissions store them); by default question by question within
    each *batch* of responses (a question's answers side by side: a layout no live survey has).

    All rows go in one transaction (SQLite and PostgreSQL), in batches of *batch* responses so
    the Python lists stay small. The response counter (``surveys.response_count``: counted
    responses only) and the answer counters are not touched: call
    :func:`participation.surveys.counters.recount` after (as an import would), see
    :func:`seed_responses`.
    """
    from participation.extensions import db

    questions = survey.ordered_questions()
    area_ids, chains = _area_chains(survey)
    plons, plats, pareas = _map_points(survey, rng, 20000)
    survey_id = survey.id
    answers_total = 0
    conn = db.session.connection()  # the session's transaction, committed at the end
    postgres = conn.dialect.name == "postgresql"
    first = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM survey_responses")
    start_id = int(first.scalar()) + 1
    # SQLAlchemy's SQLite DATETIME format; psycopg wants a datetime
    day = datetime(2026, 5, 4) if postgres else "2026-05-04 00:00:00.000000"
    for offset in range(0, total, batch):
        n = min(batch, total - offset)
        ids = np.arange(start_id + offset, start_id + offset + n)
        channel = CHANNELS[rng.choice(4, n, p=[0.7, 0.18, 0.1, 0.02])]
        demo = [arr[rng.integers(0, len(arr), n)] for arr in (AGES, GENDERS, HOUSEHOLDS, LANGUAGES)]
        _bulk(
            conn,
            "survey_responses",
            [
                (int(i), survey_id, day, str(c), "open", *(str(d[j]) or None for d in demo))
                for j, (i, c) in enumerate(zip(ids, channel, strict=True))
            ],
        )
        rows, areas = [], []
        home = np.array(area_ids)[rng.integers(0, len(area_ids), n)]
        for q in questions:
            rows += _answers(q, ids, rng, home, (plons, plats, pareas))
        if by_response:
            rows.sort(key=itemgetter(0))  # stable: a response's answers keep the question order
        for rid, area in zip(ids, home, strict=True):
            areas += [(int(rid), a, survey_id, rank) for a, rank in chains[int(area)]]
        _bulk(conn, "survey_answers", rows)
        _bulk(conn, "survey_response_areas", areas)
        answers_total += len(rows)
    # no response counter here: the rows are the uncounted tail until recount() counts them
    if postgres:  # explicit ids: move the sequence past them for later inserts
        conn.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('survey_responses', 'id'), "
            "(SELECT max(id) FROM survey_responses))"
        )
    db.session.commit()
    return answers_total


def seed_responses(
    survey, total: int, rng: np.random.Generator, by_response: bool = False
) -> dict[str, float]:
    """Bulk-insert *total* responses, then rebuild every counter (plain and per area) in SQL.

    *by_response*: see :func:`insert_responses`.

    Returns the seconds of each step and the answer row count. The counters equal what the
    answer service would have maintained (``flask surveys recount`` runs the same rebuild).
    """
    import time

    from participation.extensions import db
    from participation.surveys.counters import recount

    survey_id = survey.id
    start = time.perf_counter()
    rows = insert_responses(survey, total, rng, by_response=by_response)
    inserted = time.perf_counter()
    recount(survey_id)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # what autovacuum does soon after a bulk load: without statistics the planner takes the
        # export's range queries for full scans of the question (45 s instead of seconds)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return {
        "answer rows": rows,
        "insert s": inserted - start,
        "recount s": time.perf_counter() - inserted,
    }


def _answers(q, ids, rng, home, points) -> list[tuple]:
    n = len(ids)
    opts = [o.id for o in q.options]
    if q.type == "single":
        chosen = np.array(opts)[rng.choice(len(opts), n, p=_weights(len(opts)))]
        return [
            (int(r), q.id, int(o), None, None, None, None, None)
            for r, o in zip(ids, chosen, strict=True)
        ]
    if q.type == "multiple":
        out = []
        picks = rng.random((n, len(opts))) < 0.4
        for r, row in zip(ids, picks, strict=True):
            out += [
                (int(r), q.id, opts[j], None, None, None, None, None) for j in np.flatnonzero(row)
            ]
        return out
    if q.type in ("scale", "number"):
        low, high = (q.settings.get("min", 1), q.settings.get("max", 5))
        values = rng.integers(int(low), int(high) + 1, n)
        return [
            (int(r), q.id, None, float(v), None, None, None, None)
            for r, v in zip(ids, values, strict=True)
        ]
    if q.type == "ranking":
        out = []
        for r in ids:
            for rank, j in enumerate(rng.permutation(len(opts))[:3], start=1):
                out.append((int(r), q.id, opts[j], float(rank), None, None, None, None))
        return out
    if q.type == "area":
        return [
            (int(r), q.id, None, None, None, None, None, int(a))
            for r, a in zip(ids, home, strict=True)
        ]
    if q.type == "map":
        lons, lats, areas = points
        pick = rng.integers(0, len(lons), n)
        return [
            (int(r), q.id, None, None, None, float(lons[k]), float(lats[k]), int(areas[k]))
            for r, k in zip(ids, pick, strict=True)
        ]
    answered = ids[rng.random(n) < 0.3]
    return [
        (int(r), q.id, None, None, TEXTS[int(r) % len(TEXTS)], None, None, None) for r in answered
    ]


def _weights(k: int) -> list[float]:
    w = np.arange(k, 0, -1, dtype=float) ** 1.5
    return list(w / w.sum())
