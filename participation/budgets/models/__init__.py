"""Models of the budgets package (budgets and their rules; applications and what follows)."""

from participation.budgets.models.applications import (  # noqa: F401
    APPLICATION_STATUSES,
    Allocation,
    Application,
    Ballot,
    BallotChoice,
    Conflict,
    CostLine,
    Score,
    SpendingEntry,
    VoteCode,
)
from participation.budgets.models.budgets import (  # noqa: F401
    ALLOCATION_MODES,
    APPLICANT_TYPES,
    BALLOT_KINDS,
    ENTITLEMENT_PILLARS,
    PILLARS,
    VOTE_ACCESS,
    Budget,
    CitySplit,
    CitySplitShare,
    Criterion,
    CriterionChange,
    DecisionTier,
)
