"""Everyday experience (issue 14) in Chromium: keyboard-only journeys (a pin, a survey with
announced errors) with a visible focus at every stop — with axe on every page touched."""

import re

import pytest
from experience_helpers import (
    SLUG,
    _feature_point,
    _wait_until,
)

pytestmark = pytest.mark.browser


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
