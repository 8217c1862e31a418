"""Data subject requests (GDPR Art. 15 and 17): export or erase everything about one person.

One e-mail address finds a resident who left it with contributions, a lottery applicant, a
survey invitation labelled with it, the outbox copies of messages to it, and a staff account; an
actor id finds a stakeholder registry entry (:mod:`participation.stakeholders.privacy`). Erasing is
pseudonymising: rows that other records or statistics rely on stay, the personal data goes, and
every export and erasure is audit-logged (by a hash of the address, not the address itself).
"""

import hashlib
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from participation.accounts.models import PasswordToken, RoleAssignment, User
from participation.accounts.sessions import end_all_sessions
from participation.contributions.models import Contribution
from participation.core.audit import log_action
from participation.core.audit_labels import register_action_labels
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.mail import REDACTED, forget_recipient, valid_address
from participation.core.models import AuditEntry, OutboxMessage
from participation.extensions import db
from participation.meetings.models.lottery import LotteryApplication
from participation.stakeholders.models import Actor
from participation.stakeholders.privacy import erase_actor, export_actor
from participation.surveys.response_models import Invitation, SurveyResponse

__all__ = ["ServiceError", "erase_person", "export_person", "find_person"]

#: Staff names after erasure: the audit log keeps the entries under this pseudonym.
STAFF_PSEUDONYM = "Gelöschte:r Mitarbeiter:in #{id}"
ERASED_DOMAIN = "erased.invalid"


def _normalise(email: str | None) -> str:
    return (email or "").strip().lower()


def address_hash(email: str) -> str:
    """Short hash of an address for the audit log (proves which request, reveals nothing)."""
    return hashlib.sha256(_normalise(email).encode()).hexdigest()[:16]


def _check(email: str | None, actor_id: int | None) -> tuple[str, Actor | None]:
    email = _normalise(email)
    if bool(email) == bool(actor_id):
        raise ServiceError(_("Give either an e-mail address or an actor id."), "email")
    if email and not valid_address(email):
        raise ServiceError(_("Please enter a valid e-mail address."), "email")
    actor = None
    if actor_id:
        actor = db.session.get(Actor, actor_id)
        if actor is None:
            raise ServiceError(_("There is no actor with this id."), "actor_id")
    return email, actor


def _records(email: str) -> dict[str, list]:
    lower = func.lower
    return {
        "contributions": db.session.scalars(
            select(Contribution).where(lower(Contribution.email) == email).order_by(Contribution.id)
        ).all(),
        "lottery": db.session.scalars(
            select(LotteryApplication).where(lower(LotteryApplication.email) == email)
        ).all(),
        "invitations": db.session.scalars(
            select(Invitation).where(lower(Invitation.label) == email)
        ).all(),
        "outbox": db.session.scalars(
            select(OutboxMessage).where(lower(OutboxMessage.recipient) == email)
        ).all(),
        "staff": db.session.scalars(select(User).where(lower(User.email) == email)).all(),
    }


def find_person(email: str | None = None, actor_id: int | None = None) -> dict[str, int]:
    """How many records of each kind belong to the person (shown before export or erasure)."""
    email, actor = _check(email, actor_id)
    if actor is not None:
        return {"actor": 1}
    return {kind: len(rows) for kind, rows in _records(email).items()}


