"""The hot path of a resident's pin or idea: the process read from the shared cache, not the ORM.

Every submission used to load the process with its areas and categories as ORM objects (three
queries and their objects) to check a point and a category id. Those change only with an edit
of the process or an area import, so :func:`form_process` keeps what the submission needs as
plain values in the shared cache, keyed on the ``processes`` and ``areas`` content versions (a
change is seen by every worker on its next request). :func:`submit` handles the common case — a
published process, a valid form, no photo — and returns None for everything else, which then
goes the full way of the view (it renders the right page and message).
"""

from dataclasses import dataclass

from flask import current_app, g, redirect, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.areas.models import Area
from participation.core import cache
from participation.core.cache import guard
from participation.core.errors import ServiceError
from participation.core.params import parse_int
from participation.extensions import db
from participation.processes.models import Category, Process, process_areas


@dataclass(frozen=True)
class FormArea:
    """A process area: what locating a pin and the "outside" message need."""

    id: int
    name: str
    path: str
    level_id: int


@dataclass(frozen=True)
class FormCategory:
    """A category: id and process (the submission stores only the id)."""

    id: int
    process_id: int


@dataclass(frozen=True)
class FormProcess:
    """What storing a contribution reads of its process (the same names as ``Process``)."""

    id: int
    slug: str
    status: str
    tools: tuple[str, ...]
    moderation: str
    areas: tuple[FormArea, ...]
    categories: tuple[FormCategory, ...]

    is_public = Process.__dict__["is_public"]
    uses = Process.__dict__["uses"]


def _load(slug: str) -> FormProcess | None:
    row = db.session.execute(
        select(Process.id, Process.status, Process.tools, Process.moderation).where(
            Process.slug == slug
        )
    ).first()
    if row is None:
        return None
    areas = tuple(
        FormArea(*area)
        for area in db.session.execute(
            select(Area.id, Area.name, Area.path, Area.level_id)
            .join(process_areas, process_areas.c.area_id == Area.id)
            .where(process_areas.c.process_id == row.id)
            .order_by(Area.name)
        )
    )
    categories = tuple(
        FormCategory(*category)
        for category in db.session.execute(
            select(Category.id, Category.process_id)
            .where(Category.process_id == row.id)
            .order_by(Category.position, Category.id)
        )
    )
    return FormProcess(
        row.id, slug, row.status, tuple(row.tools or ()), row.moderation, areas, categories
    )


#: What a submission's process depends on: the versions of its shared-cache entry.
NAMES = ("processes", "areas")
#: ``{(database, slug): (versions, FormProcess)}``: the process as this worker read it last.
_RECENT: dict[tuple[str, str], tuple[tuple[int, ...], FormProcess]] = {}
_RECENT_MAX = 512


def form_process(slug: str) -> FormProcess | None:
    """The process behind *slug* as plain values, from the shared cache (None: no such slug)."""
    seen = cache.versions(*NAMES)  # read first: the entry below is keyed on these (memoised)
    process = cache.cached_fragment(("contribute-process", slug), NAMES, lambda: _load(slug))
    if process is not None:
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.clear()  # (a bound, not an LRU: a worker serves a handful of processes)
        _RECENT[(str(db.engine.url), slug)] = (seen, process)
    return process


def recent_process(slug: str) -> tuple[FormProcess, guard.Expect] | None:
    """The process as this worker read it last and the versions it was read at — NOT checked.

    No query: for a write that checks the versions itself (``fastwrite.store_pin`` with
    *expect*) and raises :class:`guard.Stale` when one has moved; the caller then reads the
    process again with :func:`form_process`. None when this worker has not read it yet.
    """
    found = _RECENT.get((str(db.engine.url), slug))
    return (found[1], (NAMES, found[0])) if found is not None else None


def form_fields(form, category) -> dict:
    """The ``create_contribution`` arguments of a resident's pin/idea form (both submit paths)."""
    has_point = bool(form.lon.data and form.lat.data)
    area_id = parse_int(form.area.data)
    return {
        "kind": "pin" if has_point else "idea",
        "channel": "online",
        "title": form.title.data,
        "body": form.body.data or "",
        "category": category,
        "lon": form.lon.data if has_point else None,
        "lat": form.lat.data if has_point else None,
        "area": db.session.get(Area, area_id) if area_id else None,
        "email": form.email.data,
        "consent": form.consent.data,
        "idempotency_key": form.idempotency_key.data,
    }


@dataclass
class _Field:
    """A form field's value under the name WTForms gives it (``form.title.data``)."""

    data: object


