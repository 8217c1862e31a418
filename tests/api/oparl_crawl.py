"""A crawler for the OParl tests: System → Body → every list (through ``links.next``) → objects."""

from urllib.parse import urlsplit

BASE = "http://127.0.0.1:5000"


def path(url: str) -> str:
    """The request path (with query) of an absolute URL of this installation."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def urls_in(value) -> list[str]:
    """Every URL of this installation's OParl endpoint inside a JSON value."""
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    if isinstance(value, str) and value.startswith(BASE + "/oparl/"):
        return [value]
    return []


def objects_in(value) -> list[dict]:
    """Every OParl object (a dict with an OParl ``type``) inside a JSON value, embedded too."""
    found = []
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith("https://schema.oparl.org/1.1/"):
            found.append(value)
        for v in value.values():
            found += objects_in(v)
    elif isinstance(value, list):
        for v in value:
            found += objects_in(v)
    return found


def crawl(client, limit: int = 2) -> dict:
    """Walk everything; returns ``{"responses": {url: response}, "lists": {name: [pages]}}``."""
    responses = {}
    lists: dict[str, list[dict]] = {}
    system = client.get("/oparl/v1.1/")
    responses[BASE + "/oparl/v1.1/"] = system
    bodies = client.get(path(system.get_json()["body"]))
    body = bodies.get_json()["data"][0]
    for name in (
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "consultation",
        "file",
        "membership",
        "locationList",
        "legislativeTermList",
    ):
        url = f"{body[name]}?limit={limit}"
        pages = []
        while url:
            response = client.get(path(url))
            assert response.status_code == 200, (url, response.status_code)
            responses[url] = response
            page = response.get_json()
            pages.append(page)
            url = page["links"].get("next")
            assert len(pages) < 200, "links.next loops"
        lists[name] = pages
    queue = [u for r in list(responses.values()) for u in urls_in(r.get_json())]
    while queue:
        url = queue.pop()
        if url in responses:
            continue
        response = client.get(path(url))
        responses[url] = response
        if response.mimetype == "application/json":
            queue += urls_in(response.get_json())
    return {"responses": responses, "lists": lists}
