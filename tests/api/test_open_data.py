"""Open data under /api/v1/: JSON, GeoJSON, CSV; licence; public rows only; no personal data."""

import pytest
from sqlalchemy import select

from participation.extensions import db

pytestmark = pytest.mark.berlin

RESIDENT_EMAIL = "mutter.vom.spielplatz@example.org"


@pytest.fixture
def published(create_process, area):
    """A public process with a visible idea (e-mail and consent given) and a hidden one."""
    from participation.contributions import services

    def factory():
        process = create_process(publish=True)
        draft = create_process(publish=False, title="Entwurf Gropiusstadt")
        here = area("08010213")
        idea = services.create_contribution(
            process,
            kind="idea",
            channel="online",
            title="Wasserspiel für kleine Kinder",
            body="Im Sommer ist es sehr heiß, ein Wasserspiel wäre toll.",
            area=here,
            email=RESIDENT_EMAIL,
            consent=True,
        )
        hidden = services.create_contribution(
            process,
            kind="idea",
            channel="online",
            title="Beleidigung",
            area=here,
        )
        hidden.visibility = "hidden"
        services.create_contribution(
            draft, kind="idea", channel="paper", title="Entwurfsidee", area=here
        )
        db.session.commit()
        return process, idea

    return factory


def test_index_lists_every_feed_with_licence(client):
    index = client.get("/api/v1/").get_json()
    assert set(index["feeds"]) == {"processes", "areas", "contributions", "measures", "budgets"}
    assert index["license"]["id"] == "dl-de/by-2-0"
    assert index["oparl"].endswith("/oparl/v1.1/")


def test_contributions_are_public_ones_only_and_anonymous(client, published):
    process, idea = published()
    response = client.get("/api/v1/contributions.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "dl-de/by-2-0" in response.headers["Link"]
    body = response.get_json()
    assert [c["title"] for c in body["data"]] == ["Wasserspiel für kleine Kinder"]
    text = response.get_data(as_text=True)
    assert RESIDENT_EMAIL not in text and idea.tracking_token not in text
    assert idea.tracking_hash not in text
    assert "email" not in body["data"][0] and "tracking" not in text


def test_contributions_csv_streams_with_licence_and_no_personal_data(client, published):
    _process, idea = published()
    response = client.get("/api/v1/contributions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "dl-de/by-2-0" in response.headers["Link"]
    text = response.get_data(as_text=True)
    assert text.lstrip("\ufeff").startswith("id;process_id;kind;channel")
    assert "Wasserspiel für kleine Kinder" in text and "Entwurfsidee" not in text
    assert RESIDENT_EMAIL not in text and idea.tracking_token not in text
    again = client.get(
        "/api/v1/contributions.csv", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_processes_json_without_drafts_and_contacts(client, published):
    published()
    data = client.get("/api/v1/processes.json").get_json()["data"]
    assert [p["title"] for p in data] == ["Spielplatz Körnerpark"]
    assert "contact_name" not in data[0]
    assert "Nesrin" not in client.get("/api/v1/processes.json").get_data(as_text=True)


def test_areas_geojson_features_from_the_stored_geometry(client):
    from participation.areas.models import Area

    response = client.get("/api/v1/areas.geojson?limit=5")
    assert response.mimetype == "application/geo+json"
    body = response.get_json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 5
    first = body["features"][0]
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert first["properties"]["code"]
    total = db.session.scalar(select(db.func.count(Area.id)).where(Area.valid_to.is_(None)))
    assert body["pagination"]["totalElements"] == total
    assert "next" in body["links"]


def test_json_pages_follow_next_links(client):
    url = "/api/v1/areas.json?limit=200"
    seen = []
    while url:
        page = client.get(url).get_json()
        seen += [a["id"] for a in page["data"]]
        url = page["links"].get("next", "").removeprefix("http://127.0.0.1:5000") or None
    assert len(seen) == len(set(seen)) == page["pagination"]["totalElements"]


def test_changes_show_at_once_despite_the_cache(client, published):
    from participation.contributions import services

    process, _idea = published()
    first = client.get("/api/v1/contributions.json").get_json()["pagination"]["totalElements"]
    services.create_contribution(
        process,
        kind="idea",
        channel="paper",
        title="Bänke im Schatten",
        area=db.session.get(type(process.scope_areas[0]), process.scope_areas[0].id),
    )
    db.session.commit()
    after = client.get("/api/v1/contributions.json").get_json()["pagination"]["totalElements"]
    assert after == first + 1
