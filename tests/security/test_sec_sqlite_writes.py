"""Write collisions on SQLite: a transaction that read first must not fail when it writes.

SQLite answers a read transaction that upgrades to a write after another connection committed
with an immediate "database is locked" (SQLITE_BUSY_SNAPSHOT; the busy timeout does not apply).
That was the budgets defect (a scoring cell's htmx save and "save all" at the same moment) and the
single 503 in ``bench/load.py``. The same tests run on PostgreSQL, where they must pass as well.
"""

import contextlib
import threading

import pytest
from sqlalchemy import func, select

from participation.contributions import services
from participation.contributions.models import Contribution
from participation.core.models import AuditEntry
from participation.extensions import db


def _run(*targets):
    """Run each target in its own thread (own app context, so own session and connection)."""
    errors: list[BaseException] = []

    def wrap(target):
        try:
            target()
        except BaseException as exc:  # noqa: BLE001  (reported by the test below)
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@pytest.mark.parametrize("nested", [False, True], ids=["plain", "savepoint"])
def test_read_then_write_after_another_commit(app, nested):
    """B reads, A writes and commits, then B writes: B must succeed (not 'database is locked').

    The savepoint variant is the budgets case: ``set_score`` reads the cell inside
    ``begin_nested()`` and inserts it there. Once fixed, B may hold the write lock from its
    savepoint on, so A waits for B instead: the waits are bounded and both orders must work.
    """
    b_read, a_committed = threading.Event(), threading.Event()

    def scope():
        return db.session.begin_nested() if nested else contextlib.nullcontext()

    def a():
        b_read.wait(5)
        with app.app_context():
            with scope():
                db.session.scalar(select(func.count(AuditEntry.id)))
                db.session.add(AuditEntry(action="test.a", object_type="test"))
                db.session.flush()
            db.session.commit()
            a_committed.set()
            db.session.remove()

    def b():
        with app.app_context():
            with scope():
                db.session.scalar(select(func.count(AuditEntry.id)))  # the read came first
                b_read.set()
                a_committed.wait(1.5)  # before the fix A commits here, within milliseconds
                db.session.add(AuditEntry(action="test.b", object_type="test"))
                db.session.flush()
            db.session.commit()
            db.session.remove()

    errors = _run(a, b)
    assert errors == []
    db.session.expire_all()
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "test"))
    assert sorted(actions) == ["test.a", "test.b"]


def test_many_read_then_write_transactions_at_once(app):
    """Eight threads read, then all write at the same moment, three rounds: every row stored."""
    n, rounds = 8, 3
    barrier = threading.Barrier(n, timeout=20)

    def run(i):
        def body():
            with app.app_context():
                for r in range(rounds):
                    db.session.scalar(select(func.count(AuditEntry.id)))
                    barrier.wait()
                    db.session.add(AuditEntry(action=f"test.{i}.{r}", object_type="test"))
                    db.session.commit()
                db.session.remove()

        return body

    errors = _run(*(run(i) for i in range(n)))
    assert errors == []
    db.session.expire_all()
    count = select(func.count(AuditEntry.id)).where(AuditEntry.object_type == "test")
    assert db.session.scalar(count) == n * rounds


@pytest.mark.berlin
def test_two_residents_submit_at_the_same_moment(
    app, pin_process, form_data, point_in, monkeypatch
):
    """Two different pins whose reads are done before either inserts: both get their link."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 503/500 shows as a status, as in production
    process = pin_process()
    lon, lat = point_in("08010213")
    forms = [form_data(process, lon=str(lon), lat=str(lat), title=f"Bank Nr. {i}") for i in (1, 2)]
    url = f"/processes/{process.slug}/contribute"
    barrier = threading.Barrier(2, timeout=20)
    original = services._check_basics

    def synchronised(*args, **kwargs):
        barrier.wait()  # both requests have read (process, categories) before either writes
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_check_basics", synchronised)
    statuses: list = [None, None]

    def send(i):
        def body():
            statuses[i] = app.test_client().post(url, data=forms[i]).status_code

        return body

    assert _run(send(0), send(1)) == []
    assert statuses == [303, 303]
    db.session.expire_all()
    titles = db.session.scalars(select(Contribution.title).order_by(Contribution.title))
    assert list(titles) == ["Bank Nr. 1", "Bank Nr. 2"]
