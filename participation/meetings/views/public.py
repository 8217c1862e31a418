"""Public pages: body page, meeting page with registration, calendar files and feeds, agenda PDF.

Feeds answer ``If-None-Match`` with 304 when nothing changed: the ETag is derived from the
``meetings`` content version (bumped by every write of this package) and the feed's own rows.
"""

import hashlib

from flask import Response, abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from participation.areas.models import Area
from participation.core.cache import cached_page, fresh_token
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.extensions import db, limiter
from participation.meetings import ical, pdf, queries, services
from participation.meetings.models import Body, Meeting
from participation.meetings.public_forms import RegistrationForm
from participation.meetings.views import bp


def rsvp_limit() -> str:
    """Rate limit of RSVP, poll and registration posts (per client address)."""
    return current_app.config.get("MEETINGS_RSVP_RATE_LIMIT", "20 per minute")


def webcal(url: str) -> str:
    """``webcal://`` form of an absolute http(s) feed URL (calendar apps subscribe to it)."""
    return "webcal://" + url.split("://", 1)[-1]


def _abs(endpoint: str, **values) -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/") + url_for(endpoint, **values)


def _content_version() -> str:
    try:
        from participation.core.cache import versions
    except ImportError:  # pragma: no cover
        return ""
    return ":".join(map(str, versions("meetings")))


def feed_response(name: str, stmt_ids, filename: str) -> Response:
    """A calendar feed with ETag/304 (the ETag is computed before the feed is built)."""
    meta = db.session.execute(
        select(func.count(Meeting.id), func.max(Meeting.updated_at)).where(Meeting.id.in_(stmt_ids))
    ).one()
    etag = hashlib.sha256(f"{name}|{meta[0]}|{meta[1]}|{_content_version()}".encode()).hexdigest()[
        :32
    ]
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        return response

    def build() -> bytes:
        meetings = db.session.scalars(
            select(Meeting)
            .where(Meeting.id.in_(stmt_ids))
            # events name the body and link to it: not its areas and processes
            .options(selectinload(Meeting.agenda_items), *queries.plain_body_of_meeting())
            .order_by(Meeting.starts_at)
        ).all()
        return ical.feed_ics(name, meetings)

    # shared cache keyed on the ETag (itself derived from the content version): building 500
    # events with icalendar takes about a second, serving the stored file a few milliseconds
    body = _cached(("meetings-feed", etag), build)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    response.set_etag(etag)
    return response


def _cached(key, build):
    try:
        from participation.core.cache import cached_fragment
    except ImportError:  # pragma: no cover
        return build()
    return cached_fragment(key, ("meetings",), build)


def _public_ids(body_ids):
    return (
        select(Meeting.id)
        .where(
            Meeting.body_id.in_(body_ids),
            Meeting.visibility == "public",
            Meeting.starts_at.is_not(None),
        )
        .scalar_subquery()
    )


@bp.route("/meetings/bodies/<slug>")
# Upcoming/past split on the clock and members' names (user rows bump nothing): a short TTL.
@cached_page("meetings", "areas", "processes", ttl=60)
def public_body(slug: str):
    """A body's public page: rules, members, upcoming public meetings, decisions, feed links."""
    body = db.session.scalars(queries.public_body_stmt(slug)).unique().first()
    if body is None:
        abort(404)
    meetings = db.session.scalars(queries.public_meetings_of_bodies([body.id])).all()
    decided = queries.decisions_by_meeting(meetings)  # one query for all past meetings
    feed = _abs("meetings.body_feed", slug=body.slug)
    return render(
        "meetings/body.html",
        body=body,
        members=body.current_memberships(),
        upcoming=[m for m in meetings if m.status != "cancelled" and m.ends_at >= _now()],
        past=[m for m in reversed(meetings) if m.ends_at < _now()],
        decisions={m.id: services.decisions_public(m, decided.get(m.id)) for m in meetings},
        feed_url=feed,
        webcal_url=webcal(feed),
        lotteries=[lot for lot in queries.lotteries_of(body)],
    )


def _now():
    from participation.core.db import utcnow

    return utcnow()


