"""Browsing, map data (clusters, points, ETag), panels, exports and proxy entry."""

import csv
import io

import pytest
from sqlalchemy import select

from participation.contributions import moderation, services
from participation.contributions.models import Contribution
from participation.core.models import AuditEntry
from participation.extensions import db

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


@pytest.fixture
def seeded(pin_process, point_in, area):
    """A process with three pins, one idea, one hidden pin."""

    def factory(**fields):
        process = pin_process(**fields)
        like, avoid = process.categories[0], process.categories[1]
        lon, lat = point_in("08010213")
        lon2, lat2 = point_in("08010214")
        make = services.create_contribution
        for i in range(3):
            make(
                process,
                kind="pin",
                channel="online",
                title=f"Schöne Bank {i}",
                category=like,
                lon=lon + i * 1e-4,
                lat=lat,
                email=f"p{i}@example.org",
                consent=True,
            )
        make(
            process,
            kind="pin",
            channel="online",
            title="Dunkle Unterführung",
            category=avoid,
            lon=lon2,
            lat=lat2,
        )
        make(
            process,
            kind="idea",
            channel="online",
            title="Nachbarschaftsfest",
            area=area("08010214"),
            category=like,
        )
        hidden = make(
            process, kind="pin", channel="online", title="Werbung für Pizza", lon=lon, lat=lat
        )
        moderation.hide_contribution(hidden, None, "Werbung")
        db.session.commit()
        return process

    return factory


def test_browse_lists_visible_and_filters(client, seeded, area):
    process = seeded()
    url = f"/processes/{process.slug}/contributions"
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert "5 contributions" in page and "Pizza" not in page
    avoid = process.categories[1]
    page = client.get(f"{url}?category={avoid.id}").get_data(as_text=True)
    assert "Dunkle Unterführung" in page and "Schöne Bank" not in page
    page = client.get(f"{url}?area={area('08010214').id}").get_data(as_text=True)
    assert "Dunkle Unterführung" in page and "Nachbarschaftsfest" in page
    assert "Schöne Bank" not in page
    page = client.get(f"{url}?area={area('0801').id}&status=received", headers=EN)
    assert "5 contributions" in page.get_data(as_text=True)
    page = client.get(f"{url}?status=adopted&category=x&area=", headers=EN)
    assert "No contributions match" in page.get_data(as_text=True)
    htmx = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert htmx.lstrip().startswith('<section id="results"')


