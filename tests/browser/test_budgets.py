"""Kiezkasse end to end: a resident applies on a phone; a conference member scores it herself
on her phone ("Meine Bewertungen") and staff enter another member's scores; the body's allocation
is recorded with its decision; the public budget page shows the allocation and the applicant's
tracking page the outcome (phone + desktop, axe on every page)."""

import re

import pytest

pytestmark = pytest.mark.browser
TITLE = "Tauschbox vor der Kita"
BUDGET = "Kiezkasse Körnerpark 2027"


def _budget_id(page) -> str:
    page.goto("/manage/budgets/")
    href = page.get_by_role("link", name=BUDGET).get_attribute("href")
    return re.search(r"/manage/budgets/(\d+)", href).group(1)


def test_apply_score_decide_and_see_the_outcome(
    phone_page, desktop_page, staff_login, assert_accessible, screenshot
):
    staff = desktop_page
    staff_login(staff, "qm-neukoelln@example.org")
    budget_id = _budget_id(staff)

    # a resident applies on a phone, without an account
    phone = phone_page
    phone.goto(f"/budgets/{budget_id}")
    assert_accessible(phone)
    phone.get_by_role("link", name="Geld beantragen").first.click()
    phone.wait_for_url(f"**/budgets/{budget_id}/apply")
    assert_accessible(phone)
    phone.fill("input[name=title]", TITLE)
    phone.fill(
        "textarea[name=description]", "Eine wetterfeste Box zum Tauschen von Büchern und Spielzeug."
    )
    phone.fill("input[name=target_groups]", "Familien mit kleinen Kindern")
    phone.fill("input[name='cost_lines-0-item']", "Holzbox")
    phone.fill("input[name='cost_lines-0-amount']", "250")
    phone.fill("input[name='cost_lines-1-item']", "Schrauben und Farbe")
    phone.fill("input[name='cost_lines-1-amount']", "50")
    phone.check("input[name=applicant_type][value=initiative]")
    phone.fill("input[name=applicant_name]", "Elterninitiative Kita Sonnenblume")
    phone.click("form.stack button[type=submit]")
    phone.wait_for_url(re.compile(r"/budgets/track/[\w-]+$"))
    track = phone.url
    assert "Eingegangen" in phone.content()
    assert_accessible(phone)

    # staff: eligible, then two members score it (the grid works without JavaScript too)
    staff.goto(f"/manage/budgets/{budget_id}")
    row = staff.locator("tr", has_text=TITLE)
    row.get_by_role("button", name="Förderfähig", exact=True).click()
    staff.wait_for_url(f"**/manage/budgets/{budget_id}")
    assert "Förderfähig" in staff.locator("tr", has_text=TITLE).inner_text()
    assert_accessible(staff)
    # one member scores herself on her phone ("Meine Bewertungen"), staff enter another's sheet
    staff_login(phone, "mitglied-skk@example.org")
    phone.goto(f"/manage/my-scores/{budget_id}")
    seat = phone.locator("p.lead").inner_text()
    staff.goto(f"/manage/budgets/{budget_id}/scoring")
    members = staff.locator("select#member option")
    other = next(
        members.nth(i).get_attribute("value")
        for i in range(members.count())
        if members.nth(i).inner_text() not in seat
    )
    for page, url, score in (
        (phone, f"/manage/my-scores/{budget_id}", "4"),
        (staff, f"/manage/budgets/{budget_id}/scoring?member={other}", "5"),
    ):
        page.goto(url)
        inputs = page.locator("tr", has_text=TITLE).locator("input[inputmode=numeric]")
        for i in range(inputs.count()):
            inputs.nth(i).fill(score)
        # Let each cell's own htmx save finish before "save all", so the page the form save
        # leads to is the one axe checks. (Two saves at the same instant no longer collide on
        # SQLite — BEGIN IMMEDIATE, tests/security/test_sec_sqlite_writes.py.)
        inputs.nth(inputs.count() - 1).press("Tab")
        page.wait_for_load_state("networkidle")
        with page.expect_navigation():
            page.click("text=Alle Punkte speichern")
        assert_accessible(page)
    staff.goto(f"/manage/budgets/{budget_id}/ranking")
    screenshot(staff, "desktop-budget-ranking")
    ranked = staff.locator("tr", has_text=TITLE).inner_text()
    assert "90.00" in ranked  # (5 + 4) / 2 = 4.5 of 5 on every criterion
    assert_accessible(staff)

    # the body's decision (recorded in the demo conference) allocates the money
    staff.goto(f"/manage/budgets/{budget_id}/allocate")
    staff.select_option("#decision_id", index=1)
    grant = staff.locator("tr", has_text=TITLE).locator("input[name^=grant_]")
    grant.fill("300")
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.click("text=Vergabe eintragen")
    assert staff.url.endswith(f"/manage/budgets/{budget_id}"), staff.content()[:3000]

    # the public page shows it, and the applicant's page the outcome
    phone.goto(f"/budgets/{budget_id}")
    row = phone.locator("tr", has_text=TITLE).inner_text()
    assert "Gefördert" in row and "300 €" in row
    assert_accessible(phone)
    screenshot(phone, "phone-budget")
    phone.goto(track)
    text = phone.content()
    assert "Gefördert" in text and "300 €" in text
    assert_accessible(phone)
