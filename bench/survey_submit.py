"""Survey submission throughput: the real answer form (20 questions incl. a map point and the
respondent's area) under gunicorn (4 workers, 32 concurrent clients on 127.0.0.1), against a bare
Flask insert endpoint served the same way in the same run.

Every request is a full form POST as a browser sends it: CSRF token and session cookie, a fresh
"once per browser" cookie (each request is a different resident), an idempotency key, answers to
all questions — validated, located, stored with the respondent's area at every level,
committed, 303 to the thank-you page (the answer counters and the survey's counted responses are
left to the fold, ``surveys/fold.py``). Afterwards the stored responses are counted: they must
equal the acknowledged submissions (zero lost), and so must the response counter as pages show
it (counted + uncounted tail); then the uncounted tail is folded (the counted column must then
equal the stored responses) and the answer counters (per area too) are compared with a fresh
recount, and the results' figures (counters + tail) before the fold, after it and after the
recount.

``--profile`` runs no servers: 300 responses through the test client in one process, with CPU,
statements and write-lock time per response, round trips on PostgreSQL and the fold's cost
(``bench/survey_profile.py``).

The baseline is ``bench/bare_app.py``'s ``POST /submit`` on the same database system: one row
inserted and committed per request on a connection kept per worker, with the app's SQLite
settings (WAL, busy timeout, ``synchronous`` FULL, ``BEGIN IMMEDIATE``) or PostgreSQL's defaults
— the same durability as an acknowledged response (one commit). Both servers stay up and the
rounds alternate (bare, survey, bare, …); the best round of each side is compared.

SQLite always; PostgreSQL too with ``--db both``/``--db postgres`` and an admin URL
(``--pg-url`` or ``PARTICIPATION_BENCH_PG_URL``, e.g.
postgresql+psycopg://postgres@127.0.0.1:55432/postgres): a scratch database is created and
dropped; the bare insert then runs on PostgreSQL too.

    .venv/bin/python bench/survey_submit.py [--db sqlite|postgres|both] [--rounds 2]
        [--requests 1000] [--concurrency 32] [--profile]
"""

import argparse
import secrets
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import make_app, report  # noqa: E402
from bench.http_load import Server, open_sessions  # noqa: E402
from bench.pins_common import pg_admin_url, scratch_postgres, wait_ready  # noqa: E402
from bench.submit_rounds import QUIET, alternating_rounds, app_env  # noqa: E402
from bench.survey_common import (  # noqa: E402
    _area_chains,
    _map_points,
    make_survey,
    private_berlin_sqlite,
    unique_slug,
)

SECRET = "bench-" + secrets.token_hex(16)


def _prepare(db_url: str, workdir: Path):
    """Create the survey; return its id and a list of ready answer dicts."""
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=workdir, SECRET_KEY=SECRET)
    rng = np.random.default_rng(5)
    with app.app_context():
        survey, _planner = make_survey(unique_slug("bench-submit"))
        area_ids, _chains = _area_chains(survey)
        lons, lats, _areas = _map_points(survey, rng, 2000)
        answers = []
        for i in range(500):
            form = {}
            for q in survey.ordered_questions():
                name = q.field_name
                codes = [o.code for o in q.options]
                if q.type == "single":
                    form[name] = codes[i % len(codes)]
                elif q.type == "multiple":
                    form[name] = codes[i % 3 :: 2]
                elif q.type == "scale":
                    form[name] = str(
                        q.settings["min"] + i % (q.settings["max"] - q.settings["min"])
                    )
                elif q.type == "number":
                    form[name] = str(18 + i % 60)
                elif q.type == "ranking":
                    for rank, code in enumerate(codes[:3], start=1):
                        form[f"{name}_{code}"] = str(rank)
                elif q.type == "area":
                    form[name] = str(area_ids[i % len(area_ids)])
                elif q.type == "map":
                    form[f"{name}_lon"], form[f"{name}_lat"] = str(lons[i]), str(lats[i])
                else:
                    form[name] = "Mehr Schatten am Sandkasten und ein Trinkbrunnen, bitte."
            answers.append(form)
        survey_id = survey.id
        db.session.remove()
        db.engine.dispose()
    return survey_id, answers


def _counters_match(db_url: str, workdir: Path, survey_id: int) -> dict:
    """Fold the uncounted tail, then compare the counters with a recount from the answers.

    Also the results' figures (counters + tail, ``counters.snapshot``) before the fold, after it
    and after the recount, without and with an area filter: they must be equal throughout.
    """
    import time

    from sqlalchemy import select

    from participation.extensions import db
    from participation.surveys import fold
    from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
    from participation.surveys.counters import recount, snapshot
    from participation.surveys.models import AnswerCount, RespondentCount, Survey
    from participation.surveys.response_models import ResponseArea

    app = make_app(db_url, INSTANCE_DIR=workdir, SECRET_KEY=SECRET)
    with app.app_context():
        tables = (AnswerCount, RespondentCount, AreaAnswerCount, AreaRespondentCount)

        def rows() -> list[set]:
            return [set(db.session.execute(select(*t.__table__.c)).all()) for t in tables]

        area = db.session.scalar(
            select(ResponseArea.area_id).where(ResponseArea.survey_id == survey_id).limit(1)
        )

        def figures() -> list:
            snaps = [snapshot(survey_id, None, None), snapshot(survey_id, None, None, area)]
            return [(s.answers, s.respondents) for s in snaps]

        tail = fold.tail_size(survey_id)
        shown = figures()
        db.session.rollback()
        start = time.perf_counter()
        folded = fold.fold_survey(survey_id)
        took = time.perf_counter() - start
        after_fold = figures()
        counted = db.session.scalar(select(Survey.counted_responses).where(Survey.id == survey_id))
        before = rows()
        recount(survey_id)
        after = rows()
        recounted = figures()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    differ = sum(len(b ^ a) for b, a in zip(before, after, strict=True))
    sizes = " + ".join(str(len(b)) for b in before)
    same = "equal" if shown == after_fold == recounted else "DIFFER"
    return {
        "uncounted tail after the run (the scheduler does not run in the bench)": str(tail),
        "fold": f"{folded} responses in {1000 * took:.0f} ms ({1000 * took / max(folded, 1):.2f}"
        " ms per response)",
        "response counter's counted column after the fold (= stored)": str(counted),
        "counters vs recount (after the fold)": (
            f"{sizes} rows (answers, respondents, per area: answers, respondents), {differ} differ"
        ),
        "results (counters + tail) before the fold / after it / after the recount": same,
    }


