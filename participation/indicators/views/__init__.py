"""Pages of the indicators package."""

from flask import Blueprint

bp = Blueprint("indicators", __name__)
