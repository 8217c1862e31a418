"""Allocation by a decision of the body (partial funding; never more than the budget), funded
projects become measures, applicants are told, spending and paybacks, and the figures."""

from datetime import date

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.budgets.models import Allocation, Application, Budget, SpendingEntry
from participation.budgets.services import loop
from participation.budgets.services.common import bump_public, check_scope, clean, euros
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.mail import queue_mail
from participation.extensions import db

DECIDABLE = ("eligible",)


def figures(budget: Budget, sums: dict[str, int] | None = None) -> dict[str, int]:
    """Amount, allocated, paid back, committed (allocated − paid back), spent and remaining.

    *sums*: ``{kind: euros}`` of the budget's spending entries when the caller has them
    already (the public page reads them with the per-project sums in one query).
    """
    allocated = db.session.scalar(
        select(func.coalesce(func.sum(Allocation.amount), 0)).where(
            Allocation.budget_id == budget.id
        )
    )
    if sums is None:
        sums = dict(
            db.session.execute(
                select(SpendingEntry.kind, func.sum(SpendingEntry.amount))
                .where(SpendingEntry.budget_id == budget.id)
                .group_by(SpendingEntry.kind)
            ).all()
        )
    paid_back = int(sums.get("payback") or 0)
    spent = int(sums.get("spent") or 0)
    committed = int(allocated) - paid_back
    return {
        "amount": budget.amount,
        "allocated": int(allocated),
        "paid_back": paid_back,
        "committed": committed,
        "spent": spent,
        "remaining": budget.amount - committed,
    }


def project_figures(app: Application) -> dict[str, int]:
    """Granted, spent, paid back and what is left for one funded project."""
    sums = dict(
        db.session.execute(
            select(SpendingEntry.kind, func.sum(SpendingEntry.amount))
            .where(SpendingEntry.application_id == app.id)
            .group_by(SpendingEntry.kind)
        ).all()
    )
    spent, back = int(sums.get("spent") or 0), int(sums.get("payback") or 0)
    return {
        "granted": app.granted,
        "spent": spent,
        "paid_back": back,
        "left": app.granted - back - spent,
        "overspent": spent > app.granted - back,
    }


def allocate(
    budget: Budget,
    user,
    grants: dict[int, int],
    *,
    decision=None,
    reasons: dict[int, str] | None = None,
    source: str = "body",
    make_measures: bool = True,
) -> list[Application]:
    """Fund applications (``{application_id: euros}``, partial allowed, 0 = not funded).

    A body's budget needs an adopted decision of that body (meetings package). The total of all
    allocations never exceeds the budget; not funded ones need a reason. Funded ones become
    measures with the amount as planned budget, linked back to the application's contribution
    (feedback loop); not funded ones get the reason as the contribution's answer.
    """
    check_scope(user, budget.area)
    reasons = reasons or {}
    if source == "body":
        if decision is None:
            raise ServiceError(
                _("Please choose the body's decision that allocates the money."), "decision_id"
            )
        if decision.meeting.body_id != budget.body_id or decision.outcome != "adopted":
            raise ServiceError(
                _("Please choose an adopted decision of this budget's body."), "decision_id"
            )
    apps = {
        a.id: a
        for a in db.session.scalars(
            select(Application).where(
                Application.budget_id == budget.id, Application.id.in_(grants)
            )
        )
    }
    if set(grants) - set(apps):
        raise ServiceError(_("Unknown application."), "grants")
    remaining = figures(budget)["remaining"]
    total = 0
    for app_id, amount in grants.items():
        app = apps[app_id]
        if app.status not in DECIDABLE:
            raise ServiceError(
                _("“%(t)s” is not open for a decision.", t=app.title), f"grant_{app_id}"
            )
        amount = euros(amount, f"grant_{app_id}")
        if amount > app.amount_requested:
            raise ServiceError(_("“%(t)s”: more than requested.", t=app.title), f"grant_{app_id}")
        if amount == 0 and len((reasons.get(app_id) or "").strip()) < 10:
            raise ServiceError(
                _("“%(t)s”: please give the applicant a reason why it is not funded.", t=app.title),
                f"reason_{app_id}",
            )
        grants[app_id] = amount
        total += amount
    if total > remaining:
        raise ServiceError(
            _(
                "These grants add up to %(t)s €, but only %(r)s € remain in the budget.",
                t=total,
                r=remaining,
            ),
            "grants",
        )
    done = []
    for app_id, amount in grants.items():
        app = apps[app_id]
        if amount == 0:
            app.status, app.reason = (
                "not_funded",
                clean(reasons.get(app_id), f"reason_{app_id}", 2000),
            )
        else:
            app.status = "funded" if amount == app.amount_requested else "partly_funded"
            app.reason = clean(reasons.get(app_id), f"reason_{app_id}", 2000)
            db.session.add(
                Allocation(
                    application=app,
                    application_id=app.id,
                    budget_id=budget.id,
                    amount=amount,
                    decision_id=getattr(decision, "id", None),
                    source=source,
                )
            )
        app.updated_at = utcnow()
        done.append(app)
    db.session.flush()
    for app in done:
        if app.status == "not_funded":
            loop.answer_not_taken_up(app, user, app.reason)
        elif make_measures:
            to_measure(app, user, decision)
            loop.link_funded(app, user)
        if not loop.reaches_applicant(app):
            tell_applicant(app)  # no contribution to carry the news: one e-mail, as before
    log_action(
        "budgets.allocate",
        budget,
        user=user,
        total=total,
        applications=len(done),
        decision_id=getattr(decision, "id", None),
    )
    bump_public()
    return done


