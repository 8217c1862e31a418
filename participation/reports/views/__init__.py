"""Pages of the reports package."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from participation.reports.views import home, manage, public  # noqa: E402,F401  (routes register)