def test_map_data_clusters_points_and_etag(client, seeded):
    process = seeded()
    url = f"/processes/{process.slug}/contributions.geojson"
    city = client.get(f"{url}?bbox=13.0,52.3,13.8,52.7&zoom=11")
    data = city.get_json()
    assert city.mimetype == "application/geo+json" and data["clustered"] is True
    assert sum(f["properties"]["count"] for f in data["features"]) == 4  # the idea has no point
    street = client.get(f"{url}?zoom=16").get_json()
    assert street["clustered"] is False
    titles = {f["properties"]["t"] for f in street["features"]}
    assert "Dunkle Unterführung" in titles and "Werbung für Pizza" not in titles
    etag = city.headers["ETag"]
    again = client.get(f"{url}?bbox=13.0,52.3,13.8,52.7&zoom=11", headers={"If-None-Match": etag})
    assert again.status_code == 304
    c = db.session.scalar(select(Contribution).where(Contribution.title == "Schöne Bank 0"))
    moderation.hide_contribution(c, None, "Doppelt")
    db.session.commit()
    changed = client.get(f"{url}?bbox=13.0,52.3,13.8,52.7&zoom=11", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert sum(f["properties"]["count"] for f in changed.get_json()["features"]) == 3
    assert client.get(f"{url}?bbox=1,2,3").status_code == 400
    assert client.get(f"{url}?bbox=a,b,c,d&zoom=5").status_code == 400
    assert client.get(f"{url}?zoom=-3").status_code == 200
    assert client.get("/contributions.geojson?zoom=16").get_json()["features"]


def test_cluster_count_is_bounded(client, seeded):
    """However many pins and however large the box: a bounded answer that loses no pin."""
    import json
    import uuid

    from sqlalchemy import insert

    from participation.contributions import clusters, mapdata

    process = seeded()
    # 3,600 pins on a 60 × 60 grid over Berlin, ~1 km apart: at zoom 14 every pin would get a
    # cell of its own if the grid were not capped
    grid = [
        {
            "process_id": process.id,
            "kind": "pin",
            "channel": "online",
            "title": f"Pin {i}-{j}",
            "lon": 13.1 + i * 0.01,
            "lat": 52.35 + j * 0.005,
            "tracking_hash": uuid.uuid4().hex,
        }
        for i in range(60)
        for j in range(60)
    ]
    db.session.execute(insert(Contribution), grid)
    # a bulk insert bypasses the ORM events that keep the precomputed clusters: recount them
    clusters.rebuild([process.id])
    db.session.commit()
    visible_pins = 3600 + 4  # plus the seeded pins; the idea has no point, one pin is hidden
    bound = (mapdata.MAX_CELLS_PER_SIDE + 1) ** 2
    url = f"/processes/{process.slug}/contributions.geojson"
    for bbox in ("-180,-90,180,90", "13.0,52.3,13.8,52.7"):
        response = client.get(f"{url}?bbox={bbox}&zoom=14")
        data = response.get_json()
        assert response.status_code == 200 and data["clustered"] is True
        assert len(data["features"]) <= bound, (bbox, len(data["features"]))
        assert sum(f["properties"]["count"] for f in data["features"]) == visible_pins
        assert len(response.data) < 300_000
    # at street zoom single points, but never more than the limit — and the map is told so
    street = client.get(f"{url}?bbox=13.0,52.3,13.8,52.7&zoom=16").get_json()
    assert street["clustered"] is False and street["truncated"] is True
    assert len(street["features"]) == mapdata.POINT_LIMIT
    assert len(json.dumps(street)) < 300_000


def test_process_page_panel_and_dashboard(client, seeded, staff, login):
    process = seeded()
    page = client.get(f"/processes/{process.slug}", headers=EN).get_data(as_text=True)
    assert "Drop a pin / share an idea" in page and "See all 5 contributions" in page
    dash = login(staff("manager", "08")).get(f"/manage/processes/{process.id}", headers=EN)
    text = dash.get_data(as_text=True)
    assert "Moderation queue" in text and "Export as CSV" in text
    assert "Type in paper and door-step input" in text
    council = login(staff("council")).get(f"/manage/processes/{process.id}")
    assert council.status_code == 403  # the dashboard itself is for process managers


def test_exports_leave_out_hidden_and_emails(seeded, staff, login):
    process = seeded()
    council = login(staff("council"))
    response = council.get(f"/manage/processes/{process.id}/contributions.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 5 and "Pizza" not in text and "@example.org" not in text
    assert {r["area_planungsraum"] for r in rows} == {"Körnerpark", "Glasower Straße"}
    geo = council.get(f"/manage/processes/{process.id}/contributions-export.geojson").get_json()
    assert len(geo["features"]) == 4 and "@" not in str(geo)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contribution.export"))
    assert (
        login(staff("manager", "05"))
        .get(f"/manage/processes/{process.id}/contributions.csv")
        .status_code
        == 403
    )
    assert (
        login(staff("staff", "08"))
        .get(f"/manage/processes/{process.id}/contributions.csv")
        .status_code
        == 403
    )


def test_export_defuses_formulas(seeded, staff, login):
    process = seeded()
    services.create_contribution(
        process, kind="idea", channel="online", title='=HYPERLINK("http://x")'
    )
    db.session.commit()
    text = (
        login(staff("planner"))
        .get(f"/manage/processes/{process.id}/contributions.csv")
        .get_data(as_text=True)
    )
    assert "'=HYPERLINK" in text


def test_proxy_entry_batch(pin_process, staff, login, area, point_in):
    process = pin_process(moderation="pre")
    clerk = staff("staff", "08")
    client = login(clerk)
    url = f"/manage/processes/{process.id}/entry"
    assert client.get(url).status_code == 200
    lon, lat = point_in("08010213")
    data = {
        "channel": "paper",
        "batch_key": "b" * 32,
        "rows-0-category": str(process.categories[2].id),
        "rows-0-title": "Wasserspielplatz",
        "rows-0-area": str(area("08010214").id),
        "rows-1-title": "Mülleimer am Eingang",
        "rows-1-point": f"{lat:.6f}, {lon:.6f}",
        "rows-2-title": "",
        "rows-3-title": "Ungültiger Ort",
        "rows-3-point": "irgendwo",
    }
    response = client.post(url, data=data, headers=EN)
    assert response.status_code == 422  # one bad row: nothing stored, every row kept
    text = response.get_data(as_text=True)
    assert "Wasserspielplatz" in text and "latitude, longitude" in text
    assert db.session.scalar(select(db.func.count(Contribution.id))) == 0
    data["rows-3-point"] = ""
    response = client.post(url, data=data)
    assert response.status_code == 303
    rows = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert [(c.kind, c.channel, c.visibility) for c in rows] == [
        ("idea", "paper", "visible"),
        ("pin", "paper", "visible"),
        ("idea", "paper", "visible"),
    ]
    assert {c.entered_by_id for c in rows} == {clerk.id}
    assert rows[1].area.code == "08010213"
    saved = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/track/" in saved and "Mülleimer am Eingang" in saved
    assert client.post(url, data=data).status_code == 303  # resent batch: no duplicates
    assert db.session.scalar(select(db.func.count(Contribution.id))) == 3
    assert login(staff("manager", "05")).get(url).status_code == 403
    assert login(staff("moderator")).get(url).status_code == 403


def test_pages_use_a_bounded_number_of_queries(app, client, seeded, point_in):
    from sqlalchemy import event

    process = seeded()
    urls = [
        f"/processes/{process.slug}",
        f"/processes/{process.slug}/contributions",
        f"/processes/{process.slug}/contributions.geojson?zoom=16",
        f"/processes/{process.slug}/contributions.geojson?zoom=12",
    ]

    def queries():
        counts = []
        seen = []

        def record(*args):
            seen.append(1)

        for url in urls:
            seen.clear()
            event.listen(db.engine, "before_cursor_execute", record)
            assert client.get(url).status_code == 200
            event.remove(db.engine, "before_cursor_execute", record)
            counts.append(len(seen))
        return counts

    before = queries()
    lon, lat = point_in("08010213")
    for i in range(25):
        services.create_contribution(
            process,
            kind="pin",
            channel="online",
            title=f"Noch ein Pin {i}",
            lon=lon,
            lat=lat,
            category=process.categories[i % 4],
        )
    db.session.commit()
    assert queries() == before
