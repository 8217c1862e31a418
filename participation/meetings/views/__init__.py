"""Pages of the meetings package."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
