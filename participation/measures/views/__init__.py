"""Pages of the measures package: staff work pages, public "Sie sagten – wir tun", feeds."""

from flask import Blueprint

bp = Blueprint("measures", __name__)

from participation.measures import panels  # noqa: E402  (registers the hooks)

bp.record_once(panels.register_template_global)
from participation.measures.views import (  # noqa: E402, F401
    goals,
    manage,
    meetings,
    public,
    steps,
    themes,
    work,
)
