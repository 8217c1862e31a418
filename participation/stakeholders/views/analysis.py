"""Stakeholder analysis of one process: matrix (with comparison) and assessments.

Coverage, council access and the process-page panels: ``process.py``.
"""

from datetime import date

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.queries import areas_by_level
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can, require
from participation.extensions import db
from participation.processes.models import Process
from participation.stakeholders import analysis, coverage, drawing, movement, queries
from participation.stakeholders.forms import AssessmentForm, InvitationListForm
from participation.stakeholders.models import (
    ATTITUDES,
    COVERAGE_CATEGORIES,
    KINDS,
    Actor,
    Assessment,
)
from participation.stakeholders.permissions import can_actor, council_reader
from participation.stakeholders.strategy import STRATEGIES, STRATEGY_HELP, suggest_strategy
from participation.stakeholders.views import bp

STRATEGY_ORDER = list(STRATEGIES)
SORTS = {
    "number": lambda m: m.number,
    "name": lambda m: m.assessment.actor.display_name.casefold(),
    "type": lambda m: m.assessment.actor.type.label.casefold(),
    "influence": lambda m: (m.assessment.influence, m.assessment.interest),
    "interest": lambda m: (m.assessment.interest, m.assessment.influence),
    "attitude": lambda m: m.assessment.attitude,
    "critical": lambda m: m.assessment.success_critical,
    "strategy": lambda m: STRATEGY_ORDER.index(m.assessment.strategy),
    "date": lambda m: m.assessment.assessed_on,
}


def load_process(process_id: int, permission: str = "stakeholders.view") -> Process:
    """The process, if the current user holds *permission* for it."""
    process = db.get_or_404(Process, process_id)
    require(permission, process)
    if council_reader(process) and not process.council_assessments:
        abort(403)  # the administration's assessments of council factions are confidential
    return process


def _date_arg(name: str, default: date | None, errors: dict) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("“%(value)s” is not a date (YYYY-MM-DD).", value=raw)
        return default


def matrix_context(process: Process) -> dict:
    """Everything the matrix page, its PDF and its CSV show, from the request's arguments."""
    errors: dict[str, str] = {}
    as_of = _date_arg("date", date.today(), errors)
    earlier = _date_arg("compare", None, errors)
    if earlier and earlier >= as_of:
        errors["compare"] = _("Choose a comparison date before the matrix date.")
        earlier = None
    selection = analysis.Selection.from_args(request.args)
    council = council_reader(process)
    rows = analysis.latest_assessments(process, as_of, selection, council=council)
    markers = drawing.layout(rows)
    old_markers, arrows, moves = {}, [], []
    if earlier:
        before = analysis.latest_assessments(
            process, earlier, selection.actor_level, council=council
        )
        moves = movement.diff(before, rows)
        shown = {a.actor_id for a in rows}
        old_markers = drawing.layout([a for a in before if a.actor_id in shown])
        arrows = drawing.arrows(old_markers, markers)
    attitudes = {k: str(v) for k, v in ATTITUDES.items()}  # translated once per request
    drawing.label_markers(markers.values(), attitudes)
    sort = request.args.get("sort", "number")
    sort = sort if sort in SORTS else "number"
    descending = request.args.get("dir") == "desc"
    table = sorted(markers.values(), key=SORTS[sort], reverse=descending)
    return {
        "process": process,
        "as_of": as_of,
        "earlier": earlier,
        "errors": errors,
        "selection": selection,
        "args": {
            **selection.as_args(),
            **{k: request.args[k] for k in ("date", "compare") if request.args.get(k)},
        },
        "markers": sorted(markers.values(), key=lambda m: m.number),
        "old_markers": old_markers,
        "arrows": arrows,
        "moves": moves,
        "table": table,
        "sort": sort,
        "descending": descending,
        "attitudes": attitudes,
        "strategies": {k: str(v) for k, v in STRATEGIES.items()},
        "position_text": _("influence %(i)s, interest %(n)s, %(a)s"),
        # links are built by prefix: url_for for each of 400 links costs more than the SQL
        "assessment_prefix": url_for("stakeholders.matrix", process_id=process.id)
        + "/assessments/",
    }


@bp.route("/manage/processes/<int:process_id>/stakeholders")
@login_required
def matrix(process_id: int):
    """Influence × interest matrix (SVG), the same data as a sortable table, movement."""
    process = load_process(process_id)
    ctx = matrix_context(process)
    return render(
        "stakeholders/matrix.html",
        **ctx,
        geo=drawing,
        quadrants=drawing.quadrants(),
        missing=[line for line in coverage.coverage_for(process) if line.missing],
        types=queries.type_choices(),
        categories=COVERAGE_CATEGORIES,
        kinds=KINDS,
        areas=areas_by_level(),
        list_form=InvitationListForm(),
        may_manage=can("stakeholders.manage", process),
    )


