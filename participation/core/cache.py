"""The one cache rule: every cached page or fragment is keyed on content versions in the database.

A write that changes what public pages show calls :func:`bump` with the names below, inside its
own transaction (the bump commits or rolls back with the write). Readers call :func:`versions`
(one query) and put the numbers into the cache key, so after a commit every worker on every host
computes a new key and misses; stale entries simply age out. Nothing is ever "invalidated" in a
single worker, which is what made the old per-worker survey cache wrong.

The store is Flask-Caching on Redis when ``CACHE_REDIS_URL`` is configured (shared by all workers
and hosts), else a bounded LRU per process (``CACHE_MAX_ENTRIES``). Both are correct across
workers because correctness comes from the versions in the key, not from the store.

Names in use (bump every name whose pages your write changes; add new ones here):

==================  ==========================================================================
``processes``       processes: fields, status, phases, categories, areas (start, list, area pages)
``contributions``   contributions: new, edited, moderated, supported, photos
``surveys``         surveys as shown in panels and lists: status, dates, response counts
``survey:<id>``     one survey's results: question edits, moderation of free-text answers
``survey:<id>:responses``  one survey's responses (area-filtered results may lag by a minute)
``areas``           areas and levels (import)
``stakeholders``    the public stakeholder panel
``meetings``        public meetings, ``measures`` public measures, ``budgets`` public budgets
==================  ==========================================================================

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
from sqlalchemy import select, update
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


# --- versions ------------------------------------------------------------------------------


def bump(*names: str) -> None:
    """Increment the content versions *names* in the current transaction (one UPSERT).

    Call it in services, next to the write; it is flushed at once and commits with the caller's
    transaction. Names are sorted so concurrent writers take the row locks in the same order.
    """
    names = tuple(sorted(set(names)))
    if not names:
        return
    rows = [{"name": name, "version": 1} for name in names]
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        stmt = insert(ContentVersion).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=[ContentVersion.name], set_={"version": ContentVersion.version + 1}
        )
        db.session.execute(stmt)
    else:  # another database: update, then insert the names that did not exist yet
        existing = set(
            db.session.scalars(select(ContentVersion.name).where(ContentVersion.name.in_(names)))
        )
        db.session.execute(
            update(ContentVersion)
            .where(ContentVersion.name.in_(names))
            .values(version=ContentVersion.version + 1)
        )
        db.session.add_all(ContentVersion(**r) for r in rows if r["name"] not in existing)
        db.session.flush()
    if has_request_context():
        memo = g.get("_content_versions")
        if memo:
            for name in names:
                memo.pop(name, None)


def versions(*names: str) -> tuple[int, ...]:
    """Return the versions of *names* (0 for never bumped), in one query, memoised per request.

    Read them *before* computing what you cache: a write that commits in between then lands in a
    newer key, never an older one.
    """
    memo: dict[str, int] = g.setdefault("_content_versions", {}) if has_request_context() else {}
    missing = [name for name in dict.fromkeys(names) if name not in memo]
    if missing:
        found = dict(
            db.session.execute(
                select(ContentVersion.name, ContentVersion.version).where(
                    ContentVersion.name.in_(missing)
                )
            ).all()
        )
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

    args = sorted(request.args.items(multi=True))
    headers = tuple(request.headers.get(h, "") for h in VARY_HEADERS)
    return "p:" + _digest(
        (request.endpoint, request.path, args, current_language(), headers, names, versions(*names))
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
                current_app.config.get("CACHE_DEFAULT_SECONDS", 3600) if ttl is None else ttl,
            )
            return _finish(*entry)

        return wrapper

    return decorator


def clear() -> None:
    """Forget this app's stored pages and fragments (never needed for correctness)."""
    store().clear()
