"""Cache stores (Redis through Flask-Caching, else a bounded LRU per process) and fragments."""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app

from participation.core.cache.versioning import versions

#: What :meth:`LRUStore.get` returns for an absent or expired key.
_MISSING = object()


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


def clear() -> None:
    """Forget this app's stored pages and fragments (never needed for correctness)."""
    store().clear()
