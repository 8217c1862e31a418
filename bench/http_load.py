"""Benchmark HTTP harness: a gunicorn server on 127.0.0.1, keep-alive load, browser sessions.

Split from :mod:`bench.common` (temporary databases, apps, timings, reports). All traffic goes
to 127.0.0.1 only.
"""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.common import ROOT, VENV_BIN, free_port


@dataclass
class Server:
    """A gunicorn process serving a WSGI target on 127.0.0.1."""

    target: str
    env: dict[str, str] = field(default_factory=dict)
    workers: int = 4
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                self.target,
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                time.sleep(0.5)  # let every worker boot
                return self
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn for {self.target} did not start")

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=15)


@dataclass
class LoadResult:
    """Outcome of a load run."""

    ok: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(q / 100 * len(data)))] * 1000

    def line(self, label: str) -> str:
        return (
            f"{label:<32} {self.rps:8.1f} req/s  p50 {self.p(50):7.1f} ms  "
            f"p95 {self.p(95):7.1f} ms  ok {self.ok}  errors {self.errors}"
        )


def run_load(
    port: int,
    make_request: Callable[[int], tuple[str, str, bytes, dict]],
    concurrency: int = 32,
    total: int = 2000,
    accept: Callable[[int, bytes], bool] = lambda status, body: status < 400,
) -> LoadResult:
    """Send *total* requests from *concurrency* threads with keep-alive connections.

    :param make_request: ``i → (method, path, body, headers)`` for request number *i*.
    :param accept: whether a response counts as acknowledged.
    """
    counter = iter(range(total))
    lock = threading.Lock()
    latencies: list[float] = []
    ok = errors = 0

    def worker() -> None:
        nonlocal ok, errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            method, path, body, headers = make_request(i)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                good = accept(response.status, data)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                good = False
            elapsed = time.perf_counter() - start
            with lock:
                if good:
                    ok += 1
                    latencies.append(elapsed)
                else:
                    errors += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(ok, errors, time.perf_counter() - start, latencies)


def hidden_field(html: str, name: str) -> str:
    """Value of the hidden form field *name* in *html*."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    if match is None:
        raise ValueError(f"no field {name} in the page")
    return match.group(1)


def open_sessions(port: int, path: str, count: int, fields=("csrf_token",)) -> list[dict]:
    """Open *count* browser sessions on the form at *path*.

    Each session is ``{"cookie": …, "csrf": …, <field>: …}``: the session cookie and the hidden
    fields a real browser would send back (CSRF token, signed start time, …).
    """
    sessions = []
    for _ in range(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        html = response.read().decode()
        cookie = next(
            c.split(";", 1)[0]
            for c in response.msg.get_all("Set-Cookie")
            if c.startswith("session=")
        )
        session = {"cookie": cookie, **{name: hidden_field(html, name) for name in fields}}
        session["csrf"] = session.get("csrf_token", "")
        sessions.append(session)
        conn.close()
    return sessions
