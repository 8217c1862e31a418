"""Survey CSV export at scale: 100,000 responses × 20 questions, SQLite and PostgreSQL.

The database is seeded in bulk (``bench.survey_seed.seed_responses``: one transaction, then the
counters rebuilt in SQL). The export itself runs in a **separate process** that does what a
gunicorn worker does — import the app, create it, answer requests — so its peak RSS
(``VmHWM``) is the absolute peak of a worker serving the export, and nothing from the seeding
is counted. In that process, one after the other:

- RSS after the imports and ``create_app()`` and after a warm-up request: the worker's floor;
- the export ``GET /manage/surveys/<id>/export.csv?bom=1`` streamed through the WSGI app (the
  body iterated chunk by chunk as a server would; bytes counted, rows counted); wall time, CPU
  time of the process, RSS sampled every 50 ms, and the peak;
- the **baseline** in the same process and run, a *bare export*: the survey's responses read
  from a plain DBAPI cursor in one ordered query (``fetchmany``), each row repeated to the
  export's width and written with ``csv.writer`` into a reused ``StringIO``, encoded to UTF-8 in
  64 KB chunks — the least any export of that many rows × columns costs, with none of the
  survey's work (its 27 answer rows per response, pivoting them into columns, code lookups,
  defusing). Beside it, the answer rows alone fetched in one query: the data volume floor;
- optionally ``--profile`` (cProfile of a second export, top functions by own time) and
  ``--tracemalloc`` (peak Python allocations of a third export).

    .venv/bin/python bench/survey_export.py [--responses 100000] [--db sqlite|postgres|both]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres] [--profile]
        [--layout response|question]
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import make_app, report  # noqa: E402
from bench.survey_common import (  # noqa: E402
    make_survey,
    private_berlin_sqlite,
    scratch_postgres,
    unique_slug,
)
from bench.survey_export_worker import child  # noqa: E402
from bench.survey_seed import seed_responses  # noqa: E402


def seed(db_url: str, workdir: Path, responses: int, by_response: bool = True) -> dict:
    """Build the survey and its responses; returns ids and the seeding times.

    *by_response*: a response's answers side by side in the table, as submissions store them
    (``--layout question``: each question's answers side by side, the layout of rounds 3–4,
    which favoured reading question by question).
    """
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=workdir)
    with app.app_context():
        survey, planner = make_survey(unique_slug("bench-export"))
        ids = {"survey": survey.id, "planner": planner.id}
        times = seed_responses(
            survey, responses, np.random.default_rng(15), by_response=by_response
        )
        db.session.remove()
        db.engine.dispose()
    return ids | times


# --- the parent: seed, run the child, print -----------------------------------------------------


def run(
    label: str, db_url: str, workdir: Path, responses: int, modes: list[str], layout: str
) -> None:
    """Seed *db_url*, export in a child process, print the figures beside the baseline."""
    load_before = os.getloadavg()
    seeded = seed(db_url, workdir, responses, by_response=layout == "response")
    args = [db_url, str(workdir), str(seeded["survey"]), str(seeded["planner"]), ",".join(modes)]
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"export child failed ({done.returncode})")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    load_after = os.getloadavg()
    export, bare = figures["export"], figures["baseline"]["bare"]
    fetch = figures["baseline"]["answers"]
    part = figures["split"]
    rows = export["rows"]
    out = {
        "load average (1 min) before seeding / after export": (
            f"{load_before[0]:.1f} / {load_after[0]:.1f}"
        ),
        "responses / answer rows (table layout)": (
            f"{responses:,} / {seeded['answer rows']:,} (by {layout})"
        ),
        "seeding: bulk insert / counter rebuild": (
            f"{seeded['insert s']:.1f} s / {seeded['recount s']:.1f} s"
        ),
        "CSV: rows x columns, size": (
            f"{rows:,} x {export['width']}, {export['bytes'] / 1e6:.1f} MB"
        ),
        "export: wall (target >= 20,000 rows/s)": (
            f"{export['seconds']:.2f} s = {rows / export['seconds']:,.0f} rows/s"
        ),
        "export: CPU of the worker": f"{export['cpu']:.2f} s = {rows / export['cpu']:,.0f} rows/s",
        "bare export, same rows x columns: wall": (
            f"{bare['seconds']:.2f} s = {bare['rows'] / bare['seconds']:,.0f} rows/s "
            f"({bare['bytes'] / 1e6:.1f} MB)"
        ),
        "bare export: CPU": f"{bare['cpu']:.2f} s = {bare['rows'] / bare['cpu']:,.0f} rows/s",
        "export / bare export (rows/s, wall | CPU)": (
            f"{bare['seconds'] / export['seconds'] * rows / bare['rows']:.0%} | "
            f"{bare['cpu'] / export['cpu'] * rows / bare['rows']:.0%}"
        ),
        "split: wall | formatting CPU | waited for batches": (
            f"{part['seconds']:.2f} s | {part['main cpu']:.2f} s | {part['waited']:.2f} s "
            f"(process CPU {part['cpu']:.2f} s)"
        ),
        "CSV sha256": part["sha256"],
        "answer rows fetched alone, one query: wall | CPU": (
            f"{fetch['seconds']:.2f} s | {fetch['cpu']:.2f} s ({fetch['rows']:,} rows)"
        ),
        "worker RSS: after create_app / before export": (
            f"{figures['rss after imports + create_app']:.0f} MB / "
            f"{figures['rss before the export (after a warm-up request)']:.0f} MB"
        ),
        "worker RSS peak: before / after the export (target < 200 MB)": (
            f"{figures['peak rss before the export']:.0f} MB / "
            f"{figures['peak rss after the export']:.0f} MB "
            f"(sampled during: {export['rss max sampled']:.0f} MB)"
        ),
    }
    if "tracemalloc peak MB" in figures:
        out["export: peak Python allocations (tracemalloc)"] = (
            f"{figures['tracemalloc peak MB']:.1f} MB"
        )
    report(f"survey CSV export ({label})", out)
    if "profile" in figures:
        print(figures["profile"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("PARTICIPATION_BENCH_PG_URL"))
    parser.add_argument("--layout", choices=("response", "question"), default="response")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--child", nargs=5, metavar="ARG")
    args = parser.parse_args()
    if args.child:
        url, workdir, survey_id, planner_id, modes = args.child
        figures = child(url, workdir, int(survey_id), int(planner_id), modes.split(","))
        print(json.dumps(figures))
        return
    modes = [m for m in ("profile", "tracemalloc") if getattr(args, m)]
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-"))
    if args.db in ("sqlite", "both"):
        run("SQLite", private_berlin_sqlite(workdir), workdir, args.responses, modes, args.layout)
    if args.db in ("postgres", "both"):
        if not args.pg_url:
            raise SystemExit("PostgreSQL needs --pg-url or PARTICIPATION_BENCH_PG_URL")
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(scratch_postgres(args.pg_url, "bench_export"))
            run("PostgreSQL", url, workdir, args.responses, modes, args.layout)


if __name__ == "__main__":
    main()
