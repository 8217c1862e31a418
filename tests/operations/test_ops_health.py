"""/healthz, /readyz (database, migrations, scheduler heartbeat) and the 503 page on outages."""

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from participation import scheduler
from participation.core.db import utcnow
from participation.core.models import AppState
from participation.extensions import db
from participation.operations.health import HEARTBEAT_KEY, heartbeat_age


def test_healthz_is_alive_without_the_database(app):
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////nonexistent/dir/x.db"
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_reports_database_migrations_and_heartbeat(app):
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    migrations = body["checks"]["migrations"]
    assert migrations["ok"] is True and migrations["current"] == migrations["head"]
    # no scheduler has run in the test: reported, but not required by default
    assert body["checks"]["scheduler"] == {
        "ok": False,
        "heartbeat_age_seconds": None,
        "max_age_seconds": 180,
        "required": False,
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert "@" not in response.get_data(as_text=True)  # no personal data


def test_scheduler_job_writes_the_heartbeat_and_readyz_shows_its_age(app):
    assert scheduler.run_job("heartbeat") is True
    assert heartbeat_age() is not None and heartbeat_age() < 5
    app.config["READYZ_REQUIRE_SCHEDULER"] = True
    body = app.test_client().get("/readyz").json
    assert body["checks"]["scheduler"]["ok"] is True
    assert body["checks"]["scheduler"]["heartbeat_age_seconds"] < 5


def test_stale_heartbeat_makes_readyz_503_when_required(app):
    db.session.add(AppState(key=HEARTBEAT_KEY, value=(utcnow() - timedelta(hours=1)).isoformat()))
    db.session.commit()
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    app.config["READYZ_REQUIRE_SCHEDULER"] = True
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["scheduler"]["heartbeat_age_seconds"] >= 3599


def test_migrations_behind_head_is_not_ready(app):
    db.session.execute(text("UPDATE alembic_version SET version_num = '0010_experience'"))
    db.session.commit()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["migrations"]["current"] == ["0010_experience"]


def test_unreachable_database_is_a_503_json(tmp_path):
    from participation import create_app

    # a directory where the database file should be: SQLite cannot open it
    (tmp_path / "db.sqlite").mkdir()
    broken = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/db.sqlite")
    with broken.app_context():
        response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["database"] == {"ok": False, "error": "OperationalError"}


@pytest.fixture
def failing_page(app):
    """A page whose query hits a database that went away (as during a PostgreSQL restart)."""

    @app.route("/_test/db-outage")
    def outage():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    return "/_test/db-outage"


def test_database_outage_gives_a_clean_503_page_with_retry_after(app, failing_page):
    response = app.test_client().get(failing_page, headers={"Accept-Language": "de"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "OperationalError" not in page
    assert "<html" in page


def test_a_raw_driver_error_is_a_503_too(app):
    """Code on a raw DBAPI connection (the cache's version query) sees psycopg's own error."""
    import psycopg

    @app.route("/_test/raw-outage")
    def raw_outage():
        raise psycopg.OperationalError("consuming input failed: server closed the connection")

    response = app.test_client().get("/_test/raw-outage")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"


def test_a_dead_connection_in_the_session_still_gives_a_503(app, monkeypatch):
    """Rollback on a connection the server closed raises as well: the page must stay a 503."""
    from participation.extensions import db as database

    @app.route("/_test/dead-session")
    def dead_session():
        database.session.execute(text("SELECT 1"))

        def broken_rollback(*args, **kwargs):
            raise OperationalError("ROLLBACK", {}, Exception("server closed the connection"))

        monkeypatch.setattr(database.session.registry(), "rollback", broken_rollback)
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    response = app.test_client().get("/_test/dead-session")
    assert response.status_code == 503
