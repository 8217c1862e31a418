"""Pages of the budgets package."""

from flask import Blueprint

bp = Blueprint("budgets", __name__)

from participation.budgets import panels  # noqa: E402, F401  (registers the process panels)
from participation.budgets.views import (  # noqa: E402, F401
    cityvote,
    criteria,
    decide,
    manage,
    members,
    public,
    scoring,
    tracking,
)
