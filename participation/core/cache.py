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
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, make_response, request
from flask import session as http_session
from flask_login import current_user
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from participation.core.models import ContentVersion
from participation.extensions import db

#: What the stored page contains instead of this request's CSRF token.
CSRF_PLACEHOLDER = "__participation_csrf_token__"
#: Request headers a cached page varies on besides path, arguments and language.
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")
#: Response headers kept with a stored page (never Set-Cookie).
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language", "Content-Disposition")
_MISSING = object()
#: Everything a process page can show: the process and the panels of every tool package.
PROCESS_CONTENT = (
    "processes",
    "areas",
    "contributions",
    "surveys",
    "stakeholders",
    "meetings",
    "measures",
    "budgets",
)


# --- versions ------------------------------------------------------------------------------

#: Session key of the names to bump when the current transaction commits.
_PENDING = "content_versions_pending"
#: Packages whose rows never show on a public page (users, audit log, outbox, locks).
PRIVATE_PACKAGES = {"core", "accounts"}
#: Table name → function(row) returning the names a write to that table bumps, for tables that
#: need finer names than their package's (e.g. one survey's results). Register with :func:`track`.
RULES: dict[str, Callable[[Any], Iterable[str]]] = {}


def track(table: str, rule: Callable[[Any], Iterable[str]]) -> None:
    """Bump ``rule(row)`` instead of the package name when a row of *table* is written."""
    RULES[table] = rule


def names_for(obj: Any) -> tuple[str, ...]:
    """The content names an ORM write of *obj* bumps: its rule, else its package's name."""
    rule = RULES.get(getattr(obj, "__tablename__", ""))
    if rule is not None:
        return tuple(rule(obj))
    parts = type(obj).__module__.split(".")
    if len(parts) < 2 or parts[0] != "participation" or parts[1] in PRIVATE_PACKAGES:
        return ()
    return (parts[1],)


def bump(*names: str) -> None:
    """Increment the content versions *names* with the current transaction.

    ORM writes bump their package's name by themselves (see :func:`names_for`); call this for
    Core statements (``update()``, bulk inserts) and for names finer than a package. The UPSERT
    runs once per transaction, right before it commits, so it commits or rolls back with the
    write and holds its row lock only for the commit.
    """
    if names:
        db.session.info.setdefault(_PENDING, set()).update(names)


def _upsert(connection, names: Iterable[str]) -> None:
    """One statement: insert each name at version 1 or add 1 to the existing version."""
    table = ContentVersion.__table__
    # sorted: concurrent writers take the row locks in the same order (no deadlock on PG)
    rows = [{"name": name, "version": 1} for name in sorted(names)]
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        stmt = insert(table).values(rows)
        connection.execute(
            stmt.on_conflict_do_update(
                index_elements=[table.c.name], set_={"version": table.c.version + 1}
            )
        )
        return
    # another database: update, then insert the names that did not exist yet
    wanted = [r["name"] for r in rows]
    connection.execute(
        update(table).where(table.c.name.in_(wanted)).values(version=table.c.version + 1)
    )
    existing = set(connection.scalars(select(table.c.name).where(table.c.name.in_(wanted))))
    missing = [r for r in rows if r["name"] not in existing]
    if missing:
        connection.execute(table.insert(), missing)


