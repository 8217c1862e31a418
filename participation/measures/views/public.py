"""Public pages: "Sie sagten – wir tun" per process and per area, a measure's traceability page,
the measures map layer (GeoJSON), Atom feeds, and the unsubscribe link of the digest."""

from flask import abort, current_app, flash, make_response, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from participation.areas.models import Area
from participation.core.cache import PROCESS_CONTENT, cached_page
from participation.core.htmx import redirect_after_post, render
from participation.extensions import db
from participation.measures import notify, stats
from participation.measures.forms import UnsubscribeForm
from participation.measures.models import MEASURE_STATUSES, Measure, MeasureStatusChange
from participation.measures.queries import (
    PAGE_SIZE,
    is_public,
    load_public_measure,
    measure_contributions,
    measure_themes,
    measures_stmt,
    public_overview,
    public_processes_of,
)
from participation.measures.services.agenda import agenda_items_of
from participation.measures.sources import source_label
from participation.measures.views import bp
from participation.measures.views.common import page_arg
from participation.processes.queries import get_public_process_or_404

CACHED = PROCESS_CONTENT  # measures pages show processes, areas, contributions, meetings
FEED_SIZE = 50


def _status_arg() -> str | None:
    from flask import request

    status = request.args.get("status")
    return status if status in MEASURE_STATUSES else None


def _overview(template_kwargs, process=None, area=None):
    page, status = page_arg(), _status_arg()
    measures, total, counts, link_counts, samples = public_overview(process, area, status, page)
    return render(
        "measures/public/overview.html",
        "results",
        measures=measures,
        total=total,
        counts=counts,
        link_counts=link_counts,
        samples=samples,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        status_filter=status,
        statuses=MEASURE_STATUSES,
        stats=stats.public_figures(process, area),
        **template_kwargs,
    )


@bp.route("/processes/<slug>/feedback")
@cached_page(*CACHED)
def process_overview(slug: str):
    """ "Sie sagten – wir tun" for one process."""
    process = get_public_process_or_404(slug)
    return _overview({"process": process, "area": None}, process=process)


def _public_area(area_id: int) -> Area:
    area = db.get_or_404(Area, area_id)
    return area


@bp.route("/areas/<int:area_id>/feedback")
@cached_page(*CACHED)
def area_overview(area_id: int):
    """ "Sie sagten – wir tun" for one area (its measures and those of its processes)."""
    area = _public_area(area_id)
    return _overview({"process": None, "area": area}, area=area)


def _public_measure(measure_id: int) -> Measure:
    measure = load_public_measure(measure_id)
    if measure is None or not is_public(measure):
        abort(404)
    return measure


@bp.route("/measures/<int:measure_id>")
@cached_page(*CACHED)
def measure_page(measure_id: int):
    """Traceability: status history, decisions, milestones, goals, origin, every contribution."""
    measure = _public_measure(measure_id)
    rows, total = measure_contributions(measure, page_arg())
    return render(
        "measures/public/measure.html",
        measure=measure,
        rows=rows,
        total=total,
        page=page_arg(),
        pages=max(1, -(-total // 100)),
        themes=measure_themes(measure),
        processes=public_processes_of(measure),
        source=source_label(measure),
        source_text=_source_text(measure),
        reviews=[
            (item, meeting)
            for item, meeting in agenda_items_of(measure)
            if meeting.visibility == "public"
        ],
    )


def _source_text(measure) -> str:
    """The meeting text behind a measure, unless its body keeps minutes confidential."""
    decision = measure.meeting_decision
    if decision is not None:
        body = decision.meeting.body
        if body.minutes_confidential and not decision.publish_separately:
            return ""
        # taken in the non-public part of a meeting: internal unless published explicitly
        closed = decision.agenda_item is not None and not decision.agenda_item.public
        if closed and not decision.publish_separately:
            return ""
        return decision.text
    for obj in (measure.action_item, measure.needs_statement):
        if obj is not None:
            return "" if obj.meeting.body.minutes_confidential else obj.text
    return ""


def _features(stmt) -> dict:
    rows = db.session.execute(
        stmt.with_only_columns(
            Measure.id, Measure.title, Measure.status, Measure.geometry, Measure.quick_win
        ).where(Measure.geometry.is_not(None))
    ).all()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "id": mid,
                    "title": title,
                    "status": status,
                    "status_label": str(MEASURE_STATUSES[status]),
                    "quick_win": quick_win,
                    "url": url_for("measures.measure_page", measure_id=mid),
                },
            }
            for mid, title, status, geometry, quick_win in rows
        ],
    }


@bp.route("/processes/<slug>/measures.geojson")
@cached_page(*CACHED)
def process_geojson(slug: str):
    """Measures layer of a process map (beside the pins)."""
    process = get_public_process_or_404(slug)
    response = current_app.json.response(_features(measures_stmt(process)))
    response.mimetype = "application/geo+json"
    return response


@bp.route("/areas/<int:area_id>/measures.geojson")
@cached_page(*CACHED)
def area_geojson(area_id: int):
    """Measures layer of an area map."""
    area = _public_area(area_id)
    response = current_app.json.response(_features(measures_stmt(area=area)))
    response.mimetype = "application/geo+json"
    return response


def _feed(title: str, self_url: str, page_url: str, stmt):
    measure_ids = select(Measure.id).where(Measure.id.in_(stmt.with_only_columns(Measure.id)))
    entries = db.session.execute(
        select(MeasureStatusChange, Measure)
        .join(Measure, Measure.id == MeasureStatusChange.measure_id)
        .where(MeasureStatusChange.measure_id.in_(measure_ids))
        .order_by(MeasureStatusChange.created_at.desc(), MeasureStatusChange.id.desc())
        .limit(FEED_SIZE)
        # entries show title, status and description: not the measure's processes, areas, goals
        .options(lazyload(Measure.processes), lazyload(Measure.areas), lazyload(Measure.goals))
    ).all()
    body = render_template(
        "measures/public/feed.xml",
        title=title,
        self_url=self_url,
        page_url=page_url,
        entries=entries,
        updated=entries[0][0].created_at if entries else None,
    )
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


@bp.route("/processes/<slug>/measures.atom")
@cached_page(*CACHED)
def process_feed(slug: str):
    """Atom feed of measure updates of a process."""
    process = get_public_process_or_404(slug)
    return _feed(
        _("Measures: %(title)s", title=process.title_text),
        url_for(".process_feed", slug=slug, _external=True),
        url_for(".process_overview", slug=slug, _external=True),
        measures_stmt(process),
    )


@bp.route("/areas/<int:area_id>/measures.atom")
@cached_page(*CACHED)
def area_feed(area_id: int):
    """Atom feed of measure updates in an area."""
    area = _public_area(area_id)
    return _feed(
        _("Measures: %(title)s", title=area.name),
        url_for(".area_feed", area_id=area_id, _external=True),
        url_for(".area_overview", area_id=area_id, _external=True),
        measures_stmt(area=area),
    )


@bp.route("/feedback/unsubscribe/<key>", methods=["GET", "POST"])
def unsubscribe(key: str):
    """Stop the digest e-mails without logging in (a button, so link previews change nothing)."""
    if len(key) != 64:
        abort(404)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        removed = notify.unsubscribe(key)
        if removed < 0:
            abort(404)
        db.session.commit()
        flash(_("You will get no more e-mails from us. Your address has been deleted."), "success")
        return redirect_after_post("measures.unsubscribe", key=key, done=1)
    from flask import request

    response = make_response(
        render("measures/public/unsubscribe.html", form=form, done=request.args.get("done") == "1")
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
