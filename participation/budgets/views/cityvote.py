"""Staff pages for invitation codes (make N codes as CSV or PDF to print; used/unused counts)
and for splitting a city-wide pot over areas; the public page of a split (formula, figures)."""

from flask import Response, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area, AreaLevel
from participation.budgets import services
from participation.budgets.models import Budget, CitySplit
from participation.budgets.views import bp
from participation.budgets.views.common import euro, managed_budget
from participation.core.csvexport import csv_response
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.core.permissions import allowed_scope, require
from participation.extensions import db


@bp.route("/manage/budgets/<int:budget_id>/codes", methods=["GET", "POST"])
@login_required
def manage_codes(budget_id: int):
    """Counts of used and unused codes; the POST makes N codes and returns them once."""
    budget = managed_budget(budget_id)
    if not budget.uses_vote:
        abort(404)
    error = None
    if request.method == "POST":
        count = parse_int(request.form.get("count"), 0, min=0) or 0
        try:
            codes = services.create_codes(budget, current_user, count)
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
            error = exc.message
        else:
            vote_url = url_for("budgets.vote", budget_id=budget.id, _external=True)
            name = f"codes-budget-{budget.id}"
            if request.form.get("format") == "pdf":
                from participation.budgets.pdf import codes_pdf

                body = codes_pdf(budget, codes, vote_url)
                response = Response(body, mimetype="application/pdf")
                response.headers["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            else:
                response = csv_response(
                    f"{name}.csv", [_("Code"), _("Vote at")], [[c, vote_url] for c in codes]
                )
            response.headers["Cache-Control"] = "no-store"
            return response
    return render(
        "budgets/manage/codes.html",
        budget=budget,
        counts=services.code_counts(budget),
        error=error,
        status=422 if error else 200,
    )


def _areas_for(parent: Area, level: AreaLevel) -> list[Area]:
    return list(
        db.session.scalars(
            select(Area)
            .where(
                Area.path.startswith(parent.path),
                Area.level_id == level.id,
                Area.valid_to.is_(None),
            )
            .order_by(Area.code)
            .limit(2000)
        )
    )


@bp.route("/manage/budgets/splits", methods=["GET", "POST"])
@login_required
def manage_splits():
    """The city-wide splits, and a form for a new one (pot, min/max, areas of a level)."""
    require("budgets.manage")
    scope = allowed_scope(current_user, "budgets.manage")
    parents_q = select(Area).where(Area.valid_to.is_(None)).order_by(Area.path).limit(300)
    parents = [
        a
        for a in db.session.scalars(parents_q)
        if scope is None or any(a.path.startswith(p) for p in scope)
    ]
    levels = db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank)).all()
    if request.method == "POST":
        parent = db.session.get(Area, parse_int(request.form.get("parent_id"), 0) or 0)
        level = db.session.get(AreaLevel, parse_int(request.form.get("level_id"), 0) or 0)
        try:
            if parent is None or level is None:
                raise ServiceError(_("Please choose the area and the level to split over."))
            split = services.split_pot(
                current_user,
                title=request.form.get("title", "")[:200],
                period=request.form.get("period", "")[:20],
                pot=parse_int(request.form.get("pot"), -1, min=-1),
                areas=_areas_for(parent, level),
                min_per_area=parse_int(request.form.get("min_per_area"), -1, min=-1)
                if request.form.get("min_per_area", "").strip()
                else 0,
                max_per_area=parse_int(request.form.get("max_per_area"), -1, min=-1)
                if request.form.get("max_per_area", "").strip()
                else None,
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc)
        else:
            return redirect_after_post("budgets.manage_split", split_id=split.id)
    splits = db.session.scalars(select(CitySplit).order_by(CitySplit.id.desc()).limit(50)).all()
    return render(
        "budgets/manage/splits.html",
        splits=splits,
        parents=parents,
        levels=levels,
        values=request.form,
        euro=euro,
        status=422 if request.method == "POST" else 200,
    )


def _split_or_404(split_id: int) -> CitySplit:
    split = db.session.get(CitySplit, split_id)
    if split is None:
        abort(404)
    return split


@bp.route("/manage/budgets/splits/<int:split_id>")
@login_required
def manage_split(split_id: int):
    """The figures per area (exact, rounded, the remainder euros), sum = pot."""
    require("budgets.manage")
    split = _split_or_404(split_id)
    made = dict(
        db.session.execute(
            select(Budget.split_share_id, Budget.id).where(
                Budget.split_share_id.in_([s.id for s in split.shares])
            )
        ).all()
    )
    return render(
        "budgets/manage/split.html",
        split=split,
        rows=services.split_figures(split),
        budgets_by_share=made,
        euro=euro,
    )


@bp.route("/budgets/splits/<int:split_id>")
def split_page(split_id: int):
    """Public: the formula, the rounding rule and every area's figures."""
    split = _split_or_404(split_id)
    return render(
        "budgets/public/split.html",
        split=split,
        rows=services.split_figures(split),
        euro=euro,
    )
