"""Open data on a phone: footer link → the open-data page (German, then Arabic right to left),
every feed link answers, OParl reachable; axe finds no WCAG 2.1 A/AA violation."""

import pytest

pytestmark = pytest.mark.browser


def test_resident_finds_open_data_from_the_footer(
    phone_page, page_factory, assert_accessible, screenshot
):
    page = phone_page
    page.goto("/")
    page.click("footer >> text=Offene Daten")
    page.wait_for_url("**/open-data")
    assert page.inner_text("h1") == "Offene Daten"
    assert "dl-de/by-2-0" in page.inner_text("main")
    screenshot(page, "phone-open-data")
    assert "Sozialraumkonferenz Körnerpark" in page.inner_text("#calendars ~ ul")
    assert_accessible(page)
    links = page.eval_on_selector_all(
        "main a[href^='/api/'], main a[href^='/oparl/']", "els => els.map(e => e.href)"
    )
    assert len(links) >= 14
    for href in links:
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.headers["access-control-allow-origin"] == "*"
    system = page.request.get(next(x for x in links if x.endswith("/oparl/v1.1/")))
    assert system.json()["type"] == "https://schema.oparl.org/1.1/System"

    arabic = page_factory()
    arabic.goto("/lang/ar")
    arabic.goto("/open-data")
    assert arabic.get_attribute("html", "dir") == "rtl"
    assert arabic.inner_text("h1") == "البيانات المفتوحة"
    assert_accessible(arabic)
