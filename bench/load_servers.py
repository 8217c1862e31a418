"""The processes the load harness (``bench/load.py``) runs against: gunicorn with the production
configuration, and a throw-away PostgreSQL cluster it can restart as a fault."""

import http.client
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from bench.common import ROOT, VENV_BIN, free_port

WORKERS = 4


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary folder (fsync off), restartable."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise RuntimeError("no PostgreSQL server programs in /usr/lib/postgresql")
        self.bin = bins[-1].parent
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.port = free_port()
        self.as_pg: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> str:
        subprocess.run(
            [*self.as_pg, str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres"]
            + ["-A", "trust", "-E", "UTF8", "--no-sync"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._ctl("-l", str(self.dir / "log"), "-w", "start", "-o", options)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def restart(self) -> None:
        """Fast shutdown (every connection is cut) and start again."""
        self._ctl("-m", "fast", "-w", "restart")

    def stop(self) -> None:
        try:
            self._ctl("-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py`` (the production configuration) on a free port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            **env,
            "PYTHONPATH": str(ROOT),
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESSLOG": "/dev/null",
        }
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if len(self.workers()) >= WORKERS:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        return self
                except OSError:
                    pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        """Process ids of the current workers (children of the master)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def kill_worker(self) -> int:
        pid = random.choice(self.workers())
        os.kill(pid, signal.SIGKILL)
        return pid

    def __exit__(self, *exc) -> None:
        self.proc.send_signal(signal.SIGTERM)  # graceful shutdown (graceful_timeout)
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@contextmanager
def postgres_database(given: str | None):
    """A scratch database, yielded as ``(url, cluster)``.

    On the server at the admin URL *given* (dropped afterwards; *cluster* is None, so the restart
    fault is skipped: the server is not ours), or else on a :class:`ThrowawayPostgres` (removed
    afterwards).
    """
    import sqlalchemy as sa

    pg = None if given else ThrowawayPostgres()
    admin_url = given or pg.start()
    name = f"bench_load_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.engine.make_url(admin_url).set(database=name).render_as_string(False), pg
    finally:
        if given:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if pg is not None:
            pg.stop()
