"""Map data for 50,000 pins over Berlin (``--pins 500000 --processes 5``: the city-wide map):
server time and response size at city, district and street zoom (targets: median < 100 ms,
response < 300 KB at every zoom).

Requests go through the full Flask stack in-process (server time, no network); each request has a
different bbox (the page cache is keyed on the query string), so the median is a cache miss;
a repeated bbox (a page-cache hit) and the ETag revalidation (304) are timed separately.
SQLite by default; ``--db-url`` for another database that has the migrations and Berlin's areas.

    .venv/bin/python bench/pins_geojson.py [--pins 50000] [--repeat 40]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import count_queries, make_app, report  # noqa: E402
from bench.pins_common import (  # noqa: E402
    BERLIN_BOX,
    berlin_db,
    insert_pins,
    make_process,
    sample_points,
)

BEZIRKE = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pins", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--db-url", default=None)
    parser.add_argument("--processes", type=int, default=1, help="pins split over this many")
    parser.add_argument(
        "--shards",
        type=int,
        default=1,
        help="rows per low-zoom cell, as concurrent writers on PostgreSQL leave them (worst case)",
    )
    args = parser.parse_args()

    from participation.extensions import db

    app = make_app(args.db_url or berlin_db())
    rng = np.random.default_rng(2026)
    with app.app_context():
        from participation.contributions import clusters

        processes = [make_process(BEZIRKE, f"berlin-pins-{k}") for k in range(args.processes)]
        start = time.perf_counter()
        lons, lats, located, (hot_lon, hot_lat) = sample_points(args.pins, rng)
        stored = 0
        share = -(-len(lons) // len(processes))
        for k, process in enumerate(processes):
            part = slice(k * share, (k + 1) * share)
            stored += insert_pins(
                process, lons[part], lats[part], {key: v[part] for key, v in located.items()}
            )
        seed_seconds = time.perf_counter() - start
        # bulk inserts bypass the ORM events that maintain the clusters: count them once
        start = time.perf_counter()
        clusters.rebuild([p.id for p in processes])
        db.session.commit()
        rebuild_seconds = time.perf_counter() - start
        for shard in range(1, args.shards):
            # every shard row of a cell that writers may have touched (sums unchanged: zeros)
            db.session.execute(
                db.text(
                    "INSERT INTO map_clusters (process_id, zoom, gx, gy, shard, count, sum_lon,"
                    " sum_lat, sum_id) SELECT process_id, zoom, gx, gy, :shard, 0, 0, 0, 0"
                    " FROM map_clusters WHERE shard = 0 AND zoom < :below"
                ),
                {"shard": shard, "below": clusters.SHARD_ZOOM},
            )
        db.session.commit()
        slug = processes[0].slug
        db.session.remove()

    client = app.test_client()
    url = f"/processes/{slug}/contributions.geojson"
    w, s, e, n = BERLIN_BOX
    # Viewports as a phone/laptop map would request them at each zoom (with 10 % padding).
    city = "/contributions.geojson"
    views = {
        "city-wide map, all processes (zoom 11)": (11, lambda j: (w - j, s, e + j, n), city),
        "city-wide map, all processes (zoom 14, capped grid)": (
            14,
            lambda j: (w - j, s, e + j, n),
            city,
        ),
        "baseline: city-wide, grouped live (status filter)": (
            11,
            lambda j: (w - j, s, e + j, n),
            city + "?status=received&",
        ),
        "city (zoom 11, all Berlin)": (11, lambda j: (w - j, s, e + j, n)),
        "district (zoom 13, ~7 x 5 km)": (
            13,
            lambda j: (13.38 + j, 52.44, 13.48 + j, 52.485),
        ),
        "street (zoom 16, ~1 x 0.6 km, busiest spot)": (
            16,
            lambda j: (
                hot_lon[0] - 0.007 + j,
                hot_lat[0] - 0.0027,
                hot_lon[0] + 0.007 + j,
                hot_lat[0] + 0.0027,
            ),
        ),
        "street (zoom 15, 2 x 1.2 km, capped at 1000)": (
            15,
            lambda j: (
                hot_lon[0] - 0.015 + j,
                hot_lat[0] - 0.0055,
                hot_lon[0] + 0.015 + j,
                hot_lat[0] + 0.0055,
            ),
        ),
    }
    rows = {
        "pins stored": stored,
        "processes": args.processes,
        "rows per low-zoom cell (shards)": args.shards,
        "seeding (s)": round(seed_seconds, 1),
        "clusters rebuilt (s)": round(rebuild_seconds, 1),
    }
    for label, (zoom, box, *where) in views.items():
        base = where[0] if where else url + "?"
        base = base if base.endswith(("?", "&")) else base + "?"
        times, sizes, features = [], [], []
        for i in range(args.repeat):
            # a new bbox per request (5 decimals: 1e-5 apart are distinct keys): no cache hit
            bbox = ",".join(f"{v:.5f}" for v in box(i * 1e-5))
            start = time.perf_counter()
            response = client.get(f"{base}bbox={bbox}&zoom={zoom}")
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            sizes.append(len(response.data))
            features.append(len(response.get_json()["features"]))
        times.sort()
        with count_queries(app) as statements:
            fresh = ",".join(f"{v:.5f}" for v in box(args.repeat * 1e-5))
            client.get(f"{base}bbox={fresh}&zoom={zoom}")
        hits = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(f"{base}bbox={bbox}&zoom={zoom}")
            hits.append((time.perf_counter() - start) * 1000)
        etag = response.headers["ETag"]
        revalidate = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            cached = client.get(f"{base}bbox={bbox}&zoom={zoom}", headers={"If-None-Match": etag})
            revalidate.append((time.perf_counter() - start) * 1000)
            assert cached.status_code == 304
        revalidate.sort()
        rows[label] = (
            f"median {np.median(times):6.1f} ms  p95 {times[int(0.95 * (len(times) - 1))]:6.1f} ms"
            f"  {max(sizes) / 1024:6.1f} KB  {int(np.median(features))} features"
            f"  {len(statements)} queries  cache hit: median {np.median(hits):5.1f} ms"
            f"  304: median {np.median(revalidate):5.1f} ms"
        )
    rows["target"] = "median < 100 ms and < 300 KB at every zoom"
    report(f"pins geojson ({stored:,} pins over Berlin)", rows)


if __name__ == "__main__":
    main()
