"""Contribution pages: resident pages (``public.py``), map data (``mapdata.py``), staff pages
(``manage.py``, ``entry.py``, ``exports.py``) and the process page panels (``panels.py``)."""

from flask import Blueprint

bp = Blueprint("contributions", __name__)

from participation.contributions.views import (  # noqa: E402, F401
    entry,
    exports,
    home,
    manage,
    mapdata,
    panels,
    public,
    tracking,
)
