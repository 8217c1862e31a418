"""Loading, permission checks and form choices shared by the staff views."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from participation.core.params import int_arg, parse_int
from participation.core.permissions import can, require
from participation.extensions import db
from participation.measures.models import Goal, Measure
from participation.processes.models import Process
from participation.processes.queries import area_choices, managed_processes


def load_measure(measure_id: int, permission: str = "measures.manage") -> Measure:
    """The measure, or 404; 401/403 unless the user holds *permission* for it."""
    measure = db.get_or_404(Measure, measure_id)
    require(permission, measure)
    return measure


def load_process(process_id: int, permission: str = "measures.manage") -> Process:
    """The process, or 404; 401/403 unless the user holds *permission* for it."""
    process = db.get_or_404(Process, process_id)
    require(permission, process)
    return process


def page_arg() -> int:
    """``?page=`` as a small positive number (junk means page 1)."""
    return int_arg("page", 1, min=1, max=9_999)


def process_choices() -> list[tuple[int, str]]:
    """Processes the current user may attach measures to."""
    return [
        (p.id, p.title_text) for p in managed_processes(current_user) if can("measures.manage", p)
    ]


def measure_area_choices():
    """Areas (grouped by level) within the user's scope."""
    return area_choices(current_user, "measures.manage", max_rank=4)


def goal_choices() -> list[tuple[int, str]]:
    """Goals as an indented list ("— " per level)."""
    goals = db.session.scalars(select(Goal).order_by(Goal.depth, Goal.position, Goal.id)).all()
    by_parent: dict = {}
    for g in goals:
        by_parent.setdefault(g.parent_id, []).append(g)
    out: list[tuple[int, str]] = []

    def walk(parent_id, depth):
        for g in by_parent.get(parent_id, []):
            out.append((g.id, "— " * depth + g.title))
            walk(g.id, depth + 1)

    walk(None, 0)
    return out


def manageable_measures(process=None) -> list[Measure]:
    """Measures the current user may manage (of *process* when given), newest first."""
    from participation.measures.queries import measures_stmt

    stmt = measures_stmt(process).order_by(Measure.updated_at.desc()).limit(500)
    return [m for m in db.session.scalars(stmt) if can("measures.manage", m)]


def int_or_none(value) -> int | None:
    """An id from a form field ("" and junk: None)."""
    return parse_int(value) if isinstance(value, str) else None


def forbid_unless(condition: bool) -> None:
    """403 unless *condition*."""
    if not condition:
        abort(403)
