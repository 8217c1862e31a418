"""OParl 1.1 rules the JSON schemas do not enforce, each in its own test."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from oparl_crawl import crawl, objects_in, path

from participation.core.db import utcnow
from participation.extensions import db

DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
NAMES = {
    "AgendaItem",
    "Body",
    "Consultation",
    "File",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Organization",
    "Paper",
    "Person",
    "System",
}
LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "locationList",
    "legislativeTermList",
)


def _all_objects(client):
    result = crawl(client, limit=2)
    return [
        o
        for r in result["responses"].values()
        if r.mimetype == "application/json"
        for o in objects_in(r.get_json())
    ]


def test_every_object_embedded_too_has_id_type_created_modified(client, council):
    council(meetings=2)
    objects = _all_objects(client)
    embedded = [o for o in objects if o["type"].endswith(("/AgendaItem", "/Location"))]
    assert embedded
    for obj in objects:
        assert {"id", "type", "created", "modified"} <= obj.keys(), obj


def test_type_uris_are_the_camel_case_1_1_namespace(client, council):
    council(meetings=1)
    for obj in _all_objects(client):
        prefix, name = obj["type"].rsplit("/", 1)
        assert prefix == "https://schema.oparl.org/1.1" and name in NAMES


def test_dates_and_date_times_have_the_required_form(client, council):
    council(meetings=2)
    for obj in _all_objects(client):
        for key in ("created", "modified", "start", "end"):
            if key in obj:
                assert DATE_TIME.match(obj[key]), (key, obj[key])
        for key in ("date", "startDate", "endDate"):
            if key in obj:
                assert DATE.match(obj[key]), (key, obj[key])


def test_body_has_every_mandatory_list_and_legislative_term(client, council):
    council()
    body = client.get("/oparl/v1.1/body/1").get_json()
    for name in LISTS:
        assert client.get(path(body[name])).status_code == 200, name
    assert body["legislativeTerm"] and body["legislativeTerm"][0]["name"]
    assert client.get("/oparl/v1.1/body").get_json()["data"][0]["id"] == body["id"]


def test_agenda_items_carry_their_order(client, council):
    data = council(meetings=1, items=3)
    meeting = client.get(f"/oparl/v1.1/meeting/{data['meetings'][0].id}").get_json()
    assert [a["order"] for a in meeting["agendaItem"]] == [0, 1, 2]
    assert [a["number"] for a in meeting["agendaItem"]] == ["1", "2", "3"]


def test_location_geojson_is_a_full_feature(client, council):
    data = council(meetings=1)
    location = client.get(f"/oparl/v1.1/location/{data['meetings'][0].id}").get_json()
    feature = location["geojson"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [13.439, 52.4735]}
    assert "properties" in feature


def test_pages_have_pagination_and_next_on_every_page_but_the_last(client, council):
    council(meetings=5)
    url = "/oparl/v1.1/body/1/meeting?limit=2"
    pages = []
    while url:
        page = client.get(url).get_json()
        pages.append(page)
        url = path(page["links"]["next"]) if "next" in page["links"] else None
    assert [p["pagination"]["currentPage"] for p in pages] == [1, 2, 3]
    assert all(p["pagination"]["totalElements"] == 5 for p in pages)
    assert all(p["pagination"]["totalPages"] == 3 for p in pages)
    assert "prev" not in pages[0]["links"] and "prev" in pages[1]["links"]
    assert pages[0]["links"]["last"] == pages[2]["links"]["self"]
    assert sum(len(p["data"]) for p in pages) == 5


def test_sort_is_stable_and_by_modified(client, council):
    council(meetings=5)
    first = [m["id"] for m in client.get("/oparl/v1.1/body/1/meeting").get_json()["data"]]
    again = [m["id"] for m in client.get("/oparl/v1.1/body/1/meeting?limit=3").get_json()["data"]]
    again += [
        m["id"] for m in client.get("/oparl/v1.1/body/1/meeting?limit=3&page=2").get_json()["data"]
    ]
    assert first == again and len(set(first)) == 5
    modified = [m["modified"] for m in client.get("/oparl/v1.1/body/1/meeting").get_json()["data"]]
    assert modified == sorted(modified)


def test_filters_filter_and_are_carried_through_the_links(client, council):
    data = council(meetings=4)
    old = data["meetings"][0]
    old.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    since = (utcnow() - timedelta(days=1)).isoformat(timespec="seconds")
    first = client.get(
        "/oparl/v1.1/body/1/meeting", query_string={"created_since": since, "limit": 1}
    ).get_json()
    assert first["pagination"]["totalElements"] == 3
    for key in ("next", "last", "self", "first"):
        query = parse_qs(urlsplit(first["links"][key]).query)
        assert query["created_since"] == [since] and query["limit"] == ["1"]
    until = client.get("/oparl/v1.1/body/1/meeting", query_string={"created_until": since})
    assert [m["id"].rsplit("/", 1)[1] for m in until.get_json()["data"]] == [str(old.id)]
    later = (utcnow() + timedelta(days=1)).isoformat(timespec="seconds")
    none = client.get("/oparl/v1.1/body/1/meeting", query_string={"modified_since": later})
    assert none.get_json()["data"] == []


def test_omit_internal_leaves_out_embedded_objects(client, council):
    council(meetings=1)
    full = client.get("/oparl/v1.1/body/1/meeting").get_json()["data"][0]
    lean = client.get("/oparl/v1.1/body/1/meeting?omit_internal=true").get_json()
    assert "agendaItem" in full and "location" in full
    assert "agendaItem" not in lean["data"][0] and "location" not in lean["data"][0]
    assert "omit_internal=true" in lean["links"]["self"]


def test_modified_changes_when_an_embedded_agenda_item_changes(client, council):
    data = council(meetings=1)
    meeting = data["meetings"][0]
    long_ago = utcnow() - timedelta(days=10)
    meeting.updated_at = long_ago
    db.session.commit()
    before = client.get(f"/oparl/v1.1/meeting/{meeting.id}").get_json()
    meeting.agenda_items[1].title = "TOP 2: Bänke und Schatten"
    db.session.commit()
    after = client.get(f"/oparl/v1.1/meeting/{meeting.id}").get_json()
    assert after["modified"] > before["modified"]
    assert after["agendaItem"][1]["name"] == "TOP 2: Bänke und Schatten"


def test_membership_change_changes_the_persons_modified(client, council):
    data = council()
    person = data["person"]
    person.updated_at = utcnow() - timedelta(days=10)
    db.session.commit()
    before = client.get(f"/oparl/v1.1/person/{person.id}").get_json()["modified"]
    data["seats"][1].role = "member"
    db.session.commit()
    assert client.get(f"/oparl/v1.1/person/{person.id}").get_json()["modified"] > before


def test_meeting_state_and_cancelled_follow_the_meetings_package(client, council):
    data = council(meetings=2)
    past, future = data["meetings"]
    future.starts_at = utcnow() + timedelta(days=3)
    future.ends_at = future.starts_at + timedelta(hours=2)
    db.session.commit()
    assert client.get(f"/oparl/v1.1/meeting/{past.id}").get_json()["meetingState"] == "durchgeführt"
    planned = client.get(f"/oparl/v1.1/meeting/{future.id}").get_json()
    assert planned["meetingState"] == "terminiert" and planned["cancelled"] is False
    future.status = "cancelled"
    db.session.commit()
    cancelled = client.get(f"/oparl/v1.1/meeting/{future.id}").get_json()
    assert cancelled["cancelled"] is True and cancelled["meetingState"] == "abgesagt"


def test_participants_and_persons_are_public_members_only(client, council):
    data = council()
    meeting = client.get(f"/oparl/v1.1/meeting/{data['meetings'][0].id}").get_json()
    ids = {u.rsplit("/", 1)[1] for u in meeting["participant"]}
    assert ids == {str(data["person"].id), str(data["org"].id)}
    persons = client.get("/oparl/v1.1/body/1/person").get_json()["data"]
    assert {p["name"] for p in persons} == {"Ayşe Demir", "AWO Kreisverband Neukölln"}
    assert client.get(f"/oparl/v1.1/person/{data['private'].id}").status_code == 404
    members = client.get("/oparl/v1.1/body/1/membership").get_json()["pagination"]
    assert members["totalElements"] == 2


def test_only_public_meetings_decisions_and_published_reports(client, council):
    data = council()
    assert client.get(f"/oparl/v1.1/meeting/{data['hidden'].id}").status_code == 404
    assert client.get(f"/oparl/v1.1/paper/{data['secret'].id}").status_code == 404
    assert client.get(f"/oparl/v1.1/report/{data['draft'].id}").status_code == 404
    papers = client.get("/oparl/v1.1/body/1/paper").get_json()["data"]
    assert sorted(p["paperType"] for p in papers) == ["Beschluss", "Beteiligungsbericht"]
    decision = next(p for p in papers if p["paperType"] == "Beschluss")
    assert decision["consultation"][0]["agendaItem"].endswith(
        f"/agendaItem/{data['decision'].agenda_item_id}"
    )


def test_limit_is_bounded(client, council):
    council(meetings=2)
    big = client.get("/oparl/v1.1/body/1/meeting?limit=5000").get_json()
    assert big["pagination"]["elementsPerPage"] == 1000
    assert (
        client.get("/oparl/v1.1/body/1/meeting").get_json()["pagination"]["elementsPerPage"] == 100
    )
    assert client.get("/oparl/v1.1/body/1/meeting?limit=%C2%B2").status_code == 400


def test_organisation_lists_its_meetings(client, council):
    data = council(meetings=3)
    org = client.get(f"/oparl/v1.1/organization/{data['body'].id}").get_json()
    meetings = client.get(path(org["meeting"])).get_json()
    assert meetings["pagination"]["totalElements"] == 3
    assert client.get(path(org["consultation"])).get_json()["pagination"]["totalElements"] == 1
