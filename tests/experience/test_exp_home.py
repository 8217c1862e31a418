"""Each role's home at /manage/: moderators, council members, field staff, managers."""

import pytest

pytestmark = pytest.mark.berlin


def test_moderator_lands_on_queues_with_counts(
    login, create_user, pin_process, client, form_data, point_in
):
    process = pin_process(moderation="pre")
    lon, lat = point_in("08010213")
    for _ in range(2):
        data = form_data(process, lon=str(lon), lat=str(lat))
        assert client.post(f"/processes/{process.slug}/contribute", data=data).status_code == 303
    page = login(create_user(roles=["moderator"])).get("/manage/").get_data(as_text=True)
    assert "Noch keine Verfahren" not in page
    assert "2 Beiträge warten auf Prüfung" in page
    assert f"/manage/processes/{process.id}/moderation" in page and "2 zu prüfen" in page
    assert "#moderation" in page  # the navigation follows the role


def test_council_member_sees_processes_and_results(login, create_user, pin_process, simple_survey):
    process = pin_process()
    survey = simple_survey(process)
    page = login(create_user(roles=["council"])).get("/manage/").get_data(as_text=True)
    assert "Verfahren, die Sie lesen können" in page and f"/processes/{process.slug}" in page
    assert f"/manage/surveys/{survey.id}/results" in page
    assert "Neues Verfahren" not in page


def test_field_staff_sees_entry_forms(login, create_user, pin_process, simple_survey):
    process = pin_process()
    survey = simple_survey(process)
    staff = create_user(roles=["staff"], areas=["08"])
    page = login(staff).get("/manage/").get_data(as_text=True)
    assert f"/manage/processes/{process.id}/entry" in page
    assert f"/manage/surveys/{survey.id}/entry" in page
    outsider = create_user(roles=["staff"], areas=["05"])
    page = login(outsider).get("/manage/").get_data(as_text=True)
    assert f"/manage/processes/{process.id}/entry" not in page


def test_manager_sees_her_areas_processes(login, create_user, pin_process):
    neukoelln = pin_process(title="Spielplatz Körnerpark")
    spandau = pin_process(areas=["05"], title="Spandau spielt")
    manager = create_user(roles=["manager"], areas=["08"])
    page = login(manager).get("/manage/").get_data(as_text=True)
    assert f"/manage/processes/{neukoelln.id}" in page
    assert f'/manage/processes/{spandau.id}"' not in page
    assert "Neues Verfahren" in page


def test_home_panel_registry_orders_and_skips_empty_panels(app):
    from markupsafe import Markup

    from participation.core import home

    @home.register_home_panel(order=1)
    def first(user):
        return Markup("<p>first</p>")

    @home.register_home_panel(order=2)
    def nothing(user):
        return None

    try:
        panels = home.render_home_panels(None)
        assert panels[0] == Markup("<p>first</p>") and None not in panels
    finally:
        home.HOME_PANELS[:] = [e for e in home.HOME_PANELS if e.func not in (first, nothing)]
