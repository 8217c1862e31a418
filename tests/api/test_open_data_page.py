"""The public open-data page lists every feed, the calendars and OParl with real counts."""


def test_page_lists_feeds_calendars_and_oparl_with_counts(client, council):
    council(meetings=3)
    response = client.get("/open-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for url in (
        "/api/v1/contributions.csv",
        "/api/v1/areas.geojson",
        "/api/v1/budgets.json",
        "/oparl/v1.1/",
        "/api/openapi.json",
        "/meetings/bodies/srk-koernerpark/feed.ics",
    ):
        assert url in html, url
    assert "dl-de/by-2-0" in html
    assert "3 öffentliche Sitzungen" in html  # German by default, with the real count
    assert "Sozialraumkonferenz Körnerpark" in html


def test_footer_links_the_open_data_page(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/open-data"' in html


def test_every_link_on_the_page_works(client, council):
    import re

    council(meetings=1)
    html = client.get("/open-data").get_data(as_text=True)
    links = set(re.findall(r'href="(/(?:api|oparl|meetings)[^"]*)"', html))
    assert len(links) >= 15
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
