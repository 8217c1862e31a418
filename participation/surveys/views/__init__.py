"""Survey pages: answering (``public.py``), builder, staff entry and invitations (``manage.py``),
results and exports (``results.py``), and the process page panels (``panels.py``)."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from participation.surveys.views import (  # noqa: E402, F401
    answer_map,
    builder,
    home,
    manage,
    notices,
    panels,
    public,
    results,
    texts,
)
