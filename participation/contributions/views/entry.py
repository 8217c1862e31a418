"""Proxy entry: staff type in paper cards, flipcharts and door-step answers in batches."""

import re
import uuid

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.contributions import services
from participation.contributions.forms import ProxyBatchForm
from participation.contributions.models import PROXY_CHANNELS, Contribution
from participation.contributions.queries import area_options
from participation.contributions.views import bp
from participation.contributions.views.manage import _process
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_list, parse_int
from participation.extensions import db

POINT_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$")
MAX_ROWS = 30


def _fill(form: ProxyBatchForm, process) -> None:
    categories = [(0, _("— none —"))] + [(c.id, c.label) for c in process.categories]
    areas = area_options(process)
    for entry in form.rows:
        entry.form.category.choices = categories
        entry.form.area.choices = areas
    if not form.batch_key.data:
        form.batch_key.data = uuid.uuid4().hex


def _row_input(row, process):
    """Turn one filled row into keyword arguments for create_contribution (or errors)."""
    lon = lat = area = None
    if (row.point.data or "").strip():
        match = POINT_RE.match(row.point.data)
        if not match:
            row.point.errors = [_("Write the place as latitude, longitude, e.g. 52.47, 13.43.")]
            return None
        lat, lon = float(match.group(1)), float(match.group(2))
    area_id = parse_int(row.area.data)
    if area_id:
        area = db.session.get(Area, area_id)
    category = next((c for c in process.categories if c.id == row.category.data), None)
    return {
        "kind": "pin" if lon is not None else "idea",
        "title": row.title.data or "",
        "body": row.body.data or "",
        "category": category,
        "lon": lon,
        "lat": lat,
        "area": area,
        "email": row.email.data,
        "consent": row.consent.data,
    }


@bp.route("/manage/processes/<int:process_id>/entry", methods=["GET", "POST"])
@login_required
def proxy_entry(process_id: int):
    """Batch form: one row per card; empty rows are skipped; all rows are stored or none."""
    process = _process(process_id, "contributions.proxy_entry")
    form = ProxyBatchForm()
    if request.method == "POST" and "add_rows" in request.form:
        for _i in range(min(5, MAX_ROWS - len(form.rows))):
            form.rows.append_entry()
        _fill(form, process)
        return _page(form, process)
    _fill(form, process)
    if request.method == "GET" and request.args.get("channel") in PROXY_CHANNELS:
        form.channel.data = request.args["channel"]  # the next stack of cards, same channel
    if form.validate_on_submit():
        saved, failed = [], False
        for index, entry in enumerate(form.rows):
            row = entry.form
            if not (row.title.data or "").strip() and not (row.body.data or "").strip():
                continue
            kwargs = _row_input(row, process)
            if kwargs is None:
                failed = True
                continue
            try:
                contribution = services.create_contribution(
                    process,
                    channel=form.channel.data,
                    entered_by=current_user,
                    idempotency_key=f"{form.batch_key.data}-{index}",
                    **kwargs,
                )
            except ServiceError as exc:
                failed = True
                # a row calls the pin "point"; the whole batch is rolled back anyway
                field = {"location": "point"}.get(exc.field or "", exc.field or "title")
                handle(ServiceError(exc.message, field), row)
            else:
                saved.append(contribution.id)
        if failed:
            db.session.rollback()
        elif saved:
            db.session.commit()
            flash(_("%(n)d contributions were saved.", n=len(saved)), "success")
            return redirect_after_post(
                "contributions.proxy_entry",
                process_id=process.id,
                saved=",".join(str(i) for i in saved),
                channel=form.channel.data,
            )
        else:
            flash(_("All rows were empty: nothing was saved."), "error")
    return _page(form, process, 422 if request.method == "POST" else 200)


def _page(form, process, status=200):
    saved_ids = int_list(request.args.get("saved"))
    saved = []
    if saved_ids:
        rows = db.session.scalars(
            select(Contribution).where(
                Contribution.id.in_(saved_ids),
                Contribution.process_id == process.id,
                Contribution.entered_by_id == current_user.id,
            )
        )
        saved = [
            (c, url_for(".track", token=services.tracking_token(c), _external=True)) for c in rows
        ]
    return render(
        "contributions/manage/entry.html",
        form=form,
        process=process,
        saved=saved,
        status=status,
    )