def export_person(email: str | None = None, actor_id: int | None = None, user=None) -> dict:
    """Everything stored about the person, as JSON-ready data; audit-logged. Flushes."""
    email, actor = _check(email, actor_id)
    if actor is not None:
        return {"actor": export_actor(actor, user)}
    records = _records(email)
    data: dict[str, Any] = {
        "email": email,
        "exported_at": utcnow().isoformat(),
        "contributions": [_contribution(c) for c in records["contributions"]],
        "lottery_applications": [
            {
                "lottery": a.lottery.title,
                "name": a.name,
                "email": a.email,
                "answers": a.answers,
                "quota_value": a.quota_value,
                "selected": a.selected,
                "created_at": a.created_at.isoformat(),
            }
            for a in records["lottery"]
        ],
        "survey_responses": [
            _response(inv) for inv in records["invitations"] if inv.used_at is not None
        ],
        "emails": [
            {
                "subject": m.subject,
                "status": m.status,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in records["outbox"]
        ],
        "staff_account": [_staff(u) for u in records["staff"]],
    }
    log_action("privacy.export", None, user=user, subject=address_hash(email))
    db.session.flush()
    return data


def _contribution(c: Contribution) -> dict[str, Any]:
    return {
        "id": c.id,
        "process": c.process.title if c.process else None,
        "title": c.title,
        "body": c.body,
        "lon": c.lon,
        "lat": c.lat,
        "photo": bool(c.photo),
        "status": c.status,
        "visibility": c.visibility,
        "created_at": c.created_at.isoformat(),
        "email": c.email,
        "email_consent_at": c.email_consent_at.isoformat() if c.email_consent_at else None,
    }


def _response(invitation: Invitation) -> dict[str, Any]:
    response = db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.invitation_id == invitation.id)
    )
    answers = []
    if response is not None:
        answers = [
            {
                "question_id": a.question_id,
                "option_id": a.option_id,
                "number": a.value_num,
                "text": a.value_text,
                "lon": a.lon,
                "lat": a.lat,
            }
            for a in response.answers
        ]
    return {"survey_id": invitation.survey_id, "used_at": invitation.used_at, "answers": answers}


def _staff(u: User) -> dict[str, Any]:
    actions = db.session.scalar(select(func.count()).where(AuditEntry.user_id == u.id))
    return {
        "id": u.id,
        "name": u.name,
        "email": u.email,
        "active": u.active,
        "locale": u.locale,
        "created_at": u.created_at.isoformat(),
        "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
        "roles": sorted({r.role for r in u.roles}),
        "audit_entries": actions,
    }


def erase_person(
    email: str | None = None, actor_id: int | None = None, user=None
) -> dict[str, int]:
    """Pseudonymise everything about the person; returns counts per kind. Flushes (caller commits).

    - contributions: the address and consent go (the content is the resident's public voice and
      stays; the tracking link still works for whoever holds it);
    - lottery applications: name and address replaced (the draw's ranks stay reproducible);
    - survey invitations labelled with the address: label cleared, the response is unlinked and
      so becomes anonymous;
    - outbox: every message to the address redacted, pending ones cancelled, ``.eml`` files gone;
    - a staff account: name and address replaced by a pseudonym, password, roles and link tokens
      deleted, every session revoked; its audit entries stay under the pseudonym.
    """
    email, actor = _check(email, actor_id)
    if actor is not None:
        erase_actor(actor, user)
        db.session.flush()
        return {"actor": 1}
    records = _records(email)
    for contribution in records["contributions"]:
        contribution.email = None
        contribution.email_consent_at = None
    for application in records["lottery"]:
        application.name = f"Gelöschte Bewerbung #{application.id}"
        application.email = REDACTED
    for invitation in records["invitations"]:
        db.session.execute(
            update(SurveyResponse)
            .where(SurveyResponse.invitation_id == invitation.id)
            .values(invitation_id=None)
        )
        invitation.label = ""
    mails = forget_recipient(email)
    for account in records["staff"]:
        if user is not None and account.id == getattr(user, "id", None):
            raise ServiceError(_("You cannot erase your own account."), "email")
        _pseudonymise_staff(account)
    counts = {
        "contributions": len(records["contributions"]),
        "lottery": len(records["lottery"]),
        "invitations": len(records["invitations"]),
        "outbox": mails,
        "staff": len(records["staff"]),
    }
    log_action("privacy.erase", None, user=user, subject=address_hash(email), **counts)
    db.session.flush()
    return counts


def _pseudonymise_staff(account: User) -> None:
    account.name = STAFF_PSEUDONYM.format(id=account.id)
    account.email = f"erased-{account.id}@{ERASED_DOMAIN}"
    account.password_hash = None
    account.active = False
    account.locale = None
    account.last_login_at = None
    end_all_sessions(account)  # every device session deleted, the generation bumped
    db.session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == account.id))
    db.session.execute(delete(PasswordToken).where(PasswordToken.user_id == account.id))
    db.session.expire(account, ["roles"])


register_action_labels(
    {
        "privacy.export": _l("Personal data exported (data subject request)"),
        "privacy.erase": _l("Personal data erased (pseudonymised)"),
    }
)
