"""Pages of the reports package."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
