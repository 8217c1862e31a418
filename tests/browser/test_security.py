"""Defect 10: data from the server reaches the map as text, never as HTML (issue 13)."""

import json

import pytest

pytestmark = pytest.mark.browser

HOSTILE = '<img src="/x.png" id="injected"><b id="bold">Körnerpark</b>'


def test_area_name_in_map_tooltip_is_text(desktop_page):
    page = desktop_page
    feature = {
        "type": "Feature",
        "properties": {"name": HOSTILE, "role": "self"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[13.2, 52.4], [13.6, 52.4], [13.6, 52.6], [13.2, 52.6], [13.2, 52.4]]],
        },
    }
    body = json.dumps({"type": "FeatureCollection", "features": [feature]})

    def fake_geojson(route):
        route.fulfill(status=200, content_type="application/geo+json", body=body)

    page.route("**/areas/*/map.geojson", fake_geojson)
    page.goto("/areas/")
    hrefs = page.eval_on_selector_all("a[href^='/areas/']", "els => els.map(e => e.pathname)")
    area_page = next(
        h
        for h in hrefs
        if h.rstrip("/").split("/")[-1].isascii() and h.rstrip("/").split("/")[-1].isdigit()
    )
    page.goto(area_page)
    box = page.locator(".map[data-geojson] ").first
    box.wait_for(state="visible")
    page.wait_for_selector(".leaflet-interactive")
    bounds = box.bounding_box()
    page.mouse.move(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert page.locator("#injected, #bold").count() == 0
    assert HOSTILE in tooltip.inner_text()
