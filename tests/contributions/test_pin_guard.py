"""A pin is checked against the process as this worker read it last, without a version read.

``fastpath.recent_process`` hands out the process this worker read last; ``fastwrite.store_pin``
stores the pin only while the ``processes`` and ``areas`` versions are still those it was read at
(PostgreSQL: the guard inside the pin's one statement; SQLite: a read just before the write
lock; the session's transaction: the request's version read). When another worker has changed
the process in between, nothing is stored and the form is read again against the current
process — a closed process refuses the pin, moved areas refuse a point now outside.
"""

import pytest
from sqlalchemy import func, select

from participation.contributions import fastpath, fastwrite
from participation.contributions.models import Contribution
from participation.core.cache import guard, versioning
from participation.extensions import db
from participation.processes.models import Process

pytestmark = pytest.mark.berlin


def post(client, process, data):
    return client.post(
        f"/processes/{process.slug}/contribute", data=data, headers={"Accept-Language": "en"}
    )


def stored() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Contribution.id)))


@pytest.fixture
def stale_writes(monkeypatch):
    """The writes the guard refused (each raised :class:`guard.Stale`), counted."""
    refused = []
    real = fastwrite._driver_write

    def spy(*args):
        try:
            return real(*args)
        except guard.Stale:
            refused.append(args[-1])  # the versions it expected
            raise

    monkeypatch.setattr(fastwrite, "_driver_write", spy)
    return refused


def other_worker(change):
    """Change the process as another worker would: committed, versions bumped; this worker's
    memory of the process (``fastpath._RECENT``) is left as it was."""
    kept = dict(fastpath._RECENT)
    change()
    db.session.commit()
    fastpath._RECENT.clear()
    fastpath._RECENT.update(kept)


def test_the_second_pin_reads_no_versions(client, pin_process, form_data, point_in, stale_writes):
    """After the first pin this worker knows the process: the next one sends no version read
    of its own (the guard checks them in the write) and is stored."""
    process = pin_process()
    lon, lat = point_in("08010213")
    assert post(client, process, form_data(process, lon=str(lon), lat=str(lat))).status_code == 303
    before = versioning.version_queries
    response = post(client, process, form_data(process, lon=str(lon), lat=str(lat)))
    assert response.status_code == 303 and "/track/" in response.headers["Location"]
    assert versioning.version_queries == before and stale_writes == []
    assert stored() == 2


def test_a_process_closed_on_another_worker_refuses_the_pin(
    client, pin_process, form_data, point_in, stale_writes
):
    process = pin_process()
    lon, lat = point_in("08010213")
    assert post(client, process, form_data(process, lon=str(lon), lat=str(lat))).status_code == 303

    def close():
        db.session.get(Process, process.id).status = "closed"

    other_worker(close)
    response = post(client, process, form_data(process, lon=str(lon), lat=str(lat)))
    assert response.status_code != 303  # the full way answers for the closed process
    assert len(stale_writes) == 1  # refused by the guard, not by a version read
    assert stored() == 1
    assert fastpath.recent_process(process.slug)[0].status == "closed"  # read again


def test_areas_changed_on_another_worker_refuse_a_point_now_outside(
    client, pin_process, form_data, point_in, stale_writes, area
):
    process = pin_process()
    inside_first = point_in("08010213")
    data = form_data(process, lon=str(inside_first[0]), lat=str(inside_first[1]))
    assert post(client, process, data).status_code == 303

    def shrink():
        db.session.get(Process, process.id).areas = [area("08010214")]

    other_worker(shrink)
    data = form_data(process, lon=str(inside_first[0]), lat=str(inside_first[1]))
    refused = post(client, process, data)
    assert refused.status_code == 422 and len(stale_writes) == 1
    assert "outside the area of this process" in refused.get_data(as_text=True)
    assert stored() == 1
    inside = point_in("08010214")  # the form read again: a point in the new area is stored
    data = form_data(process, lon=str(inside[0]), lat=str(inside[1]))
    assert post(client, process, data).status_code == 303 and stored() == 2


def test_stale_versions_store_nothing_in_the_sessions_transaction(app, pin_process, point_in):
    """The fallback (the session already wrote in this transaction): the versions are read and
    a moved one raises :class:`guard.Stale` before anything is written."""
    process = pin_process()
    lon, lat = point_in("08010213")
    with app.test_request_context():
        cached = fastpath.form_process(process.slug)
        names, seen = fastpath.recent_process(process.slug)[1]
        fastwrite.cache.bump("processes")  # a pending write of this transaction
        with pytest.raises(guard.Stale):
            fastwrite.store_pin(
                cached,
                title="Trinkbrunnen am Eingang",
                body="Im Sommer fehlt Wasser für die Kinder.",
                category=cached.categories[0],
                lon=lon,
                lat=lat,
                idempotency_key=None,
                expect=(names, tuple(v - 1 for v in seen)),
            )
        db.session.rollback()
    assert stored() == 0


def test_a_process_reopened_on_another_worker_takes_pins_on_the_hot_path_again(
    client, pin_process, form_data, point_in, stale_writes
):
    """This worker's copy says "closed"; the process was reopened meanwhile. The copy refuses the
    pin, the form is decided against the current process, stored, and the copy renewed."""
    process = pin_process()
    lon, lat = point_in("08010213")
    assert post(client, process, form_data(process, lon=str(lon), lat=str(lat))).status_code == 303

    def set_status(status):
        return lambda: setattr(db.session.get(Process, process.id), "status", status)

    other_worker(set_status("closed"))
    assert post(client, process, form_data(process, lon=str(lon), lat=str(lat))).status_code != 303
    assert fastpath.recent_process(process.slug)[0].status == "closed"
    other_worker(set_status("published"))
    response = post(client, process, form_data(process, lon=str(lon), lat=str(lat)))
    assert response.status_code == 303 and stored() == 2
    assert fastpath.recent_process(process.slug)[0].status == "published"
