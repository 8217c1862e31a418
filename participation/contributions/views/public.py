"""Resident pages: contribute (map or area picker), browse, contribution page, tracking link."""

import uuid

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from participation.contributions import fastpath, moderation, services
from participation.contributions.forms import (
    ContributionForm,
    ReportForm,
    seconds_since,
    sign_started,
)
from participation.contributions.models import STATUSES, Contribution
from participation.contributions.photos import delete_photo, photo_path
from participation.contributions.queries import Filters, area_options, visible_list
from participation.contributions.views import bp
from participation.contributions.views.common import (
    action_limit,
    browser_token,
    load_public,
    network_limit,
    no_store,
    submit_limit,
)
from participation.contributions.views.tracking import track_page
from participation.core.cache import cached_page
from participation.core.errors import ServiceError, handle
from participation.core.htmx import is_partial_request, render
from participation.core.network import network_hash, network_key
from participation.core.params import int_arg
from participation.core.permissions import can
from participation.extensions import db, limiter
from participation.processes.models import Process
from participation.processes.queries import get_public_process_or_404


def _prepare(form: ContributionForm, process) -> None:
    form.category.choices = [(c.id, c.label) for c in process.categories]
    if not form.started.data:
        form.started.data = sign_started()
    if not form.idempotency_key.data:
        form.idempotency_key.data = uuid.uuid4().hex


def _form_page(form, process, status=200, notice=None, location_error=None):
    form.area.choices = area_options(process)  # only needed to render: keeps the POST path light
    photo_lost = status != 200 and bool(form.photo.data and form.photo.data.filename)
    return render(
        "contributions/new.html",
        form=form,
        process=process,
        notice=notice,
        location_error=location_error,
        photo_lost=photo_lost,
        accepting=process.status == "published",
        status=status,
    )


def _submit_process(slug: str) -> Process:
    """The process for the form, without its phases (the hot path loads only what it needs)."""
    process = db.session.scalar(
        select(Process).where(Process.slug == slug).options(lazyload(Process.phases))
    )
    if process is None or not (process.uses("pins") or process.uses("ideas")):
        abort(404)
    if not process.is_public and not can("process.manage", process):
        abort(404)
    return process


def _spam_notice(form) -> str | None:
    """Honeypot and minimum fill time; returns a message when the submission is refused."""
    if form.leave_empty.data:
        return _("Your contribution could not be sent. Please try again.")
    elapsed = seconds_since(form.started.data)
    if elapsed is None:
        form.started.data = sign_started()
        return _("The form was incomplete. Please check your entry and send it again.")
    if elapsed < current_app.config["CONTRIBUTIONS_MIN_FILL_SECONDS"]:
        return _("That was very quick. Please check your entry and send it again.")
    return None


