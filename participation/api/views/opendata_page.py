"""The public open-data page: every feed and endpoint, with the data behind it."""

from participation.api.views import bp
from participation.core.htmx import render


@bp.route("/open-data")
def open_data():
    """List the open-data feeds, the iCal feeds, OParl and the OpenAPI description."""
    return render("api/open_data.html")
