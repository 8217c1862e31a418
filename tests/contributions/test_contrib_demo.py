"""The demo step adds realistic contributions to the demo process."""

import html

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_seed_contributions(client):
    from participation.demo import contributions, process, users

    users.seed_users()
    process.seed_process()
    assert contributions.seed_contributions().startswith("demo contributions: ")
    assert contributions.seed_contributions() == "demo contributions present"
    rows = db.session.execute(
        select(Contribution.channel, Contribution.visibility, func.count()).group_by(
            Contribution.channel, Contribution.visibility
        )
    ).all()
    by_channel = {}
    for channel, _visibility, n in rows:
        by_channel[channel] = by_channel.get(channel, 0) + n
    assert sum(by_channel.values()) >= 35 and by_channel["paper"] >= 5
    hidden = db.session.scalar(select(Contribution).where(Contribution.visibility == "hidden"))
    assert hidden.hidden_reason
    # what a resident sees when browsing the demo process: every visible contribution counted,
    # the newest first, the hidden one nowhere, every visible pin on the map
    visible = db.session.scalars(
        select(Contribution)
        .where(Contribution.visibility == "visible")
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    ).all()
    url = "/processes/spielplatz-koernerpark/contributions"
    page = client.get(url)
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert f"{len(visible)} Beiträge" in text
    for newest in visible[:5]:
        assert newest.title in text
    pages = "".join(
        html.unescape(client.get(f"{url}?page={n}").get_data(as_text=True))
        for n in range(1, len(visible) // 20 + 2)
    )
    assert all(c.title in pages for c in visible)
    assert hidden.title not in pages
    geo = client.get(f"{url}.geojson?zoom=11").get_json()
    pins = [c for c in visible if c.lon is not None]
    assert len(pins) >= 25
    assert sum(f["properties"]["count"] for f in geo["features"]) == len(pins)
