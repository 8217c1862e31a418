"""Page weight of the public process page with its map, the pin pages and the area profile:
bytes a phone transfers (gzip, as a reverse proxy would send them), excluding map tiles. Target
for the process page: < 120 KB. The HTML is also fetched as a phone asks for it
(``Accept-Encoding: gzip``): the page cache answers from its stored gzip copy, printed as
"HTML as served".

Every same-origin resource the page loads is counted: HTML, stylesheets, scripts and the GeoJSON
the maps fetch (with the bbox/zoom a phone would send), on the demo data.

    .venv/bin/python bench/page_weight.py
"""

import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import make_app, report  # noqa: E402
from bench.pins_common import berlin_db  # noqa: E402

SLUG = "spielplatz-koernerpark"
PAGES = {
    "process": ("process page (with area map)", f"/processes/{SLUG}"),
    "form": ("pin form (map, area picker)", f"/processes/{SLUG}/contribute"),
    "browse": ("browse page (map + list)", f"/processes/{SLUG}/contributions"),
}
ASSET_RE = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')
DATA_RE = re.compile(r'data-(?:geojson|areas)="([^"]+)"')
#: What the browse map asks for on a phone after fitting the two demo areas.
MAP_QUERY = "?bbox=13.4236,52.4686,13.4419,52.4786&zoom=15"


def gz(data: bytes) -> int:
    """Bytes after gzip level 6 (nginx default is 1, most CDNs use 6)."""
    return len(gzip.compress(data, compresslevel=6))


def main() -> None:
    """Seed the demo, fetch the pages with their assets, print their weight."""
    from participation.demo import seed

    app = make_app(berlin_db(), INSTANCE_DIR=Path("/tmp"))
    with app.app_context():
        seed()
    client = app.test_client()
    rows = {}
    pages = dict(PAGES)
    with app.app_context():
        from sqlalchemy import select

        from participation.areas.models import Area
        from participation.extensions import db

        area = db.session.scalar(select(Area.id).where(Area.code == "08010213"))
    # the choropleth over all 447 planning areas (issue 15: was 214 KB raw)
    pages["profile"] = ("area profile (447-area choropleth)", f"/areas/{area}/profile")
    for short, (label, url) in pages.items():
        html = client.get(url).data
        assert html, url
        items = {"HTML": (len(html), gz(html))}
        served = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        encoding = served.headers.get("Content-Encoding", "identity")
        text = html.decode()
        for path in ASSET_RE.findall(text):
            body = client.get(path).data
            items[path.removeprefix("/static/")] = (len(body), gz(body))
        for path in DATA_RE.findall(text):
            query = MAP_QUERY if path.endswith("contributions.geojson") else ""
            body = client.get(path + query).data
            items[path.rsplit("/", 1)[-1]] = (len(body), gz(body))
        raw = sum(r for r, _g in items.values())
        packed = sum(g for _r, g in items.values())
        rows[label] = (
            f"{packed / 1024:6.1f} KB gzip ({raw / 1024:6.1f} KB raw, {len(items)} requests)"
        )
        for name, (r, g) in sorted(items.items(), key=lambda kv: -kv[1][1]):
            rows[f"  {short}: {name}"] = f"{g / 1024:6.1f} KB gzip ({r / 1024:6.1f} KB raw)"
        rows[f"  {short}: HTML as served"] = f"{len(served.data) / 1024:6.1f} KB {encoding}"
    rows["target"] = "process page < 120 KB gzip, excluding tiles"
    report("page weight (demo data, gzip, tiles excluded)", rows)


if __name__ == "__main__":
    main()
