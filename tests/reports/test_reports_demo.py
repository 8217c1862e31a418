"""The demo has one published council report of "Spielplatz Körnerpark"; the report step is
idempotent and quick.

Runs the demo steps the report needs (users, process, contributions) rather than the whole
``seed-demo`` (tests/test_seed_demo.py runs that once for the suite)."""

import time

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.reports.models import ReportVersion

pytestmark = pytest.mark.berlin


def test_demo_publishes_a_council_report(app, client, login):
    from participation.demo import contributions, process, users
    from participation.demo.reports import seed_reports

    users.seed_users()
    process.seed_process()
    contributions.seed_contributions()
    db.session.commit()
    started = time.perf_counter()
    line = seed_reports()
    # < 3 s on an idle machine (README); loose here because parallel test runs share the machine
    assert time.perf_counter() - started < 10
    assert line.startswith("council report: /reports/")
    versions = db.session.scalars(select(ReportVersion).order_by(ReportVersion.id)).all()
    assert [v.state for v in versions] == ["published"]
    published = versions[0]
    assert published.process.slug == "spielplatz-koernerpark" and published.language == "de"
    archive = client.get("/reports/")
    assert published.sha256 in archive.text
    assert client.get(f"/reports/{published.id}/file").data.startswith(b"%PDF")
    assert seed_reports() == ""  # once only


def test_reports_step_runs_last_in_seed_demo():
    """OParl and the archive need everything else seeded first."""
    import inspect

    from participation import demo

    source = inspect.getsource(demo.seed)
    assert source.index("reports.seed_reports") > source.index("budgets.seed_budgets")
