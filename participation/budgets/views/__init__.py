"""Pages of the budgets package."""

from flask import Blueprint

bp = Blueprint("budgets", __name__)
