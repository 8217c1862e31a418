"""Pages of the api package: OParl 1.1, the open-data JSON/GeoJSON/CSV feeds and their page."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from participation.api.views import common, oparl, opendata, opendata_page  # noqa: E402,F401  (routes register on import)
