"""Survey results and export at scale: 100,000 responses × 20 questions, SQLite and PostgreSQL.

The responses are seeded in bulk (``bench.survey_seed.seed_responses``: one transaction,
executemany on SQLite, COPY on PostgreSQL, then every counter rebuilt in SQL — a few minutes at
100,000; through the raw autocommit connection it had not finished in 30 minutes).
Measures, in one run:
- the public and the internal results page (server time in-process): computed without the cache
  (first request, then the median of repeated computations) and warm from the per-worker cache;
  unfiltered, by sample and by channel and with an area filter (all read from the maintained
  counters, per area too; "who took part" from ``survey_turnout_counts``) — target < 300 ms
  computed; the SQL statement count of the public page and of the internal page with an area
  filter, and the peak Python memory (tracemalloc);
- a baseline in the same run: the unfiltered page counted live from the answers (the path used
  before the counters, ``build(live=True)``), and a bare ``SELECT count(*)`` over the answers;
- the streamed CSV export: time and peak RSS sampled while streaming (RSS before/at 25/50/75/100 %
  of the rows shows whether memory stays flat) — target < 200 MB;
- a baseline in the same run: a bare ``SELECT count(*)`` over the answers table.

    .venv/bin/python bench/survey_results.py [--responses 100000] [--db sqlite|postgres|both]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres] [--no-export]

The export alone, in a worker-like process with its baseline: ``bench/survey_export.py``.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import count_queries, make_app, report, timed  # noqa: E402
from bench.survey_common import (  # noqa: E402
    make_survey,
    private_berlin_sqlite,
    scratch_postgres,
    unique_slug,
)
from bench.survey_seed import seed_responses  # noqa: E402


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def seed(db_url: str, workdir: Path, responses: int) -> tuple[int, int, int]:
    """Build the survey and insert the responses; returns (survey id, planner id, answer rows)."""
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=workdir)
    with app.app_context():
        survey, planner = make_survey(unique_slug("bench-survey"))
        ids = survey.id, planner.id
        # Bulk-inserted answers bypass the service: the counters are rebuilt as an import would.
        seeded = seed_responses(survey, responses, np.random.default_rng(11))
        rows = seeded["answer rows"]
        print(
            f"seeded {responses} responses, {rows} answer rows in {seeded['insert s']:.1f} s; "
            f"counters rebuilt in {seeded['recount s']:.1f} s"
        )
        db.session.remove()
        db.engine.dispose()
    return (*ids, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("PARTICIPATION_BENCH_PG_URL"))
    parser.add_argument("--no-export", action="store_true", help="skip the CSV export")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-survey-"))
    if args.db in ("sqlite", "both"):
        run("SQLite", private_berlin_sqlite(workdir), workdir, args)
    if args.db in ("postgres", "both"):
        if not args.pg_url:
            raise SystemExit("PostgreSQL needs --pg-url or PARTICIPATION_BENCH_PG_URL")
        with scratch_postgres(args.pg_url, "bench_results") as url:
            run("PostgreSQL", url, workdir, args)


def run(label: str, db_url: str, workdir: Path, args) -> None:
    """Seed *db_url* and print the results-page figures (and the export's) for it."""
    load = os.getloadavg()
    survey_id, planner_id, answer_rows = seed(db_url, workdir, args.responses)

    from sqlalchemy import text

    from participation.accounts.models import User
    from participation.accounts.testing import LoginClient
    from participation.extensions import db

    # The in-process test client sends no browser fingerprint: basic session protection.
    app = make_app(db_url, INSTANCE_DIR=workdir, SESSION_PROTECTION="basic")
    app.test_client_class = LoginClient
    with app.app_context():
        planner = db.session.get(User, planner_id)
        area = db.session.execute(
            text("SELECT area_id FROM survey_response_areas WHERE level_rank = 2 LIMIT 1")
        ).scalar()
        internal = app.test_client(user=planner)
    public = app.test_client()
    rows: dict = {
        "load average (1 / 5 min) at the start": f"{load[0]:.1f} / {load[1]:.1f}",
        "responses": args.responses,
        "answer rows": answer_rows,
        "questions": 20,
    }

    with app.app_context():
        baseline = timed(
            lambda: db.session.execute(text("SELECT count(*) FROM survey_answers")).scalar(), 5
        )
    rows["baseline: SELECT count(*) over all answers"] = f"{baseline['median']:.0f} ms"
    with app.test_request_context(headers={"Accept-Language": "de"}):
        from participation.surveys.models import Survey
        from participation.surveys.results import build

        survey = db.session.get(Survey, survey_id)
        live = timed(lambda: build(survey, {}, live=True), 3)
        counted = timed(lambda: build(survey, {}), 3)
        by_area = {"area": str(area)}
        area_live = timed(lambda: build(survey, by_area, live=True), 3)
        area_counted = timed(lambda: build(survey, by_area), 3)
        # the two parts of an area-filtered page: per-question results, "who took part" tables
        from dataclasses import replace

        from participation.surveys import counters, turnout
        from participation.surveys.results import make_filter, participation_tables, sample_counts

        flt = make_filter(survey, sample_counts(survey), by_area, False)
        questions = survey.ordered_questions()

        def per_question(flt=flt):
            snap = counters.snapshot(survey.id, flt.sample, flt.channel, flt.area_id)
            counted = replace(flt, counters=snap)
            return [q.kind.aggregate(q, counted, survey.k) for q in questions]

        def per_question_live(flt=flt):
            return [q.kind.aggregate(q, flt, survey.k) for q in questions]

        def tables(flt=flt):
            counted = turnout.read(survey.id, flt.area_id, 4)
            return participation_tables(survey, flt, survey.k, 4, counted)

        area_questions = timed(per_question, 3)
        area_questions_live = timed(per_question_live, 3)
        area_tables = timed(tables, 3)
        # the reference: one SQL count per table over the area's responses (before 0023)
        area_tables_live = timed(lambda: participation_tables(survey, flt, survey.k, 4), 3)
    rows["baseline: unfiltered page counted live, build(live=True)"] = f"{live['median']:.0f} ms"
    rows["same from the counters, build()"] = f"{counted['median']:.0f} ms"
    rows["baseline: area filter counted live, build(live=True)"] = f"{area_live['median']:.0f} ms"
    rows["same from the per-area counters, build()"] = f"{area_counted['median']:.0f} ms"
    rows["area filter, per-question results: counters | live"] = (
        f"{area_questions['median']:.0f} ms | {area_questions_live['median']:.0f} ms"
    )
    rows["area filter, 'who took part' tables: counters (0023) | live"] = (
        f"{area_tables['median']:.0f} ms | {area_tables_live['median']:.0f} ms"
    )

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    pages = {
        "public results page": (public, f"/surveys/{survey_id}/results"),
        "internal results page": (internal, f"/manage/surveys/{survey_id}/results"),
        "internal, sample=open": (internal, f"/manage/surveys/{survey_id}/results?sample=open"),
        "internal, filter channel=paper": (
            internal,
            f"/manage/surveys/{survey_id}/results?channel=paper",
        ),
        "internal, sample=open + channel=doorstep": (
            internal,
            f"/manage/surveys/{survey_id}/results?sample=open&channel=doorstep",
        ),
        "internal, filter area (Prognoseraum)": (
            internal,
            f"/manage/surveys/{survey_id}/results?area={area}",
        ),
        "cross-table Q01 by Planungsraum": (
            internal,
            f"/manage/surveys/{survey_id}/results/breakdown?question=__Q1__&by=level:4",
        ),
    }
    with app.app_context():
        first_question = db.session.execute(
            text("SELECT id FROM survey_questions WHERE survey_id = :s AND code = 'Q01'"),
            {"s": survey_id},
        ).scalar()
    for page, (client, url) in pages.items():
        url = url.replace("__Q1__", str(first_question))
        app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 0  # every request computes the page
        start = time.perf_counter()
        get(client, url)
        first = (time.perf_counter() - start) * 1000
        cold = timed(lambda c=client, u=url: get(c, u), args.repeat)
        app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 60
        get(client, url)
        warm = timed(lambda c=client, u=url: get(c, u), args.repeat)
        rows[f"{page}: computed, no cache: first / median / p95"] = (
            f"{first:.0f} / {cold['median']:.0f} / {cold['p95']:.0f} ms"
        )
        rows[f"{page}: warm (cache), median"] = f"{warm['median']:.0f} ms"
    app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 0  # count the statements of a computation
    with count_queries(app) as statements:
        get(public, f"/surveys/{survey_id}/results?level=3")
    app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 60
    rows["public results page computed afresh: SQL statements"] = len(statements)
    app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 0
    with count_queries(app) as statements:
        get(internal, f"/manage/surveys/{survey_id}/results?area={area}")
    app.config["SURVEY_RESULTS_CACHE_SECONDS"] = 60
    rows["internal page, area filter, computed afresh: SQL statements (login included)"] = len(
        statements
    )
    tracemalloc.start()
    get(internal, f"/manage/surveys/{survey_id}/results?channel=paper")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows["internal results page: peak Python memory"] = f"{peak / 1e6:.1f} MB"

    if not args.no_export:
        rows |= measure_export(internal, survey_id, args.responses)
    rows["load average (1 min) at the end"] = f"{os.getloadavg()[0]:.1f}"
    report(f"survey results and export ({label})", rows)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def measure_export(client, survey_id: int, responses: int) -> dict:
    """Stream the CSV export, sampling RSS; returns the report rows."""
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_mb())
            time.sleep(0.05)

    before = rss_mb()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    start, cpu_start = time.perf_counter(), time.process_time()
    response = client.get(f"/manage/surveys/{survey_id}/export.csv?bom=1", buffered=False)
    size = lines = 0
    marks = {}
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        lines += data.count(b"\n")
        for share in (25, 50, 75):
            if share not in marks and lines >= responses * share / 100:
                marks[share] = rss_mb()
    response.close()
    seconds = time.perf_counter() - start
    # CPU seconds of this process: on a loaded box the wall time mostly measures the other load
    cpu = time.process_time() - cpu_start
    done.set()
    thread.join()
    marks[100] = rss_mb()
    return {
        "CSV export: rows / size": f"{lines - 1} rows, {size / 1e6:.1f} MB",
        "CSV export: time (streamed)": f"{seconds:.1f} s ({(lines - 1) / seconds:,.0f} rows/s)",
        "CSV export: CPU time (target >= 20,000 rows/s)": (
            f"{cpu:.1f} s ({(lines - 1) / cpu:,.0f} rows per CPU second)"
        ),
        "CSV export: RSS before / peak (target < 200 MB)": (
            f"{before:.0f} MB / {max(samples):.0f} MB"
        ),
        "CSV export: RSS at 25/50/75/100 % of rows": " / ".join(
            f"{marks.get(s, float('nan')):.0f}" for s in (25, 50, 75, 100)
        )
        + " MB",
    }


if __name__ == "__main__":
    main()