class PlainPin:
    """The fields of a plain pin as :class:`ContributionForm` would hold them after parsing."""

    def __init__(self, values, category: int):
        for name in ("title", "body", "lon", "lat", "area", "email", "leave_empty", "started"):
            setattr(self, name, _Field(values.get(name, "")))
        self.idempotency_key = _Field(values.get("idempotency_key"))
        self.category = _Field(category)
        self.consent = _Field(False)  # only read with an e-mail address, which a plain pin lacks


def plain_pin(values, process: FormProcess) -> PlainPin | None:
    """The form's fields without building the WTForms form, when it would certainly validate.

    Building and validating :class:`ContributionForm` (eleven fields bound, processed and
    validated) was a sizeable part of a pin's CPU. A plain pin — a point, no e-mail address, no
    area chosen from the list — with a category of the process, a title of 3 to ``TITLE_MAX``
    characters (3 without the blanks around it) and a text of at most ``BODY_MAX`` is valid for
    the form's validators too (``tests/contributions/test_contrib_plain_pin.py`` compares both
    on edge cases); anything else returns None and the form decides, with its messages.
    """
    from participation.contributions.models import BODY_MAX, TITLE_MAX

    get = values.get
    if get("email") or get("area") or not (get("lon") and get("lat")):
        return None
    try:
        category = int(get("category", ""))  # the form's RadioField(coerce=int)
    except ValueError:
        return None
    if not any(c.id == category for c in process.categories):
        return None
    title, body = get("title", ""), get("body", "")
    if len(title.strip()) < 3 or len(title) > TITLE_MAX or len(body) > BODY_MAX:
        return None
    return PlainPin(values, category)


def submit(slug: str):
    """Store a resident's pin or idea from a complete form; None when the full way must answer.

    The form is first checked against the process as this worker read it last, without reading
    its versions: the write stores nothing unless they are still current (PostgreSQL: inside its
    one statement — a plain pin is one round trip). If that copy refuses the form or one of its
    versions has moved (an edit, an area import, on any worker), the form is decided again
    against the current process, which also renews this worker's copy — so a copy that says
    "closed" or lacks a new category never outlives the change.
    """
    found = recent_process(slug)
    if found is not None:
        try:
            answer = _store(*found)
        except guard.Stale:  # nothing was stored
            answer = None
        if answer is not None:
            return answer
    return _store(form_process(slug), None)


def _store(process: FormProcess | None, expect: guard.Expect):
    """:func:`submit` against *process*, read at the versions *expect* (None: current)."""
    from participation.contributions import fastwrite, services
    from participation.contributions.forms import ContributionForm
    from participation.contributions.views.public import _spam_notice

    if process is None or process.status != "published":
        return None
    if not (process.uses("pins") or process.uses("ideas")) or request.files.get("photo"):
        return None
    # CSRFProtect has checked the token before the view (g.csrf_valid): the form's own CSRF field
    # would only sign a new token for a page this answer never renders (a 303 or the full way).
    # (with CSRF switched off in the configuration, neither the form nor CSRFProtect checks it)
    csrf_checked = g.get("csrf_valid") or not current_app.config.get("WTF_CSRF_ENABLED", True)
    form = plain_pin(request.form, process) if csrf_checked else None
    if form is None:
        form = ContributionForm(meta={"csrf": False}) if g.get("csrf_valid") else ContributionForm()
        form.category.choices = [(c.id, "") for c in process.categories]
        if not form.validate():
            return None
    if _spam_notice(form):
        return None
    category = next(c for c in process.categories if c.id == form.category.data)
    fields = form_fields(form, category)
    try:
        if fields["kind"] == "pin" and not fields["email"]:
            # the plain pin: Core statements, the write lock held only for them (fastwrite.py)
            token, duplicate = fastwrite.store_pin(
                process,
                title=fields["title"],
                body=fields["body"],
                category=category,
                lon=fields["lon"],
                lat=fields["lat"],
                idempotency_key=fields["idempotency_key"],
                expect=expect,
            )
        else:
            if expect is not None and not guard.session_current(expect):
                raise guard.Stale()  # the process moved: decide against the current one
            contribution = services.create_contribution(process, **fields)
            token, duplicate = contribution.tracking_token, contribution.duplicate
    except ServiceError:
        db.session.rollback()
        return None
    # fastwrite usually committed the pin in a transaction of its own: nothing left to commit
    if not duplicate and db.session.registry.has() and db.session().in_transaction():
        try:
            db.session.commit()
        except IntegrityError:  # the same form sent twice at the same moment: the full way
            db.session.rollback()
            return None
    return redirect(url_for("contributions.track", token=token, new=1), 303)
