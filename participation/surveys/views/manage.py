"""Staff pages: invitation codes and the printable code sheet, staff entry of paper questionnaires
and interviews (fast keyboard form; channel and interviewer are remembered for the next one)."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import case, func, select

from participation.accounts.models import User
from participation.core.audit import log_action
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg, parse_int
from participation.core.permissions import can
from participation.extensions import db
from participation.surveys.forms import EntryForm, InvitationForm
from participation.surveys.models import Invitation, Survey
from participation.surveys.questions.area_lists import area_groups
from participation.surveys.services.invitations import generate_invitations
from participation.surveys.services.responses import (
    FormResult,
    ParseContext,
    format_code,
    read_form,
    submit_response,
)
from participation.surveys.views import bp
from participation.surveys.views.common import load, new_token
from participation.surveys.views.public import form_context

SHEET_PAGE = 400


def _area_choices(survey: Survey, empty_label: str) -> list:
    """Areas of the process's districts (lowest level), by name, for a select."""
    items = [
        (str(i), f"{name} ({group})" if group else name)
        for group, entries in area_groups(survey.process, None, "district")
        for i, name in entries
    ]
    return [("", empty_label)] + sorted(items, key=lambda item: item[1])


@bp.route("/manage/surveys/<int:survey_id>/invitations", methods=["GET", "POST"])
@login_required
def invitations(survey_id: int):
    """Generate one-time codes; overview of batches and how many were used."""
    survey = load(survey_id)
    form = InvitationForm()
    form.area.choices = _area_choices(survey, _("not specified"))
    if form.validate_on_submit():
        from participation.areas.models import Area

        area_id = parse_int(form.area.data)
        area = db.session.get(Area, area_id) if area_id else None
        try:
            made = generate_invitations(
                survey, current_user, form.count.data, form.label.data or "", area
            )
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("%(n)s codes were created.", n=len(made)), "success")
            return redirect_after_post("surveys.invitations", survey_id=survey.id)
    batches = db.session.execute(
        select(
            Invitation.label,
            func.count(),
            func.sum(case((Invitation.used_at.is_not(None), 1), else_=0)),
            func.min(Invitation.created_at),
        )
        .where(Invitation.survey_id == survey.id)
        .group_by(Invitation.label)
        .order_by(func.min(Invitation.created_at))
    ).all()
    return render(
        "surveys/manage/invitations.html",
        survey=survey,
        form=form,
        batches=batches,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/surveys/<int:survey_id>/invitations/sheet")
@login_required
def code_sheet(survey_id: int):
    """Printable sheet of unused codes (one card each, cut along the lines)."""
    survey = load(survey_id)
    page = int_arg("page", 1, min=1, max=10_000)
    stmt = select(Invitation).where(Invitation.survey_id == survey.id, Invitation.used_at.is_(None))
    if "label" in request.args:
        stmt = stmt.where(Invitation.label == request.args["label"])
    codes = db.session.scalars(
        stmt.order_by(Invitation.id).limit(SHEET_PAGE + 1).offset((page - 1) * SHEET_PAGE)
    ).all()
    base = current_app.config["BASE_URL"].rstrip("/")
    return render(
        "surveys/manage/code_sheet.html",
        survey=survey,
        cards=[(format_code(i.code), i.label) for i in codes[:SHEET_PAGE]],
        url=base + url_for("surveys.answer", survey_id=survey.id),
        page=page,
        more=len(codes) > SHEET_PAGE,
        label=request.args.get("label"),
    )


def _interviewers(survey: Survey) -> list[tuple[int, str]]:
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
    return [(u.id, u.name) for u in users if can("surveys.enter", survey, u)]


@bp.route("/manage/surveys/<int:survey_id>/entry", methods=["GET", "POST"])
@login_required
def entry(survey_id: int):
    """Type in a paper questionnaire or a door-step/phone interview."""
    survey = load(survey_id, "surveys.enter")
    form = EntryForm(
        data={
            "channel": request.args.get("channel", "paper"),
            "interviewer": int_arg("interviewer") or current_user.id,
        }
        if request.method == "GET"
        else None
    )
    form.interviewer.choices = _interviewers(survey)
    form.area.choices = _area_choices(survey, _("not known"))
    ctx = ParseContext(survey)
    result = FormResult()
    status = 200
    if request.method == "POST":
        result = read_form(survey, request.form, ctx)
        if form.validate_on_submit() and result.ok:
            interviewer = db.session.get(User, form.interviewer.data)
            area = form.area.data
            try:
                response, duplicate = submit_response(
                    survey,
                    result,
                    channel=form.channel.data,
                    idempotency_key=request.form.get("idempotency_key"),
                    invitation_code=form.code.data or None,
                    entered_by=current_user,
                    interviewer=interviewer,
                    area_id=parse_int(area),
                )
            except ServiceError as exc:
                handle(exc, form)
                survey = db.session.get(Survey, survey_id)
                ctx = ParseContext(survey)
                form.interviewer.choices = _interviewers(survey)
            else:
                if not duplicate:
                    log_action("survey.staff_entry", survey, channel=form.channel.data)
                db.session.commit()
                flash(
                    _(
                        "Saved (number %(n)s). You can type in the next one.",
                        n=survey.response_count,
                    ),
                    "success",
                )
                return redirect(
                    url_for(
                        "surveys.entry",
                        survey_id=survey.id,
                        channel=form.channel.data,
                        interviewer=form.interviewer.data,
                    ),
                    303,
                )
        status = 422
    if survey.status == "draft":
        flash(_("Publish the survey before typing in answers."), "info")
    return render(
        "surveys/manage/entry.html",
        survey=survey,
        form=form,
        result=result,
        idempotency_key=request.form.get("idempotency_key") or new_token(),
        status=status,
        **form_context(survey, ctx),
    )
