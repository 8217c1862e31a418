"""Closing a running process is asked first: the page says what it does for residents."""

from flask_login import login_required

from participation.core.htmx import render
from participation.processes.views import bp
from participation.processes.views.manage import _load


@bp.route("/manage/processes/<int:process_id>/close")
@login_required
def confirm_close(process_id: int):
    """Explain what closing does, then post to the status change (works without JavaScript)."""
    process = _load(process_id)
    return render("processes/manage/close.html", process=process)
