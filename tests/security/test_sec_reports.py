"""Defect 5: reports queue an item for a moderator instead of taking it offline; a hold needs
reports from distinct networks; supports and reports are limited per network."""

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution, Report, Support
from participation.extensions import db

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


@pytest.fixture
def visible(client, pin_process, form_data):
    process = pin_process()
    response = client.post(f"/processes/{process.slug}/contribute", data=form_data(process))
    assert response.status_code == 303
    c = db.session.scalar(select(Contribution))
    return process, c


def _browser(app, address="198.51.100.7"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _state(c):
    db.session.expire_all()
    row = db.session.get(Contribution, c.id)
    return row.visibility, row.needs_review, row.report_count


def test_many_browsers_of_one_person_do_not_take_it_offline(app, visible):
    process, c = visible
    url = f"/processes/{process.slug}/contributions/{c.id}/report"
    for n in range(6):  # six fresh browsers (no cookie), one home network
        assert _browser(app, f"198.51.100.{n + 2}").post(url, data={}).status_code == 303
    visibility, needs_review, reports = _state(c)
    assert (visibility, needs_review) == ("visible", True)  # queued, still online
    assert reports == 6
    stored = db.session.scalars(select(Report.network_hash)).all()
    assert len(set(stored)) == 1 and all("198.51" not in h for h in stored)


def test_reports_from_distinct_networks_hold_it(app, visible):
    process, c = visible
    url = f"/processes/{process.slug}/contributions/{c.id}/report"
    for address in ["198.51.100.7", "203.0.113.9"]:
        _browser(app, address).post(url, data={})
    assert _state(c)[0] == "visible"
    _browser(app, "2001:db8:1:2::5").post(url, data={})
    assert _state(c)[0] == "pending"


def test_moderation_queue_shows_the_burst(app, visible, login, staff):
    process, c = visible
    url = f"/processes/{process.slug}/contributions/{c.id}/report"
    for n in range(4):
        _browser(app, f"198.51.100.{n + 2}").post(url, data={})
    queue = login(staff("moderator")).get(f"/manage/processes/{process.id}/moderation", headers=EN)
    assert "4 reports from 1 networks in 24 hours" in queue.get_data(as_text=True)


def test_supports_per_network_are_capped(app, visible):
    process, c = visible
    app.config["CONTRIBUTIONS_SUPPORTS_PER_NETWORK"] = 3
    url = f"/processes/{process.slug}/contributions/{c.id}/support"
    for n in range(6):
        _browser(app, f"198.51.100.{n + 2}").post(url)
    _browser(app, "203.0.113.9").post(url)
    db.session.expire_all()
    assert db.session.get(Contribution, c.id).support_count == 4
    assert len(db.session.scalars(select(Support)).all()) == 4


def test_supports_and_reports_are_rate_limited_per_network(app, visible):
    process, c = visible
    app.config["CONTRIBUTIONS_NETWORK_RATE_LIMIT"] = "3 per hour"
    url = f"/processes/{process.slug}/contributions/{c.id}/support"
    codes = [_browser(app, f"198.51.100.{n + 2}").post(url).status_code for n in range(5)]
    assert codes[:3] == [303] * 3 and codes[-1] == 429
    assert _browser(app, "203.0.113.9").post(url).status_code == 303  # another network
