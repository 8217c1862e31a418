"""Small helpers shared by the measures services."""

from flask_babel import gettext as _

from participation.core.cache import bump
from participation.core.errors import ServiceError

#: Shortest reason a resident can be expected to understand ("Kein Geld" is not enough).
REASON_MIN = 10
TEXT_MAX = 4000


def bump_public() -> None:
    """Tell cached public pages that measures (and contribution outcomes) changed."""
    bump("measures", "contributions")


def clean(text: str | None, field: str | None = None, limit: int = TEXT_MAX) -> str:
    """Strip *text*; refuse it when longer than *limit* (never cut what a planner wrote)."""
    text = (text or "").strip()
    if len(text) > limit:
        raise ServiceError(_("At most %(n)d characters, please.", n=limit), field)
    return text