@event.listens_for(FlaskSession, "after_flush")
def _collect(session, flush_context) -> None:
    """Remember the names of everything this flush wrote (state is still pre-flush here)."""
    names: set[str] = set()
    for obj in session.new:
        names.update(names_for(obj))
    for obj in session.deleted:
        names.update(names_for(obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=True):
            names.update(names_for(obj))
    if names:
        session.info.setdefault(_PENDING, set()).update(names)


@functools.cache
def _table_packages() -> dict[str, tuple[str, ...]]:
    """Table name → the package names its rows belong to (for Core writes without rows).

    A mapped table belongs to its class's package; an association table to the packages of the
    tables it references.
    """
    owners: dict[str, set[str]] = {}
    for mapper in db.Model.registry.mappers:
        parts = mapper.class_.__module__.split(".")
        if len(parts) > 1 and parts[0] == "participation" and parts[1] not in PRIVATE_PACKAGES:
            for table in mapper.tables:
                owners.setdefault(table.name, set()).add(parts[1])
    for table in db.metadata.tables.values():
        if table.name not in owners:
            owners[table.name] = {
                pkg for fk in table.foreign_keys for pkg in owners.get(fk.column.table.name, ())
            }
    return {name: tuple(sorted(pkgs)) for name, pkgs in owners.items()}


@event.listens_for(FlaskSession, "do_orm_execute")
def _collect_statement(state) -> None:
    """Core ``insert()``/``update()``/``delete()`` through the session bump their tables' package.

    Bulk writes (counters, outcomes of many contributions) carry no rows to ask; the package
    name is the safe choice. Finer names still need an explicit :func:`bump`.
    """
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    names = _table_packages().get(getattr(table, "name", ""), ())
    if names:
        state.session.info.setdefault(_PENDING, set()).update(names)


@event.listens_for(FlaskSession, "before_commit")
def _apply(session) -> None:
    """Bump what the transaction changed, as its last statement before COMMIT."""
    session.flush()  # the last changes report their names first
    names = session.info.pop(_PENDING, None)
    if names:
        _upsert(session.connection(), names)


@event.listens_for(FlaskSession, "after_commit")
def _committed(session) -> None:
    session.info.pop(_PENDING, None)
    if has_request_context():
        g.pop("_content_versions", None)


@event.listens_for(FlaskSession, "after_rollback")
def _rolled_back(session) -> None:
    session.info.pop(_PENDING, None)


#: Number of version queries run by this process. They go to the DBAPI cursor directly, so
#: SQLAlchemy's statement events do not see them; tests and benchmarks add this count.
version_queries = 0


@functools.cache
def _versions_sql(paramstyle: str, count: int) -> str:
    """``SELECT name, version FROM content_versions WHERE name IN (…)`` for *count* names."""
    marks = {
        "qmark": ["?"] * count,
        "format": ["%s"] * count,
        "pyformat": [f"%(n{i})s" for i in range(count)],
        "named": [f":n{i}" for i in range(count)],
    }[paramstyle]
    return f"SELECT name, version FROM content_versions WHERE name IN ({', '.join(marks)})"


def versions(*names: str) -> tuple[int, ...]:
    """Return the versions of *names* (0 for never bumped), in one query, memoised per request.

    Read them *before* computing what you cache: a write that commits in between then lands in a
    newer key, never an older one.
    """
    memo: dict[str, int] = g.setdefault("_content_versions", {}) if has_request_context() else {}
    missing = [name for name in dict.fromkeys(names) if name not in memo]
    if missing:
        # Plain SQL on a pooled DBAPI connection of its own: this runs on every cache hit, and
        # an ORM session and select (expanding IN, result metadata) cost several times the
        # query. Only committed versions are seen, which is what a shared cache key must use.
        global version_queries
        version_queries += 1
        paramstyle = db.engine.dialect.paramstyle
        sql = _versions_sql(paramstyle, len(missing))
        params = (
            tuple(missing)
            if paramstyle in ("qmark", "format")
            else {f"n{i}": name for i, name in enumerate(missing)}
        )
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, params)
            found = dict(cursor.fetchall())
            cursor.close()
        finally:
            connection.close()  # back to the pool (rolled back there)
        for name in missing:
            memo[name] = found.get(name, 0)
    return tuple(memo[name] for name in names)


# --- stores --------------------------------------------------------------------------------


class LRUStore:
    """A bounded least-recently-used store in this process (the embedded default)."""

    def __init__(self, max_entries: int = 512):
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str) -> Any:
        """The stored value, or ``_MISSING`` when absent or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return _MISSING
            expires, value = entry
            if expires and expires < time.monotonic():
                del self._entries[key]
                return _MISSING
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: Any, ttl: int) -> None:
        """Store *value* for *ttl* seconds (0: until evicted); evict the oldest beyond the bound."""
        expires = time.monotonic() + ttl if ttl else 0.0
        with self._lock:
            self._entries[key] = (expires, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (tests, benchmarks)."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class FlaskCachingStore:
    """Flask-Caching (Redis) behind the same three methods; values are pickled by it."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, key: str) -> Any:
        """The stored value, or ``_MISSING``."""
        value = self.cache.get(key)
        return _MISSING if value is None else value

    def set(self, key: str, value: Any, ttl: int) -> None:
        """Store *value* for *ttl* seconds."""
        self.cache.set(key, value, timeout=ttl)

    def clear(self) -> None:
        """Forget everything under our key prefix."""
        self.cache.clear()


def init_app(app: Flask) -> None:
    """Create the store for *app*: Redis via Flask-Caching when configured, else an LRU."""
    url = app.config.get("CACHE_REDIS_URL")
    if url:
        from flask_caching import Cache

        cache = Cache()
        cache.init_app(
            app,
            config={
                "CACHE_TYPE": "RedisCache",
                "CACHE_REDIS_URL": url,
                "CACHE_KEY_PREFIX": app.config.get("CACHE_KEY_PREFIX", "participation:"),
                "CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_SECONDS", 3600),
            },
        )
        app.extensions["content_cache"] = FlaskCachingStore(cache)
    else:
        app.extensions["content_cache"] = LRUStore(app.config.get("CACHE_MAX_ENTRIES", 512))


def store():
    """The cache store of the current app (created on first use if the factory did not)."""
    found = current_app.extensions.get("content_cache")
    if found is None:
        init_app(current_app)
        found = current_app.extensions["content_cache"]
    return found


