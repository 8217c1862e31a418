"""``flask seed-demo`` loads the demo once and is safe to run again."""

import pytest
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.extensions import db
from participation.processes.models import Process

pytestmark = pytest.mark.berlin


def test_seed_demo_once(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(User)) >= 7
    process = db.session.scalar(select(Process).where(Process.slug == "spielplatz-koernerpark"))
    assert process.status == "published" and process.current_phase().title == "Ideen sammeln"
    assert {a.name for a in process.areas} == {"Körnerpark", "Glasower Straße"}
    assert client.get("/processes/spielplatz-koernerpark").status_code == 200
    closed = db.session.scalar(select(Process).where(Process.status == "closed"))
    assert closed is not None and closed.decision_by  # a finished process (issue 14)
    count = db.session.scalar(select(func.count()).select_from(Process))
    again = runner.invoke(args=["seed-demo"])
    assert "present already" in again.output
    assert db.session.scalar(select(func.count()).select_from(Process)) == count == 2
