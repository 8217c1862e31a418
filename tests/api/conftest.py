"""A small council world for the OParl and open-data tests, built with the models directly.

One Sozialraumkonferenz with three seats (an organisation and a consenting person public, a
private person not), public meetings with venue and agenda, one members-only meeting, published
minutes with decisions, one published and one draft council report.
"""

import hashlib
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.core.db import utcnow
from participation.extensions import db

#: Names and data that must never appear in an API response.
PRIVATE_NAME = "Hannelore Verschwiegen"
PRIVATE_EMAIL = "hannelore.verschwiegen@example.org"
PUBLIC_PERSON = "Ayşe Demir"
PUBLIC_ORG = "AWO Kreisverband Neukölln"
PDF = b"%PDF-1.4\n% Beteiligungsbericht Spielplatz K\xc3\xb6rnerpark\n%%EOF\n"


@pytest.fixture
def council(app):
    """Factory: ``council(meetings=5)`` → dict of the created objects (committed)."""
    from participation.meetings.models import (
        AgendaItem,
        Attendance,
        Body,
        Decision,
        Meeting,
        Membership,
    )
    from participation.reports.models import ReportVersion
    from participation.stakeholders.models import Actor, ActorType

    def factory(meetings: int = 5, items: int = 2) -> dict:
        type_id = db.session.scalar(select(ActorType.id).order_by(ActorType.id).limit(1))
        body = Body(slug="srk-koernerpark", name="Sozialraumkonferenz Körnerpark")
        org = Actor(kind="organisation", name=PUBLIC_ORG, type_id=type_id, email="info@awo.example")
        person = Actor(kind="person", name=PUBLIC_PERSON, type_id=type_id, legal_basis="consent")
        private = Actor(
            kind="person",
            name=PRIVATE_NAME,
            type_id=type_id,
            email=PRIVATE_EMAIL,
            legal_basis="consent",
            phone="030 1234567",
        )
        seats = [
            Membership(body=body, actor=org, role="member", public=True),
            Membership(body=body, actor=person, role="chair", public=True),
            Membership(body=body, actor=private, role="member", public=False),
        ]
        db.session.add_all([body, org, person, private, *seats])
        start = utcnow().replace(microsecond=0) - timedelta(days=30)
        made = []
        for i in range(meetings):
            m = Meeting(
                body=body,
                title=f"{i + 1}. Sozialraumkonferenz Körnerpark",
                starts_at=start + timedelta(days=7 * i),
                ends_at=start + timedelta(days=7 * i, hours=2),
                venue_name="Gemeinschaftshaus Körnerpark",
                venue_address="Schierker Straße 8, 12051 Berlin",
                lat=52.4735,
                lon=13.4390,
                visibility="public",
                uid=f"{uuid.uuid4()}@test",
                minutes_status="published" if i == 0 else "draft",
            )
            m.agenda_items = [
                AgendaItem(position=p, title=f"TOP {p + 1}: Spielplatz", kind="decision")
                for p in range(items)
            ]
            made.append(m)
        db.session.add_all(made)
        hidden = Meeting(
            body=body,
            title="Interne Vorbesprechung",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            visibility="members",
            uid=f"{uuid.uuid4()}@test",
        )
        db.session.add(hidden)
        db.session.flush()
        for s in seats:
            db.session.add(Attendance(meeting=made[0], membership=s, status="present"))
        decision = Decision(
            meeting=made[0],
            agenda_item=made[0].agenda_items[0],
            text="Die Konferenz empfiehlt eine Wasserspielfläche am Spielplatz.",
            votes_yes=9,
            votes_no=1,
            votes_abstain=0,
        )
        secret = Decision(meeting=hidden, text="Interne Personalfrage")
        db.session.add_all([decision, secret])
        published = ReportVersion(
            title="Beteiligungsbericht Spielplatz Körnerpark",
            state="published",
            published_at=utcnow(),
            sha256=hashlib.sha256(PDF).hexdigest(),
            size=len(PDF),
            pdf=PDF,
            period_start=date.today() - timedelta(days=90),
        )
        draft = ReportVersion(
            title="Entwurf: Beteiligungsbericht",
            state="draft",
            sha256=hashlib.sha256(PDF).hexdigest(),
            size=len(PDF),
            pdf=PDF,
        )
        db.session.add_all([published, draft])
        db.session.commit()
        return {
            "body": body,
            "meetings": made,
            "hidden": hidden,
            "decision": decision,
            "secret": secret,
            "report": published,
            "draft": draft,
            "seats": seats,
            "person": person,
            "private": private,
            "org": org,
        }

    return factory
