"""Every GET page of the app as concrete URLs, with ids taken from the (demo) database.

Used by the untranslated-string sweep (``tests/test_i18n_sweep.py``) and the axe sweep
(``tests/browser/test_sweep.py``). Routes come from ``app.url_map``, so a new page is swept
without touching the tests; an argument this module cannot fill makes :func:`page_urls` list the
route in ``unfilled`` (the sweeps fail on it) instead of silently skipping the page.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from participation.extensions import db

#: Endpoints that are not pages (switch language, health check, static files, test helpers;
#: a redirect that needs a ``?process=`` choice from a form; image files of use reports).
NOT_PAGES = {
    "static",
    "core.set_language",
    "core.healthz",
    "stakeholders.assess_redirect",
    "budgets.report_photo",
}
#: Probes for load balancers and monitoring, not pages.
NOT_PAGE_PATHS = ("/healthz", "/readyz", "/livez", "/metrics")
#: Suffixes of URLs that return data, not HTML.
DATA_SUFFIXES = (
    ".json",
    ".geojson",
    ".csv",
    ".pdf",
    ".ics",
    ".png",
    "/photo",
    ".txt",
    ".xml",
    ".atom",
    ".rss",
)
#: Path prefixes that answer with data (JSON, GeoJSON, CSV, PDF), not HTML: OParl and the open-data
#: API (their own tests in tests/api/ crawl them; the open-data page itself is swept).
DATA_PREFIXES = ("/oparl", "/api/")
#: How many rows per argument are tried (one is enough to render a template; two catch
#: differences such as a closed vs. a running process).
PER_ARG = 2


@dataclass
class Pages:
    """URLs found, and the routes that could not be filled, by reason.

    ``unfilled``: an argument of a kind this module does not know (the sweeps fail: teach
    ``_values`` about it); ``no_data``: the demo has no row for it yet (the sweeps warn);
    ``signed``: personal links from e-mails (``<token>``, ``<key>``) other than the tracking link,
    which need the package's own signing (the sweeps warn).
    """

    urls: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)
    signed: list[str] = field(default_factory=list)


def _table_for(arg: str) -> sa.Table | None:
    """The table an ``<int:x_id>`` argument points to: ``xs`` or ``<prefix>_xs``."""
    name = arg.removesuffix("_id")
    tables = db.metadata.tables
    irregular = f"{name[:-1]}ies" if name.endswith("y") else f"{name}s"
    if name.endswith("ion") and name.startswith("criter"):
        irregular = "criteria"  # Greek plural: ``budget_criteria``
    for candidate in (f"{name}s", f"{name}es", irregular):
        if candidate in tables:
            return tables[candidate]
    for table in tables.values():
        if table.name.endswith((f"_{name}s", f"_{irregular}")):
            return table
    return None


def _slug_table(rule: str) -> sa.Table | None:
    """For ``/meetings/bodies/<slug>``: the table named by the segment before ``<slug>``."""
    before = rule.split("<slug>")[0].rstrip("/").rsplit("/", 1)[-1]
    table = db.metadata.tables.get(before)
    if table is not None and "slug" in table.c and before != "processes":
        return table
    return None


def _values(arg: str, bound: dict, staff: bool, rule: str = "") -> list:
    """Candidate values for one argument, consistent with the arguments already chosen."""
    from participation.processes.models import Process

    if arg == "slug" and _slug_table(rule) is not None:
        table = _slug_table(rule)
        return list(db.session.scalars(sa.select(table.c.slug).order_by(table.c.id).limit(PER_ARG)))
    if arg == "slug":
        query = sa.select(Process.slug).order_by(Process.id)
        if not staff:
            query = query.where(Process.status != "draft")
        return list(db.session.scalars(query.limit(PER_ARG + 1)))
    if arg == "token" and rule.startswith("/track/"):
        from participation.contributions.models import Contribution
        from participation.contributions.tokens import tracking_token

        rows = db.session.scalars(
            sa.select(Contribution).where(Contribution.tracking_hash.is_not(None)).limit(1)
        )
        return [tracking_token(c) for c in rows]
    table = _table_for(arg) if arg.endswith("_id") else None
    if table is None or "id" not in table.c:
        return []
    query = sa.select(table.c.id).order_by(table.c.id)
    if "value_text" in table.c and "question_id" in table.c and "survey_id" in bound:
        # a free-text answer of that survey (the promote page)
        questions = db.metadata.tables["survey_questions"]
        query = query.where(
            table.c.value_text.is_not(None),
            table.c.question_id.in_(
                sa.select(questions.c.id).where(questions.c.survey_id == bound["survey_id"])
            ),
        )
    for other, value in bound.items():
        if other == "slug" and "process_id" in table.c and _slug_table(rule) is None:
            pid = db.session.scalar(sa.select(Process.id).where(Process.slug == value))
            query = query.where(table.c.process_id == pid)
        elif other.endswith("_id") and other in table.c:
            query = query.where(table.c[other] == value)
    if not staff and arg == "contribution_id" and "visibility" in table.c:
        query = query.where(table.c.visibility == "visible")
    return list(db.session.scalars(query.limit(PER_ARG)))


def _signed_links() -> dict[str, list[dict]]:
    """Argument sets for personal links from e-mails, made with each package's own signing.

    Residents open these from an invitation or a digest (RSVP, date poll, minutes for members,
    unsubscribe), so they are swept like every other public page.
    """
    links: dict[str, list[dict]] = {}
    try:
        from participation.meetings.models import Invitation, Meeting, Membership, PollParticipant
        from participation.meetings.tokens import feed_token, poll_token, rsvp_token
    except ImportError:
        pass
    else:
        invitation = db.session.scalar(sa.select(Invitation).order_by(Invitation.id).limit(1))
        links["meetings.rsvp"] = (
            [{"invitation_id": invitation.id, "token": rsvp_token(invitation)}]
            if invitation
            else []
        )
        person = db.session.scalar(sa.select(PollParticipant).order_by(PollParticipant.id))
        links["meetings.poll_answer"] = (
            [{"participant_id": person.id, "token": poll_token(person)}] if person else []
        )
        links["meetings.member_minutes"] = []
        meeting = db.session.scalar(
            sa.select(Meeting).where(Meeting.minutes_status == "published").order_by(Meeting.id)
        )
        member = meeting and db.session.scalar(
            sa.select(Membership).where(Membership.body_id == meeting.body_id).limit(1)
        )
        if member:
            links["meetings.member_minutes"] = [
                {"meeting_id": meeting.id, "membership_id": member.id, "token": feed_token(member)}
            ]
        from participation.meetings.models import Registration
        from participation.meetings.tokens import registration_token

        regs = db.session.scalars(sa.select(Registration).order_by(Registration.id).limit(1))
        links["meetings.registration_cancel"] = [
            {"registration_id": r.id, "token": registration_token(r)} for r in regs
        ]
    try:
        from participation.budgets.links import token_for
        from participation.budgets.models import Application
    except ImportError:
        pass
    else:
        # one application per state, so the tracking page is swept in each of its variants
        apps = db.session.scalars(sa.select(Application).order_by(Application.id)).all()
        by_state = {a.status: a for a in reversed(apps) if a.token_salt}
        tokens = [{"token": token_for(a)} for a in by_state.values()]
        links["budgets.track"] = tokens
        links["budgets.track_withdraw"] = tokens[:1]
    try:
        from participation.measures.models.notify import MeasureNotification
    except ImportError:
        pass
    else:
        key = db.session.scalar(
            sa.select(MeasureNotification.email_key)
            .where(MeasureNotification.email_key.is_not(None))
            .limit(1)
        )
        links["measures.unsubscribe"] = [{"key": key}] if key else []
    return links


def _order(arguments) -> list[str]:
    """Parents first (``slug``, ``process_id``, ``survey_id``) so children can follow them."""
    parents = ("slug", "process_id", "survey_id", "body_id", "meeting_id")
    return sorted(arguments, key=lambda a: (parents.index(a) if a in parents else 99, a))


def page_urls(app, *, staff: bool = False) -> Pages:
    """Concrete URLs of every HTML GET route; ``staff=False`` leaves out ``/manage/`` pages.

    Must run inside an app context. Public pages are all routes outside ``/manage/``; whether one
    needs a login is for the caller to see (a redirect to the login page).
    """
    pages = Pages()
    signed = _signed_links()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        if rule.rule in NOT_PAGE_PATHS:
            continue
        if rule.endpoint.startswith("__test__") or rule.rule.startswith("/__test__"):
            continue
        if rule.rule.endswith(DATA_SUFFIXES) or rule.rule.split("<")[0].endswith(DATA_SUFFIXES):
            continue
        if rule.rule.startswith(DATA_PREFIXES):
            continue
        if rule.rule.startswith("/manage") != staff:
            continue
        if rule.endpoint in signed:
            if not signed[rule.endpoint]:
                pages.no_data.append(rule.rule)
                continue
            with app.test_request_context():
                from flask import url_for

                pages.urls += [url_for(rule.endpoint, **v) for v in signed[rule.endpoint]]
            continue
        assignments = [{}]
        for arg in _order(rule.arguments):
            grown = []
            for bound in assignments:
                grown += [{**bound, arg: v} for v in _values(arg, bound, staff, rule.rule)]
            assignments = grown[: PER_ARG * 2]
        if not assignments:
            if set(rule.arguments) & {"token", "key"}:
                pages.signed.append(rule.rule)
            elif all(a == "slug" or _table_for(a) is not None for a in rule.arguments):
                pages.no_data.append(rule.rule)
            else:
                pages.unfilled.append(rule.rule)
            continue
        with app.test_request_context():
            from flask import url_for

            for values in assignments:
                url = url_for(rule.endpoint, **values)
                if url not in pages.urls:
                    pages.urls.append(url)
    return pages


def shape(url: str) -> str:
    """The route a URL belongs to: ``/surveys/1`` and ``/surveys/2`` both give ``/surveys/N``."""
    path = re.sub(r"/\d+", "/N", url.split("?")[0])
    return re.sub(r"/(processes|bodies)/[^/]+", r"/\1/S", path)


def by_route(urls: list[str]) -> dict[str, list[str]]:
    """URLs grouped by :func:`shape`, in order: a page counts as checked when one of them renders
    (the others may be legitimately hidden, e.g. a confidential meeting answers 404)."""
    groups: dict[str, list[str]] = {}
    for url in urls:
        groups.setdefault(shape(url), []).append(url)
    return groups
