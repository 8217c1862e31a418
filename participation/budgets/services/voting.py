"""Residents' vote: one vote set per invitation code or per browser, knapsack or approval
ballots, paper ballots entered by staff, and the count by Consul's rule.

Counting rule (published on the results page): projects by votes, most first; each is taken
while it fits the money still left, otherwise it is skipped and the next one is tried. Equal
votes are shown as ties and resolved by the earlier application (lower number). The count reads
only the stored ballots, so anyone can repeat it.
"""

import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from participation.budgets.models import Application, Ballot, BallotChoice, Budget, VoteCode
from participation.budgets.services.common import bump_public, check_scope
from participation.contributions.tokens import hash_token
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db

VOTABLE = ("eligible",)


def create_codes(budget: Budget, user, count: int) -> list[str]:
    """Create *count* invitation codes (returned once, for printing; only hashes are stored)."""
    check_scope(user, budget.area)
    if not 1 <= count <= 20000:
        raise ServiceError(_("Between 1 and 20,000 codes, please."), "count")
    codes = [secrets.token_hex(4).upper() for _i in range(count)]
    db.session.add_all(
        VoteCode(budget_id=budget.id, code_hash=hash_token(f"{budget.id}:{c}")) for c in codes
    )
    db.session.flush()
    log_action("budgets.codes", budget, user=user, count=count)
    return codes


def code_counts(budget: Budget) -> dict[str, int]:
    """How many invitation codes exist, are used and unused (never which code voted how)."""
    total, used = db.session.execute(
        select(func.count(VoteCode.id), func.count(VoteCode.used_at)).where(
            VoteCode.budget_id == budget.id
        )
    ).one()
    return {"total": total, "used": used, "unused": total - used}


def _choices(budget: Budget, ids: list[int]) -> list[int]:
    ids = sorted(set(ids))
    if not ids:
        raise ServiceError(_("Please choose at least one project."), "choices")
    rows = db.session.execute(
        select(Application.id, Application.amount_requested).where(
            Application.budget_id == budget.id,
            Application.id.in_(ids),
            Application.status.in_(VOTABLE),
        )
    ).all()
    if len(rows) != len(ids):
        raise ServiceError(_("Please choose only projects from the list."), "choices")
    if budget.ballot_kind == "knapsack":
        total = sum(amount for _i, amount in rows)
        if total > budget.amount:
            raise ServiceError(
                _(
                    "Your choice costs %(t)s €, more than the %(b)s € available. "
                    "Please remove a project.",
                    t=total,
                    b=budget.amount,
                ),
                "choices",
            )
    return ids


def cast_ballot(
    budget: Budget, choices: list[int], *, code: str | None = None, browser_token: str | None = None
) -> Ballot:
    """Store an online vote set: one per invitation code, or one per browser."""
    if not budget.vote_open():
        raise ServiceError(_("The vote is not open at the moment."))
    ids = _choices(budget, choices)
    if budget.vote_access == "codes":
        code = (code or "").strip().upper()
        code_hash = hash_token(f"{budget.id}:{code}")
        # one atomic claim: two requests with the same code cannot both succeed
        claimed = db.session.execute(
            update(VoteCode)
            .where(
                VoteCode.budget_id == budget.id,
                VoteCode.code_hash == code_hash,
                VoteCode.used_at.is_(None),
            )
            # the day only: a time to the second could be matched with the ballot's
            .values(used_at=utcnow().replace(hour=0, minute=0, second=0, microsecond=0))
        ).rowcount
        if not claimed:
            raise ServiceError(_("This code is not valid or has been used already."), "code")
        # The claim above makes it one ballot per code; the ballot itself carries a random key,
        # so nobody — not even with the printed list — can tell which code voted how.
        key = secrets.token_hex(32)
    else:
        if not browser_token or len(browser_token) > 100:
            raise ServiceError(_("Please allow cookies for this site to vote, then try again."))
        key = hash_token(f"budget-ballot:{budget.id}:{browser_token}")
    ballot = Ballot(
        budget_id=budget.id,
        voter_key=key,
        channel="online",
        choices=[BallotChoice(application_id=i) for i in ids],
    )
    db.session.add(ballot)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise ServiceError(
            _("A vote has already been cast from this browser."), code="voted"
        ) from exc
    bump_public()
    return ballot


