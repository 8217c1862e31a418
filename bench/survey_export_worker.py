"""The worker-like child process of bench/survey_export.py: the export streamed through the WSGI
app, its wall time, CPU and RSS, the bare-export baseline measured in the same process, and the
split of the wall time (see that file's docstring for what each figure means).
"""

import os
import threading
import time
from pathlib import Path

from bench.common import make_app

CHUNK = 64 * 1024


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    """Peak RSS of this process image so far in MB (``VmHWM``, Linux).

    Not ``getrusage().ru_maxrss``: it survives ``exec``, so a child started from the seeding
    process reported the parent's 233 MB before it had done anything.
    """
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3
    return float("nan")


# --- the worker-like child process ---------------------------------------------------------------


def child(db_url: str, workdir: str, survey_id: int, planner_id: int, modes: list[str]) -> dict:
    """Run in a fresh process: app, warm-up, export, baseline (and profiles); return figures."""
    out: dict = {"rss after imports + create_app": rss_mb()}

    from participation.accounts.models import User
    from participation.accounts.testing import LoginClient
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=Path(workdir), SESSION_PROTECTION="basic")
    app.test_client_class = LoginClient
    out["rss after imports + create_app"] = rss_mb()
    with app.app_context():
        client = app.test_client(user=db.session.get(User, planner_id))
    url = f"/manage/surveys/{survey_id}/export.csv?bom=1"
    client.get(f"/manage/surveys/{survey_id}/codebook.csv")  # warm-up: templates, babel, …
    out["rss before the export (after a warm-up request)"] = rss_mb()
    out["peak rss before the export"] = peak_mb()
    out["export"] = stream(client, url)
    out["peak rss after the export"] = peak_mb()
    out["baseline"] = baseline(app, survey_id, out["export"]["rows"], out["export"]["width"])
    out["split"] = split(client, url)
    if "profile" in modes:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile(time.process_time)  # CPU: the box is shared
        profiler.enable()
        stream(client, url, sample=False)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(22)
        out["profile"] = text.getvalue()
    if "tracemalloc" in modes:
        import tracemalloc

        tracemalloc.start()
        stream(client, url, sample=False)
        out["tracemalloc peak MB"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return out


def stream(client, url: str, sample: bool = True) -> dict:
    """GET *url* unbuffered and iterate the body like a WSGI server; time, CPU and RSS."""
    samples: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            samples.append(rss_mb())
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    if sample:
        thread.start()
    start, cpu_start = time.perf_counter(), time.process_time()
    response = client.get(url, buffered=False)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    width = 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        if not width and b"\r\n" in data:  # the header (the BOM may come alone first)
            width = data.split(b"\r\n", 1)[0].count(b",") + 1
        size += len(data)
        lines += data.count(b"\r\n")
    response.close()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    done.set()
    if sample:
        thread.join()
    return {
        "rows": lines - 1,
        "width": width,
        "bytes": size,
        "seconds": seconds,
        "cpu": cpu,
        "rss max sampled": max(samples, default=0.0),
    }


def split(client, url: str) -> dict:
    """A further export, timed apart: where the wall time goes, and the file's sha256.

    The export's batch source (``ahead``, the fetch thread, or ``in_turn``, both of
    ``surveys/export_fetch.py`` as ``export`` imports them) is wrapped so the time the
    formatting thread *waits* for its next batch is summed: on PostgreSQL the database's time
    that the thread ahead did not hide, on SQLite the whole read (the driver works in this
    thread). ``main cpu`` is the formatting thread's own CPU (``thread_time``), ``cpu`` the
    whole process's. The sha256 lets two runs (code before and
    after, or SQLite and PostgreSQL on the same seed) be compared byte for byte.
    """
    import hashlib

    from participation.surveys import export

    waited = [0.0]

    def timed(source):
        def wrapper(fetch, key=0):
            inner = source(fetch, key)
            try:
                while True:
                    start = time.perf_counter()
                    try:
                        item = next(inner)
                    except StopIteration:
                        return
                    finally:
                        waited[0] += time.perf_counter() - start
                    yield item
            finally:
                inner.close()

        return wrapper

    originals = export.ahead, export.in_turn
    export.ahead, export.in_turn = timed(export.ahead), timed(export.in_turn)
    digest = hashlib.sha256()
    try:
        start, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        response = client.get(url, buffered=False)
        for chunk in response.response:
            digest.update(chunk if isinstance(chunk, bytes) else chunk.encode())
        response.close()
        seconds = time.perf_counter() - start
        cpu, main = time.process_time() - cpu, time.thread_time() - main
    finally:
        export.ahead, export.in_turn = originals
    return {
        "seconds": seconds,
        "cpu": cpu,
        "main cpu": main,
        "waited": waited[0],
        "sha256": digest.hexdigest(),
    }


def baseline(app, survey_id: int, rows: int, width: int) -> dict:
    """Two floors measured in the worker: a bare export of the same shape, and the answer fetch.

    *bare*: the survey's responses read from a plain DBAPI cursor (one ordered query,
    ``fetchmany``), each row repeated to *width* cells and written by ``csv.writer`` into a
    reused ``StringIO``, encoded in 64 KB chunks — what any export of *rows* × *width* cells
    costs at least. *answers*: the same answer rows the export reads, fetched in one ordered
    query and dropped (the data volume of this export; no writing).
    """
    import csv
    import io

    from participation.extensions import db

    out = {}
    with app.app_context():
        raw = db.engine.raw_connection()
        cursor = raw.cursor()
        start, cpu_start = time.perf_counter(), time.process_time()
        cursor.execute(
            "SELECT id, survey_id, channel, sample, age_band, gender, household, home_language "
            f"FROM survey_responses WHERE survey_id = {int(survey_id)} ORDER BY id"
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        size = written = 0
        repeat = -(-width // 8)
        while batch := cursor.fetchmany(2000):
            for response in batch:
                writer.writerow((response * repeat)[:width])
            written += len(batch)
            if buffer.tell() > CHUNK:
                size += len(buffer.getvalue().encode())
                buffer.seek(0)
                buffer.truncate()
        size += len(buffer.getvalue().encode())
        out["bare"] = {
            "rows": written,
            "bytes": size,
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu_start,
        }
        start, cpu_start = time.perf_counter(), time.process_time()
        cursor.execute(
            "SELECT a.response_id, a.question_id, a.option_id, a.value_num, a.value_text, "
            "a.lon, a.lat, a.area_id FROM survey_answers a JOIN survey_questions q "
            f"ON q.id = a.question_id WHERE q.survey_id = {int(survey_id)} "
            "ORDER BY a.question_id, a.response_id"
        )
        fetched = 0
        while batch := cursor.fetchmany(10000):
            fetched += len(batch)
        out["answers"] = {
            "rows": fetched,
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu_start,
        }
        cursor.close()
        raw.close()
    return out
