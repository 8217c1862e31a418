"""Council report end to end: a planner asks for the PDF, the job page follows the progress
(htmx polling), the council member reads the draft, the planner publishes it and a resident finds
it in the public archive with its checksum (axe on every page)."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_generate_follow_progress_publish(page_factory, staff_login, assert_accessible, screenshot):
    staff = page_factory()
    staff_login(staff, "planung@example.org")
    staff.goto("/manage/reports/")
    assert_accessible(staff)
    staff.select_option(
        "select[name=process_id]", label="Spielplatz Körnerpark: Wie soll er aussehen?"
    )
    staff.click("text=Bericht erstellen")
    staff.wait_for_url(re.compile(r".*/manage/reports/jobs/\d+$"))
    # the progress block is swapped in by htmx until the job is done
    staff.wait_for_selector("text=PDF öffnen", timeout=60_000)
    assert "100 %" in staff.inner_text("#job-progress")
    assert_accessible(staff)
    screenshot(staff, "desktop-report-job")
    sha = staff.inner_text("#job-progress code")
    assert re.fullmatch(r"[0-9a-f]{64}", sha)

    council = page_factory()
    staff_login(council, "rat@example.org")
    council.goto("/manage/reports/")
    council.click("text=Spielplatz Körnerpark: Wie soll er aussehen?")  # the live HTML report
    council.wait_for_selector("text=Beteiligung nach Weg")
    assert_accessible(council)
    council.goto("/manage/reports/")
    assert "Entwurf (nur Verwaltung und Ratsmitglieder)" in council.content()
    assert council.locator("text=Veröffentlichen").count() == 0

    resident = page_factory(viewport={"width": 390, "height": 844})
    resident.goto("/reports/")
    assert sha not in resident.content()

    staff.goto("/manage/reports/")
    row = staff.locator("tr", has_text=sha[:16])
    row.locator("button", has_text="Veröffentlichen").click()
    staff.wait_for_url("**/manage/reports/")
    assert "Veröffentlicht am" in staff.locator("tr", has_text=sha[:16]).inner_text()

    resident.goto("/reports/")
    assert sha in resident.content()
    assert_accessible(resident)
    href = resident.locator(f"li.report-version:has-text('{sha}') a[download]").get_attribute(
        "href"
    )
    pdf = resident.request.get(href)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