def has_voted(budget: Budget, browser_token: str | None) -> bool:
    """True when this browser has voted on *budget*."""
    if not browser_token:
        return False
    key = hash_token(f"budget-ballot:{budget.id}:{browser_token}")
    return bool(
        db.session.scalar(
            select(Ballot.id).where(Ballot.budget_id == budget.id, Ballot.voter_key == key)
        )
    )


def enter_paper_ballots(budget: Budget, user, ballots: list[list[int]]) -> int:
    """Staff add paper ballots of a Kiezkassenversammlung (channel ``paper``)."""
    check_scope(user, budget.area)
    if not budget.uses_vote:
        raise ServiceError(_("This budget has no residents' vote."))
    rows = []
    for choices in ballots:
        ids = _choices(budget, choices)
        rows.append(
            Ballot(
                budget_id=budget.id,
                voter_key=secrets.token_hex(16),
                channel="paper",
                entered_by_id=getattr(user, "id", None),
                choices=[BallotChoice(application_id=i) for i in ids],
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    log_action("budgets.paper_ballots", budget, user=user, count=len(rows))
    bump_public()
    return len(rows)


@dataclass
class ResultRow:
    """One project in the vote result."""

    application_id: int
    title: str
    amount: int
    votes: int
    online: int
    paper: int
    winner: bool = False
    tied: bool = False
    #: Not taken because it did not fit the money left.
    skipped: bool = False


def count_votes(budget: Budget) -> tuple[list[ResultRow], dict[str, int]]:
    """Count the stored ballots (GROUP BY) and apply Consul's rule; returns rows and totals."""
    counts = db.session.execute(
        select(BallotChoice.application_id, Ballot.channel, func.count())
        .join(Ballot, Ballot.id == BallotChoice.ballot_id)
        .where(Ballot.budget_id == budget.id)
        .group_by(BallotChoice.application_id, Ballot.channel)
    ).all()
    by_app: dict[int, dict[str, int]] = {}
    for app_id, channel, n in counts:
        by_app.setdefault(app_id, {})[channel] = n
    apps = db.session.execute(
        select(Application.id, Application.title, Application.amount_requested).where(
            Application.budget_id == budget.id,
            Application.status.in_(("eligible", "funded", "partly_funded", "not_funded")),
        )
    ).all()
    rows = [
        ResultRow(
            i,
            t,
            a,
            sum(by_app.get(i, {}).values()),
            by_app.get(i, {}).get("online", 0),
            by_app.get(i, {}).get("paper", 0),
        )
        for i, t, a in apps
    ]
    rows.sort(key=lambda r: (-r.votes, r.application_id))
    seen: dict[int, int] = {}
    for r in rows:
        seen[r.votes] = seen.get(r.votes, 0) + 1
    left = budget.amount
    for r in rows:
        r.tied = seen[r.votes] > 1 and r.votes > 0
        if r.votes == 0:
            continue
        if r.amount <= left:
            r.winner, left = True, left - r.amount
        else:
            r.skipped = True
    totals = dict(
        db.session.execute(
            select(Ballot.channel, func.count())
            .where(Ballot.budget_id == budget.id)
            .group_by(Ballot.channel)
        ).all()
    )
    return rows, {
        "online": totals.get("online", 0),
        "paper": totals.get("paper", 0),
        "ballots": sum(totals.values()),
        "left": left,
    }


def apply_vote_result(budget: Budget, user, *, decision=None) -> list[Application]:
    """Allocate to the vote's winners (vote-only budgets; with the body's confirming decision
    for ``vote_then_body``). Projects not taken get the reason from the count."""
    from participation.budgets.services.accounting import allocate

    rows, _totals = count_votes(budget)
    grants, reasons = {}, {}
    for r in rows:
        grants[r.application_id] = r.amount if r.winner else 0
        if not r.winner:
            reasons[r.application_id] = (
                _("Not enough money left for this project after the projects with more votes.")
                if r.skipped
                else _("This project received no votes in the residents' vote.")
            )
    source = "body" if budget.allocation_mode == "vote_then_body" else "vote"
    return allocate(budget, user, grants, decision=decision, reasons=reasons, source=source)
