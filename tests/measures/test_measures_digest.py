"""Digest e-mails (two changes → one e-mail, job twice → nothing twice, unsubscribe without
login, the contributor's language) and the weekly e-mail to the process owner."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.db import utcnow
from participation.core.models import OutboxMessage
from participation.extensions import db
from participation.measures.models import MeasureNotification
from participation.measures.notify import send_digests
from participation.measures.services import links, measures
from participation.measures.tasks import weekly_owner_reports

pytestmark = pytest.mark.berlin


def _mails(to=None):
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        stmt = stmt.where(OutboxMessage.recipient == to)
    return db.session.scalars(stmt).all()


def test_two_changes_one_email_and_job_twice_sends_nothing_twice(contribute, make_measure, planner):
    c = contribute(email="anna@example.org")
    before = len(_mails("anna@example.org"))  # the confirmation of the submission
    m = make_measure()
    links.link_contributions(m, [c.id], "Mehr Schatten für Kinder", planner)
    measures.change_status(m, "adopted", "Die BVV hat das Geld bewilligt.", planner)
    db.session.commit()
    assert len(_mails("anna@example.org")) == before  # nothing immediately
    assert send_digests() == 1
    assert send_digests() == 0  # second run: nothing twice
    mails = _mails("anna@example.org")[before:]
    assert len(mails) == 1
    body = mails[0].body_text
    assert "Aufgegriffen" in body and "Beschlossen" in body and "bewilligt" in body
    assert "/track/" in body and "/feedback/unsubscribe/" in body
    # more news the same day waits for tomorrow
    measures.change_status(m, "in_progress", "Die Segel sind bestellt.", planner)
    db.session.commit()
    assert send_digests() == 0
    assert send_digests(utcnow() + timedelta(days=1)) == 1
    assert len(_mails("anna@example.org")) == before + 2


def test_one_person_several_contributions_one_mail_in_their_language(
    contribute, make_measure, planner
):
    first = contribute("Schatten fehlt", email="Ben@Example.org")
    second = contribute("Wasser fehlt", email="ben@example.org")
    for c in (first, second):
        c.locale = "en"
    db.session.commit()
    m = make_measure()
    links.link_contributions(m, [first.id, second.id], "Sommer im Park", planner)
    db.session.commit()
    assert send_digests() == 1
    mail = _mails()[-1]
    assert "News about your contributions" in mail.subject
    assert "Schatten fehlt" in mail.body_text and "Wasser fehlt" in mail.body_text
    assert "Taken up" in mail.body_text


def test_no_consent_no_mail(contribute, make_measure, planner):
    c = contribute()  # no e-mail address
    links.link_contributions(make_measure(), [c.id], "Schatten für alle", planner)
    db.session.commit()
    assert db.session.scalar(select(MeasureNotification.id)) is None
    assert send_digests() == 0


def test_unsubscribe_without_login(client, contribute, make_measure, planner, fresh):
    c = contribute(email="carla@example.org")
    m = make_measure()
    links.link_contributions(m, [c.id], "Schatten für alle", planner)
    db.session.commit()
    send_digests()
    link = re.search(r"https?://\S+/feedback/unsubscribe/[0-9a-f]{64}", _mails()[-1].body_text)
    path = "/" + link.group(0).split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200 and "<form" in page.get_data(as_text=True)
    assert fresh(Contribution, c.id).email == "carla@example.org"  # a GET changes nothing
    assert client.post(path).status_code == 303
    assert fresh(Contribution, c.id).email is None
    assert client.post(path).status_code == 303  # a second click is fine
    measures.change_status(fresh(type(m), m.id), "adopted", "Beschlossen im Ausschuss.", planner)
    db.session.commit()
    assert send_digests(utcnow() + timedelta(days=1)) == 0
    assert client.post("/feedback/unsubscribe/" + "0" * 64).status_code == 404


def test_weekly_owner_email_once_per_week(app, contribute, process):
    old = contribute("Seit Wochen ohne Antwort")
    old.created_at = utcnow() - timedelta(days=40)
    contribute("Ganz neu")
    db.session.commit()
    owner_mails = len(_mails())
    assert weekly_owner_reports() == 1
    assert weekly_owner_reports() == 0
    mail = _mails()[-1]
    assert len(_mails()) == owner_mails + 1
    assert "Seit Wochen ohne Antwort" in mail.body_text and "Ganz neu" not in mail.body_text
