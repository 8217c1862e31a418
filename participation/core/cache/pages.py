"""The page cache: anonymous GET/HEAD pages stored on content versions, CSRF filled per response.

A stored page is split at its placeholders and, when it is worth it, kept gzip-compressed too
(:mod:`participation.core.cache.body`): clients sending ``Accept-Encoding: gzip`` get the
compressed copy with their tokens filled in, without compressing per request; each encoding has
its own ETag, and ``Vary: Accept-Encoding`` tells caches the two apart.
"""

import functools
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable

from flask import Response, current_app, g, has_request_context, make_response, request
from flask import session as http_session
from flask_login import current_user

from participation.core.cache import body as stored_body
from participation.core.cache.stores import _MISSING, _digest, _enabled, store
from participation.core.cache.versioning import versions

#: What the stored page contains instead of this request's CSRF token.
CSRF_PLACEHOLDER = "__participation_csrf_token__"
#: What the stored page contains instead of each token of :func:`fresh_token`.
FRESH_PLACEHOLDER = "__participation_fresh_token__"
CSRF_BYTES = CSRF_PLACEHOLDER.encode()
FRESH_BYTES = FRESH_PLACEHOLDER.encode()
#: Length of a :func:`fresh_token` (``token_urlsafe(24)``).
FRESH_LENGTH = 32
#: Request headers a cached page varies on besides path, arguments and language.
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")
#: Response headers kept with a stored page (never Set-Cookie).
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language", "Content-Disposition")


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
    # "p2": entries hold a split body (body.StoredBody); older ones in a shared Redis are skipped
    return "p2:" + _digest(
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


def fresh_token() -> str:
    """A random token for this response (a form's idempotency key) that a cached page renews.

    The stored page holds a placeholder instead; every response served from it gets a new
    token, so two visitors never send the same key.
    """
    token = secrets.token_urlsafe(24)
    if has_request_context():
        g.setdefault("_fresh_tokens", []).append(token)
    return token


def _etag(etag_base: str) -> str:
    """The ETag of a stored page for this session: the page's digest and the CSRF secret."""
    return hashlib.sha1((etag_base + _csrf_secret()).encode()).hexdigest()[:32]


def _accepts_gzip() -> bool:
    """Whether the client takes gzip (``Accept-Encoding``, honouring ``gzip;q=0``)."""
    header = request.headers.get("Accept-Encoding", "").lower()
    if "gzip" not in header:
        return False
    # browsers send a plain list ("gzip, deflate, br, zstd"): parse only when there are q-values
    return ";" not in header or request.accept_encodings["gzip"] > 0


def _response(body: bytes, status: int, headers: list) -> Response:
    response = Response(body, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.vary.update(("Cookie", "HX-Request"))
    # The page embeds the session's CSRF token: caches outside the browser must not share it.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _finish(stored: stored_body.StoredBody, status: int, headers: list, etag_base: str) -> Response:
    """Build the response for a stored page: 304 if unchanged, else fill in the tokens."""
    gzipped = stored.gzipped is not None and _accepts_gzip()
    if gzipped:
        etag_base += "+gzip"  # each encoding is its own representation: its own ETag
    etag = _etag(etag_base)
    if request.if_none_match and request.if_none_match.contains(etag):
        # A repeat visit: answered before any token is signed or the body is copied and filled.
        response = _response(b"", status, headers)
        if stored.gzipped is not None:
            response.vary.add("Accept-Encoding")
        response.set_etag(etag)
        return response.make_conditional(request)
    tokens, csrf = [], None
    for kind in stored.kinds:
        if kind == CSRF_BYTES:
            if csrf is None:
                from flask_wtf.csrf import generate_csrf

                csrf = generate_csrf().encode()
            tokens.append(csrf)
        else:
            tokens.append(secrets.token_urlsafe(24).encode())
    if csrf is not None:
        etag = _etag(etag_base)  # a first visit's session got its CSRF secret just now
    if gzipped:
        response = _response(stored_body.gzip(stored, tokens), status, headers)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = _response(stored_body.identity(stored, tokens), status, headers)
    if stored.gzipped is not None:
        response.vary.add("Accept-Encoding")
    response.set_etag(etag)
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
            for fresh in g.get("_fresh_tokens", ()):
                body = body.replace(fresh.encode(), FRESH_PLACEHOLDER.encode())
            headers = [(h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers]
            etag_base = hashlib.sha1(body).hexdigest()
            lengths = {CSRF_BYTES: len(str(token)) if token else 0, FRESH_BYTES: FRESH_LENGTH}
            stored = stored_body.store(
                body, (CSRF_BYTES, FRESH_BYTES), lengths, response.headers.get("Content-Type", "")
            )
            entry = (stored, response.status_code, headers, etag_base)
            cache.set(
                key,
                entry,
                current_app.config.get("CACHE_PAGE_SECONDS", 300) if ttl is None else ttl,
            )
            return _finish(*entry)

        return wrapper

    return decorator
