"""A queue in front of SQLite's write lock, across worker processes (issue 15).

SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps 1, 2, 5,
10 … up to 100 ms between tries. Under a burst of submissions the lock is often given up while
every waiter is asleep: it stands idle, and a waiter that keeps missing sleeps 100 ms per try
(survey submissions on 4 workers: 182 req/s with a p95 of 660 ms, the write lock busy less than
two thirds of the time).

The hot writers — a survey response (``surveys/services/driver_sql.py``) and a pin
(``contributions/fastwrite.py``) — first take an exclusive ``flock`` on a file beside the
database (``<database>-writers``). The kernel hands it to the next waiter the moment it is
given up, so BEGIN IMMEDIATE after it seldom waits at all.

* The flock only orders these writers among themselves. Every other writer (the ORM's writes,
  the fold job, migrations) still meets them at SQLite's own lock with the busy timeout, as
  before: correctness never depends on the queue.
* Each thread has a file descriptor of its own, so threads exclude each other too (flocks on
  separate open files conflict, even within one process).
* A process that dies holding it releases it: the kernel closes its files.
* The wait is bounded: a writer that got the flock only after the busy timeout fails at once
  with SQLite's own "database is locked" (the 503 page), without touching the database, so a
  queue behind a writer stuck on an outside lock drains instead of adding up its timeouts.
"""

import fcntl
import os
import sqlite3
import threading
import time
from contextlib import contextmanager

_local = threading.local()


def lock_path(database: str | None) -> str | None:
    """The queue's file for a SQLite database file; None for in-memory or URI databases."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database + "-writers"


class _Descriptors(dict):
    """This thread's open queue files by path; closed when the thread ends (its locals go)."""

    def __del__(self):
        for fd in self.values():
            os.close(fd)


def _descriptor(path: str) -> int:
    fds = getattr(_local, "fds", None)
    if fds is None:
        fds = _local.fds = _Descriptors()
    fd = fds.get(path)
    if fd is None:
        fd = fds[path] = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    return fd


@contextmanager
def writer(database: str | None, timeout_s: float):
    """Hold the queue's place for one write transaction on *database* (a no-op without a file).

    :raises sqlite3.OperationalError: the place came only after *timeout_s* (nothing written).
    """
    path = lock_path(database)
    if path is None:
        yield
        return
    fd = _descriptor(path)
    start = time.monotonic()
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        if time.monotonic() - start > timeout_s:
            raise sqlite3.OperationalError("database is locked")
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
