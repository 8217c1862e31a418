"""Shared pieces of the security harness (route fuzzer, authorization matrix): issue 13.

A database with Berlin's areas and every package's demo data is built once per session (by the
same ``seed()`` as ``flask seed-demo``) and copied for each test. Clients log in as the demo staff
accounts, one per role, and carry a valid CSRF token (the app runs with CSRF on).
"""

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer
from testclients import Client

from participation import create_app
from participation.extensions import db

ROOT = Path(__file__).resolve().parent.parent

#: Session name → demo account (participation/demo/users.py); ``None`` is a resident.
SESSIONS = {
    "anonymous": None,
    "admin": "admin@example.org",
    "planner": "planung@example.org",
    "manager_own": "qm-neukoelln@example.org",  # manager + staff for Neukölln (08): own area
    "manager_other": "qm-spandau@example.org",  # manager for Spandau (05): not the demo area
    "moderator": "moderation@example.org",
    "council": "rat@example.org",
    "staff": "erfassung@example.org",
}


def _data_dir() -> Path:
    return ROOT / "data"


def _app(url: str, tmp: Path, **overrides):
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "MAIL_FILE_DIR": tmp / "mail",
        "INSTANCE_DIR": tmp,
        "SEED_DATA_DIR": _data_dir(),
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "MAIL_DELIVER_INLINE": False,
    }
    config.update(overrides)
    return create_app("testing", **config)


def _copy(databases, source: str) -> str:
    """A new database with the content of *source* (file copy / CREATE DATABASE … TEMPLATE, with
    the session's one admin connection and the faster file-copy strategy, see conftest.py)."""
    return databases.clone(source, f"h_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session")
def demo_template(databases, tmp_path_factory):
    """URL of a database with the full demo data (seeded once per session).

    The fixtures of this module are registered once, in ``tests/conftest.py``: re-bound in each
    test module they were separate session fixtures, and the demo was seeded once per module.
    The copy holds Berlin's areas already, so the demo's area step (which re-read and compared
    all four levels: about 40 % of the seed) is left out; the result is the same database.
    """
    tmp = tmp_path_factory.mktemp("demo")
    url = databases.copy("berlin")
    app = _app(url, tmp)
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        from participation.demo import areas, seed

        patch.setattr(areas, "seed_berlin_areas", lambda data_dir=None: "")
        seed()
        db.session.remove()
        db.engine.dispose()
    yield url
    databases.drop(url)


@pytest.fixture(scope="session")
def _demo_app_once(demo_template, databases, tmp_path_factory):
    """The app behind :func:`demo_app_shared`: one per test session (per xdist worker)."""
    tmp = tmp_path_factory.mktemp("demo_shared")
    url = _copy(databases, demo_template)
    app = _app(url, tmp)
    app.test_client_class = Client
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture(scope="module")
def demo_app_shared(_demo_app_once):
    """One copy of the demo database and one app for the route fuzzer and both matrices.

    CSRF on, rate limits off. For tests that change nothing, or only inside
    :func:`rolled_back`: the app is built and its templates compiled once (about a tenth of the
    fuzzer's time when each session had its own), and its page caches stay warm between them.
    The app context is pushed per module, so other modules never run inside it.
    """
    with _demo_app_once.app_context():
        yield _demo_app_once
        db.session.remove()


@pytest.fixture
def demo_app(demo_template, databases, tmp_path):
    """Factory-free app on a fresh copy of the demo database, CSRF on, rate limits off."""
    url = _copy(databases, demo_template)
    app = _app(url, tmp_path)
    app.test_client_class = Client  # logged-in clients, one app context per request
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def client_for(app, session_name: str):
    """A test client logged in as the demo account of *session_name*, and its CSRF token."""
    from participation.accounts.models import User

    email = SESSIONS[session_name]
    user = None
    if email:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user is not None, f"demo account {email} missing"
    client = app.test_client(user=user) if user else app.test_client()
    raw = hashlib.sha1(os.urandom(64)).hexdigest()
    with client.session_transaction() as sess:
        sess["csrf_token"] = raw  # what flask_wtf.csrf.generate_csrf stores
    token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)
    return client, token


def world_ids(app) -> dict[str, object]:
    """Real values for path parameters by name, taken from the demo data (first row each)."""
    from participation.core.db import Base

    values: dict[str, object] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        table = getattr(cls, "__tablename__", None)
        if not table or "id" not in mapper.columns:
            continue
        first = db.session.scalar(sa.select(mapper.columns["id"]).order_by(mapper.columns["id"]))
        if first is None:
            continue
        name = "".join("_" + c.lower() if c.isupper() else c for c in cls.__name__).lstrip("_")
        values.setdefault(f"{name}_id", first)
    from participation.processes.models import Process

    process = db.session.scalar(sa.select(Process).order_by(Process.id))
    if process is not None:
        values["slug"] = process.slug
        values.setdefault("process_id", process.id)
    return values


class _BlockRawConnection:
    """What ``db.engine.raw_connection()`` returns inside :func:`rolled_back`.

    The content-version reads (``participation.core.cache.versions``) use a DBAPI connection of
    their own, which sees committed rows only; inside the block nothing is ever committed, so
    they would miss every bump and serve stale cached pages. Here they read on the block's own
    connection (its uncommitted bumps included), and ``close()`` leaves that connection open.
    """

    def __init__(self, connection):
        self._dbapi = connection.connection.dbapi_connection
        #: as on a pooled connection: the driver's own connection (the version read checks
        #: whether it is inside a transaction; in the block it always is, so no autocommit)
        self.driver_connection = connection.connection.driver_connection

    def cursor(self):
        return self._dbapi.cursor()

    def close(self) -> None:
        pass


def _clear_process_caches(app) -> None:
    """Forget what this process cached under content versions that a rollback reused."""
    from participation.surveys import compiled

    store = app.extensions.get("content_cache")
    if store is not None:
        store.clear()
    compiled._COMPILED.clear()


@contextmanager
def rolled_back(app) -> Iterator[Callable[[], None]]:
    """Run every request of the block in one database transaction, rolled back at the end.

    Each request's session works in a SAVEPOINT of that transaction (its commit releases the
    savepoint, its rollback returns to it), so views and services behave as usual; nothing
    reaches the database for good. Yields ``reset()``: roll back all writes so far and start
    again (milliseconds, where a fresh database copy takes a tenth of a second on SQLite and
    most of a second on PostgreSQL). Log clients in *before* the block: a login stores a
    device session, which the first ``reset()`` would undo.
    """
    from flask_sqlalchemy.session import Session

    db.session.remove()  # the test's own session must not hold a connection of its own
    engine = db.engine
    connection = engine.connect()
    state = {"outer": connection.begin()}
    factory = db.session.session_factory
    saved = dict(factory.kw)
    factory.configure(join_transaction_mode="create_savepoint")

    def reset() -> None:
        db.session.remove()
        if state["outer"].is_active:
            state["outer"].rollback()
        _clear_process_caches(app)
        state["outer"] = connection.begin()

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Session, "get_bind", lambda self, *args, **kwargs: connection)
            patch.setattr(engine, "raw_connection", lambda: _BlockRawConnection(connection))
            yield reset
    finally:
        db.session.remove()
        if state["outer"].is_active:
            state["outer"].rollback()
        connection.close()
        factory.kw.clear()
        factory.kw.update(saved)
        _clear_process_caches(app)
