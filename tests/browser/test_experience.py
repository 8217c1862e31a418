"""Everyday experience (issue 14) in Chromium: finding your area, the live counter, the warning at
the tap, no sideways scrolling on a phone, pages without JavaScript, closed processes, each role's
home, keyboard-only journeys and visible focus — with axe on every page touched."""

import re

import pytest
import requests
from shapely.geometry import shape

pytestmark = pytest.mark.browser
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


def test_find_your_neighbourhood_by_name_and_by_tapping_the_map(
    phone_page, live_server, assert_accessible
):
    page = phone_page
    page.goto("/")
    assert page.locator("#finder-locate").is_visible()  # shown once JavaScript runs
    page.fill("#area-q", "koernerpark")
    page.wait_for_selector("#area-suggestions li")
    first = page.locator("#area-suggestions li").first
    assert first.locator("a").inner_text() == "Körnerpark"
    assert "Neukölln › Neuköllner Mitte/Zentrum" in first.inner_text()
    assert_accessible(page)
    first.locator("a").click()
    page.wait_for_url(re.compile(r"area=\d+"))
    assert "Spielplatz Körnerpark" in page.inner_text("#results")

    page.goto("/")
    page.click("#finder-map-open")
    page.wait_for_selector("#finder-map.leaflet-container")
    lon, lat = _feature_point(live_server, "Körnerpark")
    page.evaluate(MOVE, ["finder-map", lat, lon, 15])
    _tap(page, "finder-map", lon, lat)
    page.wait_for_url(re.compile(r"area=\d+"))
    assert "Körnerpark" in page.inner_text(".area-chosen")
    assert_accessible(page)


def test_pasted_text_is_counted_not_cut(phone_page, assert_accessible):
    page = phone_page
    page.goto(f"/processes/{SLUG}/contribute")
    text = "Mehr Bänke und Schatten für Familien. " * 60  # 2,280 characters
    page.fill("textarea[name=body]", text)
    counter = page.locator("#body-counter")
    counter.wait_for()
    _wait_until(page, "() => document.getElementById('body-counter').textContent.includes('viel')")
    assert counter.get_attribute("aria-live") == "polite"
    assert "280 Zeichen zu viel" in counter.inner_text()
    assert page.input_value("textarea[name=body]") == text  # nothing was cut
    assert_accessible(page)


def test_pin_outside_the_area_is_warned_at_the_tap(phone_page, live_server, assert_accessible):
    page = phone_page
    page.goto(f"/processes/{SLUG}/contribute")
    page.wait_for_selector("#pin-map path")
    lon, lat = 13.2000, 52.5350  # Spandau, far outside the process area
    page.evaluate(MOVE, ["pin-map", lat, lon, 15])
    _tap(page, "pin-map", lon, lat)
    status = page.locator("#pin-status")
    assert "außerhalb" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"
    assert _in_viewport(page, "#pin-status")  # seen where the finger is, not below the map
    warn, box = page.locator("#pin-status").bounding_box(), page.locator("#pin-map").bounding_box()
    assert box["y"] <= warn["y"] and warn["y"] + warn["height"] <= box["y"] + box["height"]
    # send it anyway: the server refuses, the area stays in view, the summary names the problem
    page.locator("input[name=category]").first.check()
    page.fill("input[name=title]", "Bank am Spandauer Ufer")
    page.wait_for_timeout(3200)
    page.click("form.contribute-form button[type=submit]")
    page.wait_for_selector(".error-summary a[href='#location-error']")
    page.wait_for_selector("#pin-map path")
    inside = _feature_point(live_server, "Körnerpark")
    assert page.evaluate(
        "([lat, lon]) => document.getElementById('pin-map').leafletMap.getBounds()"
        ".contains([lat, lon])",
        [inside[1], inside[0]],
    ), "the allowed area stays in view after the refusal"
    # forms.js is deferred: the focus moves at DOMContentLoaded, just after the summary exists
    _wait_until(page, "document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/areas/", "results", "area-page", f"/processes/{SLUG}"])
def test_no_sideways_scrolling_on_a_390px_phone(phone_page, path):
    page = phone_page
    if path == "results":
        page.goto(f"/processes/{SLUG}")
        href = page.locator(".sv-panel a[href$='/results']").first.get_attribute("href")
        path = href
    elif path == "area-page":
        page.goto("/areas/search.json?q=Neukölln")
        area_id = page.evaluate("JSON.parse(document.body.innerText).areas[0].id")
        path = f"/areas/{area_id}"
    page.goto(path)
    wide = page.evaluate(
        "[...document.querySelectorAll('main table')].map(t => Math.round(t.getBoundingClientRect()"
        ".width)).filter(w => w > window.innerWidth - 16)"
    )
    assert wide == [], f"tables wider than the phone on {path}: {wide}"
    assert page.evaluate(NO_SIDEWAYS), f"{path} scrolls sideways: " + str(
        page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
            " > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' '"
            " + Math.round(e.getBoundingClientRect().right))"
        )
    )


