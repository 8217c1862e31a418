"""Citizen-seat lottery: reproducible from the published seed; quotas filled first."""

import hashlib
from datetime import timedelta

import pytest

from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import SeatLottery
from participation.meetings.services import lottery

pytestmark = pytest.mark.berlin


def make(body, **kw):
    lot = SeatLottery(
        body=body,
        title="Bürgersitze im Beirat",
        seats=3,
        opens_at=utcnow() - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=1),
        eligibility_questions=["Ich wohne in Neukölln.", "Ich bin mindestens 16 Jahre alt."],
        quotas={
            "options": {"f": "Frau", "m": "Mann", "d": "Divers / keine Angabe"},
            "min": {"f": 2},
        },
        **kw,
    )
    db.session.add(lot)
    db.session.commit()
    return lot


def test_draw_is_reproducible_from_published_seed(conference, manager, client):
    body = conference(n_members=1)
    lot = make(body)
    people = [
        ("Anna", "f"),
        ("Ben", "m"),
        ("Cem", "m"),
        ("Dana", "f"),
        ("Emil", "m"),
        ("Frida", "f"),
        ("Yusuf", "d"),
    ]
    for name, value in people:
        lottery.apply(
            lot,
            name=name,
            email=f"{name.lower()}@example.net",
            answers=[True, True],
            quota_value=value,
        )
    lottery.apply(lot, name="Zoe", email="zoe@example.net", answers=[True, False], quota_value="f")
    with pytest.raises(ServiceError):
        lottery.apply(
            lot, name="Anna", email="ANNA@example.net", answers=[True, True], quota_value="f"
        )
    db.session.commit()
    with pytest.raises(ServiceError):
        lottery.draw(lot, manager)  # no seed published yet
    seed = lottery.publish_seed(lot, manager, "BVV-2027-03-12")
    winners = lottery.draw(lot, manager)
    db.session.commit()
    assert len(winners) == 3
    assert sum(1 for w in winners if w.quota_value == "f") >= 2
    assert all(w.name != "Zoe" for w in winners)  # not eligible

    # anyone can recompute: the public page lists numbers and groups, and the seed
    page = client.get(f"/meetings/lottery/{lot.id}").text
    assert seed in page and "SHA-256" in page
    eligible = [(a.id, a.quota_value) for a in lot.applications if a.eligible]
    ranking = sorted(eligible, key=lambda e: hashlib.sha256(f"{seed}:{e[0]}".encode()).hexdigest())
    chosen = [n for n, v in ranking if v == "f"][:2]
    chosen += [n for n, _v in ranking if n not in chosen][: 3 - len(chosen)]
    assert {w.id for w in winners} == set(chosen)
    assert [w.id for w in winners] == sorted(chosen, key=lambda n: [e[0] for e in ranking].index(n))
    for name, _v in people:
        assert name not in page  # names are not published


def test_applications_only_in_window(conference):
    body = conference(n_members=1)
    lot = make(body)
    lot.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(ServiceError):
        lottery.apply(
            lot, name="Spät", email="spaet@example.net", answers=[True, True], quota_value="m"
        )
