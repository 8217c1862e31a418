"""Staff pages of a budget's decision steps: eligibility, allocation in a meeting decision,
paper ballots, one application's sheet and its attachment."""

from datetime import date

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.budgets import services
from participation.budgets.models import Application
from participation.budgets.views import bp
from participation.budgets.views.common import euro, managed_application, managed_budget
from participation.budgets.views.manage import body_decisions
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.extensions import db
from participation.meetings.models import Decision


@bp.route("/manage/budgets/applications/<int:application_id>/eligibility", methods=["POST"])
@login_required
def manage_eligibility(application_id: int):
    """Record the formal check; "not eligible" needs a reason the applicant sees."""
    app = managed_application(application_id)
    try:
        services.check_eligibility(
            app,
            current_user,
            request.form.get("eligible") == "1",
            request.form.get("reason", "")[:2000],
        )
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("budgets.manage_budget", budget_id=app.budget_id)


@bp.route("/manage/budgets/<int:budget_id>/allocate", methods=["GET", "POST"])
@login_required
def manage_allocate(budget_id: int):
    """Allocation as decided in a meeting: amount per application (partial allowed), reasons."""
    budget = managed_budget(budget_id)
    ranking = services.ranking(budget)
    open_rows = [r for r in ranking if r.status == "eligible"]
    if request.method == "POST":
        grants, reasons = {}, {}
        for r in open_rows:
            raw = request.form.get(f"grant_{r.application_id}", "").strip()
            if raw != "":
                grants[r.application_id] = parse_int(raw, -1, min=-1)
                reasons[r.application_id] = request.form.get(f"reason_{r.application_id}", "")[
                    :2000
                ]
        decision = db.session.get(Decision, parse_int(request.form.get("decision_id"), 0) or 0)
        try:
            if budget.uses_vote and request.form.get("from_vote"):
                services.apply_vote_result(budget, current_user, decision=decision)
            elif not grants:
                raise ServiceError(_("Please enter an amount for at least one application."))
            else:
                services.allocate(budget, current_user, grants, decision=decision, reasons=reasons)
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
        else:
            flash(_("The allocation has been recorded."), "success")
            return redirect_after_post("budgets.manage_budget", budget_id=budget.id)
    return render(
        "budgets/manage/allocate.html",
        budget=budget,
        rows=open_rows,
        decisions=body_decisions(budget),
        f=services.figures(budget),
        euro=euro,
        form_values=request.form,
        status=422 if request.method == "POST" else 200,
    )


@bp.route("/manage/budgets/<int:budget_id>/ballots", methods=["GET", "POST"])
@login_required
def manage_ballots(budget_id: int):
    """Paper ballots of a Kiezkassenversammlung: one line per ballot, project numbers."""
    budget = managed_budget(budget_id)
    apps = [
        a
        for a in db.session.scalars(
            select(Application)
            .where(Application.budget_id == budget.id, Application.status == "eligible")
            .order_by(Application.id)
        )
    ]
    if request.method == "POST":
        ballots = []
        for line in request.form.get("ballots", "")[:20000].splitlines():
            ids = [parse_int(x) for x in line.replace(";", ",").split(",") if x.strip()]
            if ids:
                ballots.append([i for i in ids if i is not None])
        try:
            n = services.enter_paper_ballots(budget, current_user, ballots)
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
        else:
            flash(_("%(n)s paper ballots added.", n=n), "success")
            return redirect_after_post("budgets.manage_ballots", budget_id=budget.id)
    rows, totals = services.count_votes(budget)
    return render(
        "budgets/manage/ballots.html",
        budget=budget,
        apps=apps,
        totals=totals,
        status=422 if request.method == "POST" else 200,
    )


@bp.route("/manage/budgets/applications/<int:application_id>", methods=["GET", "POST"])
@login_required
def manage_application(application_id: int):
    """One application: details, spending entries and paybacks (over-spending warned)."""
    from participation.budgets.models import SpendingEntry

    app = managed_application(application_id)
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.form.get("spent_on", "")[:10])
        except ValueError:
            day = None
        try:
            _entry, over = services.add_spending(
                app,
                current_user,
                amount=request.form.get("amount"),
                spent_on=day,
                note=request.form.get("note", "")[:300],
                kind=request.form.get("kind", "spent"),
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
        else:
            if over:
                flash(_("Warning: more has been spent than was granted."), "error")
            return redirect_after_post("budgets.manage_application", application_id=app.id)
    entries = db.session.scalars(
        select(SpendingEntry)
        .where(SpendingEntry.application_id == app.id)
        .order_by(SpendingEntry.spent_on)
    ).all()
    return render(
        "budgets/manage/application.html",
        a=app,
        budget=app.budget,
        entries=entries,
        numbers=services.project_figures(app),
        euro=euro,
        today=date.today(),
        status=422 if request.method == "POST" else 200,
    )


@bp.route("/manage/budgets/applications/<int:application_id>/attachment")
@login_required
def manage_attachment(application_id: int):
    """The application's photo or PDF for staff (never from a path the applicant chose)."""
    from flask import abort, send_file

    app = managed_application(application_id)
    path = services.attachment_path(app.attachment)
    if path is None:
        abort(404)
    mimetype = "application/pdf" if path.suffix == ".pdf" else "image/jpeg"
    return send_file(path, mimetype=mimetype, download_name=f"antrag-{app.id}{path.suffix}")