@bp.route("/manage/processes/<int:process_id>/stakeholders/assessments/<int:assessment_id>")
@login_required
def assessment(process_id: int, assessment_id: int):
    """One assessment with the actor's history in this process (htmx: the panel only)."""
    process = load_process(process_id)
    item = db.get_or_404(Assessment, assessment_id)
    council = council_reader(process)
    if item.process_id != process.id or (council and item.visibility != "council"):
        abort(404)
    # the snowball: whom this actor brought to the table
    nominated = db.session.scalars(
        select(Actor)
        .join(Assessment, Assessment.actor_id == Actor.id)
        .where(Assessment.process_id == process.id, Assessment.nominated_by_id == item.actor_id)
        .distinct()
        .order_by(Actor.name)
    ).all()
    return render(
        "stakeholders/assessment.html",
        "assessment",
        process=process,
        assessment=item,
        nominated=nominated,
        history=movement.history(process, item.actor, council=council),
        strategies=STRATEGIES,
        may_manage=can("stakeholders.manage", process),
    )


@bp.route(
    "/manage/processes/<int:process_id>/stakeholders/assess/<int:actor_id>",
    methods=["GET", "POST"],
)
@login_required
def assess(process_id: int, actor_id: int):
    """Assess an actor (a new date adds to the history; the same date corrects it)."""
    process = load_process(process_id, "stakeholders.manage")
    actor = db.get_or_404(Actor, actor_id)
    if actor.erased_at or not can_actor("stakeholders.view", actor):
        abort(404)  # a manager assesses actors of her areas only (names of persons are private)
    previous = movement.history(process, actor)
    form = AssessmentForm(obj=previous[0] if previous and request.method == "GET" else None)
    if request.method == "GET":
        form.assessed_on.data = date.today()
        if previous:
            form.influence_direct.data = "direct" if previous[0].influence_direct else "indirect"
            form.nominated_by_id.data = previous[0].nominated_by_id or 0
            form.strategy.data = previous[0].strategy if previous[0].strategy_overridden else ""
            form.visibility.data = previous[0].visibility
    assessed = db.session.execute(
        select(Actor.id, Actor.name)
        .join(Assessment, Assessment.actor_id == Actor.id)
        .where(Assessment.process_id == process.id, Actor.id != actor.id)
        .distinct()
        .order_by(Actor.name)
    ).all()
    form.nominated_by_id.choices = [(0, _("— nobody —"))] + [(i, n) for i, n in assessed]
    suggestion = None
    if previous:
        suggestion = STRATEGIES[
            suggest_strategy(previous[0].influence, previous[0].interest, actor.type.category)
        ]
    form.set_strategy_choices(str(suggestion) if suggestion else None)
    if form.validate_on_submit():
        data = analysis.AssessmentInput(
            assessed_on=form.assessed_on.data,
            influence=form.influence.data,
            interest=form.interest.data,
            attitude=form.attitude.data,
            influence_direct=form.influence_direct.data != "indirect",
            success_critical=form.success_critical.data,
            legitimate_interest=form.legitimate_interest.data or "",
            goals_consider=form.goals_consider.data or "",
            access_text=form.access_text.data or "",
            dual_role=form.dual_role.data,
            nominated_by_id=form.nominated_by_id.data or None,
            strategy=form.strategy.data or None,
            override_reason=form.override_reason.data or "",
            visibility=form.visibility.data or "team",
        )
        try:
            saved = analysis.save_assessment(process, actor, data, current_user)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(
                _(
                    "The assessment of %(name)s was saved. Strategy: %(strategy)s.",
                    name=actor.name,
                    strategy=STRATEGIES[saved.strategy],
                ),
                "success",
            )
            return redirect_after_post("stakeholders.matrix", process_id=process.id)
    return render(
        "stakeholders/assess.html",
        process=process,
        actor=actor,
        form=form,
        previous=previous,
        strategy_help=STRATEGY_HELP,
        strategies=STRATEGIES,
        status=422 if form.errors or request.method == "POST" else 200,
    )


@bp.route("/manage/processes/<int:process_id>/stakeholders/add")
@login_required
def add(process_id: int):
    """Find actors in the registry to assess in this process."""
    process = load_process(process_id, "stakeholders.manage")
    search = queries.Search.from_args(request.args)
    results, assessed = [], set()
    if search.q or search.type_id or search.kind or search.area_id:
        stmt = queries.search_actors(search, current_user).where(Actor.erased_at.is_(None))
        results = db.session.scalars(stmt.limit(30)).all()
        assessed = set(
            db.session.scalars(
                select(Assessment.actor_id).where(Assessment.process_id == process.id)
            )
        )
    return render(
        "stakeholders/add.html",
        "results",
        process=process,
        search=search,
        results=results,
        assessed=assessed,
        types=queries.type_choices(),
    )
