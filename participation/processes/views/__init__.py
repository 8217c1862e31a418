"""Process pages: public (``public.py``) and staff management (``manage.py``)."""

from flask import Blueprint

bp = Blueprint("processes", __name__)

from participation.processes.views import (  # noqa: E402, F401
    closing,
    home,
    manage,
    public,
    translations,
)
