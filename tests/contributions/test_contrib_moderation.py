"""Moderation: pre-moderation, hiding with a reason, reports, "me too", audit log."""

import pytest
from sqlalchemy import select

from participation.contributions import services
from participation.contributions.models import Contribution, Support
from participation.core.errors import ServiceError
from participation.core.models import AuditEntry, OutboxMessage
from participation.extensions import db

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


@pytest.fixture
def submitted(client, form_data, point_in):
    """Factory: submit through the resident form; returns (contribution, tracking link)."""

    def factory(process, **overrides):
        lon, lat = point_in("08010213")
        data = form_data(process, lon=str(lon), lat=str(lat), **overrides)
        response = client.post(f"/processes/{process.slug}/contribute", data=data)
        assert response.status_code == 303
        db.session.expire_all()
        c = db.session.scalar(select(Contribution).order_by(Contribution.id.desc()))
        return c, response.headers["Location"].split("?")[0]

    return factory


def test_pre_moderation_waits_then_appears_after_approval(
    fresh, client, pin_process, submitted, staff, login
):
    process = pin_process(moderation="pre")
    c, link = submitted(process)
    assert c.visibility == "pending"
    assert "Waiting for review" in client.get(link, headers=EN).get_data(as_text=True)
    url = f"/processes/{process.slug}/contributions/{c.id}"
    assert client.get(url).status_code == 404
    assert c.title not in client.get(f"/processes/{process.slug}/contributions").get_data(
        as_text=True
    )
    geo = client.get(f"/processes/{process.slug}/contributions.geojson?zoom=16").get_json()
    assert geo["features"] == []

    moderator = staff("moderator")
    mod = login(moderator)
    queue = mod.get(f"/manage/processes/{process.id}/moderation").get_data(as_text=True)
    assert c.title in queue
    response = mod.post(f"/manage/processes/{process.id}/moderation/{c.id}/approve")
    assert response.status_code == 303
    assert fresh(Contribution, c.id).visibility == "visible"
    assert client.get(url).status_code == 200
    geo = client.get(f"/processes/{process.slug}/contributions.geojson?zoom=16").get_json()
    assert [f["properties"]["id"] for f in geo["features"]] == [c.id]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contribution.approve"))
    assert entry.user_id == moderator.id and entry.details["old"] == "pending"


def test_hiding_needs_reason_and_author_sees_it(
    fresh, client, pin_process, submitted, staff, login
):
    process = pin_process()
    c, link = submitted(process, email="autorin@example.org", consent="y")
    mod = login(staff("moderator"))
    hide_url = f"/manage/processes/{process.id}/moderation/{c.id}/hide"
    response = mod.post(hide_url, data={f"c{c.id}-reason": ""}, headers=EN)
    assert response.status_code == 422
    assert fresh(Contribution, c.id).visibility == "visible"
    reason = "Enthält den vollen Namen einer Nachbarin."
    response = mod.post(hide_url, data={f"c{c.id}-reason": reason}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Ausgeblendet" in response.get_data(as_text=True)
    assert fresh(Contribution, c.id).visibility == "hidden"
    page = client.get(link, headers=EN).get_data(as_text=True)
    assert "Hidden by the moderation team" in page and reason in page
    assert client.get(f"/processes/{process.slug}/contributions/{c.id}").status_code == 404
    assert client.get(f"/contributions/{c.id}/photo").status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contribution.hide"))
    assert entry.details["reason"] == reason
    mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(mails) == 2 and reason in mails[1].body_text  # confirmation, then the hiding
    hidden_tab = mod.get(f"/manage/processes/{process.id}/moderation?tab=hidden")
    assert c.title in hidden_tab.get_data(as_text=True)


def test_moderation_is_limited_to_allowed_staff(pin_process, submitted, staff, login):
    process = pin_process()
    c, _link = submitted(process)
    url = f"/manage/processes/{process.id}/moderation/{c.id}/approve"
    assert login(staff("manager", "05")).post(url).status_code == 403
    assert login(staff("council")).post(url).status_code == 403
    assert login(staff("manager", "08")).post(url).status_code == 303


def test_support_counted_once_per_browser(fresh, client, app, pin_process, submitted):
    process = pin_process()
    c, _link = submitted(process)
    url = f"/processes/{process.slug}/contributions/{c.id}/support"
    assert client.post(url).status_code == 303
    assert client.post(url).status_code == 303
    response = client.post(url, headers={"HX-Request": "true", **EN})
    assert "supported this already" in response.get_data(as_text=True)
    assert fresh(Contribution, c.id).support_count == 1
    other_browser = app.test_client()
    other_browser.post(url)
    assert fresh(Contribution, c.id).support_count == 2
    assert db.session.scalar(select(db.func.count(Support.id))) == 2
    page = client.get(f"/processes/{process.slug}/contributions/{c.id}", headers=EN)
    assert "2 people support this" in page.get_data(as_text=True)


def test_reports_hide_pending_review(fresh, app, pin_process, submitted, staff, login):
    app.config["CONTRIBUTIONS_REPORT_THRESHOLD"] = 2
    process = pin_process()
    c, _link = submitted(process)
    url = f"/processes/{process.slug}/contributions/{c.id}/report"
    first = app.test_client()
    first.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    first.post(url, data={"reason": "Beleidigend"})
    first.post(url, data={"reason": "nochmal"})  # same browser: counted once
    c = fresh(Contribution, c.id)
    assert (c.report_count, c.visibility, c.needs_review) == (1, "visible", True)
    app.test_client().post(url, data={})  # another network (127.0.0.1): the second one holds it
    c = fresh(Contribution, c.id)
    assert (c.report_count, c.visibility) == (2, "pending")
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "contribution.auto_hold")
    )
    queue = login(staff("moderator")).get(f"/manage/processes/{process.id}/moderation", headers=EN)
    assert "2 reports" in queue.get_data(as_text=True)
    moderator = login(staff("moderator"))
    moderator.post(f"/manage/processes/{process.id}/moderation/{c.id}/approve")
    app.test_client().post(url, data={})  # a new report after the review does not hide it again
    c = fresh(Contribution, c.id)
    assert (c.report_count, c.visibility, c.needs_review) == (1, "visible", True)


def test_status_change_reason_and_mail(pin_process, submitted, create_user, monkeypatch):
    # Without a status listener (the measures digest) the author is told at once.
    from participation.contributions import hooks

    monkeypatch.setattr(hooks, "STATUS_LISTENERS", [])
    process = pin_process()
    c, link = submitted(process, email="autor@example.org", consent="y")
    with pytest.raises(ServiceError):
        services.set_status(c, "not_taken_up", "", create_user())
    services.set_status(c, "not_taken_up", "Der Platz ist für eine Rampe zu schmal.")
    db.session.commit()
    mail = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Rampe" in mail.body_text and link.split("/track/")[1].split("?")[0] in mail.body_text


def test_author_can_delete_email(fresh, client, pin_process, submitted):
    process = pin_process()
    c, link = submitted(process, email="autor@example.org", consent="y")
    assert client.post(f"{link}/forget-email").status_code == 303
    c = fresh(Contribution, c.id)
    assert c.email is None and c.email_consent_at is None
