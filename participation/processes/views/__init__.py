"""Process pages: public (``public.py``) and staff management (``manage.py``)."""

from flask import Blueprint

bp = Blueprint("processes", __name__)

from participation.processes.views import manage, public, translations  # noqa: E402, F401
