"""Precomputed map clusters stay equal to a live recount through creates, hides, moves, deletes."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from participation.contributions import clusters, moderation, services
from participation.contributions.clusters import MapCluster
from participation.contributions.models import Contribution
from participation.extensions import db

pytestmark = pytest.mark.berlin


def stored() -> dict:
    """Stored cells: ``{(process, zoom, gx, gy): (count, sum of ids)}`` (empty ones left out).

    A cell's shards (``clusters.SHARDS``) are summed, as the map reads them.
    """
    key = (MapCluster.process_id, MapCluster.zoom, MapCluster.gx, MapCluster.gy)
    count = func.sum(MapCluster.count)
    rows = db.session.execute(
        select(*key, count, func.sum(MapCluster.sum_id)).group_by(*key).having(count != 0)
    )
    return {(p, z, x, y): (n, i) for p, z, x, y, n, i in rows}


def recount() -> dict:
    """The same cells counted live from the visible contributions with a position."""
    counts: Counter = Counter()
    ids: Counter = Counter()
    pins = db.session.execute(
        select(Contribution.id, Contribution.process_id, Contribution.lon, Contribution.lat).where(
            Contribution.visibility == "visible", Contribution.lon.is_not(None)
        )
    )
    for cid, pid, lon, lat in pins:
        for zoom in clusters.ZOOMS:
            key = (pid, zoom, *clusters.cell(lon, lat, zoom))
            counts[key] += 1
            ids[key] += cid
    return {key: (n, ids[key]) for key, n in counts.items()}


def pin(process, lon, lat, title="Schöne Ecke"):
    return services.create_contribution(
        process,
        kind="pin",
        channel="online",
        title=title,
        lon=lon,
        lat=lat,
        category=process.categories[0],
    )


def test_cells_follow_creates_hides_moves_and_deletes(pin_process, point_in, client):
    process, other = pin_process(), pin_process()
    here, there = point_in("08010213"), point_in("08010214")
    first = pin(process, *here, "Bank am Teich")
    second = pin(process, *here, "Noch eine Bank")
    third = pin(other, *there, "Dunkle Ecke")
    services.create_contribution(process, kind="idea", channel="online", title="Ohne Ort")
    db.session.commit()
    assert stored() == recount() and len(recount()) == 2 * 15  # two places, 15 zooms each
    cell = (process.id, 14, *clusters.cell(*here, 14))
    assert stored()[cell] == (2, first.id + second.id)

    moderation.hide_contribution(second, None, "Doppelt eingetragen")
    db.session.commit()
    assert stored() == recount() and stored()[cell] == (1, first.id)
    # a single pin in a cell is drawn as that pin, with its id, on the map
    url = f"/processes/{process.slug}/contributions.geojson?bbox=13.3,52.4,13.5,52.5&zoom=14"
    features = client.get(url).get_json()["features"]
    assert [f["properties"] for f in features] == [{"count": 1, "id": first.id}]

    moderation.approve_contribution(second, None)
    third.lon, third.lat = here  # a planner moves the pin
    db.session.commit()
    assert stored() == recount() and stored()[cell] == (2, first.id + second.id)

    db.session.delete(first)
    db.session.commit()
    assert stored() == recount()
    # a rolled-back hide leaves the cells as they were
    before = stored()
    moderation.hide_contribution(third, None, "Nur zum Test")
    db.session.flush()
    db.session.rollback()
    assert stored() == before == recount()


def test_rebuild_matches_and_the_city_map_sums_processes(pin_process, point_in, client):
    process, other = pin_process(), pin_process()
    for n in range(3):
        pin(process, *point_in("08010213"), f"Pin {n}")
    pin(other, *point_in("08010214"))
    db.session.commit()
    maintained = stored()
    assert clusters.rebuild() == 4
    db.session.commit()
    assert stored() == maintained == recount()
    city = client.get("/contributions.geojson?bbox=13.0,52.3,13.8,52.7&zoom=11").get_json()
    assert city["clustered"] is True
    assert sum(f["properties"]["count"] for f in city["features"]) == 4


class _Cycle:
    """Stands in for ``random`` in the shard choice: shards 0, 1, 2, … in turn (deterministic)."""

    def __init__(self):
        self.next = 0

    def randrange(self, n):
        self.next += 1
        return (self.next - 1) % n


def test_sharded_cells_sum_to_a_recount_and_the_map_reads_their_sum(
    pin_process, point_in, client, form_data, monkeypatch
):
    """With several rows per cell (PostgreSQL's default, forced here on any database) the map
    and a recount agree through form pins, service pins, a hide, a move and a rebuild."""
    monkeypatch.setitem(clusters.SHARDS, db.engine.dialect.name, 3)
    monkeypatch.setattr(clusters, "random", _Cycle())
    process = pin_process()
    here, there = point_in("08010213"), point_in("08010214")
    for n in range(3):  # the fast path (Core statements)
        data = form_data(process, lon=f"{here[0]:.6f}", lat=f"{here[1]:.6f}", title=f"Bank {n}")
        assert client.post(f"/processes/{process.slug}/contribute", data=data).status_code == 303
    moved = pin(process, *here, "Baum fehlt")  # the ORM path (mapper events)
    db.session.commit()
    assert stored() == recount()
    low = db.session.execute(
        select(MapCluster.shard, MapCluster.count).where(
            MapCluster.process_id == process.id, MapCluster.zoom == 5
        )
    ).all()
    assert sorted(low) == [(0, 2), (1, 1), (2, 1)]  # one cell, three rows
    high = db.session.scalars(select(MapCluster.shard).where(MapCluster.zoom >= 12)).all()
    assert set(high) == {0}  # from SHARD_ZOOM on one row per cell

    moved.lon, moved.lat = there
    db.session.commit()
    assert stored() == recount()
    moderation.hide_contribution(moved, None, "Doppelt eingetragen")
    db.session.commit()
    assert stored() == recount()
    url = f"/processes/{process.slug}/contributions.geojson?bbox=13.0,52.3,13.8,52.7&zoom=%d"
    for zoom in (5, 11, 14):
        features = client.get(url % zoom).get_json()["features"]
        assert sum(f["properties"]["count"] for f in features) == 3, zoom

    maintained = stored()
    assert clusters.rebuild() == 3
    db.session.commit()
    assert stored() == maintained == recount()
    assert set(db.session.scalars(select(MapCluster.shard))) == {0}
