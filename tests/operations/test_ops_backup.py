"""``flask backup`` / ``flask restore``: round trip of database and uploads (SQLite and, with
PARTICIPATION_TEST_DATABASE_URL, PostgreSQL via pg_dump/pg_restore)."""

import json
import os
import sqlite3
import tarfile
import threading

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.extensions import db


def _photo(app, name="a1b2c3.jpg", data=b"\xff\xd8photo bytes"):
    folder = app.config["INSTANCE_DIR"] / "uploads" / "contributions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


@pytest.fixture
def instance(app, tmp_path):
    app.config["INSTANCE_DIR"] = tmp_path / "instance"
    return app


def _emails():
    db.session.remove()
    return set(db.session.scalars(sa.select(User.email)))


def test_round_trip_restores_database_and_uploads(instance, create_user, runner, tmp_path):
    app = instance
    create_user(email="petra.planung@example.org", roles=["planner"])
    photo = _photo(app)
    archive = tmp_path / "backups" / "b.tar.gz"

    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 uploaded file(s)" in result.output
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "uploads/contributions/a1b2c3.jpg" in names
    assert manifest["backend"] == db.engine.url.get_backend_name()
    assert manifest["uploads"] == [{"path": "contributions/a1b2c3.jpg", "bytes": 13}]
    assert manifest["database"]["name"] in names

    # after the backup: a new account and a lost photo
    create_user(email="spaeter@example.org")
    photo.unlink()

    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output
    assert "spaeter@example.org" in _emails()  # nothing changed

    restored = runner.invoke(args=["restore", str(archive), "--force"])
    assert restored.exit_code == 0, restored.output
    emails = _emails()
    assert "petra.planung@example.org" in emails and "spaeter@example.org" not in emails
    assert photo.read_bytes() == b"\xff\xd8photo bytes"


def test_restore_into_an_empty_database_needs_no_force(
    instance, create_user, runner, tmp_path, make_app
):
    create_user(email="petra.planung@example.org")
    archive = tmp_path / "b.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0

    fresh = make_app(INSTANCE_DIR=tmp_path / "other-instance")
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        assert "petra.planung@example.org" in _emails()
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_damaged_or_foreign_archives(instance, runner, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    result = runner.invoke(args=["restore", str(junk)])
    assert result.exit_code == 1 and "not a backup archive" in result.output
    result = runner.invoke(args=["restore", str(tmp_path / "missing.tar.gz")])
    assert result.exit_code == 1 and "no such file" in result.output

    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(payload, "../escaped")
    result = runner.invoke(args=["restore", str(evil), "--force"])
    assert result.exit_code == 1 and "refusing archive member" in result.output
    assert not (tmp_path.parent / "escaped").exists()


@pytest.mark.skipif(bool(os.environ.get("PARTICIPATION_TEST_DATABASE_URL")), reason="SQLite only")
def test_sqlite_backup_is_consistent_while_writes_go_on(instance, runner, tmp_path):
    url = db.engine.url.database
    stop = threading.Event()
    written = []

    def writer():
        conn = sqlite3.connect(url, timeout=10)
        i = 0
        while not stop.is_set():
            conn.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?)", (f"load-{i}", "x" * 150)
            )
            conn.commit()
            written.append(i)
            i += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        archive = tmp_path / "live.tar.gz"
        result = runner.invoke(args=["backup", str(archive)])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert written
    with tarfile.open(archive) as tar:
        tar.extract("database.sqlite", tmp_path)
    copy = sqlite3.connect(tmp_path / "database.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    count = copy.execute("SELECT count(*) FROM app_state WHERE key LIKE 'load-%'").fetchone()[0]
    copy.close()
    assert 0 <= count <= len(written)
