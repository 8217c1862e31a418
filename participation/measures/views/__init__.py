"""Pages of the measures package."""

from flask import Blueprint

bp = Blueprint("measures", __name__)
