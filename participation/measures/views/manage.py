"""Staff pages for measures: list, create (also from a meeting), edit, status, decisions,
milestones, links."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.forms import form_status, submit_form
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg
from participation.core.permissions import require
from participation.extensions import db
from participation.measures.forms import DecisionForm, MeasureForm, MilestoneForm, StatusForm
from participation.measures.models import (
    MEASURE_STATUSES,
    ContributionLink,
    Goal,
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
    done = submit_form(
        form,
        lambda: services.create_measure(
            current_user, source=source, **_relations(form), **_data(form)
        ),
        _("The measure was created. Now link the contributions it answers."),
        "measures.detail",
        lambda measure: {"measure_id": measure.id},
    )
    if done:
        return done
    return render(
        "measures/manage/form.html",
        form=form,
        measure=None,
        source=source,
        status=form_status(form),
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
    done = submit_form(
        form,
        lambda: services.update_measure(measure, current_user, **_relations(form), **_data(form)),
        _("Your changes were saved."),
        "measures.detail",
        {"measure_id": measure.id},
    )
    if done:
        return done
    return render(
        "measures/manage/form.html",
        form=form,
        measure=measure,
        source=None,
        status=form_status(form),
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
