"""Answering the demo survey on a phone (conditional and map question) and reading the results;
axe checks of the survey page, the results page and the builder."""

import re

import pytest
import requests
from shapely.geometry import shape

pytestmark = pytest.mark.browser


def inside_point(live_server) -> tuple[float, float]:
    """A point inside the demo process areas (from the public GeoJSON)."""
    data = requests.get(f"{live_server}/processes/spielplatz-koernerpark/areas.geojson", timeout=10)
    point = shape(data.json()["features"][0]["geometry"]).representative_point()
    return point.x, point.y


def tap_map(page, lon: float, lat: float) -> None:
    """Tap the survey map where the given coordinates are."""
    page.locator(".sv-map").scroll_into_view_if_needed()
    box = page.locator(".sv-map").bounding_box()
    xy = page.evaluate(
        "([lat, lon]) => { const p = document.querySelector('.sv-map').leafletMap"
        ".latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [lat, lon],
    )
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])


def test_resident_answers_the_demo_survey_on_a_phone(
    phone_page, live_server, assert_accessible, screenshot
):
    page = phone_page
    page.goto("/processes/spielplatz-koernerpark")
    page.locator(".sv-panel a.button").first.click()
    page.wait_for_url(re.compile(r"/surveys/\d+$"))
    survey_url = page.url
    page.wait_for_selector(".sv-map path")  # the process areas are drawn
    assert_accessible(page)
    screenshot(page, "phone-survey")

    page.get_by_label("fast täglich").check()
    # The children's age question appears only after answering "Ja".
    ages = page.locator(".sv-question", has_text="Wie alt sind die Kinder")
    assert ages.is_hidden()
    page.locator(".sv-question", has_text="Kommen Sie mit Kindern").get_by_label("Ja").check()
    assert ages.is_visible()
    ages.get_by_label("3 bis 5 Jahre").check()
    page.locator(".sv-question", has_text="Wie zufrieden sind Sie").locator(
        "label", has_text="4"
    ).first.click()
    page.get_by_label("Schatten").check()

    lon, lat = inside_point(live_server)
    tap_map(page, lon, lat)
    status = page.locator(".sv-map-status")
    assert page.input_value("input[name$='_lon']") != ""
    assert status.inner_text() != ""
    page.get_by_label("Was möchten Sie uns noch sagen?").fill("Bitte einen Trinkbrunnen!")
    page.locator("#survey-form button[type=submit]").click()
    page.wait_for_url("**/thanks")
    assert page.locator("[role=status]").is_visible()
    assert_accessible(page)

    # Once per browser: the form is not offered again.
    page.goto(survey_url)
    assert page.locator("#survey-form").count() == 0

    page.goto(survey_url + "/results")
    assert "< 5" in page.inner_text("main")  # small cells are suppressed
    assert page.locator("svg.sv-chart").count() >= 5
    assert_accessible(page)
    screenshot(page, "phone-survey-results")


def test_survey_error_keeps_answers(phone_page, assert_accessible):
    page = phone_page
    page.goto("/processes/spielplatz-koernerpark")
    page.locator(".sv-panel a.button").first.click()
    page.wait_for_url(re.compile(r"/surveys/\d+$"))
    page.get_by_label("Was möchten Sie uns noch sagen?").fill("Mein Text bleibt")
    page.locator("#survey-form button[type=submit]").click()  # required questions missing
    page.wait_for_selector(".error-summary")
    assert page.input_value("textarea[name]") == "Mein Text bleibt"
    assert_accessible(page)


def test_planner_builder_and_results_are_accessible(
    desktop_page, staff_login, assert_accessible, screenshot
):
    page = desktop_page
    staff_login(page, "planung@example.org")
    page.goto("/processes/spielplatz-koernerpark")
    page.goto(page.url)  # the staff dashboard links to the survey pages
    page.goto("/manage/")
    page.get_by_role("link", name=re.compile("Spielplatz Körnerpark")).first.click()
    page.locator("a[href$='/results']").first.click()
    page.wait_for_url(re.compile(r"/manage/surveys/\d+/results"))
    assert_accessible(page)
    screenshot(page, "desktop-survey-results")
    page.locator("nav.subnav a").first.click()  # the builder
    page.wait_for_url(re.compile(r"/manage/surveys/\d+$"))
    assert_accessible(page)
    screenshot(page, "desktop-survey-builder")
    page.locator("nav.subnav a[href$='/entry']").click()  # staff entry of paper questionnaires
    page.wait_for_url(re.compile(r"/entry"))
    assert_accessible(page)


def test_representative_survey_asks_for_the_code(phone_page, assert_accessible):
    page = phone_page
    page.goto("/processes/spielplatz-koernerpark")
    door_step = page.locator(".sv-panel li", has_text="Aktivierende Befragung")
    door_step.locator("a.button").first.click()  # the door-step survey with invitation codes
    page.wait_for_selector("input#code")
    assert_accessible(page)
    page.fill("input#code", "ABCD-EFGH")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert page.input_value("input#code") == "ABCD-EFGH"
    assert_accessible(page)
