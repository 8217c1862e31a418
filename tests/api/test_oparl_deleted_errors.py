"""OParl: deleted objects, CORS and errors as JSON Error objects."""

from datetime import timedelta

import pytest

from participation.core.db import utcnow
from participation.extensions import db


def _since() -> str:
    return (utcnow() - timedelta(minutes=5)).isoformat(timespec="seconds")


def test_deleted_meeting_answers_200_with_deleted_true(client, council):
    data = council(meetings=2)
    meeting = data["meetings"][1]
    oid = meeting.id
    created = client.get(f"/oparl/v1.1/meeting/{oid}").get_json()["created"]
    db.session.delete(meeting)
    db.session.commit()
    response = client.get(f"/oparl/v1.1/meeting/{oid}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["deleted"] is True and body["created"] == created
    assert body["id"].endswith(f"/meeting/{oid}") and body["type"].endswith("/Meeting")
    assert body["modified"] >= created
    # its venue and agenda items are gone the same way
    assert client.get(f"/oparl/v1.1/location/{oid}").get_json()["deleted"] is True


def test_deleted_objects_appear_in_lists_only_with_modified_since(client, council):
    data = council(meetings=3)
    oid = data["meetings"][2].id
    db.session.delete(data["meetings"][2])
    db.session.commit()
    plain = client.get("/oparl/v1.1/body/1/meeting").get_json()
    assert all(not m.get("deleted") for m in plain["data"])
    assert plain["pagination"]["totalElements"] == 2
    synced = client.get("/oparl/v1.1/body/1/meeting", query_string={"modified_since": _since()})
    gone = [m for m in synced.get_json()["data"] if m.get("deleted")]
    assert [m["id"].rsplit("/", 1)[1] for m in gone] == [str(oid)]


def test_deleting_a_decision_leaves_a_deleted_paper_and_touches_the_meeting(client, council):
    data = council(meetings=1)
    meeting = data["meetings"][0]
    meeting.updated_at = utcnow() - timedelta(days=3)
    db.session.commit()
    before = client.get(f"/oparl/v1.1/meeting/{meeting.id}").get_json()["modified"]
    decision_id = data["decision"].id
    db.session.delete(data["decision"])
    db.session.commit()
    assert client.get(f"/oparl/v1.1/paper/{decision_id}").get_json()["deleted"] is True
    assert client.get(f"/oparl/v1.1/consultation/{decision_id}").get_json()["deleted"] is True
    assert client.get(f"/oparl/v1.1/meeting/{meeting.id}").get_json()["modified"] > before


def test_deleting_a_body_tombstones_its_meetings(client, council):
    data = council(meetings=2)
    ids = [m.id for m in data["meetings"]]
    body_id = data["body"].id
    db.session.delete(data["body"])
    db.session.commit()
    assert client.get(f"/oparl/v1.1/organization/{body_id}").get_json()["deleted"] is True
    for oid in ids:
        assert client.get(f"/oparl/v1.1/meeting/{oid}").get_json()["deleted"] is True


def test_a_new_object_with_a_reused_id_replaces_the_tombstone(client, council):
    from participation.api.models import OparlTombstone
    from participation.meetings.models import Meeting

    data = council(meetings=1)
    db.session.add(
        OparlTombstone(object_type="meeting", object_id=999, created=utcnow(), deleted_at=utcnow())
    )
    db.session.commit()
    again = Meeting(
        id=999,
        body=data["body"],
        title="Neu",
        starts_at=utcnow(),
        ends_at=utcnow(),
        visibility="public",
        uid="reused@test",
    )
    db.session.add(again)
    db.session.commit()
    assert client.get("/oparl/v1.1/meeting/999").get_json().get("deleted") is None


@pytest.mark.parametrize(
    "url",
    [
        "/oparl/v1.1/",
        "/oparl/v1.1/body/1",
        "/oparl/v1.1/body/1/meeting",
        "/oparl/v1.1/meeting/1",
        "/oparl/v1.1/meeting/424242",
        "/oparl/v1.1/body/1/meeting?modified_since=gestern",
    ],
)
def test_cors_header_on_every_json_response(client, council, url):
    council(meetings=1)
    response = client.get(url)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/oparl/v1.1/meeting/424242", 404),
        ("/oparl/v1.1/body/2", 404),
        ("/oparl/v1.1/body/1/drucksachen", 404),
        ("/oparl/v1.1/unknown/1", 404),
        ("/oparl/v1.1/meeting/12345678901234", 404),
        ("/oparl/v2/whatever/deep/path", 404),
        ("/oparl/v1.1/body/1/meeting?created_since=2026-13-45", 400),
        ("/oparl/v1.1/body/1/meeting?modified_until=2026-01-01T10:00:00", 400),
        ("/oparl/v1.1/body/1/meeting?page=0", 400),
        ("/oparl/v1.1/body/1/meeting?limit=abc", 400),
    ],
)
def test_errors_are_oparl_error_objects_never_html(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["type"] == "https://schema.oparl.org/1.1/Error" and body["message"]
    assert "<html" not in response.get_data(as_text=True).lower()


def test_other_methods_get_a_json_405(client):
    response = client.post("/oparl/v1.1/body/1/meeting")
    assert response.status_code == 405 and response.get_json()["type"].endswith("/Error")


def test_html_error_pages_elsewhere_stay_html(client):
    response = client.get("/this-page-does-not-exist")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_responses_are_conditional(client, council):
    council(meetings=1)
    first = client.get("/oparl/v1.1/body/1/meeting")
    again = client.get(
        "/oparl/v1.1/body/1/meeting", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing.json",
        "/api/v1/budgets.geojson",
        "/api/v1/areas.xml",
        "/api/v1/areas.json?page=x",
        "/api/v2/",
    ],
)
def test_bad_open_data_urls_are_json_errors(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404) and response.mimetype == "application/json"
    assert response.get_json()["message"]


def test_deleting_a_named_member_tombstones_person_and_seat_only_if_public(client, council):
    data = council()
    named, private = data["person"], data["private"]
    seat = data["seats"][1].id
    ids = named.id, private.id
    db.session.delete(named)
    db.session.delete(private)
    db.session.commit()
    gone = client.get(f"/oparl/v1.1/person/{ids[0]}").get_json()
    assert gone["deleted"] is True and gone["type"].endswith("/Person")
    assert client.get(f"/oparl/v1.1/membership/{seat}").get_json()["deleted"] is True
    # a person who was never named leaves no trace
    assert client.get(f"/oparl/v1.1/person/{ids[1]}").status_code == 404


def test_an_erased_named_member_answers_as_deleted(client, council):
    data = council()
    person = data["person"]
    person.erased_at = utcnow()
    person.name = "Gelöschter Akteur"
    db.session.commit()
    body = client.get(f"/oparl/v1.1/person/{person.id}").get_json()
    assert body["deleted"] is True and "Ayşe" not in str(body)
    since = (utcnow() - timedelta(minutes=5)).isoformat(timespec="seconds")
    listed = client.get("/oparl/v1.1/body/1/person", query_string={"modified_since": since})
    assert any(p.get("deleted") for p in listed.get_json()["data"])
