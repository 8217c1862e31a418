"""Staff pages for measures: list, create (also from a meeting), edit, status, decisions,
milestones, links."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg
from participation.core.permissions import can, require
from participation.extensions import db
from participation.measures.forms import DecisionForm, MeasureForm, MilestoneForm, StatusForm
from participation.measures.models import (
    MEASURE_STATUSES,
    ContributionLink,
    Goal,
    MeasureDecision,
    MeasureMilestone,
)
from participation.measures.queries import measure_contributions, measure_themes
from participation.measures.services import measures as services
from participation.measures.services.agenda import agenda_items_of
from participation.measures.services.goals import parse_target_groups
from participation.measures.sources import load_source, source_defaults
from participation.measures.views import bp
from participation.measures.views.common import (
    goal_choices,
    int_or_none,
    load_measure,
    manageable_measures,
    measure_area_choices,
    page_arg,
    process_choices,
)
from participation.processes.models import Process


@bp.route("/manage/measures/")
@login_required
def index():
    """Measures the user may manage, with their status and number of linked contributions."""
    require("measures.manage")
    process = None
    if int_arg("process"):
        process = db.get_or_404(Process, int_arg("process"))
        require("measures.manage", process)
    measures = manageable_measures(process)
    from participation.measures.queries import contributions_behind

    counts, _samples = contributions_behind([m.id for m in measures], sample=0)
    return render("measures/manage/index.html", measures=measures, process=process, counts=counts)


def _fill(form: MeasureForm) -> None:
    from participation.stakeholders.models import Actor

    form.processes.choices = process_choices()
    form.areas.choices = measure_area_choices()
    form.goals.choices = goal_choices()
    actors = db.session.execute(
        select(Actor.id, Actor.name)
        .where(Actor.kind == "organisation", Actor.erased_at.is_(None))
        .order_by(Actor.name)
        .limit(2000)
    ).all()
    form.responsible_actor.choices = [("", "–")] + [(str(i), n) for i, n in actors]


def _data(form: MeasureForm) -> dict:
    data = {
        k: v
        for k, v in form.data.items()
        if k not in ("csrf_token", "processes", "areas", "goals", "responsible_actor", "source")
    }
    data["target_groups"] = parse_target_groups(form.target_groups.data)
    data["responsible_actor_id"] = int_or_none(form.responsible_actor.data)
    data["lon"] = float(form.lon.data) if form.lon.data is not None else None
    data["lat"] = float(form.lat.data) if form.lat.data is not None else None
    return data


def _relations(form: MeasureForm):
    processes = db.session.scalars(
        select(Process).where(Process.id.in_(form.processes.data or []))
    ).all()
    areas = db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or []))).all()
    goals = db.session.scalars(select(Goal).where(Goal.id.in_(form.goals.data or []))).all()
    return {"processes": processes, "areas": areas, "goals": goals}


@bp.route("/manage/measures/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a measure directly, or from a meeting decision, action item or needs statement."""
    require("measures.manage")
    source_ref = request.values.get("source", "")
    source = load_source(source_ref) if source_ref else None
    if source_ref and source is None:
        abort(404)
    if source is not None:
        require("measures.manage", source)
    form = MeasureForm()
    _fill(form)
    if request.method == "GET":
        form.source.data = source_ref
        if int_arg("process"):
            form.processes.data = [int_arg("process")]
        if source is not None:
            for name, value in source_defaults(source).items():
                getattr(form, name).data = value
    if form.validate_on_submit():
        try:
            measure = services.create_measure(
                current_user, source=source, **_relations(form), **_data(form)
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("The measure was created. Now link the contributions it answers."), "success")
            return redirect_after_post("measures.detail", measure_id=measure.id)
    return render(
        "measures/manage/form.html",
        form=form,
        measure=None,
        source=source,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@login_required
def edit(measure_id: int):
    """Edit a measure's fields."""
    measure = load_measure(measure_id)
    form = MeasureForm(obj=measure)
    _fill(form)
    if request.method == "GET":
        form.processes.data = [p.id for p in measure.processes]
        form.areas.data = [a.id for a in measure.areas]
        form.goals.data = [g.id for g in measure.goals]
        form.target_groups.data = ", ".join(measure.target_groups or [])
        form.responsible_actor.data = str(measure.responsible_actor_id or "")
        if measure.geometry and measure.geometry.get("type") == "Polygon":
            import json

            form.geojson.data = json.dumps(measure.geometry)
    if form.validate_on_submit():
        try:
            services.update_measure(measure, current_user, **_relations(form), **_data(form))
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect_after_post("measures.detail", measure_id=measure.id)
    return render(
        "measures/manage/form.html",
        form=form,
        measure=measure,
        source=None,
        status=422 if form.errors else 200,
    )


def _detail(measure, status_form=None, decision_form=None, milestone_form=None, status=200):
    from participation.measures.views.meetings import agenda_choices
    from participation.meetings.models import Body

    status_form = status_form or StatusForm(prefix="st")
    status_form.status.choices = [(s, str(MEASURE_STATUSES[s])) for s in measure.next_statuses()]
    decision_form = decision_form or DecisionForm(prefix="dc")
    bodies = db.session.execute(select(Body.id, Body.name).order_by(Body.name)).all()
    decision_form.body.choices = [("", "–")] + [(str(i), n) for i, n in bodies]
    rows, total = measure_contributions(measure, page_arg())
    return render(
        "measures/manage/detail.html",
        measure=measure,
        status_form=status_form,
        decision_form=decision_form,
        milestone_form=milestone_form or MilestoneForm(prefix="ms"),
        rows=rows,
        total=total,
        links={
            link.contribution_id: link
            for link in db.session.scalars(
                select(ContributionLink).where(ContributionLink.measure_id == measure.id)
            )
        },
        themes=measure_themes(measure),
        agenda=agenda_items_of(measure),
        agenda_choices=agenda_choices(measure),
        status=status,
    )


@bp.route("/manage/measures/<int:measure_id>")
@login_required
def detail(measure_id: int):
    """A measure for staff: status with history, decisions, milestones, linked contributions."""
    return _detail(load_measure(measure_id))


@bp.route("/manage/measures/<int:measure_id>/status", methods=["POST"])
@login_required
def change_status(measure_id: int):
    """Change the status with a public explanation."""
    measure = load_measure(measure_id)
    form = StatusForm(prefix="st")
    form.status.choices = [(s, str(MEASURE_STATUSES[s])) for s in measure.next_statuses()]
    if form.validate_on_submit():
        try:
            services.change_status(measure, form.status.data, form.explanation.data, current_user)
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("The status is now “%(status)s”.", status=measure.status_label), "success")
            return redirect_after_post("measures.detail", measure_id=measure.id)
    return _detail(load_measure(measure_id), status_form=form, status=422)


