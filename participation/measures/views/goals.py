"""Staff pages: the goal tree (SMART goals, configurable level names) and reason templates."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can, require
from participation.extensions import db
from participation.measures.forms import GoalForm, ReasonTemplateForm
from participation.measures.models import Goal, ReasonTemplate, goal_levels
from participation.measures.services import goals as services
from participation.measures.views import bp
from participation.measures.views.common import goal_choices, int_or_none, measure_area_choices


def _fill(form: GoalForm, goal: Goal | None = None) -> None:
    max_depth = len(goal_levels()) - 1
    own = {goal.id} if goal else set()
    form.parent.choices = [("", _("— top level —"))] + [
        (str(i), label)
        for i, label in goal_choices()
        if i not in own and label.count("— ") < max_depth
    ]
    groups = measure_area_choices()
    form.area.choices = [("", _("Whole city"))] + [
        (str(i), f"{name} ({level})") for level, items in groups.items() for i, name in items
    ]


def _kwargs(form: GoalForm) -> dict:
    area_id = int_or_none(form.area.data)
    return {
        "area": db.session.get(Area, area_id) if area_id else None,
        "target_groups": services.parse_target_groups(form.target_groups.data),
        **{k: form.data[k] for k in services.GOAL_FIELDS},
    }


@bp.route("/manage/goals/", methods=["GET", "POST"])
@login_required
def goals():
    """The goal tree with a form to add a goal; incomplete goals are marked."""
    require("measures.manage")
    form = GoalForm()
    _fill(form)
    if form.validate_on_submit():
        parent_id = int_or_none(form.parent.data)
        try:
            services.create_goal(
                current_user,
                parent=db.session.get(Goal, parent_id) if parent_id else None,
                **_kwargs(form),
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("The goal was added."), "success")
            return redirect_after_post("measures.goals")
    roots = db.session.scalars(
        select(Goal).where(Goal.parent_id.is_(None)).order_by(Goal.position, Goal.id)
    ).all()
    return render(
        "measures/manage/goals.html",
        roots=roots,
        form=form,
        levels=goal_levels(),
        status=422 if form.errors else 200,
    )


@bp.route("/manage/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_goal(goal_id: int):
    """Edit one goal."""
    goal = db.get_or_404(Goal, goal_id)
    if not (can("measures.configure") or (goal.area and can("measures.manage", goal))):
        abort(403)
    form = GoalForm(obj=goal)
    _fill(form, goal)
    if request.method == "GET":
        form.parent.data = str(goal.parent_id or "")
        form.area.data = str(goal.area_id or "")
        form.target_groups.data = ", ".join(goal.target_groups or [])
    if form.validate_on_submit():
        try:
            services.update_goal(goal, current_user, **_kwargs(form))
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect_after_post("measures.goals")
    return render(
        "measures/manage/goal_form.html", form=form, goal=goal, status=422 if form.errors else 200
    )


@bp.route("/manage/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def delete_goal(goal_id: int):
    """Delete a goal and its sub-goals."""
    goal = db.get_or_404(Goal, goal_id)
    if not (can("measures.configure") or (goal.area and can("measures.manage", goal))):
        abort(403)
    services.delete_goal(goal, current_user)
    db.session.commit()
    flash(_("The goal was deleted."), "success")
    return redirect_after_post("measures.goals")


@bp.route("/manage/reasons/", methods=["GET"])
@login_required
def reasons():
    """The reusable reasons for "not taken up"."""
    require("measures.configure")
    templates = db.session.scalars(select(ReasonTemplate).order_by(ReasonTemplate.position)).all()
    return render("measures/manage/reasons.html", templates=templates)


@bp.route("/manage/reasons/<int:template_id>", methods=["GET", "POST"])
@login_required
def edit_reason(template_id: int):
    """Edit a reason template (German and English)."""
    require("measures.configure")
    template = db.get_or_404(ReasonTemplate, template_id)
    form = ReasonTemplateForm()
    if request.method == "GET":
        form.text_de.data = template.texts.get("de", "")
        form.text_en.data = template.texts.get("en", "")
    if form.validate_on_submit():
        template.texts = {"de": form.text_de.data.strip(), "en": (form.text_en.data or "").strip()}
        from participation.core.audit import log_action

        log_action("measures.reason_template", template, user=current_user)
        db.session.commit()
        flash(_("Your changes were saved."), "success")
        return redirect_after_post("measures.reasons")
    return render(
        "measures/manage/reason_form.html",
        form=form,
        reason_template=template,  # not template=: that is render()'s first parameter
        status=422 if form.errors else 200,
    )
