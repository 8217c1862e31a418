"""Resident and staff journeys of the foundation in a real browser, with axe checks."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_resident_finds_demo_process_on_phone(phone_page, assert_accessible, screenshot):
    page = phone_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page)
    screenshot(page, "phone-start")
    page.fill("#area-q", "Neukölln")  # the area finder (issue 14): by name, any level
    page.press("#area-q", "Enter")
    page.wait_for_url(re.compile(r"q="))
    page.get_by_role("link", name=re.compile("Spielplatz Körnerpark")).first.click()
    page.wait_for_url("**/processes/spielplatz-koernerpark")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Spielplatz Körnerpark")
    assert "380.000 €" in page.inner_text("main")
    page.wait_for_selector("#process-map path.leaflet-interactive")  # area outline drawn
    assert_accessible(page)
    screenshot(page, "phone-process")


def test_language_switch_to_english_and_back(phone_page, assert_accessible):
    page = phone_page
    page.goto("/processes/spielplatz-koernerpark")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your influence" in page.inner_text("main")
    assert page.url.endswith("/processes/spielplatz-koernerpark")
    assert_accessible(page)
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"


def test_area_page_and_staff_dashboard_desktop(
    desktop_page, staff_login, assert_accessible, screenshot
):
    page = desktop_page
    page.goto("/areas/")
    page.get_by_role("link", name="Neukölln").click()
    page.wait_for_selector("#area-map path.leaflet-interactive")
    assert "Britz/Buckow" in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "desktop-area")
    staff_login(page, "qm-neukoelln@example.org")
    page.get_by_role("link", name=re.compile("Spielplatz Körnerpark")).first.click()
    page.wait_for_url(re.compile(r"/manage/processes/\d+$"))
    assert_accessible(page)
    screenshot(page, "desktop-dashboard")
    page.goto("/login")  # already logged in: redirected to the staff area
    assert "/manage/" in page.url


def test_staff_forms_are_accessible(desktop_page, staff_login, assert_accessible, screenshot):
    page = desktop_page
    page.goto("/login")
    assert_accessible(page)
    staff_login(page, "admin@example.org")
    for path in (
        "/manage/processes/new",
        "/manage/users/",
        "/manage/areas/import",
        "/manage/areas/levels",
        "/manage/audit",
    ):
        page.goto(path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)
    # a refused publication is explained on the page, keyboard-reachable
    page.goto("/manage/processes/new")
    page.fill("#title", "Kiezfest Rollberg")
    page.fill("#summary", "Wir planen gemeinsam ein Fest im Rollbergviertel.")
    page.fill("#areas-search", "Rollberg")  # the searchable area tree (issue 14)
    page.locator("fieldset.area-tree .area-options li:visible input").first.check()
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/manage/processes/*")
    page.get_by_role("button", name="Veröffentlichen").click()
    # the refusal comes back on a new page: wait for it rather than read the old one
    page.wait_for_selector("main:has-text('kann noch nicht veröffentlicht werden')")
    assert_accessible(page)
    screenshot(page, "desktop-publish-refused", full_page=False)
