"""The page cache's hit path: TTL pages follow the clock, repeat visits cost no token signing."""

import re

import flask_wtf.csrf
from flask import render_template_string

from participation.core import cache
from participation.core.cache import pages as cache_pages
from participation.core.cache import stores

PAGE = '<form><input name="csrf_token" value="{{ csrf_token() }}"></form><p>render {{ n }}</p>'


def _with_ttl_page(app, ttl=60):
    """A page cached on ``demo`` for *ttl* seconds that shows how often the view ran."""
    renders = []

    @cache.cached_page("demo", ttl=ttl)
    def clocked():
        renders.append(1)
        return render_template_string(PAGE, n=len(renders))

    app.add_url_rule("/cached-clocked", "cached_clocked", clocked)
    return renders


def test_a_ttl_page_is_served_from_cache_until_its_ttl_runs_out(app, monkeypatch):
    renders = _with_ttl_page(app, ttl=60)
    client = app.test_client()
    assert "render 1" in client.get("/cached-clocked").text
    assert "render 1" in client.get("/cached-clocked").text  # a hit: the view did not run
    assert len(renders) == 1
    now = stores.time.monotonic()
    monkeypatch.setattr(stores.time, "monotonic", lambda: now + 61)
    assert "render 2" in client.get("/cached-clocked").text  # the phase may have changed
    assert len(renders) == 2


def test_a_cached_page_follows_the_date(app, monkeypatch):
    renders = _with_ttl_page(app, ttl=0)  # 0: kept until evicted, yet a new day misses
    client = app.test_client()
    client.get("/cached-clocked")
    client.get("/cached-clocked")
    assert len(renders) == 1
    real = cache_pages.time.strftime
    monkeypatch.setattr(
        cache_pages.time, "strftime", lambda fmt, *a: "2099-01-01" if fmt == "%Y-%m-%d" else real
    )
    assert "render 2" in client.get("/cached-clocked").text


def test_a_repeat_visit_is_answered_304_without_signing_a_token(app, monkeypatch):
    _with_ttl_page(app)
    client = app.test_client()
    first = client.get("/cached-clocked")
    etag = first.headers["ETag"]
    signed = []
    real = flask_wtf.csrf.generate_csrf
    monkeypatch.setattr(
        flask_wtf.csrf, "generate_csrf", lambda *a, **k: signed.append(1) or real(*a, **k)
    )
    again = client.get("/cached-clocked", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in again.headers["Vary"]
    assert signed == []
    # the same visitor without the ETag gets the whole page with their token, the same ETag
    full = client.get("/cached-clocked")
    assert full.status_code == 200 and full.headers["ETag"] == etag
    assert cache.CSRF_PLACEHOLDER not in full.text
    assert signed == [1]


def test_a_new_visitor_replaying_another_visitors_etag_gets_the_page_with_a_token(app):
    """The ETag includes the session's CSRF secret: without the session it never matches."""
    _with_ttl_page(app)
    first = app.test_client(use_cookies=False).get("/cached-clocked")
    stranger = app.test_client(use_cookies=False)
    replay = stranger.get("/cached-clocked", headers={"If-None-Match": first.headers["ETag"]})
    assert replay.status_code == 200
    token = re.search(r'value="([^"]+)"', replay.text).group(1)
    assert token and token != re.search(r'value="([^"]+)"', first.text).group(1)
    assert "session=" in replay.headers.get("Set-Cookie", "")
