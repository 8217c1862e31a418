"""Service rules of create_contribution and friends (no HTTP)."""

import pytest
from sqlalchemy import func, select

from participation.contributions import services
from participation.contributions.models import Contribution, ContributionArea
from participation.core.errors import ServiceError
from participation.core.models import AuditEntry, OutboxMessage
from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_pin_gets_area_at_every_level(pin_process, point_in, area):
    process = pin_process()
    lon, lat = point_in("08010213")
    c = services.create_contribution(
        process,
        kind="pin",
        channel="online",
        title="Schöne Ecke",
        lon=lon,
        lat=lat,
        category=process.categories[0],
    )
    db.session.commit()
    codes = [a.code for a in c.area_chain()]
    assert codes == ["08", "0801", "080102", "08010213"]
    assert c.area_id == area("08010213").id
    assert c.visibility == "visible" and c.needs_review  # post-moderation: checked afterwards
    assert services.find_by_token(c.tracking_token).id == c.id
    assert c.tracking_token not in (c.tracking_hash, c.idempotency_key)


def test_point_outside_process_areas_is_refused(pin_process, point_in):
    process = pin_process()
    lon, lat = point_in("05")  # Spandau
    with pytest.raises(ServiceError) as err:
        services.create_contribution(
            process, kind="pin", channel="online", title="Falscher Ort", lon=lon, lat=lat
        )
    assert err.value.field == "location" and "außerhalb" in str(err.value)
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_idea_with_area_uses_ancestors_and_staff_entry_is_logged(pin_process, area, create_user):
    process = pin_process(moderation="pre")
    clerk = create_user(roles=["staff"], areas=["08"])
    c = services.create_contribution(
        process,
        kind="idea",
        channel="paper",
        title="Trinkbrunnen",
        area=area("08010214"),
        entered_by=clerk,
    )
    db.session.commit()
    assert [a.code for a in c.area_chain()] == ["08", "0801", "080102", "08010214"]
    assert c.visibility == "visible" and not c.needs_review  # typed in by staff
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contribution.create"))
    assert entry.user_id == clerk.id and entry.details["channel"] == "paper"
    with pytest.raises(ServiceError) as err:
        services.create_contribution(
            process, kind="idea", channel="online", title="Anderswo", area=area("05")
        )
    assert err.value.field == "area"


def test_survey_answer_promotion_without_place(pin_process, create_user):
    process = pin_process()
    planner = create_user(roles=["planner"])
    c = services.create_contribution(
        process,
        kind="survey_answer",
        channel="survey",
        title="Mehr Bänke",
        body="Für ältere Menschen fehlen Sitzplätze.",
        entered_by=planner,
        source_ref="survey_response:12",
    )
    db.session.commit()
    assert c.area_id is None and c.areas == [] and c.source_ref == "survey_response:12"
    assert db.session.scalar(select(func.count()).select_from(ContributionArea)) == 0


def test_pre_moderation_and_email_consent(pin_process, point_in):
    process = pin_process(moderation="pre")
    lon, lat = point_in("08010214")
    with pytest.raises(ServiceError) as err:
        services.create_contribution(
            process,
            kind="pin",
            channel="online",
            title="Bank fehlt",
            lon=lon,
            lat=lat,
            email="anwohnerin@example.org",
        )
    assert err.value.field == "consent"
    c = services.create_contribution(
        process,
        kind="pin",
        channel="online",
        title="Bank fehlt",
        lon=lon,
        lat=lat,
        email="anwohnerin@example.org",
        consent=True,
    )
    db.session.commit()
    assert c.visibility == "pending" and c.email_consent_at is not None
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == "anwohnerin@example.org"
    assert services.tracking_token(c) in mail.body_text


def test_duplicate_key_returns_first(pin_process, point_in):
    process = pin_process()
    lon, lat = point_in("08010213")
    kw = dict(kind="pin", channel="online", title="Doppelt", lon=lon, lat=lat)
    first = services.create_contribution(process, idempotency_key="k" * 20, **kw)
    db.session.commit()
    again = services.create_contribution(process, idempotency_key="k" * 20, **kw)
    assert again.id == first.id and again.duplicate
    assert again.tracking_token == first.tracking_token
    assert db.session.scalar(select(func.count(Contribution.id))) == 1


def test_contact_emails_purged_after_archive(pin_process, point_in, app):
    from datetime import timedelta

    from participation.contributions.tasks import purge_contact_emails
    from participation.processes.services import archive_process, close_process
    from participation.scheduler import JOBS

    assert "contributions-purge-emails" in JOBS
    process = pin_process()
    other = pin_process(title="Anderer Platz")
    for p in (process, other):
        services.create_contribution(
            p,
            kind="idea",
            channel="online",
            title="Mit Adresse",
            email="a@example.org",
            consent=True,
        )
    close_process(process, None)
    archive_process(process, None)
    db.session.commit()
    assert purge_contact_emails() == 0  # still within the retention period
    process.archived_at -= timedelta(days=31)
    db.session.commit()
    assert purge_contact_emails() == 1
    emails = dict(db.session.execute(select(Contribution.process_id, Contribution.email)).all())
    assert emails == {process.id: None, other.id: "a@example.org"}
