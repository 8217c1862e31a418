"""The queue in front of SQLite's write lock (``core/sqlite_queue.py``): one writer at a time
across threads and processes, woken in turn; a place that came too late writes nothing."""

import sqlite3
import threading
import time

import pytest

from participation.core import sqlite_queue


def test_writers_take_turns_across_threads(tmp_path):
    database = str(tmp_path / "app.db")
    inside, order = threading.Event(), []

    def first():
        with sqlite_queue.writer(database, 5):
            inside.set()
            time.sleep(0.2)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(2)
    start = time.monotonic()
    with sqlite_queue.writer(database, 5):
        order.append("second in")
        waited = time.monotonic() - start
    thread.join()
    assert order == ["first done", "second in"]
    assert 0.1 < waited < 2  # woken when the first gave up its place, not after a sleep
    assert (tmp_path / "app.db-writers").exists()


def test_a_place_that_came_after_the_timeout_writes_nothing(tmp_path):
    database = str(tmp_path / "app.db")
    inside, release = threading.Event(), threading.Event()

    def holder():
        with sqlite_queue.writer(database, 5):
            inside.set()
            release.wait(2)

    thread = threading.Thread(target=holder)
    thread.start()
    inside.wait(2)
    threading.Timer(0.3, release.set).start()
    ran = []
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        with sqlite_queue.writer(database, 0.1):
            ran.append(True)
    thread.join()
    assert ran == []
    with sqlite_queue.writer(database, 0.1):  # the place was given back
        ran.append(True)
    assert ran == [True]


@pytest.mark.parametrize("database", [None, "", ":memory:", "file:shared?mode=memory"])
def test_no_queue_without_a_database_file(database):
    assert sqlite_queue.lock_path(database) is None
    with sqlite_queue.writer(database, 0):
        pass


def test_a_thread_that_ends_closes_its_queue_file(tmp_path):
    import os

    database = str(tmp_path / "app.db")
    opened = []

    def worker():
        with sqlite_queue.writer(database, 5):
            opened.append(sqlite_queue._local.fds[database + "-writers"])

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    import gc

    gc.collect()
    with pytest.raises(OSError):
        os.fstat(opened[0])  # closed with the thread's locals (no descriptor left per thread)
