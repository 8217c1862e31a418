"""OParl AgendaItem.public (1.1): a non-public item says ``public: false`` and keeps its number
and order, but no title, result, resolution text or consultation; a decision taken under it is
no Paper/Consultation until staff publish it explicitly. The open-data feeds leak nothing of it."""

import json

import pytest
from oparl_crawl import crawl, objects_in
from oparl_validate import validate

from participation.extensions import db

pytestmark = pytest.mark.berlin

SECRET_TITLE = "Vergabe Hausmeisterstelle Gemeinschaftshaus"
SECRET_DECISION = "Die Hausmeisterstelle geht an Herrn Dragan Petrović."
CLOSED = "Nichtöffentlicher Tagesordnungspunkt"


@pytest.fixture
def closed(council):
    """The council world with the first meeting's second item in closed session, decided."""
    from participation.meetings.models import Decision

    world = council(meetings=2)
    meeting = world["meetings"][0]
    item = meeting.agenda_items[1]
    item.title, item.public = SECRET_TITLE, False
    secret = Decision(meeting=meeting, agenda_item=item, text=SECRET_DECISION, votes_yes=7)
    db.session.add(secret)
    db.session.commit()
    return {**world, "item": item, "closed_decision": secret}


def test_agenda_item_public_false_without_title_or_resolution(client, closed):
    item = client.get(f"/oparl/v1.1/agendaItem/{closed['item'].id}").get_json()
    assert validate(item) == []
    assert item["public"] is False and item["name"] == CLOSED
    assert item["order"] == closed["item"].position
    for field in ("resolutionText", "result", "consultation", "auxiliaryFile", "resolutionFile"):
        assert field not in item, field
    # the public item beside it: public true with its decision's text
    open_item = closed["decision"].agenda_item
    data = client.get(f"/oparl/v1.1/agendaItem/{open_item.id}").get_json()
    assert data["public"] is True and data["resolutionText"] == closed["decision"].text


def test_meeting_embeds_the_closed_item_redacted(client, closed):
    meeting = client.get(f"/oparl/v1.1/meeting/{closed['meetings'][0].id}").get_json()
    assert validate(meeting) == []
    publics = [a["public"] for a in meeting["agendaItem"]]
    assert publics == [True, False]
    assert SECRET_TITLE not in json.dumps(meeting, ensure_ascii=False)


def test_no_paper_or_consultation_for_the_internal_decision(client, closed):
    secret = closed["closed_decision"]
    assert client.get(f"/oparl/v1.1/paper/{secret.id}").status_code == 404
    assert client.get(f"/oparl/v1.1/consultation/{secret.id}").status_code == 404
    everything = crawl(client, limit=50)["responses"]
    text = "".join(r.get_data(as_text=True) for r in everything.values())
    assert SECRET_DECISION not in text and SECRET_TITLE not in text
    # the closed item itself is listed (redacted) in the agendaItem list
    listed = [
        o
        for r in everything.values()
        if r.mimetype == "application/json"
        for o in objects_in(r.get_json())
        if o["id"].endswith(f"/agendaItem/{closed['item'].id}")
    ]
    assert listed and all(o["public"] is False for o in listed)


def test_decision_published_explicitly_is_a_paper_but_the_item_stays_closed(client, closed):
    secret = closed["closed_decision"]
    secret.publish_separately = True
    db.session.commit()
    paper = client.get(f"/oparl/v1.1/paper/{secret.id}").get_json()
    assert validate(paper) == [] and paper["name"] == SECRET_DECISION
    item = client.get(f"/oparl/v1.1/agendaItem/{closed['item'].id}").get_json()
    assert item["public"] is False and "resolutionText" not in item


def test_open_data_feeds_leak_nothing(client, closed):
    feeds = client.get("/api/v1/").get_json()["feeds"]
    assert {"processes", "contributions", "measures"} <= set(feeds)
    for name, formats in feeds.items():
        for ext in formats:
            response = client.get(f"/api/v1/{name}.{ext}")
            assert response.status_code == 200, (name, ext)
            body = response.get_data(as_text=True)
            assert SECRET_TITLE not in body and SECRET_DECISION not in body, (name, ext)
