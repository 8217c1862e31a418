"""``flask doctor``: each misconfiguration gives one FAIL line with its fix and exit code 1."""

import socket
import threading

import pytest
from sqlalchemy import text

from config import DEV_SECRET_KEY
from participation.extensions import db
from participation.operations.health import write_heartbeat
from participation.operations.workers import configured_workers, default_workers

GOOD_SECRET = "k" * 48


def _doctor(app) -> tuple[int, dict[str, str]]:
    result = app.test_cli_runner().invoke(args=["doctor"])
    lines = {}
    for line in result.output.splitlines():
        if line.startswith(("ok   ", "FAIL ")):
            lines[line[5:].split(":", 1)[0]] = line
    return result.exit_code, lines


@pytest.fixture
def healthy(app, tmp_path, monkeypatch):
    """A production-like configuration that passes every check."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    app.config.update(
        ENV_NAME="production",
        SECRET_KEY=GOOD_SECRET,
        BASE_URL="https://beteiligung.example.org",
        TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
        INSTANCE_DIR=tmp_path / "instance",
        MAIL_BACKEND="file",
    )
    write_heartbeat()
    return app


def test_a_healthy_installation_passes(healthy):
    code, lines = _doctor(healthy)
    assert code == 0, lines
    assert set(lines) == {
        "secret key",
        "base URL",
        "database",
        "migrations",
        "instance folder",
        "rate limits",
        "map tiles",
        "smtp",
        "scheduler",
    }
    assert all(line.startswith("ok ") for line in lines.values())


def test_development_secret_in_production(healthy):
    healthy.config["SECRET_KEY"] = DEV_SECRET_KEY
    code, lines = _doctor(healthy)
    assert code == 1
    assert lines["secret key"].startswith("FAIL")
    assert "PARTICIPATION_SECRET_KEY" in lines["secret key"]


def test_http_base_url_in_production(healthy):
    healthy.config["BASE_URL"] = "http://beteiligung.example.org"
    code, lines = _doctor(healthy)
    assert code == 1
    assert "is not https" in lines["base URL"] and "PARTICIPATION_BASE_URL" in lines["base URL"]


def test_public_osm_tiles_in_production(healthy):
    healthy.config["TILE_URL"] = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    code, lines = _doctor(healthy)
    assert code == 1
    assert "PARTICIPATION_TILE_URL" in lines["map tiles"]


def test_memory_rate_limits_with_several_workers(healthy, monkeypatch):
    healthy.config["RATELIMIT_STORAGE_URI"] = "memory://"
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    code, lines = _doctor(healthy)
    assert code == 1
    assert "memory storage with 4 workers" in lines["rate limits"]
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    code, lines = _doctor(healthy)
    assert code == 0, lines


def test_worker_count_sources(monkeypatch):
    assert configured_workers({"WEB_CONCURRENCY": "3"}) == 3
    assert configured_workers({"GUNICORN_CMD_ARGS": "--bind 0:80 --workers 6"}) == 6
    assert configured_workers({"WEB_CONCURRENCY": "²"}) == default_workers()
    assert default_workers(1) == 3 and default_workers(2) == 5 and default_workers(64) == 12


def test_migrations_behind(healthy):
    db.session.execute(text("UPDATE alembic_version SET version_num = '0009_security'"))
    db.session.commit()
    code, lines = _doctor(healthy)
    assert code == 1
    assert "database at 0009_security" in lines["migrations"]
    assert "flask --app wsgi db upgrade" in lines["migrations"]


def test_instance_folder_not_writable(healthy, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the instance folder should be")
    healthy.config["INSTANCE_DIR"] = blocker
    code, lines = _doctor(healthy)
    assert code == 1
    assert "not writable" in lines["instance folder"]


def test_no_scheduler_heartbeat(healthy):
    db.session.execute(text("DELETE FROM app_state WHERE key = 'scheduler.heartbeat'"))
    db.session.commit()
    code, lines = _doctor(healthy)
    assert code == 1
    assert "last: never" in lines["scheduler"] and "scheduler run" in lines["scheduler"]


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_smtp_unreachable(healthy):
    healthy.config.update(
        MAIL_BACKEND="smtp", MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=_closed_port()
    )
    code, lines = _doctor(healthy)
    assert code == 1
    assert "unreachable" in lines["smtp"] and "PARTICIPATION_SMTP_HOST" in lines["smtp"]


@pytest.fixture
def smtp_server():
    """A minimal SMTP server on loopback answering the greeting, NOOP and QUIT."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"220 test ESMTP\r\n")
            for line in conn.makefile("rb"):
                if line.upper().startswith(b"QUIT"):
                    conn.sendall(b"221 bye\r\n")
                    return
                conn.sendall(b"250 ok\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    server.close()


def test_smtp_reachable(healthy, smtp_server):
    healthy.config.update(
        MAIL_BACKEND="smtp", MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=smtp_server
    )
    code, lines = _doctor(healthy)
    assert code == 0, lines
    assert lines["smtp"] == f"ok   smtp: 127.0.0.1:{smtp_server} answers"