def _count(db_url: str, survey_id: int) -> tuple[int, int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT count(*) FROM survey_responses WHERE survey_id = :s"), {"s": survey_id}
        ).scalar()
        # what pages show (Survey.response_count): the counted responses plus the uncounted tail
        counter = conn.execute(
            text(
                "SELECT s.response_count + (SELECT count(*) FROM survey_responses r "
                "WHERE r.survey_id = s.id AND r.fold_batch IS NULL) FROM surveys s WHERE s.id = :s"
            ),
            {"s": survey_id},
        ).scalar()
        answers = conn.execute(text("SELECT count(*) FROM survey_answers")).scalar()
    engine.dispose()
    return int(stored), int(counter), int(answers)


def measure(label: str, db_url: str, bare_url: str, workdir: Path, args) -> dict:
    """One database: bare insert and the real survey form in alternating rounds; report rows."""
    from itsdangerous import URLSafeSerializer

    survey_id, answers = _prepare(db_url, workdir)
    env = app_env(db_url, workdir, PARTICIPATION_SECRET_KEY=SECRET) | QUIET
    signer = URLSafeSerializer(SECRET, salt="survey-browser")

    with (
        Server("bench.bare_app:app", env={"BARE_DATABASE_URL": bare_url, **QUIET}) as bare,
        Server("wsgi:app", env=env) as server,
    ):
        for _worker in range(8):  # each of the 4 workers boots and compiles the survey
            wait_ready(server.port, f"/surveys/{survey_id}")
        sessions = open_sessions(server.port, f"/surveys/{survey_id}", args.concurrency)

        def submit(i: int):
            session = sessions[i % len(sessions)]
            browser = signer.dumps(secrets.token_urlsafe(24))  # every request: another resident
            body = urlencode(
                {
                    "csrf_token": session["csrf"],
                    "idempotency_key": secrets.token_urlsafe(24),
                    **answers[i % len(answers)],
                },
                doseq=True,
            ).encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{session['cookie']}; survey_browser={browser}",
            }
            return "POST", f"/surveys/{survey_id}", body, headers

        rounds = alternating_rounds(bare.port, server.port, submit, args)
    stored, counter, answer_rows = _count(db_url, survey_id)
    acked, errors = rounds.acked, rounds.errors
    return (
        rounds.rows(label, "survey", 25)
        | {
            f"{label}: acknowledged / stored / counter": (
                f"{acked} / {stored} / {counter}, lost {acked - stored}, errors {errors}"
            ),
            f"{label}: answer rows per response": f"{answer_rows / max(stored, 1):.1f}",
        }
        | {f"{label}: {k}": v for k, v in _counters_match(db_url, workdir, survey_id).items()}
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pg-url", help="PostgreSQL admin URL (else PARTICIPATION_BENCH_PG_URL)")
    parser.add_argument("--requests", type=int, default=1000, help="per round and side")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="in-process profile, no servers")
    args = parser.parse_args()
    pg_admin = pg_admin_url(args.pg_url)
    if args.profile:
        from bench.survey_profile import profile

        if args.db in ("sqlite", "both"):
            report("survey submission profile (in-process, SQLite)", profile(300))
        if args.db in ("postgres", "both") and pg_admin:
            with scratch_postgres(pg_admin, "bench_survey_profile") as url:
                report("survey submission profile (in-process, PostgreSQL)", profile(300, url))
        return
    if args.db == "postgres" and not pg_admin:
        parser.error("--db postgres needs --pg-url or PARTICIPATION_BENCH_PG_URL")
    rows: dict = {"gunicorn workers": 4, "concurrent clients": args.concurrency}
    if args.db in ("sqlite", "both"):
        workdir = Path(tempfile.mkdtemp(prefix="bench-survey-submit-"))
        db_url = private_berlin_sqlite(workdir)
        part = measure("SQLite", db_url, f"sqlite:///{workdir}/bare.db", workdir, args)
        report(
            "survey submission throughput (SQLite)", part
        )  # printed at once: PostgreSQL may fail
        rows |= part
    if args.db in ("postgres", "both") and pg_admin:
        workdir = Path(tempfile.mkdtemp(prefix="bench-survey-submit-pg-"))
        with scratch_postgres(pg_admin, "bench_survey") as url:
            rows |= measure("PostgreSQL", url, url, workdir, args)
    report("survey submission throughput", rows)


if __name__ == "__main__":
    main()
