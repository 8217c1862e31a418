"""Account pages: login and password links (``auth.py``), user administration and the audit log
(``admin.py``), the staff member's own account (``account.py``)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from participation.accounts.views import account, admin, auth  # noqa: E402, F401
