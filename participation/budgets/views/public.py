"""Public pages: budget page with chart and table, CSV, application form, vote, results,
and the Raumhaushalt (all budgets of an area by pillar)."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participation.areas.models import Area
from participation.budgets import services
from participation.budgets.forms import ApplicationForm
from participation.budgets.models import APPLICATION_STATUSES, PILLARS, Budget
from participation.budgets.views import bp
from participation.budgets.views.common import (
    browser_token,
    euro,
    get_budget_or_404,
    public_applications,
    public_budget_or_404,
    spending_sums,
    spent_by_application,
)
from participation.budgets.views.tracking import no_store
from participation.core.cache import cached_page
from participation.core.csvexport import csv_response
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.extensions import db, limiter


def _submit_limit() -> str:
    from flask import current_app

    return current_app.config.get("CONTRIBUTIONS_SUBMIT_RATE_LIMIT", "20/hour")


@bp.route("/budgets/<int:budget_id>")
# phases follow the clock: a short TTL; "meetings": the criteria history quotes decisions
@cached_page("budgets", "areas", "processes", "meetings", ttl=60)
def budget_page(budget_id: int):
    """Amount, criteria, applications with outcome, allocations, spent vs allocated, remaining."""
    budget = public_budget_or_404(budget_id)
    apps = public_applications(budget)
    sums, spent = spending_sums(budget)  # one query for the totals and the per-project sums
    figures = services.figures(budget, sums)
    from participation.budgets.services.photos import report_photos

    return render(
        "budgets/public/budget.html",
        budget=budget,
        apps=apps,
        photos={a.id: report_photos(a) for a in apps if a.report_photos},
        f=figures,
        spent=spent,
        labels={k: str(v) for k, v in APPLICATION_STATUSES.items()},
        euro=euro,
    )


@bp.route("/budgets/<int:budget_id>.csv")
def budget_csv(budget_id: int):
    """Applications with requested, granted and spent amounts (for the council report)."""
    budget = get_budget_or_404(budget_id)
    rows = []
    spent_by = spent_by_application(budget)
    for a in public_applications(budget):
        if a.status == "withdrawn":  # listed, without details
            rows.append([a.id, "", "", "", a.status_label, "", "", ""])
            continue
        tier = budget.tier_for(a.amount_requested)
        spent = spent_by.get(a.id, 0)
        rows.append(
            [
                a.id,
                a.title,
                a.applicant_name if a.applicant_type != "resident" else "",
                a.amount_requested,
                a.status_label,
                a.granted,
                spent,
                tier.decider if tier else "",
            ]
        )
    header = [
        _("No."),
        _("Project"),
        _("Applicant"),
        _("Requested (€)"),
        _("Outcome"),
        _("Granted (€)"),
        _("Spent (€)"),
        _("Decided by"),
    ]
    return csv_response(f"budget-{budget.id}.csv", header, rows)


@bp.route("/budgets/<int:budget_id>/apply", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
def apply(budget_id: int):
    """The phone application form (no account)."""
    budget = get_budget_or_404(budget_id)
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            upload = form.attachment.data
            application, token = services.submit_application(
                budget,
                email=form.email.data,
                consent=form.consent.data,
                attachment=upload.stream if upload and getattr(upload, "filename", "") else None,
                **form.values(),
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(
                _(
                    "Thank you! Your application has been received. Keep this page's address: "
                    "it is your private link."
                ),
                "success",
            )
            return no_store(redirect_after_post("budgets.track", token=token))
    return render(
        "budgets/public/apply.html",
        budget=budget,
        form=form,
        open=budget.window_open(),
        status=422 if form.errors else 200,
    )


@bp.route("/budgets/<int:budget_id>/vote", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
def vote(budget_id: int):
    """The residents' ballot (knapsack or approval), without JavaScript."""
    budget = get_budget_or_404(budget_id)
    if not budget.uses_vote:
        abort(404)
    apps = [a for a in public_applications(budget) if a.status == "eligible"]
    token = browser_token()
    error, chosen = None, []
    if request.method == "POST":
        chosen = [int(x) for x in request.form.getlist("choice") if x.isascii() and x.isdigit()][
            :200
        ]
        try:
            services.cast_ballot(
                budget, chosen, code=request.form.get("code", "")[:40], browser_token=token
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
            error = exc.message
        else:
            flash(_("Thank you, your vote has been counted."), "success")
            return redirect_after_post("budgets.results", budget_id=budget.id)
    voted = budget.vote_access == "browser" and services.has_voted(budget, token)
    return render(
        "budgets/public/vote.html",
        budget=budget,
        apps=apps,
        chosen=chosen,
        voted=voted,
        error=error,
        euro=euro,
        status=422 if error else 200,
    )


@bp.route("/budgets/<int:budget_id>/results")
def results(budget_id: int):
    """Vote result with the counts per channel and the documented rule."""
    budget = get_budget_or_404(budget_id)
    if not budget.uses_vote:
        abort(404)
    rows, totals = services.count_votes(budget)
    return render("budgets/public/results.html", budget=budget, rows=rows, totals=totals, euro=euro)


@bp.route("/budgets/area/<int:area_id>")
def raumhaushalt(area_id: int):
    """All budgets of an area (and the areas inside it) side by side, by pillar."""
    area = db.session.get(Area, area_id)
    if area is None:
        abort(404)
    budgets = db.session.scalars(
        select(Budget)
        .join(Area, Area.id == Budget.area_id)
        .where(Area.path.startswith(area.path))
        .order_by(Budget.period, Budget.title)
    ).all()
    columns = {}
    for b in budgets:
        columns.setdefault(b.pillar, []).append((b, services.figures(b)))
    return render(
        "budgets/public/raumhaushalt.html",
        area=area,
        columns=columns,
        pillars=PILLARS,
        euro=euro,
        url_for=url_for,
    )


@bp.route("/budgets/<int:budget_id>/area.geojson")
def area_geojson(budget_id: int):
    """The budget's area outline for the application map."""
    from flask import jsonify

    budget = get_budget_or_404(budget_id)
    area = budget.area
    return jsonify(
        {"type": "Feature", "properties": {"name": area.name}, "geometry": area.geometry}
    )


@bp.route("/budgets/<int:budget_id>/photos/<int:application_id>/<name>")
def report_photo(budget_id: int, application_id: int, name: str):
    """A use-report photo (or its thumbnail) of a funded project: public like the report."""
    from flask import send_file

    from participation.budgets.models import Application
    from participation.budgets.services.photos import photo_file

    app = db.session.get(Application, application_id)
    if app is None or app.budget_id != budget_id or app.status not in ("funded", "partly_funded"):
        abort(404)
    path = photo_file(app, name[:80])
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=3600, conditional=True)
