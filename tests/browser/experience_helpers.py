"""Helpers of the everyday-experience browser tests (``test_experience*.py``)."""

import requests
from shapely.geometry import shape

SLUG = "spielplatz-koernerpark"
MOVE = (
    "([id, lat, lon, z]) => "
    "document.getElementById(id).leafletMap.setView([lat, lon], z, {animate: false})"
)
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def _feature_point(live_server, name: str) -> tuple[float, float]:
    data = requests.get(f"{live_server}/processes/{SLUG}/areas.geojson", timeout=10).json()
    feature = next(f for f in data["features"] if f["properties"]["name"] == name)
    point = shape(feature["geometry"]).representative_point()
    return point.x, point.y


def _tap(page, map_id: str, lon: float, lat: float) -> None:
    """Tap a Leaflet map where the coordinates are."""
    page.locator(f"#{map_id}").scroll_into_view_if_needed()
    box = page.locator(f"#{map_id}").bounding_box()
    xy = page.evaluate(
        "([id, lat, lon]) => { const p = document.getElementById(id).leafletMap"
        ".latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [map_id, lat, lon],
    )
    page.touchscreen.tap(box["x"] + xy[0], box["y"] + xy[1])


def _wait_until(page, js: str, timeout: float = 10.0) -> None:
    """Poll *js* (wait_for_function would need eval, which the app's CSP forbids)."""
    for _ in range(int(timeout * 10)):
        if page.evaluate(js):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {js}")


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }",
        selector,
    )
