"""Point → area lookup: 100,000 random points over Berlin assigned to all four levels.

Prints points per second for the bulk service (vectorised shapely STRtree) and for a naive loop
that tests every polygon of every level for each point, in the same run, and the ratio
(target ≥ 20×).
The naive loop is timed on a sample (it is far too slow for all points) and reported per point.

    .venv/bin/python bench/areas_lookup.py [--points 100000] [--naive-sample 2000]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import berlin_sqlite, make_app, report  # noqa: E402


def main() -> None:
    """Random points over Berlin: time the bulk lookup against the naive polygon loop, report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    args = parser.parse_args()

    from shapely.geometry import Point, shape
    from sqlalchemy import select

    from participation.areas import lookup
    from participation.areas.models import Area, AreaLevel
    from participation.extensions import db

    app = make_app(berlin_sqlite())
    with app.app_context():
        rng = np.random.default_rng(2026)
        lons = rng.uniform(13.09, 13.76, args.points)
        lats = rng.uniform(52.34, 52.68, args.points)

        start = time.perf_counter()
        lookup.invalidate()
        index = lookup.get_index()
        build = time.perf_counter() - start

        start = time.perf_counter()
        bulk = index.locate_many(lons, lats)
        bulk_seconds = time.perf_counter() - start

        polygons = [
            (level.key, area_id, shape(geometry))
            for level in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank))
            for area_id, geometry in db.session.execute(
                select(Area.id, Area.geometry).where(
                    Area.level_id == level.id, Area.valid_to.is_(None)
                )
            )
        ]
        sample = args.naive_sample
        start = time.perf_counter()
        naive = []
        for lon, lat in zip(lons[:sample], lats[:sample], strict=True):
            point, found = Point(lon, lat), {}
            for key, area_id, polygon in polygons:
                if key not in found and polygon.contains(point):
                    found[key] = area_id
            naive.append(found)
        naive_seconds = time.perf_counter() - start

        mismatches = sum(
            1
            for i, found in enumerate(naive)
            for key, ids in bulk.items()
            if found.get(key, -1) != ids[i]
        )
        inside = int((bulk["planungsraum"] >= 0).sum())
        bulk_rate = args.points / bulk_seconds
        naive_rate = sample / naive_seconds
        report(
            f"areas lookup (4 levels, {len(polygons)} polygons)",
            {
                "points": args.points,
                "points inside Berlin": inside,
                "index build (s)": round(build, 3),
                "bulk: seconds for all points": round(bulk_seconds, 3),
                "bulk: points/s": f"{bulk_rate:,.0f}",
                f"naive loop: points/s (sample {sample})": f"{naive_rate:,.0f}",
                "ratio bulk/naive (target >= 20)": f"{bulk_rate / naive_rate:,.1f}x",
                "disagreements bulk vs naive (sample)": mismatches,
            },
        )


if __name__ == "__main__":
    main()
