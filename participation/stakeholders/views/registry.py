"""Registry pages: search list, actor page, create/edit, memberships, relations, network (the
personal-data export and erasure are in ``personal_data.py``)."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.areas.queries import areas_by_level
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.pagination import paginate
from participation.core.params import int_arg, parse_int
from participation.core.permissions import can, require
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.queries import area_choices
from participation.stakeholders import queries, services
from participation.stakeholders.drawing import EDGE_STYLES, NETWORK_SIZE, circle_layout
from participation.stakeholders.forms import ActorForm, MembershipForm, RelationForm
from participation.stakeholders.models import KINDS, Actor, Assessment, Membership, Relation
from participation.stakeholders.permissions import can_actor, can_see_contact, require_actor
from participation.stakeholders.views import bp

PER_PAGE = 50


def load_actor(actor_id: int, permission: str = "stakeholders.view") -> Actor:
    """The actor, if the current user holds *permission* for it (else 401/403/404)."""
    actor = db.get_or_404(Actor, actor_id)
    require_actor(permission, actor)
    return actor


@bp.route("/manage/stakeholders/")
@login_required
def index():
    """Registry: search by name or tag, filter by type, area (any level) and kind; paginated."""
    require("stakeholders.view")
    search = queries.Search.from_args(request.args)
    actors = paginate(queries.search_actors(search, current_user), per_page=PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render(
        "stakeholders/index.html",
        "results",
        actors=actors,
        search=search,
        args=args,
        types=queries.type_choices(),
        areas=areas_by_level(),
        kinds=KINDS,
    )


def _actor_form(actor: Actor | None) -> ActorForm:
    form = ActorForm(obj=actor)
    form.type_id.choices = queries.type_choices()
    form.parent_id.choices = [(0, _("— none —"))] + queries.organisation_choices(
        actor.id if actor else None, current_user, actor.parent_id if actor else None
    )
    form.areas.choices = area_choices(current_user, "stakeholders.manage")
    if request.method == "GET":
        if actor is not None:
            form.areas.data = [a.id for a in actor.areas]
            form.tags.data = ", ".join(actor.tag_list)
            form.parent_id.data = actor.parent_id or 0
        elif request.args.get("kind") in KINDS:
            form.kind.data = request.args["kind"]
    return form


def _form_data(form: ActorForm) -> tuple[dict, list]:
    data = {k: v for k, v in form.data.items() if k not in ("areas", "csrf_token")}
    areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or []))).all()
    return data, list(areas)


@bp.route("/manage/stakeholders/new", methods=["GET", "POST"])
@login_required
def create():
    """Add an organisation or a person."""
    require("stakeholders.manage")
    form = _actor_form(None)
    if form.validate_on_submit():
        data, areas = _form_data(form)
        try:
            actor = services.create_actor(current_user, areas, **data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("%(name)s was added to the registry.", name=actor.name), "success")
            return redirect_after_post("stakeholders.detail", actor_id=actor.id)
    return render(
        "stakeholders/form.html", form=form, actor=None, status=422 if form.errors else 200
    )


@bp.route("/manage/stakeholders/<int:actor_id>/edit", methods=["GET", "POST"])
@login_required
def edit(actor_id: int):
    """Change an actor's data."""
    actor = load_actor(actor_id, "stakeholders.manage")
    if actor.erased_at:
        flash(_("This actor was erased and can no longer be changed."), "error")
        return redirect_after_post("stakeholders.detail", actor_id=actor.id)
    form = _actor_form(actor)
    if form.validate_on_submit():
        data, areas = _form_data(form)
        try:
            services.update_actor(actor, current_user, areas, **data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect_after_post("stakeholders.detail", actor_id=actor.id)
    return render(
        "stakeholders/form.html", form=form, actor=actor, status=422 if form.errors else 200
    )


@bp.route("/manage/stakeholders/<int:actor_id>")
@login_required
def detail(actor_id: int, membership_form=None, relation_form=None, status: int = 200):
    """Actor page: data (contact only when allowed), members, relations, assessments."""
    actor = load_actor(actor_id)
    may_manage = can_actor("stakeholders.manage", actor) and not actor.erased_at
    find = (request.args.get("find") or "").strip()
    candidates = []
    if may_manage and find:
        stmt = queries.search_actors(queries.Search(q=find), current_user)
        candidates = [
            a
            for a in db.session.scalars(stmt.where(Actor.erased_at.is_(None)).limit(21))
            if a.id != actor.id
        ][:20]
    if may_manage and actor.is_person and membership_form is None:
        membership_form = MembershipForm()
    if membership_form is not None:
        membership_form.organisation_id.choices = queries.organisation_choices(user=current_user)
    assessments = db.session.scalars(
        select(Assessment)
        .where(Assessment.actor_id == actor.id)
        .order_by(Assessment.assessed_on.desc())
    ).all()
    assessments = [a for a in assessments if can("stakeholders.view", a.process)]
    processes = [
        p
        for p in db.session.scalars(select(Process).where(Process.status != "archived"))
        if can("stakeholders.manage", p)
    ]
    return render(
        "stakeholders/detail.html",
        actor=actor,
        show_contact=can_see_contact(actor),
        may_manage=may_manage,
        memberships=queries.memberships_of(actor),
        relations=queries.relations_of(actor),
        assessments=assessments,
        processes=processes if may_manage else [],
        find=find,
        candidates=candidates,
        membership_form=membership_form,
        relation_form=relation_form or RelationForm(),
        status=status,
    )


@bp.route("/manage/stakeholders/<int:actor_id>/memberships", methods=["POST"])
@login_required
def add_membership(actor_id: int):
    """Add the person to an organisation."""
    actor = load_actor(actor_id, "stakeholders.manage")
    form = MembershipForm()
    form.organisation_id.choices = queries.organisation_choices(user=current_user)
    if form.validate_on_submit():
        organisation = db.session.get(Actor, form.organisation_id.data)
        try:
            services.add_membership(actor, organisation, form.function.data or "", current_user)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The membership was saved."), "success")
            return redirect_after_post("stakeholders.detail", actor_id=actor.id)
    return detail(actor.id, membership_form=form, status=422)


@bp.route("/manage/stakeholders/memberships/<int:membership_id>/delete", methods=["POST"])
@login_required
def remove_membership(membership_id: int):
    """Remove a membership (from the person's or the organisation's page)."""
    membership = db.get_or_404(Membership, membership_id)
    back = int_arg("back", source=request.form) or membership.person_id
    if not (
        can_actor("stakeholders.manage", membership.person)
        or can_actor("stakeholders.manage", membership.organisation)
    ):
        abort(403)
    services.remove_membership(membership, current_user)
    db.session.commit()
    flash(_("The membership was removed."), "success")
    return redirect_after_post("stakeholders.detail", actor_id=back)


@bp.route("/manage/stakeholders/<int:actor_id>/relations", methods=["POST"])
@login_required
def add_relation(actor_id: int):
    """Record a relation from this actor to another one."""
    actor = load_actor(actor_id, "stakeholders.manage")
    form = RelationForm()
    if form.validate_on_submit():
        raw = form.target_id.data or ""
        target_id = parse_int(raw)
        target = db.session.get(Actor, target_id) if target_id else None
        if target is None or not can_actor("stakeholders.view", target):
            form.target_id.errors = [_("Choose the other actor from the search results.")]
        else:
            try:
                services.add_relation(actor, target, form.kind.data, form.note.data, current_user)
            except ServiceError as exc:
                handle(exc, form)
            else:
                db.session.commit()
                flash(_("The relation was saved."), "success")
                return redirect_after_post("stakeholders.detail", actor_id=actor.id)
    return detail(actor.id, relation_form=form, status=422)


@bp.route("/manage/stakeholders/relations/<int:relation_id>/delete", methods=["POST"])
@login_required
def remove_relation(relation_id: int):
    """Delete a relation."""
    relation = db.get_or_404(Relation, relation_id)
    require_actor("stakeholders.manage", relation.source)
    back = relation.source_id
    services.remove_relation(relation, current_user)
    db.session.commit()
    flash(_("The relation was removed."), "success")
    return redirect_after_post("stakeholders.detail", actor_id=back)


@bp.route("/manage/stakeholders/network")
@login_required
def network():
    """Relations as a circle drawing plus the full list."""
    require("stakeholders.view")
    area_id = int_arg("area")
    actors, edges, relations = queries.network(current_user, area_id)
    nodes = circle_layout(actors)
    return render(
        "stakeholders/network.html",
        nodes=nodes,
        edges=[e for e in edges if e[0].id in nodes and e[1].id in nodes],
        relations=relations,
        styles=EDGE_STYLES,
        size=NETWORK_SIZE,
        areas=areas_by_level(max_rank=3),
        area_id=area_id,
    )


@bp.route("/manage/stakeholders/<int:actor_id>/assess")
@login_required
def assess_redirect(actor_id: int):
    """From the actor page: go to the assessment form of the chosen process."""
    process_id = int_arg("process", 0)
    return redirect(url_for("stakeholders.assess", process_id=process_id, actor_id=actor_id), 303)
