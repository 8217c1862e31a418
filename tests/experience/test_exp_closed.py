"""A closed process closes its tools and says what happens next; the pin page and tracking page."""

import re

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.processes.models import Phase
from participation.processes.services import close_process

pytestmark = pytest.mark.berlin


def _close(process):
    close_process(process, None)
    db.session.commit()


def test_closed_process_page_says_what_happens_next(client, pin_process):
    process = pin_process(decision_by="Der BVV-Ausschuss entscheidet im April 2027.")
    _close(process)
    page = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    assert "Machen Sie den Anfang" not in page
    assert "Die Beteiligung ist beendet – so geht es weiter" in page
    assert "Der BVV-Ausschuss entscheidet im April 2027." in page
    form = client.get(f"/processes/{process.slug}/contribute").get_data(as_text=True)
    assert "nimmt keine Pins oder Ideen mehr an" in form and "<form" not in form.split("<main")[1]


def test_closing_the_process_closes_its_survey(client, pin_process, simple_survey):
    process = pin_process()
    survey = simple_survey(process)
    question = survey.ordered_questions()[0]
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    _close(process)
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "no longer takes answers" not in page  # German page
    assert "nimmt die Befragung keine Antworten mehr an" in page
    response = client.post(
        f"/surveys/{survey.id}",
        data={"idempotency_key": key, question.field_name: str(question.options[0].id)},
    )
    assert "keine Antworten mehr" in response.get_data(as_text=True)
    assert survey.response_count == 0
    panel = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    assert "Befragung beantworten" not in panel


def test_one_day_phase_shows_one_date(client, pin_process):
    from datetime import date

    process = pin_process()
    process.phases = [
        Phase(title="Spielplatzfest", start_date=date(2027, 1, 25), end_date=date(2027, 1, 25))
    ]
    db.session.commit()
    page = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    assert "25.01.2027" in page and "25.01.2027 – 25.01.2027" not in page


def _submit(client, process, form_data, point_in):
    lon, lat = point_in("08010213")
    data = form_data(process, lon=str(lon), lat=str(lat))
    response = client.post(f"/processes/{process.slug}/contribute", data=data)
    assert response.status_code == 303
    return response.headers["Location"].split("?")[0]


def test_pin_page_has_a_map_and_speaks_to_visitors(client, pin_process, form_data, point_in):
    process = pin_process()
    _submit(client, process, form_data, point_in)
    c = db.session.scalar(select(Contribution))
    page = client.get(f"/processes/{process.slug}/contributions/{c.id}").get_data(as_text=True)
    assert 'id="point-map"' in page and f'data-lat="{c.lat}"' in page
    assert "Ihren Beitrag" not in page


def test_author_adds_email_edits_and_withdraws(
    client, create_user, pin_process, form_data, point_in
):
    process = pin_process(moderation="pre")
    track = _submit(client, process, form_data, point_in)
    page = client.get(track).get_data(as_text=True)
    assert "Wir haben Ihren Beitrag erhalten" in page  # the author is addressed here only
    # e-mail later: consent needed, nothing lost
    refused = client.post(f"{track}/email", data={"email": "anwohnerin@example.org"})
    assert refused.status_code == 422 and "anwohnerin@example.org" in refused.get_data(as_text=True)
    client.post(f"{track}/email", data={"email": "anwohnerin@example.org", "consent": "y"})
    c = db.session.scalar(select(Contribution))
    assert c.email == "anwohnerin@example.org" and c.email_consent_at is not None
    # edit until moderation
    edit = client.post(f"{track}/edit", data={"title": "Mehr Schatten, bitte", "body": "Neu."})
    assert edit.status_code == 303
    db.session.expire_all()
    c = db.session.scalar(select(Contribution))
    assert c.title == "Mehr Schatten, bitte" and c.needs_review
    from participation.contributions.moderation import approve_contribution

    approve_contribution(c, create_user(roles=["moderator"]))
    db.session.commit()
    assert "Beitrag bearbeiten" not in client.get(track).get_data(as_text=True)
    late = client.post(f"{track}/edit", data={"title": "Zu spät", "body": ""})
    assert late.status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(Contribution)).title == "Mehr Schatten, bitte"
    # withdraw: asked first, then hidden from everyone and the e-mail deleted
    assert "Beitrag zurückziehen?" in client.get(f"{track}/withdraw").get_data(as_text=True)
    client.post(f"{track}/withdraw")
    db.session.expire_all()
    c = db.session.scalar(select(Contribution))
    assert c.visibility == "withdrawn" and c.email is None
    assert client.get(f"/processes/{process.slug}/contributions/{c.id}").status_code == 404
    assert "Sie haben diesen Beitrag zurückgezogen" in client.get(track).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Contribution)) == 1