def to_measure(app: Application, user, decision=None):
    """The funded project becomes a measure (planned budget = granted amount), decided at once."""
    from participation.measures.services import measures

    budget = app.budget
    measure = measures.create_measure(
        user,
        areas=[budget.area],
        processes=[budget.process] if budget.process else [],
        source=decision,
        title=app.title[:200],
        description=app.description,
        budget_planned=app.granted,
        funding_source=budget.funding_source or budget.title,
        quick_win=True,
        target_groups=[t.strip() for t in app.target_groups.split(",")]
        if app.target_groups
        else [],
        lon=app.lon,
        lat=app.lat,
        responsible_unit=app.applicant_name,
        explanation=_("Funded from %(budget)s.", budget=budget.title),
    )
    measures.change_status(
        measure,
        "adopted",
        _("%(n)s € granted from %(budget)s.", n=app.granted, budget=budget.title),
        user,
    )
    app.measure_id = measure.id
    app.measure = measure
    return measure


def tell_applicant(app: Application) -> None:
    """One e-mail per outcome to an applicant who left an address (with consent)."""
    if not app.email or not app.email_consent_at:
        return
    from participation.budgets.links import tracking_url

    with force_locale(app.locale or "de"):
        subject = _("Your application “%(t)s”: %(s)s", t=app.title, s=app.status_label)
        body = render_template("budgets/mail/outcome.txt", app=app, url=tracking_url(app))
    queue_mail(app.email, subject, body)


def add_spending(
    app: Application, user, *, amount, spent_on: date, note: str = "", kind: str = "spent"
) -> tuple[SpendingEntry, bool]:
    """Record money spent (or paid back); returns ``(entry, overspent)`` to warn."""
    check_scope(user, app.budget.area)
    if app.status not in ("funded", "partly_funded"):
        raise ServiceError(_("Only funded projects have spending."), "amount")
    if kind not in ("spent", "payback"):
        raise ServiceError(_("Unknown kind of entry."), "kind")
    amount = euros(amount, "amount", allow_zero=False)
    if not isinstance(spent_on, date):
        raise ServiceError(_("Please enter the date."), "spent_on")
    if kind == "payback":
        numbers = project_figures(app)
        if amount > numbers["granted"] - numbers["paid_back"]:
            raise ServiceError(_("More paid back than was granted."), "amount")
    entry = SpendingEntry(
        application_id=app.id,
        budget_id=app.budget_id,
        kind=kind,
        amount=amount,
        spent_on=spent_on,
        note=clean(note, "note", 300),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(entry)
    db.session.flush()
    log_action("budgets.spending", app, user=user, kind=kind, amount=amount)
    bump_public()
    return entry, project_figures(app)["overspent"]
