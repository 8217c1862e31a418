"""Every public and every staff page through axe-core, on a phone and a desktop, in German and
Arabic; plus the right-to-left layout of Arabic pages in the browser.

Pages come from ``app.url_map`` with the demo data (``tests/sweep_pages.py``): one URL per route,
so a new page is checked without touching this file. One browser context per language (and staff
account) is reused for all pages; each page is loaded once and checked at desktop size, then
resized to a phone (the whole sweep stays within a few minutes).
"""

import re
import warnings

import pytest
from sweep_pages import by_route, page_urls

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
#: Staff accounts of the demo: the planner reaches process, survey and stakeholder pages, the
#: administrator the rest (users, audit log, area import), the conference member her own
#: Kiezkasse score sheet.
STAFF = ("planung@example.org", "admin@example.org", "mitglied-skk@example.org")


@pytest.fixture(scope="module")
def sweep_urls(live_server, pytestconfig):
    """``(public, staff)`` URL lists of the live demo app."""
    app = pytestconfig.live_app
    with app.app_context():
        public, staff = page_urls(app), page_urls(app, staff=True)
    assert public.unfilled == [] and staff.unfilled == [], (public.unfilled, staff.unfilled)
    skipped = public.no_data + public.signed + staff.no_data + staff.signed
    if skipped:
        warnings.warn(f"not swept (no demo data / signed links): {skipped}", stacklevel=2)
    return by_route(public.urls), by_route(staff.urls)


def _open(browser, live_server, viewport, lang, staff_login=None, email=None):
    context = browser.new_context(base_url=live_server, locale="de-DE", **VIEWPORTS[viewport])
    context.set_default_timeout(15000)
    page = context.new_page()
    foreign = []

    def guard(route):
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    if staff_login and email:
        staff_login(page, email)
    page.goto(f"/lang/{lang}")
    return context, page, foreign


def _violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/__test__/axe.min.js")
    result = page.evaluate(
        "opts => axe.run(document, opts)",
        {
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],  # faster: passes and "incomplete" are not collected
        },
    )
    return [
        f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']][:4]}"
        for v in result["violations"]
    ]


def _sweep(page, groups: dict[str, list[str]], lang) -> tuple[list[str], dict[str, list[str]]]:
    """Check one page per route, at desktop and at phone size; returns (problems, refused).

    Candidates of a route answering 404 (a draft, a confidential meeting) are skipped for the
    next one; routes this account may not open (403) are returned for the next account. The page
    is loaded once and resized in between, which keeps the whole sweep within a few minutes.
    """
    problems, refused = [], {}
    for route, candidates in groups.items():
        statuses = []
        for url in candidates:
            page.set_viewport_size(VIEWPORTS["desktop"]["viewport"])
            response = page.goto(url, wait_until="domcontentloaded")
            status = response.status if response else 0
            statuses.append(status)
            if status in (403, 404):
                continue
            if status >= 400 or "/login" in page.url and "/login" not in url:
                problems.append(f"{url}: HTTP {status} → {page.url}")
                break
            if not (response.headers.get("content-type") or "").startswith("text/html"):
                break  # a feed or a file, not a page
            if page.locator("html").get_attribute("lang") != lang:
                problems.append(f"{url}: html lang is not {lang}")
            problems += [f"{url} (desktop): {p}" for p in _violations(page)]
            page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
            # let resize handlers (e.g. scroll areas becoming focusable) run before axe looks
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
            problems += [f"{url} (phone): {p}" for p in _violations(page)]
            break
        else:
            if 403 in statuses:
                refused[route] = candidates
            else:
                problems.append(f"{route}: every candidate answered {statuses}")
    return problems, refused


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_public_page_passes_axe(browser, live_server, sweep_urls, lang):
    public, _staff = sweep_urls
    assert len(public) >= 10
    context, page, foreign = _open(browser, live_server, "desktop", lang)
    try:
        problems, refused = _sweep(page, public, lang)
    finally:
        context.close()
    assert refused == {}, f"public pages answered 403: {refused}"
    assert foreign == [], f"third-party requests: {foreign}"
    assert problems == [], f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_staff_page_passes_axe(browser, live_server, sweep_urls, staff_login, lang):
    _public, staff = sweep_urls
    assert len(staff) >= 20
    problems, todo = [], dict(staff)
    for email in STAFF:
        context, page, _foreign = _open(browser, live_server, "desktop", lang, staff_login, email)
        try:
            found, todo = _sweep(page, todo, lang)
        finally:
            context.close()
        problems += found
    assert todo == {}, f"no demo account may open: {todo}"
    assert problems == [], f"{lang}:\n" + "\n".join(problems)


def test_arabic_is_right_to_left_and_mirrored(browser, live_server):
    context, page, foreign = _open(browser, live_server, "desktop", "ar")
    try:
        page.goto("/processes/spielplatz-koernerpark", wait_until="load")
        html = page.locator("html")
        assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
        width = page.viewport_size["width"]
        brand = page.locator(".brand").bounding_box()
        langs = page.locator(".lang-nav").bounding_box()
        assert brand["x"] > width / 2, "the site name starts on the right"
        assert langs["x"] < brand["x"], "the language switch sits left of the site name"
        level = page.locator(".level-box")
        assert level.evaluate("e => getComputedStyle(e).borderRightWidth") == "6px"
        assert level.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
        # the demo process is translated: Arabic text, and the glossary link in the level
        assert "ملعب الأطفال" in page.locator("h1").inner_text()
        assert page.locator(".level-box a.term").count() == 1
        # the map stays left-to-right inside the mirrored page, so tiles and controls line up
        page.wait_for_selector("#process-map.leaflet-container")
        assert page.locator("#process-map").evaluate("e => getComputedStyle(e).direction") == "ltr"
        # numbers and dates stay readable (Western digits, as on letters from the district)
        assert re.search(r"\d{2}\.\d{2}\.\d{4}|\d{4}", page.locator(".phases").inner_text())
        for viewport in ("phone",):
            phone, ppage, _ = _open(browser, live_server, viewport, "ar")
            try:
                for url in ("/", "/processes/spielplatz-koernerpark", "/glossary"):
                    ppage.goto(url, wait_until="load")
                    overflow = ppage.evaluate(
                        "() => document.documentElement.scrollWidth - "
                        "document.documentElement.clientWidth"
                    )
                    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px in Arabic"
            finally:
                phone.close()
    finally:
        context.close()
    assert foreign == []


def test_language_switch_names_each_language_in_itself(browser, live_server):
    context, page, _ = _open(browser, live_server, "phone", "tr")
    try:
        page.goto("/", wait_until="load")
        nav = page.get_by_role("navigation", name=re.compile("Dil"))
        for name in ("Deutsch", "English", "Türkçe", "العربية"):
            assert nav.get_by_text(name, exact=True).count() == 1
        assert page.locator("html").get_attribute("lang") == "tr"
        page.get_by_role("link", name="العربية").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("dir") == "rtl"
    finally:
        context.close()
