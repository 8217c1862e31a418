"""Point → area lookup (single and bulk) and the public area pages."""

import numpy as np
import pytest

from participation.areas import lookup

pytestmark = pytest.mark.berlin

KOERNERPARK = (13.4385, 52.4710)  # a point in Körnerpark, Neukölln


def test_locate_gives_every_level(area):
    found = lookup.locate(*KOERNERPARK)
    assert found == {
        "bezirk": area("08").id,
        "prognoseraum": area("0801").id,
        "bezirksregion": area("080102").id,
        "planungsraum": area("08010213").id,
    }
    assert lookup.locate(11.0, 50.0) == {}  # outside Berlin
    assert lookup.point_in_areas(*KOERNERPARK, [area("08")])
    assert not lookup.point_in_areas(*KOERNERPARK, [area("05")])


def test_bulk_lookup_matches_single_lookups(app):
    rng = np.random.default_rng(7)
    lons = rng.uniform(13.1, 13.7, 300)
    lats = rng.uniform(52.35, 52.65, 300)
    bulk = lookup.locate_many(lons, lats)
    for i in range(0, 300, 15):
        single = lookup.locate(lons[i], lats[i])
        for level, ids in bulk.items():
            assert single.get(level, -1) == ids[i]
    inside = bulk["bezirk"] >= 0
    assert 50 < inside.sum() < 300  # the box is larger than Berlin


def test_area_page_shows_children_population_and_parents(client, area):
    page = client.get(f"/areas/{area('0801').id}").get_data(as_text=True)
    assert "Neukölln" in page and "Schillerpromenade" in page and "Rixdorf" in page
    assert "Einwohner" in page
    assert area("0801").population > 100000
    page = client.get(f"/areas/{area('08010213').id}").get_data(as_text=True)
    for parent in ("Neukölln", "Neuköllner Mitte/Zentrum"):
        assert parent in page


def test_area_map_data_is_cacheable(client, area):
    url = f"/areas/{area('08').id}/map.geojson"
    first = client.get(url)
    data = first.get_json()
    assert first.status_code == 200 and len(data["features"]) == 5  # Neukölln + 4 forecast areas
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/areas/999999").status_code == 404


def test_a_fresh_index_answers_many_threads_at_once(app):
    """gthread workers locate pins from several threads; a fresh index must survive that.

    GEOS's prepared polygons are not thread-safe: without the index's lock this aborted the
    process ("Fatal Python error: Aborted" inside ``contains_xy``) in two of three runs. Each
    round builds a new index and lets eight threads test the same polygons at the same moment;
    the answers equal the serial ones.
    """
    import threading

    rng = np.random.default_rng(11)
    points = list(zip(rng.uniform(13.2, 13.6, 200), rng.uniform(52.4, 52.6, 200), strict=True))
    serial = [lookup.locate(lon, lat) for lon, lat in points]
    for _round in range(3):
        index = lookup.AreaIndex.build()
        barrier = threading.Barrier(8)
        results: list[list[dict]] = [[] for _ in range(8)]

        def work(slot: int, index=index, barrier=barrier, results=results) -> None:
            barrier.wait()
            results[slot] = [index.locate(lon, lat) for lon, lat in points]

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(found == serial for found in results)
