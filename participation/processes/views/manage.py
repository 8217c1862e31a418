"""Staff pages: process dashboard, create/edit, phases, categories, publish/close/archive."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas import search as area_search
from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.home import render_home_panels
from participation.core.htmx import redirect_after_post, render
from participation.core.models import AuditEntry
from participation.core.params import parse_int
from participation.core.permissions import require
from participation.extensions import db
from participation.processes import services
from participation.processes.forms import CategoriesForm, PhasesForm, ProcessForm
from participation.processes.models import Process
from participation.processes.panels import MANAGE_PANELS, render_panels
from participation.processes.queries import area_choices
from participation.processes.views import bp


def _load(process_id: int) -> Process:
    process = db.get_or_404(Process, process_id)
    require("process.manage", process)
    return process


def _fill_area_choices(form: ProcessForm) -> None:
    form.areas.choices = area_choices(current_user)  # dict → one group of checkboxes per level
    # parents' names beside each checkbox: "Körnerpark — Neukölln › Neuköllner Mitte/Zentrum"
    form.area_contexts = area_search.parent_names()


@bp.route("/manage/")
@login_required
def staff_home():
    """Each role's home: the panels registered in :mod:`participation.core.home` (moderation
    queues, entry forms, processes, results, meetings …), whatever the person may work on."""
    return render("processes/manage/index.html", panels=render_home_panels(current_user))


@bp.route("/manage/processes/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a draft process."""
    require("process.create")
    form = ProcessForm()
    _fill_area_choices(form)
    if form.validate_on_submit():
        areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data))).all()
        data = {k: v for k, v in form.data.items() if k not in ("areas", "csrf_token")}
        try:
            process = services.create_process(current_user, areas, **data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The process was created as a draft."), "success")
            return redirect_after_post("processes.dashboard", process_id=process.id)
    return render(
        "processes/manage/form.html", form=form, process=None, status=422 if form.errors else 200
    )


@bp.route("/manage/processes/<int:process_id>")
@login_required
def dashboard(process_id: int):
    """Status, publication checklist, tool panels and recent changes of one process."""
    process = _load(process_id)
    history = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "Process", AuditEntry.object_id == process.id)
        .order_by(AuditEntry.created_at.desc())
        .limit(20)
    ).all()
    return render(
        "processes/manage/dashboard.html",
        process=process,
        history=history,
        missing=services.missing_for_publication(process),
        panels=render_panels(MANAGE_PANELS, process),
    )


@bp.route("/manage/processes/<int:process_id>/edit", methods=["GET", "POST"])
@login_required
def edit(process_id: int):
    """Edit the texts, areas, level and scope statement."""
    process = _load(process_id)
    form = ProcessForm(obj=process)
    _fill_area_choices(form)
    if request.method == "GET":
        form.areas.data = [a.id for a in process.areas]
    if form.validate_on_submit():
        areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data))).all()
        data = {k: v for k, v in form.data.items() if k not in ("areas", "csrf_token")}
        try:
            services.update_process(process, current_user, areas=areas, **data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect_after_post("processes.dashboard", process_id=process.id)
    return render(
        "processes/manage/form.html", form=form, process=process, status=422 if form.errors else 200
    )


@bp.route("/manage/processes/<int:process_id>/phases", methods=["GET", "POST"])
@login_required
def phases(process_id: int):
    """Edit the phases; "add a row" works without JavaScript."""
    process = _load(process_id)
    form = PhasesForm(
        data={
            "phases": [
                {
                    "title": p.title,
                    "start_date": p.start_date,
                    "end_date": p.end_date,
                    "description": p.description,
                }
                for p in process.phases
            ]
        }
        if request.method == "GET"
        else None
    )
    if request.method == "POST" and "add_row" in request.form:
        form.phases.append_entry()
    elif form.validate_on_submit():
        rows, ok = [], True
        for entry in form.phases.entries:
            row = entry.form
            if not (row.title.data or "").strip():
                continue
            if row.start_date.data is None:
                row.start_date.errors = [_("Enter a start date.")]
                ok = False
                continue
            rows.append(
                services.PhaseInput(
                    row.title.data.strip(),
                    row.start_date.data,
                    row.end_date.data,
                    row.description.data or "",
                )
            )
        if ok:
            try:
                services.set_phases(process, rows, current_user)
            except ServiceError as exc:
                handle(exc)
            else:
                db.session.commit()
                flash(_("The phases were saved."), "success")
                return redirect_after_post("processes.dashboard", process_id=process.id)
    if request.method == "GET":
        form.phases.append_entry()
    return render(
        "processes/manage/phases.html",
        form=form,
        process=process,
        status=422 if request.method == "POST" and "add_row" not in request.form else 200,
    )


@bp.route("/manage/processes/<int:process_id>/categories", methods=["GET", "POST"])
@login_required
def categories(process_id: int):
    """Edit the contribution categories (labels in German and English, colour)."""
    process = _load(process_id)
    form = CategoriesForm(
        data={
            "categories": [
                {
                    "category_id": str(c.id),
                    "label_de": c.labels.get("de"),
                    "label_en": c.labels.get("en"),
                    "color": c.color,
                }
                for c in process.categories
            ]
        }
        if request.method == "GET"
        else None
    )
    if request.method == "POST" and "add_row" in request.form:
        form.categories.append_entry()
    elif form.validate_on_submit():
        rows = [
            (
                parse_int(e.form.category_id.data),
                e.form.label_de.data,
                e.form.label_en.data,
                e.form.color.data or "#2166ac",
            )
            for e in form.categories.entries
            if (e.form.label_de.data or "").strip()
        ]
        try:
            services.set_categories(process, rows, current_user)
        except ServiceError as exc:
            handle(exc)
        else:
            db.session.commit()
            flash(_("The categories were saved."), "success")
            return redirect_after_post("processes.dashboard", process_id=process.id)
    refused = request.method == "POST" and "add_row" not in request.form
    return render(
        "processes/manage/categories.html",
        form=form,
        process=process,
        status=422 if refused else 200,
    )


@bp.route(
    "/manage/processes/<int:process_id>/<any(publish, close, archive):action>", methods=["POST"]
)
@login_required
def change_status(process_id: int, action: str):
    """Publish, close or archive; refusals are explained on the dashboard."""
    process = _load(process_id)
    func = {
        "publish": services.publish_process,
        "close": services.close_process,
        "archive": services.archive_process,
    }[action]
    try:
        func(process, current_user)
    except ServiceError as exc:
        # the dashboard lists each missing field with a link to it; the flash stays short
        short = _("The process cannot be published yet: please complete the points listed below.")
        handle(ServiceError(short) if exc.fields else exc)
        return render(
            "processes/manage/dashboard.html",
            process=process,
            history=[],
            missing=services.missing_for_publication(process),
            panels=render_panels(MANAGE_PANELS, process),
            status=422,
        )
    db.session.commit()
    flash(
        {
            "publish": _("The process is now public."),
            "close": _("The process was closed."),
            "archive": _("The process was archived."),
        }[action],
        "success",
    )
    return redirect_after_post("processes.dashboard", process_id=process.id)
