"""Everyday experience (issue 14) in Chromium: pages without JavaScript, closed processes, each
role's home and the staff forms on a laptop — with axe on every page touched."""

import re

import pytest
from experience_helpers import (
    NO_SIDEWAYS,
    SLUG,
    _wait_until,
)

pytestmark = pytest.mark.browser


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
    page.wait_for_url(re.compile(r"/close$"))
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