@bp.route("/processes/<slug>/contribute", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
def new(slug: str):
    """The pin/idea form: map with tap, drag or "my location"; area list without JavaScript."""
    if request.method == "POST":
        stored = fastpath.submit(slug)  # the common case, without loading the process's objects
        if stored is not None:
            return stored
    process = _submit_process(slug)
    form = ContributionForm()
    _prepare(form, process)
    if request.method == "GET":
        return _form_page(form, process)
    notice = _spam_notice(form)
    if notice or not form.validate():
        return _form_page(form, process, 422, notice)
    category = next(c for c in process.categories if c.id == form.category.data)
    try:
        contribution = services.create_contribution(
            process,
            **fastpath.form_fields(form, category),
            photo=form.photo.data if form.photo.data and form.photo.data.filename else None,
        )
    except ServiceError as exc:
        if exc.field == "location":  # shown beside the map, not on a form field
            db.session.rollback()
            return _form_page(form, process, 422, location_error=exc.message)
        handle(exc, form)
        return _form_page(form, process, 422)
    token = contribution.tracking_token  # kept in memory: no reload after the commit
    if not contribution.duplicate:
        try:
            db.session.commit()
        except IntegrityError:  # the same form sent twice at the same moment
            db.session.rollback()
            delete_photo(contribution.photo)
            contribution = db.session.scalar(
                select(Contribution).where(
                    Contribution.idempotency_key == form.idempotency_key.data
                )
            )
            if contribution is None:
                raise
            token = services.tracking_token(contribution)
    # No flash message: the session cookie stays untouched on the hot path (the page says thanks).
    return redirect(url_for(".track", token=token, new=1), 303)


@bp.route("/processes/<slug>/contributions")
@cached_page("processes", "contributions")
def browse(slug: str):
    """Map and list of the visible contributions, filtered by category, area and status."""
    process = get_public_process_or_404(slug)
    filters = Filters.from_args(request.args)
    listed = visible_list(process, filters, int_arg("page", 1, min=1, max=9_999))
    return render(
        "contributions/browse.html",
        "results",
        process=process,
        filters=filters,
        items=listed.items,
        total=listed.total,
        page=listed.page,
        pages=listed.pages,
        areas=area_options(process),
        statuses=STATUSES,
    )


@bp.route("/processes/<slug>/contributions/<int:contribution_id>")
@cached_page("processes", "contributions")
def detail(slug: str, contribution_id: int):
    """One contribution: text, photo, areas, status, date, supporters, "me too" and report."""
    contribution = load_public(slug, contribution_id, allow_hidden=True)
    return render(
        "contributions/detail.html",
        "support",
        c=contribution,
        process=contribution.process,
        supported=False,
    )


@bp.route("/processes/<slug>/contributions/<int:contribution_id>/support", methods=["POST"])
@limiter.limit(action_limit)
@limiter.limit(network_limit, key_func=network_key)
def support(slug: str, contribution_id: int):
    """ "Me too": counted once per browser; the counter is maintained, not recounted."""
    contribution = load_public(slug, contribution_id)
    try:
        counted = moderation.support_contribution(contribution, browser_token(), network_hash())
        db.session.commit()
    except IntegrityError:  # a second click raced the first one
        db.session.rollback()
        counted = False
    message = _("Thank you for your support.") if counted else _("You have supported this already.")
    if is_partial_request():
        db.session.refresh(contribution)
        return render(
            "contributions/detail.html",
            "support",
            c=contribution,
            process=contribution.process,
            supported=True,
            message=message,
        )
    flash(message, "success")
    return redirect(url_for(".detail", slug=slug, contribution_id=contribution_id), 303)


@bp.route("/processes/<slug>/contributions/<int:contribution_id>/report", methods=["GET", "POST"])
@limiter.limit(action_limit, methods=["POST"])
@limiter.limit(network_limit, key_func=network_key, methods=["POST"])
def report(slug: str, contribution_id: int):
    """Report a contribution to the moderation team (once per browser)."""
    contribution = load_public(slug, contribution_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report_contribution(
                contribution, browser_token(), form.reason.data or "", network_hash()
            )
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
        flash(_("Thank you. The moderation team will look at it."), "success")
        if contribution.is_visible:
            return redirect(url_for(".detail", slug=slug, contribution_id=contribution_id), 303)
        return redirect(url_for(".browse", slug=slug), 303)
    return render(
        "contributions/report.html",
        form=form,
        c=contribution,
        process=contribution.process,
        status=422 if form.errors else 200,
    )


@bp.route("/track/<token>")
def track(token: str):
    """The author's private page: the contribution, its review state and what became of it."""
    contribution = services.find_by_token(token)
    if contribution is None:
        abort(404)
    return track_page(contribution, token, just_sent=request.args.get("new") == "1")


@bp.route("/track/<token>/forget-email", methods=["POST"])
@limiter.limit(action_limit)
def forget_email(token: str):
    """Withdraw consent: the e-mail address is deleted at once."""
    contribution = services.find_by_token(token)
    if contribution is None:
        abort(404)
    moderation.forget_email(contribution)
    db.session.commit()
    flash(_("Your e-mail address has been deleted. We will not write to you."), "success")
    return no_store(redirect(url_for(".track", token=token), 303))


@bp.route("/track/<token>/photo")
def track_photo(token: str):
    """The photo for its author (also while waiting for review or hidden)."""
    contribution = services.find_by_token(token)
    if contribution is None:
        abort(404)
    return no_store(_send_photo(contribution))


@bp.route("/contributions/<int:contribution_id>/photo")
def photo(contribution_id: int):
    """The photo of a visible contribution (moderators also see the others)."""
    contribution = db.get_or_404(Contribution, contribution_id)
    if not contribution.process.is_public and not can("process.manage", contribution.process):
        abort(404)
    if not contribution.is_visible and not can("contributions.moderate", contribution.process):
        abort(404)
    response = _send_photo(contribution)
    response.cache_control.max_age = 300
    return response


def _send_photo(contribution: Contribution):
    path = photo_path(contribution.photo) if contribution.photo else None
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=0, conditional=True)
