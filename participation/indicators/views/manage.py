"""Staff pages: the catalogue with the CSV import, and the indicator of a goal."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from participation.areas.models import AreaLevel
from participation.areas.queries import areas_by_level
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import can, require
from participation.extensions import db
from participation.indicators.forms import GoalIndicatorForm, ImportForm
from participation.indicators.importer import (
    import_aggregated,
    import_values,
    parse_mapping,
    parse_number,
)
from participation.indicators.models import GoalIndicator, Indicator, IndicatorValue
from participation.indicators.services import set_goal_indicator
from participation.indicators.views import bp

#: Largest CSV accepted by the upload page (the MSS tables are ~110 kB).
MAX_UPLOAD = 5 * 1024 * 1024


def _level_choices(form: ImportForm) -> None:
    levels = [
        (lv.key, lv.name) for lv in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank))
    ]
    form.level.choices = [("", _("any level"))] + levels
    form.aggregate_to.choices = [("", _("no aggregation"))] + levels


def _run_import(form: ImportForm):
    """Read the upload and run the import the form describes; returns the report."""
    data = form.file.data.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ServiceError(_("The file is larger than 5 MB."), "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(_("Please save the file as UTF-8 text (CSV)."), "file") from None
    mapping = parse_mapping(form.mapping.data)
    common = {
        "area_column": form.area_column.data.strip(),
        "period": form.period.data,
        "mapping": mapping,
        "dry_run": form.dry_run.data,
        "skip_bad_rows": form.skip_bad_rows.data,
        "user": current_user,
    }
    if form.aggregate_to.data:
        weight = (form.weight_column.data or "").strip()
        if not weight:
            raise ServiceError(_("Name the column with the residents."), "weight_column")
        return import_aggregated(
            text,
            weight_column=weight,
            target_level=form.aggregate_to.data,
            prefix_length=form.prefix_length.data or 2,
            **common,
        )
    return import_values(text, level_key=form.level.data or None, **common)


@bp.route("/manage/indicators/", methods=["GET", "POST"])
@login_required
def catalogue():
    """The catalogue with the number of values, and the CSV upload with its dry-run report."""
    require("indicators.manage")
    form = ImportForm()
    _level_choices(form)
    report = None
    if form.validate_on_submit():
        try:
            report = _run_import(form)
        except ServiceError as exc:
            handle(exc, form)
        else:
            if report.applied:
                db.session.commit()
                flash(_("The values were imported."), "success")
            else:
                db.session.rollback()
    indicators = db.session.scalars(
        select(Indicator).order_by(Indicator.position, Indicator.code)
    ).all()
    counts = dict(
        db.session.execute(
            select(IndicatorValue.indicator_id, func.count()).group_by(IndicatorValue.indicator_id)
        ).all()
    )
    failed = form.errors or (report is not None and report.problems and not report.applied)
    return render(
        "indicators/manage/catalogue.html",
        form=form,
        report=report,
        indicators=indicators,
        counts=counts,
        status=422 if failed else 200,
    )


def _goal_or_404(goal_id: int):
    from participation.measures.models import Goal

    goal = db.get_or_404(Goal, goal_id)
    if not (can("measures.configure") or (goal.area and can("measures.manage", goal))):
        abort(403)
    return goal


def _number(form: GoalIndicatorForm, name: str) -> float | None:
    raw = getattr(form, name).data or ""
    try:
        return parse_number(raw)
    except ValueError:
        raise ServiceError(_("Please enter a number, e.g. 12,5."), name) from None


@bp.route("/manage/goals/<int:goal_id>/indicator", methods=["GET", "POST"])
@login_required
def goal_indicator(goal_id: int):
    """Baseline, target and latest value of the goal's indicator, with a trend chart; edit it."""
    from participation.indicators.goals import goal_figures

    goal = _goal_or_404(goal_id)
    link = db.session.get(GoalIndicator, goal.id)
    form = GoalIndicatorForm(obj=link)
    form.indicator.choices = [("", _("— no indicator —"))] + [
        (ind.code, ind.name)
        for ind in db.session.scalars(
            select(Indicator).order_by(Indicator.position, Indicator.code)
        )
    ]
    form.area.choices = [("", _("the goal's area"))] + [
        (str(i), f"{name} ({level})")
        for level, items in areas_by_level().items()
        for i, name in items
    ]
    if request.method == "GET" and link is not None:
        form.indicator.data = link.indicator.code
        form.area.data = str(link.area_id or "")
        form.baseline_value.data = "" if link.baseline_value is None else f"{link.baseline_value:g}"
        form.target_value.data = "" if link.target_value is None else f"{link.target_value:g}"
    if form.validate_on_submit():
        try:
            indicator = None
            if form.indicator.data:
                indicator = db.session.scalar(
                    select(Indicator).where(Indicator.code == form.indicator.data)
                )
                if indicator is None:
                    raise ServiceError(_("Please choose one of the options."), "indicator")
            set_goal_indicator(
                goal,
                indicator,
                area_id=int(form.area.data) if form.area.data else None,
                baseline_period=form.baseline_period.data or "",
                baseline_value=_number(form, "baseline_value"),
                target_value=_number(form, "target_value"),
                target_period=form.target_period.data or "",
                user=current_user,
            )
            db.session.commit()
        except ServiceError as exc:
            handle(exc, form)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect_after_post("indicators.goal_indicator", goal_id=goal.id)
    return render(
        "indicators/manage/goal.html",
        goal=goal,
        form=form,
        figures=goal_figures(goal),
        status=422 if form.errors else 200,
    )
