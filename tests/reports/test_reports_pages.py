"""Report pages: jobs with progress, drafts for staff and council only, logged publication,
the public archive, bad input, and the monthly scheduler run."""

import pytest
from sqlalchemy import select

from participation.core.models import AuditEntry
from participation.extensions import db
from participation.reports.models import ReportJob, ReportVersion

pytestmark = pytest.mark.berlin


def _draft(process, user=None):
    from participation.reports.services import generate_version

    v = generate_version(process, user=user)
    db.session.commit()
    return v


def test_staff_generate_job_and_progress_page(report_process, planner, login):
    staff = login(planner)
    page = staff.get("/manage/reports/")
    assert page.status_code == 200 and "Bericht erstellen" in page.text
    response = staff.post(
        "/manage/reports/jobs", data={"process_id": str(report_process.id), "language": "de"}
    )
    assert response.status_code == 303
    job = db.session.scalar(select(ReportJob))
    assert response.headers["Location"].endswith(f"/manage/reports/jobs/{job.id}")
    db.session.refresh(job)
    assert job.state == "done" and job.progress == 100 and job.version_id
    done = staff.get(f"/manage/reports/jobs/{job.id}")
    assert "100 %" in done.text and job.version.sha256 in done.text
    assert "PDF öffnen" in done.text
    # the polling request gets the progress block only, and polling stops once done
    fragment = staff.get(f"/manage/reports/jobs/{job.id}", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'id="job-progress"' in fragment.text
    assert "hx-trigger" not in fragment.text


def test_queued_job_polls_and_has_a_refresh_link(report_process, planner, login):
    from participation.reports.services import queue_job

    job = queue_job(report_process, user=planner)
    db.session.commit()
    page = login(planner).get(f"/manage/reports/jobs/{job.id}")
    assert 'hx-trigger="every 1s"' in page.text
    assert "Aktualisieren" in page.text  # works without JavaScript
    assert "Wartet auf den Start" in page.text and "0 %" in page.text


def test_job_reports_progress_steps(report_process, planner, monkeypatch):
    from participation.reports import services

    job = services.queue_job(report_process, user=planner)
    db.session.commit()
    seen = []
    real = services._set
    monkeypatch.setattr(
        services, "_set", lambda job_id, **v: (seen.append(v.get("progress")), real(job_id, **v))
    )
    assert services.run_job(job.id) is True
    progress = [p for p in seen if p is not None]
    assert progress == sorted(progress) and progress[-1] == 100 and len(progress) >= 4
    assert services.run_job(job.id) is False  # a claimed job never runs twice
    assert db.session.scalar(select(db.func.count()).select_from(ReportVersion)) == 1


def test_failed_job_says_so(report_process, planner, monkeypatch):
    from participation.reports import services

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "build_pdf", broken)
    job = services.queue_job(report_process, user=planner)
    db.session.commit()
    services.run_job(job.id)
    db.session.refresh(job)
    assert job.state == "failed" and "RuntimeError" in job.message
    assert db.session.scalar(select(db.func.count()).select_from(ReportVersion)) == 0


def test_draft_hidden_from_public_visible_to_council(
    report_process, planner, council, login, client
):
    version = _draft(report_process, planner)
    assert client.get(f"/reports/{version.id}/file").status_code == 404
    assert version.sha256 not in client.get("/reports/").text
    member = login(council)
    pdf = member.get(f"/reports/{version.id}/file")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "private, no-store"
    home = member.get("/manage/")
    assert "Alle Beteiligungsberichte" in home.text and version.title in home.text
    listing = member.get("/manage/reports/")
    assert "Entwurf (nur Verwaltung und Ratsmitglieder)" in listing.text
    assert "Veröffentlichen" not in listing.text  # council reads, never publishes
    assert member.post(f"/manage/reports/versions/{version.id}/publish").status_code == 403
    db.session.refresh(version)
    assert version.state == "draft"
    # council members read the live HTML report too
    html = member.get(f"/manage/reports/process/{report_process.id}")
    assert html.status_code == 200 and "Beiträge insgesamt: 21" in html.text


