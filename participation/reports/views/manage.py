"""Staff and council pages: the report as HTML, generation jobs with progress, publishing."""

from datetime import date

from flask import abort, request
from flask_babel import force_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.core.permissions import can, require
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.queries import area_choices, managed_processes
from participation.reports import services
from participation.reports.forms import ReportForm
from participation.reports.models import ReportJob, ReportVersion
from participation.reports.views import bp
from participation.reports.views.public import may_read

RECENT = 30


def _form() -> ReportForm:
    form = ReportForm()
    form.process_id.choices = [("", "–")] + [
        (str(p.id), p.title_text)
        for p in managed_processes(current_user, "reports.view")
        if can("reports.manage", p)
    ]
    form.area_id.choices = {"": [("", "–")], **area_choices(current_user, "reports.manage", 3)}
    return form


def _visible_versions() -> list[ReportVersion]:
    versions = db.session.scalars(
        select(ReportVersion).order_by(ReportVersion.created_at.desc(), ReportVersion.id.desc())
    ).all()
    return [v for v in versions if may_read(v)][:RECENT]


@bp.route("/manage/reports/")
@login_required
def index():
    """Generate a report (staff), recent jobs, and every version the user may read."""
    require("reports.view")
    form = _form() if can("reports.manage") else None
    jobs = []
    if form is not None:
        jobs = db.session.scalars(select(ReportJob).order_by(ReportJob.id.desc()).limit(10)).all()
    processes = managed_processes(current_user, "reports.view")
    return render(
        "reports/manage/index.html",
        form=form,
        jobs=jobs,
        versions=_visible_versions(),
        processes=processes,
    )


@bp.route("/manage/reports/jobs", methods=["POST"])
@login_required
def create_job():
    """Queue a report job and show its progress page (the PDF is built in the background)."""
    require("reports.manage")
    form = _form()
    if not form.validate_on_submit():
        return render(
            "reports/manage/index.html",
            form=form,
            jobs=[],
            versions=_visible_versions(),
            processes=[],
            status=422,
        )
    process_id, area_id = parse_int(form.process_id.data), parse_int(form.area_id.data)
    process = db.session.get(Process, process_id) if process_id else None
    area = db.session.get(Area, area_id) if area_id else None
    if process is not None:
        require("reports.manage", process)
        area = None  # a process report covers the process's own areas
    elif area is not None and not can("reports.manage", _AreaScope(area)):
        abort(403)
    try:
        job = services.queue_job(
            process, area, form.start.data, form.end.data, form.language.data, current_user
        )
        db.session.commit()
    except ServiceError as exc:
        handle(exc, form)
        return render(
            "reports/manage/index.html",
            form=form,
            jobs=[],
            versions=_visible_versions(),
            processes=[],
            status=422,
        )
    services.start_background(job.id)
    return redirect_after_post("reports.job", job_id=job.id)


class _AreaScope:
    """Permission object for an area report: the area itself is its scope."""

    def __init__(self, area):
        self.scope_areas = [area]


@bp.route("/manage/reports/jobs/<int:job_id>")
@login_required
def job(job_id: int):
    """Progress of a job; htmx polls the progress block, without JS the page has a reload link."""
    require("reports.manage")
    job = db.get_or_404(ReportJob, job_id)
    # Scoped like the report itself: a manager follows jobs about her own areas only.
    if job.process_id:
        require("reports.manage", db.session.get(Process, job.process_id))
    elif job.area_id:
        require("reports.manage", _AreaScope(db.session.get(Area, job.area_id)))
    db.session.refresh(job)
    return render("reports/manage/job.html", "progress", job=job)


@bp.route("/manage/reports/versions/<int:version_id>/publish", methods=["POST"])
@login_required
def publish(version_id: int):
    """Publish a draft version (separate, logged step)."""
    version = db.get_or_404(ReportVersion, version_id)
    if version.process is not None:
        require("reports.manage", version.process)
    elif version.area is not None:
        require("reports.manage", _AreaScope(version.area))
    else:
        require("reports.manage")
    try:
        services.publish_version(version, current_user)
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("reports.index")


@bp.route("/manage/reports/process/<int:process_id>")
@login_required
def process_report(process_id: int):
    """The report of one process as an HTML page (figures computed now, not archived)."""
    process = db.get_or_404(Process, process_id)
    require("reports.view", process)
    language = request.args.get("lang") if request.args.get("lang") in ("de", "en") else None
    data = _gather(process=process, language=language)
    return render("reports/manage/report.html", data=data, process=process, area=None)


@bp.route("/manage/reports/area/<int:area_id>")
@login_required
def area_report(area_id: int):
    """The report of one area over a period (``?start=YYYY-MM-DD&end=YYYY-MM-DD``)."""
    area = db.get_or_404(Area, area_id)
    require("reports.view", _AreaScope(area))
    start, end = _date_arg("start"), _date_arg("end")
    data = _gather(area=area, start=start, end=end)
    return render("reports/manage/report.html", data=data, process=None, area=area)


def _date_arg(name: str) -> date | None:
    """``?name=YYYY-MM-DD`` as a date; junk means "not given" (never a 500)."""
    try:
        return date.fromisoformat((request.args.get(name) or "")[:10])
    except ValueError:
        return None


def _gather(process=None, area=None, start=None, end=None, language=None):
    from participation.core.i18n import current_language
    from participation.reports.data import gather

    language = language or current_language()
    if language not in ("de", "en"):
        language = "de"
    with force_locale(language):
        return gather(process, area, start, end, language)
