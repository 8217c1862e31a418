"""The feedback loop for applications: each application is a contribution, and what the budget
decides reaches that contribution through the measures package.

Funded → the measure made from the application is linked back to the contribution (so its
tracking page and the public measure page show the link, and its outcome follows the measure).
Not eligible / not funded / withdrawn → the contribution gets the reason as its public answer.
Consenting applicants hear about it in the loop's daily digest (measures.notify), not in a
separate e-mail per outcome; only applications without a contribution (a budget without a
process) fall back to :func:`~participation.budgets.services.accounting.tell_applicant`.
"""

from flask_babel import gettext as _

from participation.budgets.models import Application
from participation.core.db import utcnow
from participation.extensions import db


def contribution_of(app: Application):
    """The contribution mirroring *app*, or None."""
    if app.contribution_id is None:
        return None
    from participation.contributions.models import Contribution

    return db.session.get(Contribution, app.contribution_id)


def reaches_applicant(app: Application) -> bool:
    """True when the loop's digest tells the applicant (their contribution carries the address)."""
    contribution = contribution_of(app)
    return bool(contribution and contribution.email and contribution.email_consent_at)


def link_funded(app: Application, user) -> int:
    """Link the funded application's measure back to its contribution; returns new links."""
    contribution = contribution_of(app)
    if contribution is None or app.measure is None:
        return 0
    from participation.measures.services.links import link_contributions

    rationale = _(
        "Application to %(budget)s: %(n)s € granted.", budget=app.budget.title, n=app.granted
    )
    return link_contributions(app.measure, [contribution.id], rationale, user)


def answer_not_taken_up(app: Application, user, reason: str) -> None:
    """The contribution gets the reason why not as its public answer."""
    contribution = contribution_of(app)
    if contribution is None or contribution.visibility == "withdrawn":
        return
    from participation.measures.services.outcomes import answer_contributions

    reason = (reason or "").strip()
    if len(reason) < 10:  # the loop needs a full sentence; the budget asks for one too
        reason = _("The application was not funded from %(budget)s.", budget=app.budget.title)
    answer_contributions([contribution.id], "not_taken_up", reason[:2000], user, source="budget")


def answer_in_review(app: Application, user) -> None:
    """Eligible: the contribution is "being examined" (the decision is still to come)."""
    contribution = contribution_of(app)
    if contribution is None or contribution.visibility == "withdrawn":
        return
    if contribution.status in ("received", "not_taken_up"):
        from participation.measures.services.outcomes import answer_contributions

        answer_contributions([contribution.id], "in_review", "", user, source="budget")


def sync_text(app: Application) -> None:
    """The applicant changed title or text: the contribution shows the same."""
    contribution = contribution_of(app)
    if contribution is not None and contribution.visibility != "withdrawn":
        contribution.title = app.title
        contribution.body = app.description[:2000]


def withdraw(app: Application) -> None:
    """The applicant withdrew: so is the contribution (its address and photo are forgotten)."""
    contribution = contribution_of(app)
    if contribution is None or contribution.visibility == "withdrawn":
        return
    # as contributions.authoring.withdraw_by_author does (which refuses budget applications:
    # they are withdrawn here, together with the application); no photo is ever attached
    contribution.visibility = "withdrawn"
    contribution.needs_review = False
    contribution.email = contribution.email_consent_at = None
    contribution.updated_at = utcnow()
