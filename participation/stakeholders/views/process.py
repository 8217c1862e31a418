"""A process's stakeholder settings and panels: coverage list, council access, dashboard panels."""

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from participation.core.audit import log_action
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can, require
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.panels import register_manage_panel, register_public_panel
from participation.stakeholders import coverage
from participation.stakeholders.models import COVERAGE_CATEGORIES
from participation.stakeholders.views import bp
from participation.stakeholders.views.analysis import load_process
from participation.stakeholders.views.config import coverage_form_for


@bp.route("/manage/processes/<int:process_id>/stakeholders/council", methods=["POST"])
@login_required
def council_access(process_id: int):
    """Opt in (or out): council members may read the assessments shared with the council."""
    process = load_process(process_id, "stakeholders.manage")
    process.council_assessments = request.form.get("council_assessments") == "1"
    log_action(
        "stakeholders.council_access", process, user=current_user, on=process.council_assessments
    )
    db.session.commit()
    flash(
        _("Council members can now read the assessments shared with them.")
        if process.council_assessments
        else _("Council members can no longer read any assessment of this process."),
        "success",
    )
    return redirect_after_post("stakeholders.matrix", process_id=process.id)


@bp.route("/manage/processes/<int:process_id>/stakeholders/coverage", methods=["GET", "POST"])
@login_required
def process_coverage(process_id: int):
    """Coverage of the categories a process needs; the process may set its own list."""
    process = load_process(process_id)
    form = coverage_form_for(process)
    if request.method == "POST":
        require("stakeholders.manage", process)
        if "reset" in request.form:
            coverage.reset_requirements(process, current_user)
            db.session.commit()
            flash(_("This process follows the default list again."), "success")
            return redirect_after_post("stakeholders.process_coverage", process_id=process.id)
        if form.validate_on_submit():
            values = {k: getattr(form, f"min_{k}").data for k in COVERAGE_CATEGORIES}
            coverage.set_requirements(process, values, current_user)
            db.session.commit()
            flash(_("The list for this process was saved."), "success")
            return redirect_after_post("stakeholders.process_coverage", process_id=process.id)
    _required, own = coverage.requirements_for(process)
    return render(
        "stakeholders/coverage.html",
        process=process,
        form=form,
        lines=coverage.coverage_for(process),
        own=own,
        categories=COVERAGE_CATEGORIES,
        may_manage=can("stakeholders.manage", process),
        status=422 if form.errors else 200,
    )


@register_manage_panel
def stakeholder_panel(process: Process) -> Markup | None:
    """Process dashboard: how many actors are assessed, and which categories are missing.

    Shown to everyone who may see the analysis. Before the first assessment it only invites to
    start (eight warnings at once would be noise); afterwards it warns about each category that
    has fewer assessed actors than required.
    """
    if not can("stakeholders.view", process):
        return None
    lines = coverage.coverage_for(process)
    assessed = sum(coverage.assessed_counts(process).values())
    return Markup(
        render_template(
            "stakeholders/_panel.html",
            process=process,
            assessed=assessed,
            missing=[line for line in lines if line.missing],
        )
    )


@register_public_panel
def staff_link_panel(process: Process) -> Markup | None:
    """On the process page, a link to the analysis for staff who may see it (e.g. council)."""
    if not can("stakeholders.view", process):
        return None
    return Markup(render_template("stakeholders/_public_panel.html", process=process))
