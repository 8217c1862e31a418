"""A write that stores nothing unless the content versions it was read against are current.

The resident's hot paths (a survey response, a pin) check their form against what this process
read last — a compiled questionnaire, a process's areas and categories — without reading the
versions first: that read was a round trip of its own on every submission. Instead the write
carries the versions it expects, ``(names, versions)``:

* **PostgreSQL**: :data:`PG_CTE` is the first CTE of the write's one statement. It has one row
  while every expected version is still the sum of its shards and none otherwise; every insert
  of the statement selects from it, so a moved version stores nothing and the statement returns
  no row (the caller raises :class:`Stale`).
* **SQLite** (:func:`sqlite_current`): one local read on the driver just before
  ``BEGIN IMMEDIATE`` — outside the write lock, as the version read at the start of the request
  was before.
* **The session's transaction** (a fallback, :func:`session_current`): the usual version read.

On :class:`Stale` the caller reads again against the current versions and decides anew (the
process may be closed now, the question gone). Nothing was written.
"""

from participation.core import pg_literals
from participation.core.cache import versioning
from participation.core.cache.versioning import versions

#: ``(names, versions)`` as read by the form; None: the form was read against fresh versions.
Expect = tuple[tuple[str, ...], tuple[int, ...]] | None


class Stale(Exception):
    """A content version the caller read its form against has moved: nothing was stored."""


#: PostgreSQL: one row (``g.ok``) when every expected version is still the sum of its shards.
PG_CTE = (
    "g AS (SELECT 1 AS ok WHERE NOT EXISTS (SELECT 1 FROM "
    "unnest(%(g_names)s::text[], %(g_versions)s::bigint[]) AS e(name, version) "
    "WHERE e.version <> (SELECT COALESCE(SUM(c.version), 0) FROM content_versions c "
    "WHERE c.name = e.name)))"
)


def pg_params(expect: Expect) -> dict:
    """The parameters of :data:`PG_CTE` for *expect* (array literals, see ``pg_literals``)."""
    names, expected = expect
    return {"g_names": pg_literals.texts(names), "g_versions": pg_literals.ints(expected)}


def sqlite_current(driver, expect: Expect) -> bool:
    """True when the versions of *expect* are current, read on the ``sqlite3`` *driver*."""
    names, expected = expect
    found = dict(driver.execute(versioning._versions_sql("qmark", len(names)), names).fetchall())
    return tuple(found.get(name, 0) for name in names) == tuple(expected)


def session_current(expect: Expect) -> bool:
    """True when the versions of *expect* are current (the request's version read)."""
    names, expected = expect
    return versions(*names) == tuple(expected)
