"""How bench/pages.py measures a page on a running server: wrk (or the threaded client) for req/s
and latency, /proc for the server's CPU per request and its worker restarts.

Every request carries :data:`HEADERS` (a phone's ``Accept-Encoding`` unless ``--identity``).
"""

import os
import re
import shutil
import subprocess

from bench.http_load import run_load

#: What Chrome and Safari on a phone send; bare Flask gets the same header.
PHONE_ACCEPT_ENCODING = "gzip, deflate, br"
#: Request headers of every measured request (both servers); ``--identity`` empties it.
HEADERS: dict[str, str] = {"Accept-Encoding": PHONE_ACCEPT_ENCODING}

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: int) -> tuple[int, list[int]]:
    """(parent pid, [utime, stime, cutime, cstime]) of *pid* from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    fields = data[data.rindex(")") + 2 :].split()
    return int(fields[1]), [int(x) for x in fields[11:15]]


def server_state(master: int) -> tuple[float, set[int]]:
    """(CPU seconds of the gunicorn master and its workers, live and reaped; worker pids)."""
    if not os.path.isdir("/proc"):
        return 0.0, set()
    _, (user, system, c_user, c_system) = _proc_stat(master)
    total, workers = user + system + c_user + c_system, set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parent, (user, system, _, _) = _proc_stat(int(name))
            except (OSError, ValueError, IndexError):
                continue
            if parent == master:
                total += user + system
                workers.add(int(name))
    return total / TICK, workers


def wait_booted(master: int, timeout: float = 90.0) -> None:
    """Wait until the server is idle: every worker has imported the app (1.5-3 CPU s each)."""
    import time

    deadline = time.time() + timeout
    before, _ = server_state(master)
    while time.time() < deadline:
        time.sleep(1.0)
        now, _ = server_state(master)
        if now - before < 0.05:
            return
        before = now


def measured(server, path: str, seconds: int, connections: int) -> dict:
    """:func:`load` plus the server's CPU ms per request and its worker restarts meanwhile."""
    cpu_before, workers_before = server_state(server.proc.pid)
    result = load(server.port, path, seconds, connections)
    cpu_after, workers_after = server_state(server.proc.pid)
    done = max(1.0, result["rps"] * seconds)
    result["cpu_ms"] = 1000 * (cpu_after - cpu_before) / done
    result["restarts"] = len(workers_after - workers_before)
    return result


WRK_RE = {
    "rps": re.compile(r"Requests/sec:\s+([\d.]+)"),
    "mean": re.compile(r"Latency\s+([\d.]+)(us|ms|s)\b"),
    "p50": re.compile(r"50%\s+([\d.]+)(us|ms|s)\b"),
    "non2xx": re.compile(r"Non-2xx or 3xx responses:\s+(\d+)"),
}


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(port: int, path: str, seconds: int, connections: int) -> dict:
    """req/s, mean and p50 latency (ms) and failed responses for GET *path*."""
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                *[arg for k, v in HEADERS.items() for arg in ("-H", f"{k}: {v}")],
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        mean, p50 = WRK_RE["mean"].search(out), WRK_RE["p50"].search(out)
        bad = WRK_RE["non2xx"].search(out)
        return {
            "rps": float(WRK_RE["rps"].search(out).group(1)),
            "mean": _ms(*mean.groups()),
            "p50": _ms(*p50.groups()),
            "errors": int(bad.group(1)) if bad else 0,
        }
    result = run_load(port, lambda i: ("GET", path, b"", HEADERS), connections, seconds * 300)
    mean = sum(result.latencies) / max(1, len(result.latencies)) * 1000
    return {"rps": result.rps, "mean": mean, "p50": result.p(50), "errors": result.errors}
