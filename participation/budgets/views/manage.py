"""Staff pages: budgets list, setup, tiers and criteria (the decision steps are in ``decide``)."""

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.budgets import services
from participation.budgets.forms import BudgetForm, CriterionForm
from participation.budgets.models import Application, Budget, CitySplit, CitySplitShare
from participation.budgets.views import bp
from participation.budgets.views.common import euro, managed_budget
from participation.core.errors import ServiceError, handle
from participation.core.forms import form_status, submit_form
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.core.permissions import allowed_scope, require
from participation.extensions import db
from participation.meetings.models import Body, Decision, Meeting
from participation.processes.models import Process


def _in_scope(query, column_area):
    scope = allowed_scope(current_user, "budgets.manage")
    if scope is None:
        return query
    from sqlalchemy import or_

    return query.where(or_(*[column_area.path.startswith(p) for p in scope] or [False]))


@bp.route("/manage/budgets/")
@login_required
def manage_index():
    """Budgets in the user's areas with their figures."""
    require("budgets.manage")
    query = _in_scope(select(Budget).join(Area, Area.id == Budget.area_id), Area)
    budgets = db.session.scalars(query.order_by(Budget.period.desc(), Budget.title)).all()
    return render(
        "budgets/manage/index.html",
        budgets=budgets,
        figures={b.id: services.figures(b) for b in budgets},
        euro=euro,
    )


def _fill(form: BudgetForm) -> None:
    areas = db.session.scalars(
        _in_scope(select(Area).where(Area.valid_to.is_(None)), Area).order_by(Area.path).limit(2000)
    ).all()
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in areas]
    form.process_id.choices = [(0, _("— none —"))] + [
        (p.id, p.title) for p in db.session.scalars(select(Process).order_by(Process.title)).all()
    ]
    form.body_id.choices = [(0, _("— none (residents' vote only) —"))] + [
        (b.id, b.name) for b in db.session.scalars(select(Body).order_by(Body.name)).all()
    ]


def _data(form: BudgetForm) -> dict:
    data = {
        k: getattr(form, k).data
        for k in (
            "title",
            "description",
            "period",
            "amount",
            "funding_source",
            "pillar",
            "allocation_mode",
            "max_per_application",
            "applicant_types",
            "opens_on",
            "closes_on",
            "vote_opens_on",
            "vote_closes_on",
            "ballot_kind",
            "vote_access",
        )
    }
    data["body"] = db.session.get(Body, form.body_id.data) if form.body_id.data else None
    data["process"] = (
        db.session.get(Process, form.process_id.data) if form.process_id.data else None
    )
    return data


def _share_from_query() -> CitySplitShare | None:
    """``?share=<id>``: the city-wide split share the new budget is made from (404 if unknown)."""
    if "share" not in request.args:
        return None
    share = db.session.get(CitySplitShare, parse_int(request.args.get("share"), default=0))
    if share is None:
        abort(404)
    return share


def _prefill_from_share(form: BudgetForm, share: CitySplitShare) -> None:
    """Area, amount, period and funding source as the published split gives them."""
    split = db.session.get(CitySplit, share.split_id)
    form.area_id.data = share.area_id
    form.amount.data = share.amount
    form.period.data = split.period
    form.funding_source.data = split.title
    form.title.data = f"{split.title} – {share.area.name}"


@bp.route("/manage/budgets/new", methods=["GET", "POST"])
@login_required
def manage_new():
    """Set up a budget (the entitlement guard refuses case work with the reason)."""
    require("budgets.manage")
    share = _share_from_query()
    form = BudgetForm()
    _fill(form)
    if share is not None and request.method == "GET":
        _prefill_from_share(form, share)
    done = submit_form(
        form,
        lambda: services.create_budget(
            current_user,
            db.session.get(Area, form.area_id.data),
            split_share=share,
            **_data(form),
        ),
        _("The budget has been created. Now add its criteria and tiers."),
        "budgets.manage_budget",
        lambda budget: {"budget_id": budget.id},
    )
    if done:
        return done
    return render(
        "budgets/manage/edit.html",
        form=form,
        budget=None,
        share=share,
        euro=euro,
        status=form_status(form),
    )


