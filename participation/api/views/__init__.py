"""Pages of the api package."""

from flask import Blueprint

bp = Blueprint("api", __name__)
