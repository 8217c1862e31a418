"""A planner assesses three actors and sees them placed in the matrix; axe on every step."""

import re

import pytest

pytestmark = pytest.mark.browser

# Actors of the demo registry that the demo process has not assessed yet:
# (name, influence, interest, attitude)
NEW = [
    ("Jobcenter Berlin Neukölln", 2, 3, 1),
    ("Kita Regenbogen Glasower Straße", 1, 4, 2),
    ("Katholische Pfarrei St. Clara", 1, 1, -1),
]
# geometry of the SVG grid (participation/stakeholders/drawing.py)
LEFT, TOP, CELL = 70, 14, 110


def _process_matrix_url(page) -> str:
    page.goto("/manage/")
    href = page.locator("main a", has_text="Spielplatz Körnerpark").first.get_attribute("href")
    return f"{href}/stakeholders"


def test_planner_assesses_three_actors_and_sees_them_in_the_matrix(
    desktop_page, staff_login, assert_accessible, screenshot
):
    page = desktop_page
    staff_login(page, "planung@example.org")
    matrix = _process_matrix_url(page)
    page.goto(matrix)
    assert page.locator("a.sh-marker").count() >= 20  # the demo's assessments
    assert_accessible(page)
    for name, influence, interest, attitude in NEW:
        page.goto(f"{matrix}/add?q={name}")
        page.locator("#results a[href*='/assess/']").first.click()
        page.wait_for_url(re.compile(r"/assess/\d+$"))
        if name == NEW[0][0]:
            assert_accessible(page)  # the assessment form
        page.check(f"input[name=influence][value='{influence}']")
        page.check(f"input[name=interest][value='{interest}']")
        page.check(f"input[name=attitude][value='{attitude}']")
        page.fill("textarea[name=legitimate_interest]", "Wichtig für Familien am Körnerpark.")
        page.click("form.sh-assess button[type=submit]")
        page.wait_for_url(re.compile(r"/stakeholders$"))
        marker = page.locator(f"a.sh-marker[aria-label*='{name}']")
        assert marker.count() == 1
        shape = marker.locator(".sh-shape")
        box = shape.evaluate(
            "el => { const b = el.getBBox(); return [b.x + b.width / 2, b.y + b.height / 2]; }"
        )
        # placed in the right cell: interest left → right, influence bottom → top
        assert LEFT + interest * CELL < box[0] < LEFT + (interest + 1) * CELL
        assert TOP + (4 - influence) * CELL < box[1] < TOP + (5 - influence) * CELL
        row = page.locator("table.sh-table tr", has_text=name)
        assert row.locator("td").nth(3).inner_text().startswith(str(influence))
    assert "Jobcenter" not in page.locator(".sh-missing").all_inner_texts().__str__()
    assert_accessible(page)
    screenshot(page, "desktop-stakeholder-matrix")

    # a click on a marker opens its assessment beside the matrix (htmx), keyboard focus follows
    page.locator(f"a.sh-marker[aria-label*='{NEW[1][0]}']").click()
    heading = page.locator("#assessment-panel h2")
    heading.wait_for()
    assert heading.inner_text() == NEW[1][0]
    assert page.evaluate("document.activeElement.tagName") == "H2"
    assert page.url.endswith("/stakeholders")  # no page change
    assert_accessible(page)


def test_council_member_reads_the_matrix_on_a_phone(phone_page, staff_login, assert_accessible):
    page = phone_page
    staff_login(page, "rat@example.org")
    page.goto("/processes/spielplatz-koernerpark")
    page.locator("#sh-public-h + p a").click()  # the staff-only box on the process page
    page.wait_for_url(re.compile(r"/stakeholders$"))
    assert page.locator("a.sh-marker").count() >= 20
    assert_accessible(page)
    page.locator("table.sh-table a", has_text="Mehmet Aydın").click()
    heading = page.locator("#assessment-panel h2")
    heading.wait_for()
    assert heading.inner_text() == "Mehmet Aydın"
    page.locator("#assessment-panel a[href*='/manage/stakeholders/']").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Mehmet Aydın" in main and "0176" not in main  # a private person's phone stays hidden
    assert_accessible(page)


def test_registry_and_analysis_pages_are_accessible(desktop_page, staff_login, assert_accessible):
    page = desktop_page
    staff_login(page, "planung@example.org")
    matrix = _process_matrix_url(page)
    page.goto("/manage/stakeholders/?q=kita")
    assert page.locator("#results tbody tr").count() >= 2
    assert_accessible(page)
    page.goto("/manage/stakeholders/?q=grundschule")
    page.locator("#results a", has_text="Körnerpark-Grundschule").click()
    page.wait_for_load_state()
    page.goto(page.url + "?find=Stadtteilmütter#rel-h")  # relation search with inline forms
    assert_accessible(page)
    for path in (
        "/manage/stakeholders/new?kind=person",
        "/manage/stakeholders/import",
        "/manage/stakeholders/types",
        "/manage/stakeholders/coverage",
        "/manage/stakeholders/network",
        f"{matrix}/coverage",
        f"{matrix}/add?q=Kita",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto(matrix)
    page.locator("#f-compare").fill("2000-01-01")
    page.locator(".sh-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"compare=2000-01-01"))
    assert page.locator("#moved-h").count() == 1
    assert_accessible(page)
