"""Staff pages for themes (Bündelung): create, members, link to a measure, answer all at once."""

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import ServiceError, handle
from participation.core.forms import form_status, submit_form
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import require
from participation.extensions import db
from participation.measures.forms import LinkThemeForm, ThemeForm
from participation.measures.models import Measure, Theme
from participation.measures.services import links
from participation.measures.views import bp
from participation.measures.views.common import load_process, manageable_measures
from participation.measures.views.work import _answer_form, _reason, _themes


@bp.route("/manage/processes/<int:process_id>/themes", methods=["GET", "POST"])
@login_required
def themes(process_id: int):
    """Themes of a process; create one."""
    process = load_process(process_id)
    form = ThemeForm()
    done = submit_form(
        form,
        lambda: links.create_theme(process, current_user, form.title.data, form.description.data),
        _("The theme was created. Now add contributions to it."),
        "measures.theme",
        lambda theme: {"theme_id": theme.id},
    )
    if done:
        return done
    return render(
        "measures/manage/themes.html",
        process=process,
        themes=_themes(process),
        form=form,
        status=form_status(form),
    )


def _theme(theme_id: int) -> Theme:
    theme = db.get_or_404(Theme, theme_id)
    require("measures.manage", theme)
    return theme


@bp.route("/manage/themes/<int:theme_id>")
@login_required
def theme(theme_id: int, link_form=None, answer_form=None, status=200):
    """A theme: members, linked measures, answer."""
    theme = _theme(theme_id)
    link_form = link_form or LinkThemeForm(prefix="lk")
    link_form.measure.choices = [(str(m.id), m.title) for m in manageable_measures(theme.process)]
    return render(
        "measures/manage/theme.html",
        theme=theme,
        process=theme.process,
        link_form=link_form,
        answer_form=answer_form or _answer_form(),
        status=status,
    )


@bp.route("/manage/themes/<int:theme_id>/link", methods=["POST"])
@login_required
def link_theme(theme_id: int):
    """Link the theme (every member) to a measure."""
    item = _theme(theme_id)
    form = LinkThemeForm(prefix="lk")
    form.measure.choices = [(str(m.id), m.title) for m in manageable_measures(item.process)]
    if form.validate_on_submit():
        measure = db.get_or_404(Measure, int(form.measure.data))
        require("measures.manage", measure)
        try:
            n = links.link_theme(item, measure, form.rationale.data, current_user)
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(
                _("%(n)d contributions linked to “%(title)s”.", n=n, title=measure.title), "success"
            )
            return redirect_after_post("measures.theme", theme_id=item.id)
    return theme(theme_id, link_form=form, status=422)


@bp.route("/manage/themes/<int:theme_id>/answer", methods=["POST"])
@login_required
def answer_theme(theme_id: int):
    """Answer the theme like one contribution."""
    item = _theme(theme_id)
    form = _answer_form()
    if form.validate_on_submit():
        try:
            n = links.answer_theme(item, form.status.data, _reason(form), current_user)
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("%(n)d contributions answered.", n=n), "success")
            return redirect_after_post("measures.theme", theme_id=item.id)
    return theme(theme_id, answer_form=form, status=422)


@bp.route("/manage/themes/<int:theme_id>/remove/<int:contribution_id>", methods=["POST"])
@login_required
def remove_member(theme_id: int, contribution_id: int):
    """Take one contribution out of the theme."""
    item = _theme(theme_id)
    links.remove_from_theme(item, contribution_id, current_user)
    db.session.commit()
    flash(_("The contribution was taken out of the theme."), "success")
    return redirect_after_post("measures.theme", theme_id=item.id)
