"""One pagination helper for every list: a select statement in, a :class:`Page` out.

Usage in a view::

    page = paginate(select(Actor).where(...).order_by(Actor.name), per_page=50)
    return render("stakeholders/index.html", actors=page)

and in the template (``templates/_pager.html``)::

    {% from "_pager.html" import pager %}
    {{ pager(actors, "stakeholders.index") }}

The page number comes from ``?page=`` (bounded, a bad value means page 1), the other query
arguments are kept in the page links (:attr:`Page.args`), and the total is counted in SQL. The
attribute names follow Flask-SQLAlchemy's ``Pagination`` (``items``, ``page``, ``pages``,
``has_next``, ``next_num`` …), so templates written for ``db.paginate`` keep working. Always give
the statement an ``order_by`` with a unique last key (``id``), or rows can move between pages.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import request
from sqlalchemy import func, select

from participation.core.params import int_arg
from participation.extensions import db

#: Highest page number accepted from a URL (deeper pages are not browsed, only searched).
MAX_PAGE = 10_000


@dataclass
class Page:
    """One page of a list, with what a pager needs."""

    items: list
    page: int
    per_page: int
    total: int
    #: Other query arguments of the list (filters), for the page links.
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, so "page 1 of 1" for an empty list)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        """Number of the previous page, or None."""
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        """Number of the next page, or None."""
        return self.page + 1 if self.has_next else None

    def url_args(self, page: int) -> dict[str, Any]:
        """Query arguments for a link to *page* (filters kept)."""
        return {**self.args, "page": page}

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def list_args(exclude: tuple[str, ...] = ("page",)) -> dict[str, str]:
    """The request's non-empty query arguments except *exclude* (the filters of a list)."""
    return {k: v for k, v in request.args.items() if k not in exclude and v}


def paginate(
    stmt,
    *,
    per_page: int = 50,
    page: int | None = None,
    args: dict[str, Any] | None = None,
    rows: bool = False,
) -> Page:
    """Run one page of *stmt* and count its total in SQL.

    :param page: default: ``?page=`` of the request (1 … :data:`MAX_PAGE`).
    :param args: query arguments for the page links; default: the request's other arguments.
    :param rows: return result rows (``select(A, B)``) instead of scalars (``select(A)``).
    """
    if page is None:
        page = int_arg("page", 1, min=1, max=MAX_PAGE)
    page = max(1, min(int(page), MAX_PAGE))
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    limited = stmt.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(limited) if rows else db.session.scalars(limited)
    items = list(result.all())
    return Page(
        items=items,
        page=page,
        per_page=per_page,
        total=total or 0,
        args=list_args() if args is None else dict(args),
    )