@bp.route("/meetings/bodies/<slug>/feed.ics")
def body_feed(slug: str):
    """Public calendar feed of a body."""
    body = db.first_or_404(
        select(Body).where(Body.slug == slug).options(*queries.plain_body_options())
    )
    return feed_response(body.name, _public_ids([body.id]), f"{body.slug}.ics")


@bp.route("/meetings/areas/<int:area_id>/feed.ics")
def area_feed(area_id: int):
    """Public calendar feed of an area: meetings of every body in it (sub-areas included)."""
    area = db.get_or_404(Area, area_id)
    name = _("Meetings in %(area)s", area=area.name)
    return feed_response(name, _public_ids(queries.bodies_in_area(area)), f"gebiet-{area.code}.ics")


def _public_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.scalars(queries.public_meeting_stmt(meeting_id)).first()
    if meeting is None or not meeting.is_public:
        abort(404)
    return meeting


def _meeting_page(meeting: Meeting, form: RegistrationForm, status: int = 200):
    ics = _abs("meetings.meeting_ics", meeting_id=meeting.id)
    taken = services.seats_taken(meeting)
    return render(
        "meetings/meeting.html",
        meeting=meeting,
        body=meeting.body,
        form=form,
        seats_taken=taken,
        seats_left=None if meeting.capacity is None else max(meeting.capacity - taken, 0),
        ics_url=ics,
        feed_url=_abs("meetings.body_feed", slug=meeting.body.slug),
        webcal_url=webcal(_abs("meetings.body_feed", slug=meeting.body.slug)),
        minutes_public=services.minutes_public(meeting),
        decisions=services.decisions_public(
            meeting, queries.decisions_by_meeting([meeting]).get(meeting.id)
        ),
        actions=services.public_action_items(meeting),
        attendance=_attendance_summary(meeting),
        status=status,
    )


def _attendance_summary(meeting: Meeting) -> dict | None:
    if meeting.minutes_status != "published":
        return None
    rows = services.attendance_rows(meeting)
    counts: dict[str, int] = {}
    for row in rows.values():
        counts[row.status] = counts.get(row.status, 0) + 1
    return {"counts": counts, "public": meeting.public_attendees}


@bp.route("/meetings/<int:meeting_id>")
# Seats left and "registration open" follow registrations (bumped) and the clock: a short TTL.
@cached_page("meetings", "areas", "processes", ttl=60)
def public_meeting(meeting_id: int):
    """The public page of a meeting: facts, access, agenda, registration; minutes once public."""
    meeting = _public_meeting(meeting_id)
    form = RegistrationForm()
    form.idempotency_key.data = fresh_token()  # a new key per visitor, also from the cache
    return _meeting_page(meeting, form)


@bp.route("/meetings/<int:meeting_id>/register", methods=["POST"])
@limiter.limit(rsvp_limit)
def register(meeting_id: int):
    """A resident registers (no account); past capacity on the wait list."""
    meeting = _public_meeting(meeting_id)
    form = RegistrationForm()
    if not form.validate():
        return _meeting_page(meeting, form, 422)
    try:
        registration = services.register(
            meeting,
            name=form.name.data,
            email=form.email.data or "",
            persons=form.persons.data or 1,
            accessibility_needs=form.accessibility_needs.data or "",
            idempotency_key=form.idempotency_key.data,
        )
        db.session.commit()
    except ServiceError as exc:
        handle(exc, form)
        return _meeting_page(_public_meeting(meeting_id), form, 422)
    if registration.status == "waitlist":
        flash(_("The meeting is fully booked. You are on the wait list."), "warning")
    else:
        flash(_("Thank you, you are registered. We look forward to seeing you!"), "success")
    return redirect_after_post("meetings.public_meeting", meeting_id=meeting_id, _anchor="register")


@bp.route("/meetings/<int:meeting_id>/meeting.ics")
def meeting_ics(meeting_id: int):
    """The meeting as a calendar file to download."""
    meeting = _public_meeting(meeting_id)
    response = Response(ical.meeting_ics(meeting), mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.id}.ics"'
    return response


@bp.route("/meetings/<int:meeting_id>/agenda.pdf")
def agenda_pdf(meeting_id: int):
    """Agenda of a public meeting as PDF."""
    meeting = _public_meeting(meeting_id)
    response = Response(pdf.agenda_pdf(meeting), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="tagesordnung-{meeting.id}.pdf"'
    return response
