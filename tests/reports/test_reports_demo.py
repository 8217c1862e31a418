"""The demo has one published council report of "Spielplatz Körnerpark" and a draft for the
council; the report step stays fast."""

import time

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.reports.models import ReportVersion

pytestmark = pytest.mark.berlin


def test_demo_publishes_a_council_report(runner, client, login):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "council reports: /reports/" in result.output
    versions = db.session.scalars(select(ReportVersion).order_by(ReportVersion.id)).all()
    assert [v.state for v in versions] == ["published", "draft"]
    published = versions[0]
    assert published.process.slug == "spielplatz-koernerpark" and published.language == "de"
    archive = client.get("/reports/")
    assert published.sha256 in archive.text and versions[1].sha256 not in archive.text
    assert client.get(f"/reports/{published.id}/file").data.startswith(b"%PDF")
    # the step is idempotent and quick on the seeded data: < 3 s on an idle machine (README);
    # the bound here is loose because the test machine is shared by parallel test runs
    from participation.demo.reports import seed_reports

    db.session.execute(ReportVersion.__table__.delete())
    db.session.commit()
    started = time.perf_counter()
    assert seed_reports().startswith("council reports")
    assert time.perf_counter() - started < 10
    assert seed_reports() == ""
