"""Seeding helpers for the contribution benchmarks: a city-wide process and many pins, fast; and
the resident pin form as a browser posts it (:func:`pin_form`).

Pins are inserted in bulk (not through the form or the service, which would take minutes for
50,000), but with exactly the rows the service writes: the contribution and its area at every
level, located with the same STRtree lookup.
"""

import hashlib
import uuid

import numpy as np

BERLIN_BOX = (13.09, 52.34, 13.76, 52.68)


def pin_form(
    csrf: str, started: str, key: str, category, lon: float, lat: float, title: str
) -> dict[str, str]:
    """The fields of the resident pin form as a browser posts them: the session's CSRF token and
    signed start time, a fresh idempotency key, the empty honeypot and optional fields."""
    return {
        "csrf_token": csrf,
        "started": started,
        "idempotency_key": key,
        "category": category,
        "title": title,
        "body": "Hier fehlt eine Bank mit Lehne für ältere Menschen.",
        "lon": f"{lon:.6f}",
        "lat": f"{lat:.6f}",
        "area": "",
        "email": "",
        "leave_empty": "",
    }


def berlin_db(workdir=None) -> str:
    """The shared cached Berlin database, or a private one when the cache is unusable.

    The cache in bench/results is shared by every benchmark; if another run left it half-built
    (no tables), build a private copy instead of failing.
    """
    import sqlite3
    import tempfile
    from pathlib import Path

    from bench.common import berlin_sqlite, prepare_database

    workdir = Path(workdir or tempfile.mkdtemp(prefix="bench-"))
    url = berlin_sqlite(workdir)
    conn = sqlite3.connect(url[len("sqlite:///") :])
    try:
        ready = (
            conn.execute(
                "SELECT count(*) FROM sqlite_master "
                "WHERE name IN ('users', 'contributions', 'areas')"
            ).fetchone()[0]
            == 3
            and conn.execute("SELECT count(*) FROM areas").fetchone()[0] > 0
        )
    except sqlite3.Error:
        ready = False
    finally:
        conn.close()
    if not ready:
        own = workdir / "own-berlin.db"
        own.unlink(missing_ok=True)
        url = f"sqlite:///{own}"
        prepare_database(url, berlin=True)
    return url


def make_process(codes: list[str], slug: str, moderation: str = "post"):
    """A published process with pins on the given areas, created through the services."""
    from sqlalchemy import select

    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.extensions import db
    from participation.processes import services

    planner = create_user(f"bench-{uuid.uuid4().hex[:6]}@example.org", "Bench", roles=["planner"])
    areas = db.session.scalars(
        select(Area).where(Area.code.in_(codes), Area.valid_to.is_(None))
    ).all()
    process = services.create_process(
        planner,
        areas,
        title=f"Benchmark {slug}",
        summary="Lasttest",
        level="information",
        contact_name="Bench",
        tools=["pins", "ideas"],
        moderation=moderation,
    )
    process.slug = slug
    services.publish_process(process, planner)
    db.session.commit()
    return process


def sample_points(n: int, rng: np.random.Generator, hotspots: int = 20, share: float = 0.3):
    """*n* points inside Berlin: uniform, plus a *share* clustered around *hotspots* (σ ≈ 300 m).

    Returns ``(lons, lats, located)`` where *located* is the lookup result per level.
    """
    from participation.areas import lookup

    lons, lats = np.empty(0), np.empty(0)
    centres_lon = rng.uniform(13.25, 13.6, hotspots)
    centres_lat = rng.uniform(52.42, 52.6, hotspots)
    while len(lons) < n:
        batch = n
        k = int(batch * share)
        pick = rng.integers(0, hotspots, k)
        hot_lon = centres_lon[pick] + rng.normal(0, 0.0045, k)
        hot_lat = centres_lat[pick] + rng.normal(0, 0.0027, k)
        flat_lon = rng.uniform(BERLIN_BOX[0], BERLIN_BOX[2], batch - k)
        flat_lat = rng.uniform(BERLIN_BOX[1], BERLIN_BOX[3], batch - k)
        cand_lon = np.concatenate([lons, hot_lon, flat_lon])
        cand_lat = np.concatenate([lats, hot_lat, flat_lat])
        found = lookup.locate_many(cand_lon, cand_lat)
        inside = found["planungsraum"] >= 0
        lons, lats = cand_lon[inside][:n], cand_lat[inside][:n]
    return lons, lats, lookup.locate_many(lons, lats), (centres_lon, centres_lat)


def insert_pins(process, lons, lats, located, batch: int = 5000) -> int:
    """Bulk-insert visible pins with their areas at every level; returns the count."""
    from sqlalchemy import insert, select

    from participation.areas.models import AreaLevel
    from participation.contributions.models import Contribution, ContributionArea
    from participation.core.db import utcnow
    from participation.extensions import db

    levels = {
        key: (lid, rank)
        for key, lid, rank in db.session.execute(
            select(AreaLevel.key, AreaLevel.id, AreaLevel.rank)
        )
    }
    finest = max(levels, key=lambda k: levels[k][1])
    categories = [c.id for c in process.categories]
    now = utcnow()
    total = 0
    for start in range(0, len(lons), batch):
        rows = []
        for i in range(start, min(start + batch, len(lons))):
            key = uuid.uuid4().hex
            rows.append(
                {
                    "process_id": process.id,
                    "kind": "pin",
                    "channel": "online",
                    "category_id": categories[i % len(categories)],
                    "title": f"Beitrag {i}: mehr Bänke und Schatten",
                    "body": "",
                    "lon": round(float(lons[i]), 6),
                    "lat": round(float(lats[i]), 6),
                    "area_id": int(located[finest][i]),
                    "visibility": "visible",
                    "hidden_reason": "",
                    "needs_review": False,
                    "report_count": 0,
                    "status": "received",
                    "status_reason": "",
                    "locale": "de",
                    "tracking_hash": hashlib.sha256(key.encode()).hexdigest(),
                    "idempotency_key": key,
                    "support_count": i % 7,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        ids = db.session.scalars(insert(Contribution).returning(Contribution.id), rows).all()
        links = [
            {"contribution_id": cid, "area_id": int(located[k][start + j]), "level_id": lid}
            for j, cid in enumerate(ids)
            for k, (lid, _rank) in levels.items()
            if located[k][start + j] >= 0
        ]
        db.session.execute(insert(ContributionArea), links)
        db.session.commit()
        total += len(ids)
    return total


def pg_admin_url(given: str | None = None) -> str | None:
    """The PostgreSQL admin URL of the submission benchmarks (``--pg-url`` or the environment)."""
    import os

    return given or os.environ.get("PARTICIPATION_BENCH_PG_URL")


def scratch_postgres(admin_url: str, prefix: str):
    """Context manager: a new PostgreSQL database (migrations + Berlin's areas), dropped after."""
    import contextlib

    import sqlalchemy as sa

    from bench.common import prepare_database

    @contextlib.contextmanager
    def scratch():
        name = f"{prefix}_{uuid.uuid4().hex[:6]}"
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.engine.make_url(admin_url).set(database=name).render_as_string(False)
        try:
            prepare_database(url, berlin=True)
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    return scratch()


def wait_ready(port: int, path: str, timeout: float = 180.0) -> None:
    """GET *path* until it answers 200: every worker has booted (slow on a loaded machine)."""
    import http.client
    import time

    deadline = time.time() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        if time.time() > deadline:
            raise RuntimeError(f"{path} did not answer 200 within {timeout:.0f} s")
        time.sleep(0.5)
