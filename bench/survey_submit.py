"""Survey submission throughput: the real answer form (20 questions incl. a map point and the
respondent's area) under gunicorn (4 workers, 32 concurrent clients on 127.0.0.1), against a bare
Flask insert endpoint served the same way in the same run.

Every request is a full form POST as a browser sends it: CSRF token and session cookie, a fresh
"once per browser" cookie (each request is a different resident), an idempotency key, answers to
all questions — validated, located, stored with the respondent's area at every level, counter
updated, committed, 303 to the thank-you page. Afterwards the stored responses are counted: they
must equal the acknowledged submissions (zero lost), and so must the maintained counters (the
response count and the answer counters of the results page, compared with a fresh recount).

    .venv/bin/python bench/survey_submit.py [--requests 2000] [--concurrency 32]
"""

import argparse
import secrets
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Server, make_app, open_sessions, report, run_load  # noqa: E402
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


def _counters_match(db_url: str, workdir: Path, survey_id: int) -> str:
    """Compare the maintained answer counters with a recount from the stored answers."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.surveys.counters import recount
    from participation.surveys.models import AnswerCount, RespondentCount

    app = make_app(db_url, INSTANCE_DIR=workdir, SECRET_KEY=SECRET)
    with app.app_context():

        def rows() -> tuple[set, set]:
            return (
                set(db.session.execute(select(*AnswerCount.__table__.c)).all()),
                set(db.session.execute(select(*RespondentCount.__table__.c)).all()),
            )

        before = rows()
        recount(survey_id)
        after = rows()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    differ = len(before[0] ^ after[0]) + len(before[1] ^ after[1])
    return f"{len(before[0])} answer + {len(before[1])} respondent rows, {differ} differ"


def _count(db_url: str, survey_id: int) -> tuple[int, int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT count(*) FROM survey_responses WHERE survey_id = :s"), {"s": survey_id}
        ).scalar()
        counter = conn.execute(
            text("SELECT response_count FROM surveys WHERE id = :s"), {"s": survey_id}
        ).scalar()
        answers = conn.execute(text("SELECT count(*) FROM survey_answers")).scalar()
    engine.dispose()
    return int(stored), int(counter), int(answers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-survey-submit-"))
    db_url = private_berlin_sqlite(workdir)
    survey_id, answers = _prepare(db_url, workdir)
    rows: dict = {"gunicorn workers": 4, "concurrent clients": args.concurrency}

    with Server(
        "bench.bare_app:app", env={"BARE_DATABASE_URL": f"sqlite:///{workdir}/bare.db"}
    ) as bare:
        form = urlencode({"title": "Mehr Schatten"}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        run_load(bare.port, lambda i: ("POST", "/submit", form, headers), total=64)
        base = run_load(
            bare.port,
            lambda i: ("POST", "/submit", form, headers),
            concurrency=args.concurrency,
            total=args.requests,
        )
    env = {
        "PARTICIPATION_ENV": "development",
        "PARTICIPATION_DATABASE_URL": db_url,
        "PARTICIPATION_SECRET_KEY": SECRET,
        "PARTICIPATION_RATELIMIT_ENABLED": "0",
        "PARTICIPATION_MAIL_DELIVER_INLINE": "0",
        "PARTICIPATION_INSTANCE_DIR": str(workdir),
    }
    from itsdangerous import URLSafeSerializer

    signer = URLSafeSerializer(SECRET, salt="survey-browser")
    with Server("wsgi:app", env=env) as server:
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

        def acknowledged(status: int, _body: bytes) -> bool:
            return status == 303

        warm = run_load(server.port, submit, concurrency=8, total=64, accept=acknowledged)
        real = run_load(
            server.port,
            submit,
            concurrency=args.concurrency,
            total=args.requests,
            accept=acknowledged,
        )
    stored, counter, answer_rows = _count(db_url, survey_id)
    acked = warm.ok + real.ok
    rows["SQLite: bare Flask insert"] = base.line("").strip()
    rows["SQLite: survey form (full stack)"] = real.line("").strip()
    rows["SQLite: ratio survey/bare"] = f"{100 * real.rps / base.rps:.1f} %"
    rows["SQLite: acknowledged / stored / counter"] = (
        f"{acked} / {stored} / {counter}, lost {acked - stored}, errors {real.errors + warm.errors}"
    )
    rows["SQLite: answer rows per response"] = f"{answer_rows / max(stored, 1):.1f}"
    rows["SQLite: answer counters vs recount"] = _counters_match(db_url, workdir, survey_id)
    report("survey submission throughput", rows)


if __name__ == "__main__":
    main()