def test_publication_is_a_logged_step(report_process, planner, login, client):
    version = _draft(report_process, planner)
    staff = login(planner)
    response = staff.post(f"/manage/reports/versions/{version.id}/publish")
    assert response.status_code == 303
    db.session.expire_all()
    version = db.session.get(ReportVersion, version.id)
    assert version.state == "published" and version.published_by_id == planner.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "report.publish"))
    assert entry.object_id == version.id and entry.user_id == planner.id
    assert entry.details["sha256"] == version.sha256
    archive = client.get("/reports/")
    assert archive.status_code == 200 and version.sha256 in archive.text
    download = client.get(f"/reports/{version.id}/download")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Access-Control-Allow-Origin"] == "*"
    import hashlib

    assert hashlib.sha256(download.data).hexdigest() == version.sha256
    # publishing twice is refused, and nothing is logged twice
    staff.post(f"/manage/reports/versions/{version.id}/publish")
    n = db.session.scalar(
        select(db.func.count()).select_from(AuditEntry).where(AuditEntry.action == "report.publish")
    )
    assert n == 1


def test_bad_input_is_a_clear_message(report_process, planner, login, area):
    staff = login(planner)
    for data in ({"language": "de"}, {"process_id": "abc", "language": "de"}):
        nothing = staff.post("/manage/reports/jobs", data=data)
        assert nothing.status_code == 422
        assert "Bitte wählen Sie ein Verfahren oder ein Gebiet." in nothing.text
    no_period = staff.post(
        "/manage/reports/jobs", data={"area_id": str(area("08").id), "language": "de"}
    )
    assert no_period.status_code == 422 and "Anfangs- und ein Enddatum" in no_period.text
    junk = staff.post(
        "/manage/reports/jobs",
        data={"area_id": str(area("08").id), "start": "gestern", "language": "de"},
    )
    assert junk.status_code == 422
    assert db.session.scalar(select(db.func.count()).select_from(ReportJob)) == 0
    assert staff.get(f"/manage/reports/area/{area('08').id}?start=x&end=y").status_code == 200


def test_anonymous_cannot_open_staff_pages(report_process, client):
    assert client.get("/manage/reports/").status_code in (302, 401)
    assert client.get(f"/manage/reports/process/{report_process.id}").status_code in (302, 401)


def test_monthly_run_archives_once_per_open_process(report_process):
    from participation.reports.tasks import monthly_reports

    assert monthly_reports() == 1
    assert monthly_reports() == 0  # a second run (or a second scheduler) adds nothing
    version = db.session.scalar(select(ReportVersion))
    assert version.process_id == report_process.id and version.created_by_id is None
    assert version.state == "draft"  # publication stays a separate step


def test_manager_of_another_district_cannot_follow_the_job(
    report_process, planner, create_user, login
):
    from participation.reports.services import queue_job

    job = queue_job(report_process, user=planner)
    db.session.commit()
    spandau = create_user(roles=["manager"], areas=["05"])
    neukoelln = create_user(roles=["manager"], areas=["08"])
    assert login(spandau).get(f"/manage/reports/jobs/{job.id}").status_code == 403
    assert login(neukoelln).get(f"/manage/reports/jobs/{job.id}").status_code == 200


def test_representation_check_is_in_the_report(report_process):
    """The indicators package's check (survey groups beside residents) reaches the report."""
    from flask_babel import force_locale

    from participation.reports.data import gather

    with force_locale("de"):
        data = gather(report_process)
    assert len(data.representation) == 2  # the two groups the check compares
    assert all(str(r["respondents"]) == "0" and r["share"] is None for r in data.representation)


def test_a_job_whose_worker_died_is_marked_failed(report_process, planner):
    from datetime import timedelta

    from participation.core.db import utcnow
    from participation.reports import services

    job = services.queue_job(report_process, user=planner)
    job.state, job.started_at = "running", utcnow() - timedelta(hours=1)
    db.session.commit()
    assert services.run_queued() == 0
    db.session.refresh(job)
    assert job.state == "failed" and "timeout" in job.message


def test_html_report_draws_bars_only_for_shown_counts(report_process, planner, login):
    """The HTML report has the PDF's charts: a bar per channel by its share, none if hidden."""
    import re

    client = login(planner)
    html = client.get(f"/manage/reports/process/{report_process.id}").get_data(as_text=True)
    who = html[html.index('id="who"') : html.index('id="said"')]
    chart = who[who.index("<svg") : who.index("</svg>")]
    values = re.findall(r'class="sv-chart-value">([^<]+)<', chart)
    # online 12 of 21; phone 2 is small ("< 5"), so paper (7) is hidden with it ("×"): the sum
    # would give phone's count away. Hidden counts get their mark instead of a bar.
    assert values == ["57,1&nbsp;%", "×", "&lt; 5"]
    assert chart.count('class="sv-chart-bar"') == 1
    assert 'aria-hidden="true"' in chart and "<table" in who  # the table carries the numbers