FOCUS_VISIBLE = (
    "() => { const e = document.activeElement; if (!e || e === document.body) return false;"
    " const s = getComputedStyle(e); const ring = s.outlineStyle !== 'none'"
    " && parseFloat(s.outlineWidth) >= 2; return ring || s.boxShadow !== 'none'; }"
)


def _tab_to(page, selector: str, limit: int = 120, backwards: bool = False) -> None:
    """Press Tab until *selector* has the focus; every stop on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {selector}"
            return
        tag = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        if tag and not tag.startswith("<body"):
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {tag}"
    raise AssertionError(f"{selector} was not reached with the Tab key")


def test_keyboard_only_pin_submission(phone_page, live_server, assert_accessible):
    page = phone_page
    page.goto(f"/processes/{SLUG}/contribute")
    page.wait_for_selector("#pin-map path")
    _tab_to(page, "input[name=category]")
    page.keyboard.press("ArrowDown")  # radio group: arrows choose, the second category
    assert page.locator("input[name=category]:checked").count() == 1
    _tab_to(page, "#pin-map")
    lon, lat = _feature_point(live_server, "Körnerpark")
    for _ in range(12):  # pan with the arrow keys until the middle of the map is in Körnerpark
        inside = page.evaluate(
            "([lat, lon]) => { const m = document.getElementById('pin-map').leafletMap;"
            " const c = m.getCenter(); return [c.lat, c.lng]; }",
            [lat, lon],
        )
        dy, dx = lat - inside[0], lon - inside[1]
        if abs(dy) < 0.0004 and abs(dx) < 0.0006:
            break
        key = (
            ("ArrowUp" if dy > 0 else "ArrowDown")
            if abs(dy) * 1.6 > abs(dx)
            else ("ArrowRight" if dx > 0 else "ArrowLeft")
        )
        page.keyboard.press(key)
        page.wait_for_timeout(300)
    _tab_to(page, "#pin-centre")
    page.keyboard.press("Enter")
    assert page.input_value("#pin-lon") != ""
    assert "error" not in (page.get_attribute("#pin-status", "class") or "")
    _tab_to(page, "input[name=title]")
    page.keyboard.type("Sitzkreis mit Tastatur")
    _tab_to(page, "textarea[name=body]")
    page.keyboard.type("Eingegeben ohne Maus.")
    page.wait_for_timeout(3200)  # minimum fill time
    _tab_to(page, "form.contribute-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/track/[\w-]+\?new=1$"))
    assert "Sitzkreis mit Tastatur" in page.inner_text("main")
    assert_accessible(page)
    # the author's page: add an e-mail later, edit before moderation, withdraw
    track = page.url.split("?")[0]
    page.fill("#email", "nachbarin@example.org")
    page.click("form[action$='/email'] button[type=submit]")  # consent missing: kept, explained
    page.wait_for_selector(".error-summary")
    assert page.input_value("#email") == "nachbarin@example.org"
    assert_accessible(page)
    page.goto(track + "/edit")
    page.fill("input[name=title]", "Sitzkreis unter der Kastanie")
    assert_accessible(page)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(track)
    assert "Sitzkreis unter der Kastanie" in page.inner_text("main")
    page.goto(track + "/withdraw")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, zurückziehen").click()
    page.wait_for_url(track)
    assert "Sie haben diesen Beitrag zurückgezogen" in page.inner_text("main")


def test_keyboard_only_survey_with_announced_errors(phone_page, assert_accessible):
    page = phone_page
    page.goto(f"/processes/{SLUG}")
    survey_url = page.locator(".sv-panel a.button").first.get_attribute("href")
    page.goto(survey_url)
    _tab_to(page, "#survey-form button[type=submit]")
    page.keyboard.press("Enter")  # nothing answered: the summary gets the focus
    page.wait_for_selector(".error-summary")
    # forms.js is deferred: the focus moves at DOMContentLoaded, just after the summary exists
    _wait_until(page, "document.activeElement.classList.contains('error-summary')")
    assert page.get_attribute(".error-summary", "role") == "alert"
    first_link = page.locator(".error-summary a").first
    target = first_link.get_attribute("href")
    assert page.locator(target).count() == 1  # each line links to its question
    _tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    # answer the two required questions with the keyboard only
    _tab_to(page, "input[type=radio]")
    page.keyboard.press("Space")
    _tab_to(page, "input[type=radio]:not(:checked)")
    page.keyboard.press("Space")
    assert page.locator("input[type=radio]:checked").count() == 2
    _tab_to(page, "#survey-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks")
    assert_accessible(page)


CLOSED = "nachbarschaftsgarten-glasower-strasse"


@pytest.fixture
def wide_page(page_factory):
    """Desktop 1366×768, the staff laptop of issue 14."""
    return page_factory(viewport={"width": 1366, "height": 768})


@pytest.fixture
def nojs_page(page_factory):
    """A phone without JavaScript."""
    return page_factory(viewport={"width": 390, "height": 844}, java_script_enabled=False)


def test_without_javascript_only_working_controls_show(nojs_page):
    page = nojs_page
    page.goto(f"/processes/{SLUG}/contribute")
    for name in ("Meinen Standort verwenden", "Pin in die Kartenmitte setzen", "Pin entfernen"):
        assert not page.get_by_role("button", name=name).is_visible(), name
    assert not page.locator("#pin-map").is_visible()  # no empty grey box
    assert page.locator("select#area").is_visible()  # the list that works instead
    # category colours are squares next to the one radio circle, not a second circle
    swatch = page.locator(".category-choice .swatch").first
    assert swatch.evaluate("e => e.tagName.toLowerCase()") == "svg"
    assert (
        page.locator(".category-choice input[type=radio]").count()
        == page.locator(".category-choice .swatch").count()
    )
    page.goto(f"/processes/{SLUG}")
    assert not page.locator("#process-map").is_visible()
    page.goto(f"/processes/{SLUG}/contributions")
    assert not page.locator("#contrib-map").is_visible()
    assert page.locator("#results").is_visible()
    page.goto("/")
    assert not page.locator("#finder-locate").is_visible()
    page.fill("#area-q", "Körnerpark")
    page.click("form.area-finder button[type=submit]")
    page.wait_for_url(re.compile(r"q=K"))
    assert "Spielplatz Körnerpark" in page.inner_text("#results")


def test_closed_process_says_what_happens_next(phone_page, assert_accessible):
    page = phone_page
    page.goto(f"/processes/{CLOSED}")
    main = page.inner_text("main")
    assert "Machen Sie den Anfang" not in main
    assert "Die Beteiligung ist beendet – so geht es weiter" in main
    assert "Nachbarschaftsfest" in main
    assert page.locator(f"a[href$='/processes/{CLOSED}/contribute']").count() == 0
    assert_accessible(page)
    page.goto(f"/processes/{CLOSED}/contribute")
    assert "nimmt keine Pins oder Ideen mehr an" in page.inner_text("main")
    assert page.locator("form.contribute-form").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize(
    "email, expected, link",
    [
        ("moderation@example.org", "auf Prüfung", "/moderation"),
        ("rat@example.org", "Berichte und Befragungsergebnisse", "/results"),
        ("erfassung@example.org", "Papier", "/entry"),
        ("qm-neukoelln@example.org", "Ihre Verfahren", "/manage/processes/"),
    ],
)
def test_each_role_lands_on_its_work(
    wide_page, staff_login, assert_accessible, email, expected, link
):
    page = wide_page
    staff_login(page, email)
    page.goto("/manage/")
    main = page.inner_text("main")
    assert "Noch keine Verfahren" not in main
    assert expected in main
    assert page.locator(f"main a[href*='{link}']").count() >= 1
    assert page.evaluate(NO_SIDEWAYS)
    assert_accessible(page)


def test_staff_forms_fit_and_close_asks_first(wide_page, staff_login, assert_accessible):
    page = wide_page
    staff_login(page, "planung@example.org")
    page.goto(f"/processes/{SLUG}")
    href = page.locator("a[href*='/manage/processes/']").first.get_attribute("href")
    dashboard = re.search(r"/manage/processes/\d+", href).group(0)
    page.goto(dashboard)
    assert "process.create" not in page.inner_text("main")  # translated change log
    page.locator("a[href$='/close']").click()
    assert "Ja, Verfahren beenden" in page.inner_text("main")
    assert_accessible(page)
    page.goto(dashboard + "/edit")
    tree = page.locator("fieldset.area-tree")
    assert page.locator("select[multiple]").count() == 0
    page.fill("#areas-search", "glasower")
    _wait_until(page, "() => document.getElementById('areas-found').textContent.trim()")
    visible = tree.locator(".area-options li:visible")
    assert visible.count() >= 1 and "Glasower" in visible.first.inner_text()
    assert "Körnerpark" in page.inner_text(".area-tree-chosen")  # the current choice
    page.wait_for_selector(".area-tree-map path")  # the map preview draws it
    assert_accessible(page)
    page.goto(dashboard + "/stakeholders")
    assert page.evaluate(NO_SIDEWAYS), "the stakeholder page scrolls sideways at 1366 px"
    cut = page.evaluate(
        "[...document.querySelectorAll('.table-scroll')].map(e => e.scrollWidth - e.clientWidth)"
    )
    assert all(px <= 1 for px in cut), f"the assessment table is cut off at 1366 px: {cut}"
    assert_accessible(page)


def test_use_my_location_finds_the_area(page_factory, live_server):
    lon, lat = _feature_point(live_server, "Körnerpark")
    page = page_factory(
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": lat, "longitude": lon},
        permissions=["geolocation"],
    )
    page.goto("/")
    page.click("#finder-locate")
    page.wait_for_url(re.compile(r"area=\d+"))
    assert "Körnerpark" in page.inner_text(".area-chosen")
    assert "Spielplatz Körnerpark" in page.inner_text("#results")
