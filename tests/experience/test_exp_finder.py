"""Finding your neighbourhood: name search at every level, point lookup, short breadcrumbs."""

import pytest
from shapely.geometry import shape
from sqlalchemy import select

from participation.areas.models import Area
from participation.extensions import db

pytestmark = pytest.mark.berlin


def _inside(area_obj) -> tuple[float, float]:
    point = shape(area_obj.geometry).representative_point()
    return point.x, point.y


def test_search_finds_planning_areas_without_umlauts(client):
    for query in ("Körnerpark", "koernerpark", "KORNERPARK", "körner"):
        hits = client.get("/areas/search.json", query_string={"q": query}).get_json()["areas"]
        assert hits and hits[0]["name"] == "Körnerpark", query
        # the label is the name; the hierarchy is context, with "Neukölln" said once
        assert hits[0]["context"].startswith("Planungsraum · Neukölln › ")
        assert hits[0]["context"] == "Planungsraum · Neukölln › Neuköllner Mitte/Zentrum"
    hits = client.get("/areas/search.json", query_string={"q": "Glasower Strasse"}).get_json()
    assert [h["name"] for h in hits["areas"]] == ["Glasower Straße"]
    assert client.get("/areas/search.json", query_string={"q": "x"}).get_json()["areas"] == []


def test_locate_point_gives_innermost_area_first(client, area):
    lon, lat = _inside(area("08010213"))
    body = client.get("/areas/locate.json", query_string={"lon": lon, "lat": lat}).get_json()
    assert [a["level"] for a in body["areas"]] == [
        "Planungsraum",
        "Bezirksregion",
        "Prognoseraum",
        "Bezirk",
    ]
    assert body["areas"][0]["name"] == "Körnerpark"
    outside = client.get("/areas/locate.json", query_string={"lon": 2.35, "lat": 48.85})
    assert outside.status_code == 200 and outside.get_json()["areas"] == []
    assert "außerhalb" in outside.get_json()["message"]
    bad = client.get("/areas/locate.json", query_string={"lon": "nan", "lat": "x"})
    assert bad.status_code == 400 and bad.get_json()["message"]


def test_process_list_filter_by_typed_name(client, create_process):
    create_process(publish=True)  # in Körnerpark
    create_process(areas=["05"], publish=True, title="Spandau spielt")
    page = client.get("/processes/", query_string={"q": "koernerpark"}).get_data(as_text=True)
    assert "Spielplatz Körnerpark" in page and "Spandau spielt" not in page
    assert "Verfahren für Körnerpark" in page
    # a district-wide process shows for a planning area inside it
    create_process(areas=["08"], publish=True, title="Neukölln liest")
    page = client.get("/processes/", query_string={"q": "Körnerpark"}).get_data(as_text=True)
    assert "Neukölln liest" in page
    # an ambiguous part of a name offers the areas as links instead of guessing
    page = client.get("/processes/", query_string={"q": "straße"}).get_data(as_text=True)
    assert "Welches Gebiet meinen Sie?" in page and "Glasower Straße" in page
    assert "Spielplatz Körnerpark" not in page
    page = client.get("/processes/", query_string={"q": "Atlantis"}).get_data(as_text=True)
    assert "Kein Gebiet mit diesem Namen" in page


def test_breadcrumb_says_repeated_names_once(client, area):
    page = client.get(f"/areas/{area('08010213').id}").get_data(as_text=True)
    crumb = page.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert crumb.count(">Neukölln</a>") == 1
    prognoseraum = db.session.scalar(
        select(Area).where(Area.code == "0801", Area.valid_to.is_(None))
    )
    page = client.get(f"/areas/{prognoseraum.id}").get_data(as_text=True)
    crumb = page.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert "Neukölln (Prognoseraum)" in crumb


def test_a_name_repeated_down_the_hierarchy_is_one_place(client, create_process):
    create_process(areas=["08"], publish=True, title="Neukölln liest")
    page = client.get("/processes/", query_string={"q": "neukolln"}).get_data(as_text=True)
    assert "Welches Gebiet meinen Sie?" not in page  # Bezirk and Prognoseraum "Neukölln"
    assert "Neukölln liest" in page and "Verfahren für Neukölln" in page
