"""Staff pages: scope (managers only in their areas), body creation by form, every page renders."""

from datetime import timedelta

import pytest
from _when import future
from sqlalchemy import select

from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import Body

pytestmark = pytest.mark.berlin


def test_manager_outside_area_refused(scheduled, create_user, login, client):
    meeting = scheduled()
    spandau = create_user(email="qm-spandau@example.org", roles=["manager"], areas=["05"])
    other = login(spandau)
    assert other.get(f"/manage/meetings/bodies/{meeting.body_id}").status_code == 403
    assert other.get(f"/manage/meetings/{meeting.id}").status_code == 403
    assert (
        other.post(f"/manage/meetings/{meeting.id}/cancel", data={"reason": "x"}).status_code == 403
    )
    assert client.get(f"/manage/meetings/{meeting.id}").status_code in (302, 401)
    assert meeting.body.name not in other.get("/manage/meetings/").text


def test_create_body_by_form(manager, deputy, area, login):
    staff = login(manager)
    assert staff.get("/manage/meetings/bodies/new").status_code == 200
    data = {
        "name": "Runder Tisch Jugend Neukölln",
        "type": "runder_tisch",
        "areas": [area("08").id],
        "decision_rule": "consensus",
        "quorum_percent": 0,
        "public_attendance": "y",
        "owner_id": manager.id,
        "deputy_owner_id": 0,
    }
    missing = staff.post("/manage/meetings/bodies/new", data=data)
    assert missing.status_code == 422 and "Runder Tisch Jugend Neukölln" in missing.text
    data["deputy_owner_id"] = deputy.id
    created = staff.post("/manage/meetings/bodies/new", data=data)
    assert created.status_code == 303
    body = db.session.scalar(select(Body))
    assert (body.slug, body.decision_rule, body.deputy_owner_id) == (
        "runder-tisch-jugend-neukoelln",
        "consensus",
        deputy.id,
    )
    spandau = area("05")
    data["areas"] = [spandau.id]
    data["name"] = "Fremd"
    assert staff.post("/manage/meetings/bodies/new", data=data).status_code == 422


def test_staff_pages_render(scheduled, manager, login):
    meeting = scheduled(registration_open=True)
    services.add_agenda_item(
        meeting, manager, kind="information", title="Bericht QM", duration_minutes=15
    )
    db.session.commit()
    staff = login(manager)
    for path in (
        "/manage/meetings/",
        f"/manage/meetings/bodies/{meeting.body_id}",
        f"/manage/meetings/bodies/{meeting.body_id}/edit",
        f"/manage/meetings/bodies/{meeting.body_id}/meetings/new",
        f"/manage/meetings/bodies/{meeting.body_id}/series/new",
        f"/manage/meetings/bodies/{meeting.body_id}/lottery/new",
        f"/manage/meetings/bodies/{meeting.body_id}/needs",
        f"/manage/meetings/{meeting.id}",
        f"/manage/meetings/{meeting.id}/edit",
        f"/manage/meetings/{meeting.id}/minutes",
        f"/meetings/{meeting.id}",
        f"/meetings/bodies/{meeting.body.slug}",
    ):
        assert staff.get(path).status_code == 200, path
    assert staff.get(f"/manage/meetings/{meeting.id}/agenda.pdf").data.startswith(b"%PDF")


def test_meeting_form_and_series(conference, manager, login):
    body = conference()
    staff = login(manager)
    day = future(30).date()
    response = staff.post(
        f"/manage/meetings/bodies/{body.id}/meetings/new",
        data={
            "title": "Sommerfest-Planung",
            "day": day.isoformat(),
            "start_time": "18:00",
            "end_time": "17:00",
            "format": "in_person",
            "visibility": "public",
        },
    )
    assert response.status_code == 422 and "Sommerfest-Planung" in response.text
    response = staff.post(
        f"/manage/meetings/bodies/{body.id}/series/new",
        data={
            "title": "Sozialraumkonferenz",
            "first_day": day.isoformat(),
            "start_time": "17:30",
            "duration_minutes": 120,
            "interval_months": 6,
            "count": 4,
            "visibility": "public",
        },
    )
    assert response.status_code == 303
    from participation.meetings.models import BERLIN, Meeting

    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    assert len(meetings) == 4
    # every occurrence at 17:30 Berlin time, whichever side of a DST change it falls on
    assert {m.starts_at.astimezone(BERLIN).strftime("%H:%M") for m in meetings} == {"17:30"}
    assert len({m.uid for m in meetings}) == 4
    assert meetings[1].starts_at - meetings[0].starts_at > timedelta(days=150)


def test_process_panel_lists_public_meetings(scheduled, client):
    meeting = scheduled()
    meeting.process_id = meeting.body.processes[0].id
    meeting.body.processes[0].status = "published"  # the publication rules are tested elsewhere
    db.session.commit()
    page = client.get(f"/processes/{meeting.body.processes[0].slug}")
    assert page.status_code == 200 and meeting.title in page.text


def test_edit_without_date_refused(scheduled, manager, login):
    meeting = scheduled()
    response = login(manager).post(
        f"/manage/meetings/{meeting.id}/edit",
        data={"title": "Ohne Datum", "format": "in_person", "visibility": "public"},
    )
    assert response.status_code == 422 and "Ohne Datum" in response.text
    db.session.expire_all()
    assert db.session.get(type(meeting), meeting.id).starts_at is not None
