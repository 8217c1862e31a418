"""The one cache rule: content versions in the database, pages and fragments keyed on them."""

import re

import pytest
from flask import flash, render_template_string
from sqlalchemy import event

from participation import create_app
from participation.core import cache
from participation.extensions import db

PAGE = '<form><input name="csrf_token" value="{{ csrf_token() }}"></form><p>{{ text }}</p>'


def _count_queries(app, fn):
    """Run *fn* and return (its result, the number of SQL statements it ran)."""
    statements = []

    def listener(*args):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = fn()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return result, len(statements)


def _with_page(app):
    """A cached page on *app* that shows the current value of content version ``demo``."""

    @cache.cached_page("demo")
    def page():
        return render_template_string(PAGE, text=f"version {cache.versions('demo')[0]}")

    @cache.cached_page("demo")
    def flashing():
        flash("Saved")
        return "flashed"

    app.add_url_rule("/cached-demo", "cached_demo", page)
    app.add_url_rule("/cached-flash", "cached_flash", flashing)
    return app


def _bump_and_commit(app, *names):
    with app.app_context():
        cache.bump(*names)
        db.session.commit()


def test_versions_start_at_zero_and_count_committed_bumps(app):
    assert cache.versions("a", "b") == (0, 0)
    cache.bump("a", "b")
    cache.bump("a")  # once per transaction is enough: the key changes either way
    db.session.commit()
    cache.bump("a")
    db.session.commit()
    assert cache.versions("b", "a") == (1, 2)


def test_a_rolled_back_write_does_not_bump(app):
    cache.bump("a")
    db.session.rollback()
    assert cache.versions("a") == (0,)


def test_versions_are_read_in_one_query(app):
    cache.bump("a", "b", "c")
    db.session.commit()
    db.session.remove()
    before = cache.version_queries
    result, count = _count_queries(app, lambda: cache.versions("a", "b", "c", "d"))
    assert result == (1, 1, 1, 0)
    # one plain query on the DBAPI cursor (SQLAlchemy's statement events do not see it)
    assert cache.version_queries - before == 1
    assert count == 0


def test_two_workers_see_a_bump_on_the_next_request(app):
    """Two app instances on one database stand for two gunicorn workers (separate caches)."""
    worker_a = _with_page(app)
    worker_b = _with_page(create_app("testing", SQLALCHEMY_DATABASE_URI=str(db.engine.url)))
    try:
        a, b = worker_a.test_client(), worker_b.test_client()
        assert "version 0" in a.get("/cached-demo").text
        assert "version 0" in b.get("/cached-demo").text
        # both now serve from their own cache ...
        before = cache.version_queries
        _, hit_queries = _count_queries(worker_b, lambda: b.get("/cached-demo"))
        assert hit_queries + cache.version_queries - before == 1
        # ... until a write on A commits: B's very next request misses.
        _bump_and_commit(worker_a, "demo")
        assert "version 1" in b.get("/cached-demo").text
        assert "version 1" in a.get("/cached-demo").text
    finally:
        with worker_b.app_context():
            db.engine.dispose()


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(app):
    _with_page(app)
    first, second = app.test_client(), app.test_client()
    token_re = re.compile(r'value="([^"]+)"')
    page_one = first.get("/cached-demo").text
    page_two = second.get("/cached-demo").text
    assert cache.CSRF_PLACEHOLDER not in page_one + page_two
    one, two = token_re.search(page_one).group(1), token_re.search(page_two).group(1)
    assert one != two
    with first.session_transaction() as s1, second.session_transaction() as s2:
        assert s1["csrf_token"] != s2["csrf_token"]