def _digest(parts: Iterable[Any]) -> str:
    """A short stable key for *parts* (Redis keys stay small; junk arguments cannot grow them)."""
    return hashlib.sha1(repr(tuple(parts)).encode()).hexdigest()


def _enabled() -> bool:
    return bool(current_app.config.get("CACHE_ENABLED", True))


# --- fragments -----------------------------------------------------------------------------


def cached_fragment(
    key: Any, names: Iterable[str], render_fn: Callable[[], Any], ttl: int | None = None
) -> Any:
    """Return ``render_fn()``, cached under *key* and the current versions of *names*.

    The value must not depend on the user or the session, and must be treated as read-only
    (the LRU hands out the same object). With Redis it must be picklable: prefer strings and
    plain tuples/dicts over ORM objects.
    """
    if not _enabled():
        return render_fn()
    names = tuple(names)
    full = "f:" + _digest((key, names, versions(*names)))
    value = store().get(full)
    if value is _MISSING:
        value = render_fn()
        store().set(
            full,
            value,
            current_app.config.get("CACHE_DEFAULT_SECONDS", 3600) if ttl is None else ttl,
        )
    return value


# --- pages ---------------------------------------------------------------------------------


def _cacheable_request() -> bool:
    """Anonymous GET/HEAD without messages waiting to be shown."""
    return (
        _enabled()
        and request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and "_flashes" not in http_session
    )


def _page_key(names: tuple[str, ...]) -> str:
    from participation.core.i18n import current_language

    headers = tuple(request.headers.get(h, "") for h in VARY_HEADERS)
    # The date is part of the key: pages show the current phase, "open until" and the like.
    today = time.strftime("%Y-%m-%d")
    return "p:" + _digest(
        (
            request.endpoint,
            request.path,
            request.query_string,
            current_language(),
            headers,
            today,
            names,
            versions(*names),
        )
    )


def _resolve(names, kwargs: dict) -> tuple[str, ...]:
    """Names may be strings with ``{view_arg}`` fields, or a callable of the view arguments."""
    if callable(names):
        return tuple(names(**kwargs))
    return tuple(name.format(**kwargs) for name in names)


def _csrf_secret() -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return str(http_session.get(field, ""))


def _finish(body: bytes, status: int, headers: list, etag_base: str) -> Response:
    """Build the response for a stored page: fill in the CSRF token, ETag, 304 if unchanged."""
    response = Response(status=status)
    for name, value in headers:
        response.headers[name] = value
    if CSRF_PLACEHOLDER.encode() in body:
        from flask_wtf.csrf import generate_csrf

        body = body.replace(CSRF_PLACEHOLDER.encode(), generate_csrf().encode())
    response.set_data(body)
    response.vary.update(("Cookie", "HX-Request"))
    # The page embeds the session's CSRF token: caches outside the browser must not share it.
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(hashlib.sha1((etag_base + _csrf_secret()).encode()).hexdigest()[:32])
    return response.make_conditional(request)


def cached_page(*names: str | Callable[..., Iterable[str]], ttl: int | None = None):
    """Cache an anonymous page on the content versions *names* (decorator for view functions).

    ``@cached_page("processes", "contributions")``, ``@cached_page("survey:{survey_id}")`` (view
    arguments are filled in) or ``@cached_page(lambda slug: [...])``. Logged-in users, other
    methods and requests with flashed messages go straight to the view. A response is stored only
    when it is a 200 that set no new session values except the CSRF token and flashed nothing.
    """
    spec = names[0] if len(names) == 1 and callable(names[0]) else names

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable_request():
                return view(*args, **kwargs)
            key = _page_key(_resolve(spec, kwargs))
            cache = store()
            entry = cache.get(key)
            if entry is not _MISSING:
                g.page_cache = "hit"
                return _finish(*entry)
            before = set(http_session.keys())
            response = make_response(view(*args, **kwargs))
            g.page_cache = "miss"
            field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
            new_keys = set(http_session.keys()) - before - {field}
            if (
                response.status_code != 200
                or response.direct_passthrough
                or response.is_streamed
                or new_keys
                or "Set-Cookie" in response.headers
            ):
                return response
            body = response.get_data()
            token = g.get(field)
            if token:
                body = body.replace(str(token).encode(), CSRF_PLACEHOLDER.encode())
            headers = [(h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers]
            etag_base = hashlib.sha1(body).hexdigest()
            entry = (body, response.status_code, headers, etag_base)
            cache.set(
                key,
                entry,
                current_app.config.get("CACHE_PAGE_SECONDS", 300) if ttl is None else ttl,
            )
            return _finish(*entry)

        return wrapper

    return decorator


def clear() -> None:
    """Forget this app's stored pages and fragments (never needed for correctness)."""
    store().clear()
