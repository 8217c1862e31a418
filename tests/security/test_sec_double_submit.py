"""Defect 2: the same pin form sent at the same moment → every request gets the first result."""

import threading

import pytest
from sqlalchemy import func, select

from participation.contributions import services
from participation.contributions.models import Contribution
from participation.extensions import db

pytestmark = pytest.mark.berlin


def _race(app, url, data, n, monkeypatch):
    """Send *n* identical POSTs whose probes all pass before any of them inserts."""
    barrier = threading.Barrier(n, timeout=20)
    original = services._check_basics

    def synchronised(*args, **kwargs):
        try:
            barrier.wait()  # everyone has passed the "already stored?" probe
        except threading.BrokenBarrierError:
            pass
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_check_basics", synchronised)
    results: list = [None] * n

    def send(i):
        client = app.test_client()
        try:
            response = client.post(url, data=data)
            results[i] = (response.status_code, response.headers.get("Location"))
        except Exception as exc:  # noqa: BLE001  (a 500 in testing mode propagates)
            results[i] = (repr(exc), None)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.parametrize("n", [2, 3])
def test_simultaneous_double_submit_gets_the_first_result(
    app, pin_process, form_data, point_in, monkeypatch, n
):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 shows as a status, like in production
    process = pin_process()
    lon, lat = point_in("08010213")
    data = form_data(process, lon=str(lon), lat=str(lat))
    results = _race(app, f"/processes/{process.slug}/contribute", data, n, monkeypatch)
    assert [code for code, _loc in results] == [303] * n, results
    assert len({loc for _code, loc in results}) == 1  # the same tracking link for everyone
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Contribution.id))) == 1
    link = results[0][1]
    page = app.test_client().get(link)
    assert page.status_code == 200 and "Mehr Schatten am Sandkasten" in page.get_data(as_text=True)
