"""Staff steps on one measure: decisions (with "set to decided"), milestones, removing links."""

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post
from participation.core.permissions import can
from participation.extensions import db
from participation.measures.forms import DecisionForm, MilestoneForm
from participation.measures.models import ContributionLink, MeasureDecision, MeasureMilestone
from participation.measures.services import measures as services
from participation.measures.services import steps as step_services
from participation.measures.views import bp
from participation.measures.views.common import int_or_none, load_measure
from participation.measures.views.manage import _detail


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
            step_services.add_decision(
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
    step_services.delete_decision(decision, current_user)
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
            step_services.add_milestone(
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
    step_services.complete_milestone(milestone, current_user)
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
