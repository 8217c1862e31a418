"""Operations pages: ``/readyz`` and the database-outage handler (``health.py``), the privacy page
(``privacy.py``) and the administrator's data subject requests (``gdpr.py``)."""

from flask import Blueprint

bp = Blueprint("operations", __name__)

from participation.operations.views import gdpr, health, privacy  # noqa: E402, F401
