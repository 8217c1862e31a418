"""The applicant's private tracking page: status, outcome, edits while the window is open,
use report."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from participation.budgets import services
from participation.budgets.forms import ApplicationForm, UseReportForm
from participation.budgets.services.photos import report_photos
from participation.budgets.views import bp
from participation.budgets.views.common import euro
from participation.contributions.tokens import tracking_token
from participation.core.errors import ServiceError, handle
from participation.core.htmx import render
from participation.extensions import db


def no_store(response):
    """Private pages are never cached and never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _by_token(token: str):
    application = services.find_by_token(token)
    if application is None:
        abort(404)
    return application


def _edit_form(application) -> ApplicationForm:
    form = ApplicationForm(formdata=None, obj=application)
    for row, line in zip(form.cost_lines, application.cost_lines, strict=False):
        row.item.data, row.amount.data = line.item, line.amount
    form.lon.data = "" if application.lon is None else str(application.lon)
    form.lat.data = "" if application.lat is None else str(application.lat)
    return form


def _page(application, token, form=None, report_form=None, status=200):
    budget = application.budget
    contribution = services.contribution_of(application)
    return no_store(
        render(
            "budgets/public/track.html",
            a=application,
            budget=budget,
            token=token,
            tier=budget.tier_for(application.amount_requested),
            form=form or _edit_form(application),
            report_form=report_form or UseReportForm(formdata=None),
            can_edit=budget.window_open() and application.status in ("submitted", "eligible"),
            can_withdraw=services.can_withdraw(application),
            photos=report_photos(application),
            numbers=services.project_figures(application) if application.granted else None,
            euro=euro,
            contribution=contribution,
            contribution_link=tracking_token(contribution) if contribution else None,
            status=status,
        )
    )


@bp.route("/budgets/track/<token>")
def track(token: str):
    """Status, outcome with reason, and the applicant's actions."""
    return _page(_by_token(token), token)


@bp.route("/budgets/track/<token>/edit", methods=["POST"])
def track_edit(token: str):
    """The applicant changes the application while the window is open."""
    application = _by_token(token)
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            services.edit_application(application, **form.values())
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Your changes have been saved."), "success")
            return no_store(redirect(url_for(".track", token=token), 303))
    return _page(application, token, form=form, status=422)


@bp.route("/budgets/track/<token>/report", methods=["POST"])
def track_report(token: str):
    """The use report (Verwendungsnachweis): what was done, actual costs per line, a photo."""
    from flask import request

    from participation.core.params import parse_int

    application = _by_token(token)
    form = UseReportForm()
    if form.validate_on_submit():
        actuals = {
            line.id: parse_int(request.form.get(f"actual_{line.id}"), None, min=0)
            for line in application.cost_lines
        }
        photo = form.photo.data
        try:
            services.submit_use_report(
                application,
                form.text.data,
                actuals,
                [(photo.stream, form.photo_alt.data)]
                if photo and getattr(photo, "filename", "")
                else [],
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Thank you for your report."), "success")
            return no_store(redirect(url_for(".track", token=token), 303))
    return _page(application, token, report_form=form, status=422)


@bp.route("/budgets/track/<token>/withdraw", methods=["GET", "POST"])
def track_withdraw(token: str):
    """Withdraw the application: a confirmation page first, then the POST does it."""
    from flask import request

    application = _by_token(token)
    if request.method == "POST":
        try:
            services.withdraw_application(application)
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
        else:
            flash(_("Your application has been withdrawn."), "success")
        return no_store(redirect(url_for(".track", token=token), 303))
    if not services.can_withdraw(application):
        return no_store(redirect(url_for(".track", token=token), 303))
    page = render(
        "budgets/public/withdraw.html", a=application, budget=application.budget, token=token
    )
    return no_store(page)


@bp.route("/budgets/track/<token>/photos/<name>")
def track_photo(token: str, name: str):
    """One of the applicant's use-report photos (or its thumbnail), for the tracking page."""
    from flask import send_file

    from participation.budgets.services.photos import photo_file

    path = photo_file(_by_token(token), name[:80])
    if path is None:
        abort(404)
    return no_store(send_file(path, mimetype="image/jpeg", max_age=0, conditional=True))
