"""Staff work pages of a process: select contributions (filter or map box) and link, answer or
bundle them in one step (count shown before applying); themes; duplicates; single answers."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.contributions.queries import area_options
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.i18n import localized
from participation.core.permissions import require
from participation.extensions import db
from participation.measures import duplicates, stats
from participation.measures.forms import AnswerForm, SettingsForm
from participation.measures.models import Measure, ReasonTemplate, Theme
from participation.measures.selection import MAX_IDS, Selection
from participation.measures.services import links, outcomes
from participation.measures.services import settings as settings_services
from participation.measures.timeline import contribution_timeline
from participation.measures.views import bp
from participation.measures.views.common import (
    int_or_none,
    load_process,
    manageable_measures,
    page_arg,
)

ACTIONS = ("link", "answer", "theme")


def _templates() -> list[ReasonTemplate]:
    return list(
        db.session.scalars(
            select(ReasonTemplate)
            .where(ReasonTemplate.active.is_(True))
            .order_by(ReasonTemplate.position)
        )
    )


def _answer_form(prefix: str = "an") -> AnswerForm:
    form = AnswerForm(prefix=prefix)
    form.template.choices = [("", "–")] + [(str(t.id), t.text[:90]) for t in _templates()]
    return form


def _reason(form: AnswerForm, locale: str | None = None) -> str:
    """The typed reason; an untouched template is taken in the resident's language."""
    reason = (form.reason.data or "").strip()
    template_id = int_or_none(form.template.data)
    if not reason and template_id:
        template = db.session.get(ReasonTemplate, template_id)
        if template is not None:
            reason = localized(template.texts, locale)
    return reason


@bp.route("/manage/processes/<int:process_id>/feedback")
@login_required
def work(process_id: int):
    """Contributions of a process to link, answer or bundle: filters, map box, figures."""
    process = load_process(process_id)
    selection = Selection.from_args(request.args)
    page = page_arg()
    return render(
        "measures/manage/work.html",
        "results",
        process=process,
        selection=selection,
        items=selection.page(process, page),
        total=selection.count(process),
        page=page,
        areas=area_options(process),
        measures=manageable_measures(process),
        themes=_themes(process),
        answer_form=_answer_form(),
        stats=stats.feedback_stats(process),
        templates=_templates(),
    )


def _themes(process) -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme).where(Theme.process_id == process.id).order_by(Theme.title)
        )
    )


@bp.route("/manage/processes/<int:process_id>/feedback/apply", methods=["POST"])
@login_required
def apply(process_id: int):
    """Preview (count and target) and, once confirmed, apply one bulk step."""
    process = load_process(process_id)
    selection = Selection.from_args(request.form)
    action = request.form.get("action")
    if action not in ACTIONS:
        flash(_("Please choose what to do with the selection."), "error")
        return redirect_after_post("measures.work", process_id=process.id, **selection.as_args())
    total = selection.count(process)
    if total > MAX_IDS:
        flash(_("Please narrow the selection down to at most %(n)d.", n=MAX_IDS), "error")
        return redirect_after_post("measures.work", process_id=process.id, **selection.as_args())
    form = _answer_form()
    measure = theme = None
    if action == "link":
        measure = db.session.get(Measure, int_or_none(request.form.get("measure")) or 0)
        if measure is None:
            flash(_("Please choose a measure."), "error")
            return redirect_after_post(
                "measures.work", process_id=process.id, **selection.as_args()
            )
        require("measures.manage", measure)
    if action == "theme":
        theme = db.session.get(Theme, int_or_none(request.form.get("theme")) or 0)
        if theme is not None and theme.process_id != process.id:
            abort(404)
    if request.form.get("confirm") != "1":
        return render(
            "measures/manage/preview.html",
            process=process,
            selection=selection,
            total=total,
            action=action,
            measure=measure,
            theme=theme,
            form=form,
            reason=_reason(form) if action == "answer" else "",
            rationale=request.form.get("rationale", ""),
            theme_title=request.form.get("theme_title", ""),
            fields=[
                (k, v)
                for k, v in request.form.items(multi=True)
                if k not in ("csrf_token", "confirm")
            ],
        )
    ids = selection.matching_ids(process)
    try:
        if action == "link":
            done = links.link_contributions(
                measure, ids, request.form.get("rationale"), current_user
            )
            message = _("%(n)d contributions linked to “%(title)s”.", n=done, title=measure.title)
        elif action == "answer":
            done = outcomes.answer_contributions(ids, form.status.data, _reason(form), current_user)
            message = _("%(n)d contributions answered.", n=done)
        else:
            if theme is None:
                theme = links.create_theme(process, current_user, request.form.get("theme_title"))
            done = links.add_to_theme(theme, ids, current_user)
            message = _("%(n)d contributions bundled in “%(title)s”.", n=done, title=theme.title)
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
        return redirect_after_post("measures.work", process_id=process.id, **selection.as_args())
    flash(message, "success")
    return redirect_after_post("measures.work", process_id=process.id, **selection.as_args())


@bp.route("/manage/processes/<int:process_id>/duplicates")
@login_required
def duplicates_page(process_id: int):
    """Likely duplicates (same category, nearby, similar words) — suggestions, never merged."""
    process = load_process(process_id)
    return render(
        "measures/manage/duplicates.html",
        process=process,
        groups=duplicates.suggestions(process),
        themes=_themes(process),
    )


@bp.route("/manage/contributions/<int:contribution_id>/answer", methods=["GET", "POST"])
@login_required
def answer(contribution_id: int):
    """Answer one contribution (outcome and a reason from a template, editable)."""
    contribution = db.get_or_404(Contribution, contribution_id)
    require("measures.manage", contribution.process)
    form = _answer_form()
    if request.method == "GET":
        form.status.data = contribution.status if contribution.status != "received" else "in_review"
        form.reason.data = contribution.status_reason
    if form.validate_on_submit():
        try:
            outcomes.answer_contributions(
                [contribution.id],
                form.status.data,
                _reason(form, contribution.locale),
                current_user,
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Your answer was saved. The author will be told."), "success")
            return redirect_after_post("measures.work", process_id=contribution.process_id)
    events, measures, theme_ = contribution_timeline(contribution)
    return render(
        "measures/manage/answer.html",
        c=contribution,
        process=contribution.process,
        form=form,
        events=events,
        measures=measures,
        theme=theme_,
        templates=_templates(),
        status=422 if form.errors else 200,
    )


@bp.route("/manage/processes/<int:process_id>/feedback/settings", methods=["POST"])
@login_required
def settings(process_id: int):
    """Per-process warning threshold for contributions without an answer."""
    process = load_process(process_id)
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            settings_services.set_unanswered_days(process, current_user, form.unanswered_days.data)
            db.session.commit()
            flash(_("Your changes were saved."), "success")
        except ServiceError as exc:
            handle(exc)
    else:
        flash(_("Please give a number of days between 1 and 365."), "error")
    return redirect_after_post("processes.dashboard", process_id=process.id)


def back_url(process) -> str:
    """Where the work page lives (template helper)."""
    return url_for("measures.work", process_id=process.id)
