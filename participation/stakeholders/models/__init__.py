"""Models of the stakeholders package: the actor registry and the analysis per process."""

from participation.stakeholders.models.analysis import (  # noqa: F401
    ATTITUDES,
    GOALS_CONSIDER,
    Assessment,
    CoverageRequirement,
    InvitationList,
    invitation_list_members,
)
from participation.stakeholders.models.registry import (  # noqa: F401
    COVERAGE_CATEGORIES,
    KINDS,
    LEGAL_BASES,
    RELATION_KINDS,
    Actor,
    ActorType,
    Membership,
    Relation,
    actor_areas,
    normalise_name,
)
