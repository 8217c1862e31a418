"""The membership form's "name in open data" checkbox decides who OParl names."""

import pytest
from sqlalchemy import select

from participation.extensions import db

pytestmark = pytest.mark.berlin


@pytest.fixture
def seated(create_user, area, login):
    """A manager's conference and two actors from the registry, plus her logged-in client."""
    from participation.meetings import services
    from participation.stakeholders import services as actors
    from participation.stakeholders.models import ActorType

    manager = create_user(name="Nesrin Yılmaz", roles=["manager"], areas=["08"])
    deputy = create_user(name="Jonas Berg", roles=["manager"], areas=["08"])
    body = services.create_body(
        manager,
        [area("08010213")],
        [],
        name="Runder Tisch Körnerpark",
        type="runder_tisch",
        owner_id=manager.id,
        deputy_owner_id=deputy.id,
    )
    type_id = db.session.scalar(select(ActorType.id).order_by(ActorType.id).limit(1))
    consenting = actors.create_actor(
        manager, [area("08")], name="Friederike Anwohnerin", type_id=type_id, kind="person"
    )
    silent = actors.create_actor(
        manager, [area("08")], name="Bernd Zurückhaltend", type_id=type_id, kind="person"
    )
    db.session.commit()
    return body, consenting, silent, login(manager)


def test_checkbox_makes_a_person_public_and_unticked_keeps_her_private(client, seated):
    body, consenting, silent, staff = seated
    url = f"/manage/meetings/bodies/{body.id}/members"
    for actor, extra in ((consenting, {"public": "y"}), (silent, {})):
        response = staff.post(
            url,
            data={
                "actor_id": actor.id,
                "role": "member",
                "voting": "y",
                "deputy_of_id": 0,
                **extra,
            },
        )
        assert response.status_code == 303
    page = staff.get(f"/manage/meetings/bodies/{body.id}").get_data(as_text=True)
    assert "in offenen Daten genannt" in page
    names = [p["name"] for p in client.get("/oparl/v1.1/body/1/person").get_json()["data"]]
    assert names == ["Friederike Anwohnerin"]


def test_service_default_names_organisations_not_persons(app, seated, area):
    from participation.meetings import services
    from participation.stakeholders import services as actors
    from participation.stakeholders.models import ActorType

    body, _consenting, silent, _staff = seated
    type_id = db.session.scalar(select(ActorType.id).order_by(ActorType.id).limit(1))
    org = actors.create_actor(body.owner, [area("08")], name="Kita Sonnenblume", type_id=type_id)
    seat_org = services.add_member(body, org, body.owner)
    seat_person = services.add_member(body, silent, body.owner)
    assert seat_org.public is True and seat_person.public is False


def test_an_existing_seat_is_named_and_unnamed_by_its_button(client, seated):
    from participation.meetings import services

    body, consenting, _silent, staff = seated
    seat = services.add_member(body, consenting, body.owner)
    db.session.commit()
    assert seat.public is False
    url = f"/manage/meetings/bodies/{body.id}/members/{seat.id}/public"
    page = staff.get(f"/manage/meetings/bodies/{body.id}").get_data(as_text=True)
    assert "Friederike Anwohnerin in offenen Daten nennen (Einwilligung liegt vor)" in page

    response = staff.post(url, data={"public": "1"}, follow_redirects=True)
    assert "Friederike Anwohnerin wird jetzt in den offenen Daten genannt." in response.get_data(
        as_text=True
    )
    names = [p["name"] for p in client.get("/oparl/v1.1/body/1/person").get_json()["data"]]
    assert names == ["Friederike Anwohnerin"]

    staff.post(url, data={"public": "0"})
    names = [p["name"] for p in client.get("/oparl/v1.1/body/1/person").get_json()["data"]]
    assert names == []


def test_only_the_bodys_managers_switch_the_naming(client, seated, create_user, login):
    from participation.meetings import services

    body, consenting, _silent, _staff = seated
    seat = services.add_member(body, consenting, body.owner)
    db.session.commit()
    other = login(create_user(name="Fremde Managerin", roles=["manager"], areas=["01"]))
    url = f"/manage/meetings/bodies/{body.id}/members/{seat.id}/public"
    assert other.post(url, data={"public": "1"}).status_code in (403, 404)
    db.session.refresh(seat)
    assert seat.public is False
