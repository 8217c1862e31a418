"""``flask backup FILE`` / ``flask restore FILE``: database and uploaded files in one tar.gz.

The archive holds ``manifest.json`` (format, backend, migration revision, checksums), the database
— ``database.sqlite`` made with SQLite's online backup API (a consistent snapshot while workers keep
writing) or ``database.pgdump`` from ``pg_dump --format=custom`` — and ``uploads/`` (contribution
photos and other files under the instance folder's ``uploads``).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from participation.core.db import utcnow
from participation.extensions import db
from participation.operations import health

FORMAT = 1
#: A database with rows in any of these holds an installation's data: restore needs --force.
DATA_TABLES = ("users", "areas", "processes", "contributions")


class BackupError(Exception):
    """A clear, one-line reason why a backup or restore cannot be done."""


@dataclass
class Summary:
    """What a backup or restore handled (printed by the CLI)."""

    backend: str
    revision: str
    files: int
    database_bytes: int


def _url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _uploads_dir() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "uploads"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_tool(name: str) -> str:
    """Path of a PostgreSQL client program: PG_BIN_DIR, PATH, then Debian's versioned folders."""
    configured = current_app.config.get("PG_BIN_DIR")
    if configured and (Path(configured) / name).exists():
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise BackupError(
        f"{name} not found: install postgresql-client or set PARTICIPATION_PG_BIN_DIR"
    )


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment, not argv."""
    args = ["--dbname", url.database or "postgres"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()[:500]}")


def create_backup(target: Path) -> Summary:
    """Write the archive *target* (consistent snapshot; the app may keep serving)."""
    url = _url()
    backend = url.get_backend_name()
    revision = ",".join(health.database_revisions())
    with tempfile.TemporaryDirectory(prefix="participation-backup-") as tmp:
        work = Path(tmp)
        if backend == "sqlite":
            dump = work / "database.sqlite"
            source = sqlite3.connect(url.database)
            dest = sqlite3.connect(dump)
            try:
                source.backup(dest)  # page-by-page copy under SQLite's locks: consistent
            finally:
                dest.close()
                source.close()
        elif backend == "postgresql":
            dump = work / "database.pgdump"
            args, env = _pg_args(url)
            dump_cmd = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump)]
            _run([*dump_cmd, *args], env)
        else:
            raise BackupError(f"backups of {backend} databases are not supported")
        uploads = _uploads_dir()
        files = sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": utcnow().isoformat(),
            "backend": backend,
            "revision": revision,
            "database": {"name": dump.name, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
            "uploads": [
                {"path": p.relative_to(uploads).as_posix(), "bytes": p.stat().st_size}
                for p in files
            ],
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", "manifest.json")
            archive.add(dump, dump.name)
            for path in files:
                archive.add(path, "uploads/" + path.relative_to(uploads).as_posix())
        partial.replace(target)  # never a half-written archive under the final name
    return Summary(backend, revision, len(files), manifest["database"]["bytes"])


def database_has_data() -> bool:
    """True when the current database holds an installation's data (see :data:`DATA_TABLES`)."""
    present = set(inspect(db.engine).get_table_names())
    for table in DATA_TABLES:
        if table in present and db.session.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():
            db.session.rollback()
            return True
    db.session.rollback()
    return False


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"refusing archive member {member.name!r}")
        members.append(member)
    return members


def restore_backup(source: Path, force: bool = False) -> Summary:
    """Replace database and uploads with the archive *source*.

    Refuses a database that already holds data unless *force*; the previous uploads folder is
    kept beside the new one (``uploads.before-restore-<time>``) so nothing is lost by mistake.
    """
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    url = _url()
    backend = url.get_backend_name()
    with tempfile.TemporaryDirectory(prefix="participation-restore-") as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, members=_safe_members(archive))  # noqa: S202 - checked
            manifest = json.loads((work / "manifest.json").read_text())
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise BackupError(f"{source}: not a backup archive ({exc})") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["backend"] != backend:
            raise BackupError(
                f"the backup is of a {manifest['backend']} database, this one is {backend}"
            )
        dump = work / manifest["database"]["name"]
        if _sha256(dump) != manifest["database"]["sha256"]:
            raise BackupError("the database file in the archive is damaged (checksum differs)")
        if not force and database_has_data():
            raise BackupError("the database is not empty: add --force to replace its contents")
        db.session.remove()
        db.engine.dispose()
        if backend == "sqlite":
            src = sqlite3.connect(dump)
            dst = sqlite3.connect(url.database)
            try:
                src.backup(dst)  # writes through SQLite (WAL-safe), unlike copying the file
            finally:
                dst.close()
                src.close()
        else:
            args, env = _pg_args(url)
            _run(
                [
                    pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    str(dump),
                ],
                env,
            )
        uploads = _uploads_dir()
        restored = work / "uploads"
        if uploads.exists() and any(uploads.iterdir()):
            stamp = utcnow().strftime("%Y%m%dT%H%M%S")
            uploads.rename(uploads.with_name(f"uploads.before-restore-{stamp}"))
        elif uploads.exists():
            uploads.rmdir()
        uploads.parent.mkdir(parents=True, exist_ok=True)
        if restored.exists():
            shutil.copytree(restored, uploads)
        else:
            uploads.mkdir()
    return Summary(
        backend, manifest["revision"], len(manifest["uploads"]), manifest["database"]["bytes"]
    )
