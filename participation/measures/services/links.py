"""Linking contributions and themes to measures (one or thousands at once) and themes.

A link says "taken up in measure X" with a short public rationale and who linked it; it does not
mean the measure was adopted. A theme bundles similar contributions without losing any of them:
linking or answering the theme links or answers every member, and members added later inherit it.
"""

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from participation.contributions.models import Contribution
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import (
    OPEN_VISIBILITIES,
    ContributionLink,
    Measure,
    Theme,
    ThemeLink,
    ThemeMember,
)
from participation.measures.services.common import bump_public, clean
from participation.measures.services.outcomes import (
    answer_contributions,
    chunks,
    follow_measures,
    set_explicit,
)


def _rationale(text: str | None) -> str:
    text = clean(text, "rationale", 1000)
    if len(text) < 5:
        raise ServiceError(
            _("Please write a short public rationale: why does this belong to the measure?"),
            "rationale",
        )
    return text


def link_contributions(
    measure: Measure,
    contribution_ids: Sequence[int],
    rationale: str,
    user,
    *,
    via_theme: Theme | None = None,
) -> int:
    """Link contributions to *measure*; returns how many new links were made.

    Hidden contributions are left out. A hand-set outcome is released: linking is a deliberate
    act, so the contribution follows the measure from now on.
    """
    rationale = _rationale(rationale)
    ids = list(dict.fromkeys(int(i) for i in contribution_ids))
    new: list[int] = []
    for part in chunks(ids):
        visible = set(
            db.session.scalars(
                select(Contribution.id).where(
                    Contribution.id.in_(part), Contribution.visibility.in_(OPEN_VISIBILITIES)
                )
            )
        )
        existing = set(
            db.session.scalars(
                select(ContributionLink.contribution_id).where(
                    ContributionLink.measure_id == measure.id,
                    ContributionLink.contribution_id.in_(part),
                )
            )
        )
        new += [i for i in part if i in visible and i not in existing]
    if not new:
        return 0
    now = utcnow()
    db.session.execute(
        insert(ContributionLink),
        [
            {
                "contribution_id": cid,
                "measure_id": measure.id,
                "rationale": rationale,
                "via_theme_id": getattr(via_theme, "id", None),
                "linked_by_id": getattr(user, "id", None),
                "created_at": now,
            }
            for cid in new
        ],
    )
    measure.updated_at = now
    log_action(
        "measure.link", measure, user=user, count=len(new), ids=new[:200], rationale=rationale
    )
    set_explicit(new, False, create=False)
    follow_measures(new, user)
    bump_public()
    return len(new)


def unlink_contribution(link: ContributionLink, user) -> None:
    """Remove one link; the contribution's outcome follows its remaining measures."""
    cid = link.contribution_id
    log_action("measure.unlink", link.measure, user=user, contribution=cid)
    link.measure.updated_at = utcnow()
    db.session.delete(link)
    db.session.flush()
    follow_measures([cid], user)
    bump_public()


# --- themes --------------------------------------------------------------------------------------


def create_theme(process, user, title: str, description: str = "", contribution_ids=()) -> Theme:
    """Bundle contributions of *process* under a name (none of them is lost or merged)."""
    title = clean(title, "title", 200)
    if len(title) < 3:
        raise ServiceError(_("Please give the theme a name."), "title")
    theme = Theme(
        process_id=process.id,
        process=process,
        title=title,
        description=clean(description, "description"),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(theme)
    db.session.flush()
    log_action("theme.create", theme, user=user, title=title)
    if contribution_ids:
        add_to_theme(theme, contribution_ids, user)
    bump_public()
    return theme


def add_to_theme(theme: Theme, contribution_ids: Sequence[int], user) -> int:
    """Add contributions of the theme's process that are in no theme yet; they inherit its links
    and, when the theme was answered by hand, its answer. Returns how many were added."""
    ids = list(dict.fromkeys(int(i) for i in contribution_ids))
    new: list[int] = []
    for part in chunks(ids):
        taken = set(
            db.session.scalars(
                select(ThemeMember.contribution_id).where(ThemeMember.contribution_id.in_(part))
            )
        )
        candidates = db.session.scalars(
            select(Contribution.id).where(
                Contribution.id.in_(part),
                Contribution.process_id == theme.process_id,
                Contribution.visibility.in_(OPEN_VISIBILITIES),
            )
        )
        new += [i for i in candidates if i not in taken]
    if not new:
        return 0
    now = utcnow()
    db.session.execute(
        insert(ThemeMember),
        [
            {
                "theme_id": theme.id,
                "contribution_id": cid,
                "added_by_id": getattr(user, "id", None),
                "added_at": now,
            }
            for cid in new
        ],
    )
    log_action("theme.add", theme, user=user, count=len(new), ids=new[:200])
    for link in theme.links:
        link_contributions(link.measure, new, link.rationale, user, via_theme=theme)
    if not theme.links and theme.status != "received":
        answer_contributions(new, theme.status, theme.status_reason, user, source="theme")
    db.session.expire(theme, ["members"])
    bump_public()
    return len(new)


def remove_from_theme(theme: Theme, contribution_id: int, user) -> None:
    """Take a contribution out of a theme; the links it got through the theme go with it."""
    db.session.execute(
        delete(ThemeMember).where(
            ThemeMember.theme_id == theme.id, ThemeMember.contribution_id == contribution_id
        )
    )
    db.session.execute(
        delete(ContributionLink).where(
            ContributionLink.contribution_id == contribution_id,
            ContributionLink.via_theme_id == theme.id,
        )
    )
    log_action("theme.remove", theme, user=user, contribution=contribution_id)
    follow_measures([contribution_id], user)
    db.session.expire(theme, ["members"])
    bump_public()


def link_theme(theme: Theme, measure: Measure, rationale: str, user) -> int:
    """Link a theme (and so every member) to a measure; returns the number of new member links."""
    rationale = _rationale(rationale)
    if any(link.measure_id == measure.id for link in theme.links):
        raise ServiceError(_("This theme is linked to that measure already."), "measure")
    db.session.add(
        ThemeLink(
            theme=theme,
            measure_id=measure.id,
            measure=measure,
            rationale=rationale,
            linked_by_id=getattr(user, "id", None),
        )
    )
    db.session.flush()
    log_action("theme.link", theme, user=user, measure=measure.id)
    member_ids = [m.contribution_id for m in theme.members]
    return link_contributions(measure, member_ids, rationale, user, via_theme=theme)


def answer_theme(theme: Theme, status: str, reason: str, user) -> int:
    """Answer a theme like one contribution: every member gets the same answer."""
    from participation.measures.services.outcomes import check_reason

    theme.status, theme.status_reason = status, check_reason(status, reason)
    log_action("theme.answer", theme, user=user, status=status, reason=theme.status_reason)
    member_ids = [m.contribution_id for m in theme.members]
    return answer_contributions(member_ids, status, theme.status_reason, user, source="theme")