def test_repeat_visit_gets_304_until_the_content_changes(app):
    _with_page(app)
    client = app.test_client()
    first = client.get("/cached-demo")
    assert first.headers["ETag"]
    again = client.get("/cached-demo", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    _bump_and_commit(app, "demo")
    changed = client.get("/cached-demo", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert "version 1" in changed.text


def test_flashed_messages_are_never_cached(app):
    _with_page(app)
    client = app.test_client()
    assert client.get("/cached-flash").text == "flashed"
    # the flash was stored in the session: the next page must show it, so it bypasses the cache
    with client.session_transaction() as s:
        assert s.get("_flashes")
    assert client.get("/cached-demo").status_code == 200
    assert len(cache.store()) == 0


def test_logged_in_staff_never_get_a_cached_page(app, create_user, login):
    _with_page(app)
    staff = login(create_user(roles=["planner"]))
    staff.get("/cached-demo")
    assert len(cache.store()) == 0
    app.test_client().get("/cached-demo")
    assert len(cache.store()) == 1


def test_cached_fragment_recomputes_after_a_bump(app):
    calls = []

    def render():
        calls.append(1)
        return f"<p>{len(calls)}</p>"

    assert cache.cached_fragment("panel", ["demo"], render) == "<p>1</p>"
    assert cache.cached_fragment("panel", ["demo"], render) == "<p>1</p>"
    cache.bump("demo")
    db.session.commit()
    assert cache.cached_fragment("panel", ["demo"], render) == "<p>2</p>"


def test_the_lru_is_bounded():
    store = cache.LRUStore(max_entries=3)
    for i in range(5):
        store.set(str(i), i, 0)
    assert len(store) == 3
    assert store.get("0") is cache._MISSING
    assert store.get("4") == 4


@pytest.mark.parametrize("ttl", [1])
def test_flask_caching_store_round_trip(ttl):
    """The Redis path goes through Flask-Caching; its SimpleCache has the same interface."""
    from flask import Flask
    from flask_caching import Cache

    flask_app = Flask(__name__)
    backend = Cache(flask_app, config={"CACHE_TYPE": "SimpleCache"})
    store = cache.FlaskCachingStore(backend)
    with flask_app.app_context():
        assert store.get("k") is cache._MISSING
        store.set("k", (b"body", 200, [], "e"), ttl)
        assert store.get("k") == (b"body", 200, [], "e")


@pytest.mark.berlin
def test_an_orm_write_bumps_its_package_by_itself(app, create_process, create_user):
    """No service has to remember it: a process edit bumps ``processes`` when it commits."""
    process = create_process()
    before = cache.versions("processes")[0]
    assert before >= 1
    process.title = "Neue Bänke am Richardplatz"
    db.session.rollback()
    assert cache.versions("processes")[0] == before
    process.title = "Neue Bänke am Richardplatz"
    db.session.commit()
    assert cache.versions("processes")[0] == before + 1
    # users and the audit log are not public content
    create_user(roles=["planner"])
    assert cache.versions("accounts", "core") == (0, 0)


@pytest.mark.berlin
def test_a_core_update_through_the_session_bumps_the_tables_package(app, create_process):
    """Bulk writes (no ORM rows) bump the package that owns the table."""
    from sqlalchemy import update

    from participation.processes.models import Process

    process = create_process()
    before = cache.versions("processes")[0]
    db.session.execute(update(Process).where(Process.id == process.id).values(summary="Neu"))
    db.session.commit()
    assert cache.versions("processes")[0] == before + 1


def test_fresh_tokens_differ_per_response_of_a_cached_page(app):
    """An idempotency key from ``fresh_token()`` is new in every response, also from the cache."""

    rendered = []

    @cache.cached_page("demo")
    def keyed():
        rendered.append(1)
        return render_template_string(
            '<input name="idempotency_key" value="{{ key }}">', key=cache.fresh_token()
        )

    app.add_url_rule("/cached-keyed", "cached_keyed", keyed)
    keys = []
    for _ in range(3):
        client = app.test_client()  # three visitors
        page = client.get("/cached-keyed").get_data(as_text=True)
        keys.append(re.search(r'value="([^"]+)"', page).group(1))
    assert len(set(keys)) == 3
    assert cache.FRESH_PLACEHOLDER not in "".join(keys)
    assert all(len(key) >= 24 for key in keys)
    assert len(rendered) == 1  # the second and third visitor were served from the cache


def test_sharded_versions_change_on_every_bump_on_every_worker(app, monkeypatch):
    """Several rows per name (PostgreSQL's default, forced here on any database): a bump adds to
    one of them, readers sum them — every committed bump gives another worker a new page, the
    version never goes back and a hit is still one query."""
    from participation.core.cache import versioning

    monkeypatch.setitem(versioning.SHARDS, db.engine.dialect.name, 4)
    worker_a = _with_page(app)
    worker_b = _with_page(create_app("testing", SQLALCHEMY_DATABASE_URI=str(db.engine.url)))
    try:
        b = worker_b.test_client()
        assert "version 0" in b.get("/cached-demo").text
        for n in range(1, 13):
            _bump_and_commit(worker_a, "demo", "other")
            assert f"version {n}" in b.get("/cached-demo").text  # B's next request misses
            before = cache.version_queries
            _, hit_queries = _count_queries(worker_b, lambda: b.get("/cached-demo"))
            assert hit_queries + cache.version_queries - before == 1
        with worker_a.app_context():
            cache.bump("demo")
            db.session.rollback()  # a rolled-back bump changes nothing
            assert cache.versions("demo", "other") == (12, 12)
            rows = db.session.execute(
                db.text("SELECT count(*) FROM content_versions WHERE name = 'demo'")
            ).scalar()
            assert rows > 1  # the bumps really went to several rows
    finally:
        with worker_b.app_context():
            db.engine.dispose()
