"""Staff pages for bodies: list, create/edit, members (from the registry), needs side by side."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can, require
from participation.extensions import db
from participation.meetings import queries, services
from participation.meetings.forms import BodyForm, FromListForm, MemberForm
from participation.meetings.models import Membership
from participation.meetings.views import bp
from participation.meetings.views._load import body_or_404, staff_choices, visible_bodies
from participation.processes.models import Process
from participation.processes.queries import area_choices, managed_processes
from participation.stakeholders.models import Actor, InvitationList


@bp.route("/manage/meetings/")
@login_required
def manage_index():
    """Bodies the staff member works with, and their next meetings."""
    require("meetings.view")
    bodies = visible_bodies(current_user)
    return render(
        "meetings/manage/index.html",
        bodies=bodies,
        upcoming=queries.upcoming_for(bodies),
        can_create=can("meetings.manage"),
    )


def _body_form(body=None) -> BodyForm:
    form = BodyForm(obj=body)
    form.areas.choices = area_choices(current_user, "meetings.manage")
    form.processes.choices = [(p.id, p.title) for p in managed_processes(current_user)]
    staff = staff_choices()
    form.owner_id.choices = staff
    form.deputy_owner_id.choices = [(0, _("— choose —"))] + staff
    if request.method == "GET":
        if body is not None:
            form.areas.data = [a.id for a in body.areas]
            form.processes.data = [p.id for p in body.processes]
        else:
            form.owner_id.data = current_user.id
    return form


def _body_data(form: BodyForm) -> tuple[dict, list, list]:
    data = {k: v for k, v in form.data.items() if k not in ("areas", "processes", "csrf_token")}
    data["deputy_owner_id"] = data.get("deputy_owner_id") or None
    areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or []))).all()
    processes = db.session.scalars(
        select(Process).where(Process.id.in_(form.processes.data or []))
    ).all()
    allowed = {p.id for p in managed_processes(current_user)}
    return data, list(areas), [p for p in processes if p.id in allowed]


@bp.route("/manage/meetings/bodies/new", methods=["GET", "POST"])
@login_required
def body_new():
    """Create a body with its rules of procedure."""
    require("meetings.manage")
    form = _body_form()
    if form.validate_on_submit():
        data, areas, processes = _body_data(form)
        try:
            body = services.create_body(current_user, areas, processes, **data)
            db.session.commit()
            flash(_("The body was created. Now add its members."), "success")
            return redirect_after_post("meetings.body_detail", body_id=body.id)
        except ServiceError as exc:
            handle(exc, form)
    return render(
        "meetings/manage/body_form.html", form=form, body=None, status=422 if form.errors else 200
    )


@bp.route("/manage/meetings/bodies/<int:body_id>/edit", methods=["GET", "POST"])
@login_required
def body_edit(body_id: int):
    """Edit a body."""
    body = body_or_404(body_id)
    form = _body_form(body)
    if form.validate_on_submit():
        data, areas, processes = _body_data(form)
        try:
            services.update_body(body, current_user, areas, processes, **data)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect_after_post("meetings.body_detail", body_id=body.id)
        except ServiceError as exc:
            handle(exc, form)
            body = body_or_404(body_id)
    return render(
        "meetings/manage/body_form.html", form=form, body=body, status=422 if form.errors else 200
    )


def _member_form(body) -> MemberForm:
    form = MemberForm()
    form.actor_id.choices = queries.actor_choices(current_user)
    form.deputy_of_id.choices = [(0, _("— none —"))] + [
        (m.id, m.actor.display_name) for m in body.current_memberships() if m.deputy_of is None
    ]
    return form


@bp.route("/manage/meetings/bodies/<int:body_id>")
@login_required
def body_detail(body_id: int):
    """A body: rules, members (current and past), meetings, lotteries."""
    body = body_or_404(body_id, "meetings.view")
    lists_form = FromListForm()
    lists_form.list_id.choices = queries.invitation_list_choices(body)
    return render(
        "meetings/manage/body.html",
        body=body,
        members=body.current_memberships(),
        past=[m for m in body.memberships if m.end_date is not None],
        meetings=queries.meetings_of(body),
        member_form=_member_form(body),
        lists_form=lists_form,
        lotteries=queries.lotteries_of(body),
        can_manage=can("meetings.manage", body),
    )


@bp.route("/manage/meetings/bodies/<int:body_id>/members", methods=["POST"])
@login_required
def member_add(body_id: int):
    """Seat an actor."""
    body = body_or_404(body_id)
    form = _member_form(body)
    if form.validate_on_submit():
        actor = db.session.get(Actor, form.actor_id.data)
        deputy_of = db.session.get(Membership, form.deputy_of_id.data or 0)
        try:
            if actor is None:
                raise ServiceError(_("Choose an organisation or person."), "actor_id")
            services.add_member(
                body,
                actor,
                current_user,
                role=form.role.data,
                voting=form.voting.data,
                deputy_of=deputy_of,
                start_date=form.start_date.data,
                note=form.note.data or "",
                public=bool(form.public.data),
            )
            db.session.commit()
            flash(_("%(name)s is now a member.", name=actor.display_name), "success")
        except ServiceError as exc:
            handle(exc)
    else:
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
    return redirect_after_post("meetings.body_detail", body_id=body.id)


@bp.route("/manage/meetings/bodies/<int:body_id>/members/<int:membership_id>/end", methods=["POST"])
@login_required
def member_end(body_id: int, membership_id: int):
    """End a seat (kept as history)."""
    body = body_or_404(body_id)
    membership = db.get_or_404(Membership, membership_id)
    if membership.body_id != body.id:
        return render("errors.html", code=404, status=404)
    try:
        services.end_membership(membership, current_user)
        db.session.commit()
        flash(_("The seat has ended; it stays in the history."), "success")
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("meetings.body_detail", body_id=body.id)


@bp.route(
    "/manage/meetings/bodies/<int:body_id>/members/<int:membership_id>/public", methods=["POST"]
)
@login_required
def member_public(body_id: int, membership_id: int):
    """Switch whether an existing seat is named in open data (consent given or withdrawn)."""
    body = body_or_404(body_id)
    membership = db.get_or_404(Membership, membership_id)
    if membership.body_id != body.id:
        return render("errors.html", code=404, status=404)
    public = request.form.get("public") == "1"
    services.set_member_public(membership, public, current_user)
    db.session.commit()
    if public:
        flash(
            _("%(name)s is now named in open data.", name=membership.actor.display_name), "success"
        )
    else:
        flash(
            _("%(name)s is no longer named in open data.", name=membership.actor.display_name),
            "success",
        )
    return redirect_after_post("meetings.body_detail", body_id=body.id)


@bp.route("/manage/meetings/bodies/<int:body_id>/members/from-list", methods=["POST"])
@login_required
def members_from_list(body_id: int):
    """Seat every actor of a stakeholder invitation list."""
    body = body_or_404(body_id)
    form = FromListForm()
    form.list_id.choices = queries.invitation_list_choices(body)
    if form.validate_on_submit():
        invitation_list = db.session.get(InvitationList, form.list_id.data)
        added, skipped = services.add_members_from_list(body, invitation_list, current_user)
        db.session.commit()
        flash(
            _("%(added)s members added, %(skipped)s already seated.", added=added, skipped=skipped),
            "success",
        )
    return redirect_after_post("meetings.body_detail", body_id=body.id)


@bp.route("/manage/meetings/bodies/<int:body_id>/needs")
@login_required
def body_needs(body_id: int):
    """Needs statements of this body's areas and their child areas, side by side."""
    body = body_or_404(body_id, "meetings.view")
    return render("meetings/manage/needs.html", body=body, columns=queries.needs_side_by_side(body))
