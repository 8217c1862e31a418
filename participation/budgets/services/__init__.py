"""All writes and rules of the budgets package (views, CLI, demo and tests call these)."""

from participation.budgets.services.accounting import (  # noqa: F401
    add_spending,
    allocate,
    figures,
    project_figures,
    tell_applicant,
    to_measure,
)
from participation.budgets.services.applications import (  # noqa: F401
    attachment_path,
    check_eligibility,
    edit_application,
    find_by_token,
    submit_application,
    submit_use_report,
)
from participation.budgets.services.loop import contribution_of  # noqa: F401
from participation.budgets.services.scoring import (  # noqa: F401
    conflicts_for,
    declare_conflict,
    grid,
    ranking,
    registry_conflict,
    set_score,
    voting_members,
)
from participation.budgets.services.setup import (  # noqa: F401
    check_pillar,
    create_budget,
    remove_criterion,
    save_criterion,
    set_tiers,
    update_budget,
)
from participation.budgets.services.split import split_figures, split_pot  # noqa: F401
from participation.budgets.services.voting import (  # noqa: F401
    apply_vote_result,
    cast_ballot,
    code_counts,
    count_votes,
    create_codes,
    enter_paper_ballots,
    has_voted,
)
from participation.budgets.services.withdrawal import (  # noqa: F401
    can_withdraw,
    withdraw_application,
)