@bp.route("/manage/budgets/<int:budget_id>/edit", methods=["GET", "POST"])
@login_required
def manage_edit(budget_id: int):
    """Change a budget's settings."""
    budget = managed_budget(budget_id)
    form = BudgetForm(obj=budget)
    _fill(form)
    if request.method == "GET":
        form.body_id.data, form.process_id.data = budget.body_id or 0, budget.process_id or 0

    def save():
        data = _data(form)
        data.pop("process")
        services.update_budget(budget, current_user, **data)

    done = submit_form(form, save, None, "budgets.manage_budget", {"budget_id": budget.id})
    if done:
        return done
    return render(
        "budgets/manage/edit.html", form=form, budget=budget, share=None, status=form_status(form)
    )


def body_decisions(budget: Budget) -> list[Decision]:
    """Adopted decisions of the budget's deciding body, newest first (to link a criterion to)."""
    if budget.body_id is None:
        return []
    return list(
        db.session.scalars(
            select(Decision)
            .join(Meeting)
            .where(Meeting.body_id == budget.body_id, Decision.outcome == "adopted")
            .order_by(Decision.id.desc())
            .limit(50)
        )
    )


def save_criterion_form(budget, form, criterion=None) -> bool:
    """Save a valid criterion form (a new criterion without *criterion*) and commit; False with
    the service's message on the form. Shared by adding here and editing in ``criteria.py``."""
    decision_id = form.decision_id.data
    try:
        services.save_criterion(
            budget,
            current_user,
            criterion,
            decision=db.session.get(Decision, decision_id) if decision_id else None,
            name=form.name.data,
            description=form.description.data,
            weight=form.weight.data,
            scale_max=form.scale_max.data,
        )
        db.session.commit()
    except ServiceError as exc:
        handle(exc, form)
        return False
    return True


def _criterion_form(budget, form=None):
    form = form or CriterionForm(formdata=None)
    form.decision_id.choices = [(0, _("— no decision —"))] + [
        (d.id, f"{d.meeting.title}: {d.text[:60]}") for d in body_decisions(budget)
    ]
    return form


@bp.route("/manage/budgets/<int:budget_id>")
@login_required
def manage_budget(budget_id: int, criterion_form=None, status=200):
    """Overview: figures, tiers, criteria with history, applications with the eligibility check."""
    budget = managed_budget(budget_id)
    apps = db.session.scalars(
        select(Application).where(Application.budget_id == budget.id).order_by(Application.id)
    ).all()
    return render(
        "budgets/manage/budget.html",
        budget=budget,
        apps=apps,
        f=services.figures(budget),
        criterion_form=_criterion_form(budget, criterion_form),
        euro=euro,
        status=status,
    )


@bp.route("/manage/budgets/<int:budget_id>/criteria", methods=["POST"])
@login_required
def manage_criterion(budget_id: int):
    """Add a criterion (after the freeze: with the body's decision)."""
    budget = managed_budget(budget_id)
    form = _criterion_form(budget, CriterionForm())
    if form.validate_on_submit():
        if save_criterion_form(budget, form):
            return redirect_after_post("budgets.manage_budget", budget_id=budget.id)
    return manage_budget(budget.id, criterion_form=form, status=422)


@bp.route("/manage/budgets/<int:budget_id>/tiers", methods=["POST"])
@login_required
def manage_tiers(budget_id: int):
    """Replace the decision tiers (rows: upper limit, who decides; empty limit = the rest)."""
    budget = managed_budget(budget_id)
    tiers = []
    for i in range(5):
        decider = request.form.get(f"decider_{i}", "").strip()
        if decider:
            tiers.append((parse_int(request.form.get(f"up_to_{i}"), None), decider))
    try:
        services.set_tiers(budget, current_user, tiers)
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("budgets.manage_budget", budget_id=budget.id)
