"""Render a full page, or only one named block of it for htmx swaps (jinja2-fragments)."""

from flask import Response, make_response, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_block

from participation.extensions import htmx


def is_partial_request() -> bool:
    """True for an htmx request that wants a fragment (not boosted, not a history restore)."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    """Render *template*; for a partial htmx request only *block*.

    The ``Vary`` header keeps caches from serving a fragment as a page and vice versa.
    """
    if block and is_partial_request():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def redirect_after_post(endpoint: str, **values) -> Response:
    """303 to *endpoint* after a successful POST; ``HX-Redirect`` for htmx requests."""
    target = url_for(endpoint, **values)
    if htmx and request.method != "GET":
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)
