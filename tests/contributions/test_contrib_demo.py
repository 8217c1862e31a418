"""The demo step adds realistic contributions to the demo process."""

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
    page = client.get("/processes/spielplatz-koernerpark/contributions?zoom=11")
    assert page.status_code == 200
    geo = client.get("/processes/spielplatz-koernerpark/contributions.geojson?zoom=11").get_json()
    assert sum(f["properties"]["count"] for f in geo["features"]) >= 25