@bp.route("/manage/measures/<int:measure_id>/decisions", methods=["POST"])
@login_required
def add_decision(measure_id: int):
    """Record a decision (body or committee, date, paper number, vote); optionally adopt."""
    from participation.meetings.models import Body

    measure = load_measure(measure_id)
    form = DecisionForm(prefix="dc")
    bodies = db.session.execute(select(Body.id, Body.name)).all()
    form.body.choices = [("", "–")] + [(str(i), n) for i, n in bodies]
    if form.validate_on_submit():
        body_id = int_or_none(form.body.data)
        try:
            services.add_decision(
                measure,
                current_user,
                body=db.session.get(Body, body_id) if body_id else None,
                committee=form.committee.data or "",
                decided_on=form.decided_on.data,
                outcome=form.outcome.data,
                reference=form.reference.data,
                url=form.url.data,
                votes_yes=form.votes_yes.data,
                votes_no=form.votes_no.data,
                votes_abstain=form.votes_abstain.data,
                vote_note=form.vote_note.data,
            )
            if form.also_adopt.data and "adopted" in measure.next_statuses():
                services.change_status(measure, "adopted", _decision_text(form), current_user)
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("The decision was recorded."), "success")
            return redirect_after_post("measures.detail", measure_id=measure.id)
    return _detail(load_measure(measure_id), decision_form=form, status=422)


def _decision_text(form) -> str:
    """Public explanation for "adopted" taken from the decision just entered."""
    body = form.committee.data or dict(form.body.choices).get(form.body.data, "")
    text = _(
        "Decided by %(body)s on %(date)s.",
        body=body,
        date=form.decided_on.data.strftime("%d.%m.%Y"),
    )
    if form.reference.data:
        text += " " + _("Council paper %(ref)s.", ref=form.reference.data)
    return text


@bp.route("/manage/measures/<int:measure_id>/decisions/<int:decision_id>/delete", methods=["POST"])
@login_required
def delete_decision(measure_id: int, decision_id: int):
    """Remove a wrongly entered decision."""
    measure = load_measure(measure_id)
    decision = db.get_or_404(MeasureDecision, decision_id)
    if decision.measure_id != measure.id:
        abort(404)
    services.delete_decision(decision, current_user)
    db.session.commit()
    flash(_("The decision was removed."), "success")
    return redirect_after_post("measures.detail", measure_id=measure.id)


@bp.route("/manage/measures/<int:measure_id>/milestones", methods=["POST"])
@login_required
def add_milestone(measure_id: int):
    """Add a milestone."""
    measure = load_measure(measure_id)
    form = MilestoneForm(prefix="ms")
    if form.validate_on_submit():
        try:
            services.add_milestone(
                measure,
                current_user,
                title=form.title.data,
                description=form.description.data or "",
                due_on=form.due_on.data,
                done_on=form.done_on.data,
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("The milestone was added."), "success")
            return redirect_after_post("measures.detail", measure_id=measure.id)
    return _detail(load_measure(measure_id), milestone_form=form, status=422)


@bp.route("/manage/measures/<int:measure_id>/milestones/<int:milestone_id>/done", methods=["POST"])
@login_required
def milestone_done(measure_id: int, milestone_id: int):
    """Mark a milestone as reached today."""
    measure = load_measure(measure_id)
    milestone = db.get_or_404(MeasureMilestone, milestone_id)
    if milestone.measure_id != measure.id:
        abort(404)
    services.complete_milestone(milestone, current_user)
    db.session.commit()
    flash(_("Milestone reached: %(title)s", title=milestone.title), "success")
    return redirect_after_post("measures.detail", measure_id=measure.id)


@bp.route("/manage/measures/<int:measure_id>/links/<int:link_id>/delete", methods=["POST"])
@login_required
def unlink(measure_id: int, link_id: int):
    """Remove one contribution from the measure."""
    from participation.measures.services.links import unlink_contribution

    measure = load_measure(measure_id)
    link = db.get_or_404(ContributionLink, link_id)
    if link.measure_id != measure.id:
        abort(404)
    unlink_contribution(link, current_user)
    db.session.commit()
    flash(_("The link was removed."), "success")
    return redirect_after_post("measures.detail", measure_id=measure.id)


def can_manage(measure) -> bool:
    """Template helper."""
    return can("measures.manage", measure)
