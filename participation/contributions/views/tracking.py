"""The author's actions on the private tracking page: add an e-mail, edit, withdraw."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from participation.contributions import authoring, services
from participation.contributions.forms import AuthorEditForm, AuthorEmailForm
from participation.contributions.photos import delete_photo
from participation.contributions.views import bp
from participation.contributions.views.common import action_limit, no_store
from participation.core.errors import ServiceError, handle
from participation.core.htmx import render
from participation.extensions import db, limiter


def _by_token(token: str):
    contribution = services.find_by_token(token)
    if contribution is None:
        abort(404)
    return contribution


def track_page(contribution, token: str, email_form=None, just_sent=False, status=200):
    """The private tracking page with the author's actions (never cached, never indexed)."""
    response = render(
        "contributions/track.html",
        c=contribution,
        process=contribution.process,
        token=token,
        link=url_for(".track", token=token, _external=True),
        just_sent=just_sent,
        email_form=email_form or AuthorEmailForm(formdata=None),
        can_edit=authoring.can_edit(contribution),
        can_withdraw=authoring.can_withdraw(contribution),
        status=status,
    )
    return no_store(response)


def _back(token: str):
    return no_store(redirect(url_for(".track", token=token), 303))


@bp.route("/track/<token>/email", methods=["POST"])
@limiter.limit(action_limit)
def track_email(token: str):
    """Add a contact address later; consent is required, as on the form."""
    contribution = _by_token(token)
    form = AuthorEmailForm()
    if form.validate_on_submit():
        try:
            authoring.add_email(contribution, form.email.data, form.consent.data)
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Thank you. We will write to you when something changes."), "success")
            return _back(token)
    return track_page(contribution, token, email_form=form, status=422)


@bp.route("/track/<token>/edit", methods=["GET", "POST"])
@limiter.limit(action_limit, methods=["POST"])
def track_edit(token: str):
    """Correct title and text while nobody has moderated the contribution yet."""
    contribution = _by_token(token)
    if not authoring.can_edit(contribution):
        flash(
            _("This contribution can no longer be changed: the team has already looked at it."),
            "info",
        )
        return _back(token)
    form = AuthorEditForm(obj=contribution if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            authoring.edit_by_author(contribution, form.title.data, form.body.data or "")
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Your changes were saved."), "success")
            return _back(token)
    response = render(
        "contributions/track_edit.html",
        form=form,
        c=contribution,
        process=contribution.process,
        token=token,
        status=422 if form.errors else 200,
    )
    return no_store(response)


@bp.route("/track/<token>/withdraw", methods=["GET", "POST"])
@limiter.limit(action_limit, methods=["POST"])
def track_withdraw(token: str):
    """Ask, then withdraw: hidden from everyone, e-mail address and photo deleted."""
    contribution = _by_token(token)
    if request.method == "POST":
        try:
            photo = authoring.withdraw_by_author(contribution)
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
        else:
            delete_photo(photo)
            flash(_("Your contribution was withdrawn. Nobody can see it any more."), "success")
        return _back(token)
    response = render(
        "contributions/track_withdraw.html",
        c=contribution,
        process=contribution.process,
        token=token,
    )
    return no_store(response)
