"""Blueprint ``core``: language switch and health check (``core/web.py``) and the glossary
(``core/glossary.py``). Every module with routes on this blueprint is imported here."""

from participation.core import glossary, web  # noqa: F401  (their routes)
from participation.core.web import bp

__all__ = ["bp"]
