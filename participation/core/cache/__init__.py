"""The one cache rule: every cached page or fragment is keyed on content versions in the database.

Every write that changes what public pages show bumps a content version (a counter per name in
``content_versions``) inside its own transaction, so the bump commits or rolls back with it.
Readers call :func:`versions` (one query) and put the numbers into the cache key, so after a
commit every worker on every host computes a new key and misses; stale entries simply age out.
Nothing is ever "invalidated" in a single worker, which is what made the old per-worker survey
cache wrong.

The store is Flask-Caching on Redis when ``CACHE_REDIS_URL`` is configured (shared by all workers
and hosts), else a bounded LRU per process (``CACHE_MAX_ENTRIES``). Both are correct across
workers because correctness comes from the versions in the key, not from the store.

Names: an ORM write bumps the name of its package (``processes``, ``contributions``, ``surveys``,
``stakeholders``, ``meetings``, ``measures``, ``areas``, …; not ``core`` and ``accounts``) by
itself, through session events — nothing to forget in a service; so does a Core ``insert()``,
``update()`` or ``delete()`` run through ``db.session.execute`` (the package owning the table).
Only names finer than a package need a call to :func:`bump` or a rule registered with
:func:`track`, such as ``survey:<id>`` (one survey's results). Pages declare what they
show: ``@cached_page(*PROCESS_CONTENT)``.

Page cache (:func:`cached_page`): anonymous GET/HEAD requests without flashed messages only; the
key varies on path and arguments, language and the htmx headers. The CSRF token is the one
per-request value in our pages: it is stored as a placeholder and filled in per response. Repeat
visits get ``304 Not Modified`` through an ETag derived from the stored page and the session's
CSRF secret.

Modules: ``versioning`` (names, bumps, :func:`versions`), ``stores`` (LRU or Redis,
fragments), ``pages`` (:func:`cached_page`), ``body`` (a stored page split at its token slots,
with the gzip copy served to clients that accept it). Import from ``participation.core.cache``
only.
"""

from participation.core.cache import versioning as _versioning
from participation.core.cache.pages import (
    CSRF_PLACEHOLDER,
    FRESH_PLACEHOLDER,
    KEPT_HEADERS,
    VARY_HEADERS,
    cached_page,
    fresh_token,
)
from participation.core.cache.stores import (
    _MISSING,
    FlaskCachingStore,
    LRUStore,
    cached_fragment,
    clear,
    init_app,
    store,
)
from participation.core.cache.versioning import (
    PRIVATE_PACKAGES,
    PROCESS_CONTENT,
    RULES,
    bump,
    names_for,
    track,
    versions,
)

__all__ = [
    "CSRF_PLACEHOLDER",
    "FRESH_PLACEHOLDER",
    "KEPT_HEADERS",
    "PRIVATE_PACKAGES",
    "PROCESS_CONTENT",
    "RULES",
    "VARY_HEADERS",
    "FlaskCachingStore",
    "LRUStore",
    "_MISSING",
    "bump",
    "cached_fragment",
    "cached_page",
    "clear",
    "fresh_token",
    "init_app",
    "names_for",
    "store",
    "track",
    "version_queries",
    "versions",
]


def __getattr__(name: str):
    """``cache.version_queries``: the live counter of the versioning module (it changes)."""
    if name == "version_queries":
        return _versioning.version_queries
    raise AttributeError(name)
