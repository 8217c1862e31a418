"""A neighbourhood manager's home (/manage/) lists the next meetings of her bodies (issue 14)."""

import pytest

pytestmark = pytest.mark.berlin


def test_manager_home_lists_her_next_meeting(login, scheduled, manager, create_user):
    meeting = scheduled(days=10)
    page = login(manager).get("/manage/").get_data(as_text=True)
    assert "Ihre nächsten Sitzungen" in page
    assert f"/manage/meetings/{meeting.id}" in page and meeting.title in page
    # A manager of another district sees her own (empty) list, not Neukölln's meeting.
    outsider = create_user(roles=["manager"], areas=["05"])
    page = login(outsider).get("/manage/").get_data(as_text=True)
    assert f"/manage/meetings/{meeting.id}" not in page
    assert "Sie betreuen noch kein Gremium." in page


def test_moderator_home_has_no_meetings_panel(login, scheduled, create_user):
    scheduled(days=10)
    page = login(create_user(roles=["moderator"])).get("/manage/").get_data(as_text=True)
    assert "Ihre nächsten Sitzungen" not in page
