"""Small helpers shared by the budget services."""

from flask_babel import gettext as _

from participation.core.cache import bump
from participation.core.errors import ServiceError
from participation.core.permissions import covers, user_scope_paths


def check_scope(user, area) -> None:
    """Managers act only on budgets in their own areas (admins and planners everywhere)."""
    if user is None or user.role_keys & {"admin", "planner"}:
        return
    if not covers(user_scope_paths(user, "manager"), [area]):
        raise ServiceError(_("You can only manage budgets in your own areas."), "area")


def clean(value, field: str, limit: int, *, required: str | None = None) -> str:
    """Stripped text within *limit* characters; *required* is the message when it is empty."""
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(required, field)
    if len(text) > limit:
        raise ServiceError(_("At most %(n)d characters, please.", n=limit), field)
    return text


def euros(value, field: str, *, allow_zero: bool = True) -> int:
    """A whole, non-negative euro amount (refuses negatives and non-numbers)."""
    try:
        amount = int(value)
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("Please enter an amount in whole euros."), field) from exc
    if amount < 0 or (amount == 0 and not allow_zero) or amount > 100_000_000:
        raise ServiceError(_("Please enter a positive amount in whole euros."), field)
    return amount


def bump_public() -> None:
    """Public budget pages show what changed."""
    bump("budgets")
