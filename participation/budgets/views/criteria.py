"""Staff change or remove a criterion: freely until the first application arrives, afterwards
only with an adopted decision of the body (chosen from the meetings package), which the public
history on the budget page then shows."""

from flask import abort, request
from flask_login import current_user, login_required

from participation.budgets import services
from participation.budgets.forms import CriterionForm
from participation.budgets.models import Criterion
from participation.budgets.views import bp
from participation.budgets.views.common import managed_budget
from participation.budgets.views.manage import _criterion_form, save_criterion_form
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.extensions import db
from participation.meetings.models import Decision


def _criterion(budget, criterion_id: int) -> Criterion:
    criterion = db.session.get(Criterion, criterion_id)
    if criterion is None or criterion.budget_id != budget.id:
        abort(404)
    return criterion


def _decision(raw):
    decision_id = parse_int(raw, 0) or 0
    return db.session.get(Decision, decision_id) if decision_id else None


@bp.route("/manage/budgets/<int:budget_id>/criteria/<int:criterion_id>", methods=["GET", "POST"])
@login_required
def manage_criterion_edit(budget_id: int, criterion_id: int):
    """Change name, description, weight or scale of one criterion."""
    budget = managed_budget(budget_id)
    criterion = _criterion(budget, criterion_id)
    form = _criterion_form(budget, CriterionForm(obj=criterion))
    if request.method == "GET":
        form.decision_id.data = 0
    if form.validate_on_submit() and save_criterion_form(budget, form, criterion):
        return redirect_after_post("budgets.manage_budget", budget_id=budget.id)
    return render(
        "budgets/manage/criterion.html",
        budget=budget,
        criterion=criterion,
        form=form,
        status=422 if request.method == "POST" else 200,
    )


@bp.route("/manage/budgets/<int:budget_id>/criteria/<int:criterion_id>/remove", methods=["POST"])
@login_required
def manage_criterion_remove(budget_id: int, criterion_id: int):
    """Remove a criterion (after the freeze with the body's decision)."""
    budget = managed_budget(budget_id)
    criterion = _criterion(budget, criterion_id)
    try:
        services.remove_criterion(
            budget, current_user, criterion, decision=_decision(request.form.get("decision_id"))
        )
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
        return redirect_after_post(
            "budgets.manage_criterion_edit", budget_id=budget.id, criterion_id=criterion_id
        )
    return redirect_after_post("budgets.manage_budget", budget_id=budget.id)
