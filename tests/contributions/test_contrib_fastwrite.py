"""The pin hot path (``contributions/fastwrite.py``): Core statements instead of the ORM flush.

It must store exactly what :func:`create_contribution` stores, keep the map cells and the content
version in step, answer a double submit with the first pin and leave everything unusual to the
full way.
"""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import ProgrammingError

from participation.contributions import services
from participation.contributions.clusters import MapCluster
from participation.contributions.models import Contribution, ContributionArea
from participation.core.models import ContentVersion
from participation.extensions import db

pytestmark = pytest.mark.berlin

#: Columns that differ between any two stored pins.
OWN = {"id", "title", "tracking_hash", "idempotency_key", "created_at", "updated_at"}


def row(contribution_id: int) -> dict:
    """The stored columns of a contribution that two equal submissions share."""
    table = Contribution.__table__
    found = db.session.execute(select(table).where(table.c.id == contribution_id)).one()
    return {k: v for k, v in found._mapping.items() if k not in OWN}


def links(contribution_id: int) -> set:
    return set(
        db.session.execute(
            select(ContributionArea.area_id, ContributionArea.level_id).where(
                ContributionArea.contribution_id == contribution_id
            )
        )
    )


def cells(process_id: int) -> dict:
    """``{(zoom, gx, gy): (count, sum of ids)}``, a cell's shards summed (as the map reads them)."""
    count = func.sum(MapCluster.count)
    return {
        (z, x, y): (n, i)
        for z, x, y, n, i in db.session.execute(
            select(
                MapCluster.zoom, MapCluster.gx, MapCluster.gy, count, func.sum(MapCluster.sum_id)
            )
            .where(MapCluster.process_id == process_id)
            .group_by(MapCluster.zoom, MapCluster.gx, MapCluster.gy)
            .having(count != 0)
        )
    }


def version() -> int:
    """The ``contributions`` content version: the sum of its shards."""
    found = db.session.scalar(
        select(func.sum(ContentVersion.version)).where(ContentVersion.name == "contributions")
    )
    return found or 0


def post(client, process, data):
    return client.post(
        f"/processes/{process.slug}/contribute", data=data, headers={"Accept-Language": "en"}
    )


def test_a_form_pin_stores_the_rows_of_the_service(client, pin_process, form_data, point_in):
    process = pin_process()
    lon, lat = point_in("08010213")
    before = version()
    response = post(client, process, form_data(process, lon=f"{lon:.6f}", lat=f"{lat:.6f}"))
    assert response.status_code == 303 and "/track/" in response.headers["Location"]
    db.session.expire_all()
    fast = db.session.scalar(select(Contribution.id).order_by(Contribution.id.desc()))
    assert version() > before  # public pages (map, browse, panel) see it on the next request
    assert cells(process.id) == {key: (1, fast) for key in cells(process.id)}
    assert len(cells(process.id)) == 15  # one cell per zoom

    with client.application.test_request_context(headers={"Accept-Language": "en"}):
        orm = services.create_contribution(
            db.session.get(type(process), process.id),
            kind="pin",
            channel="online",
            title="Mehr Schatten am Sandkasten",
            body="Im Sommer ist es mittags viel zu heiß für die Kleinen.",
            category=process.categories[0],
            lon=round(lon, 6),
            lat=round(lat, 6),
        )
        db.session.commit()
        orm_id = orm.id
    assert row(fast) == row(orm_id)
    assert links(fast) == links(orm_id) and len(links(fast)) == 4  # every level
    assert set(cells(process.id).values()) == {(2, fast + orm_id)}
    # the tracking link of the fast pin opens it
    page = client.get(response.headers["Location"], headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Mehr Schatten am Sandkasten" in page.get_data(as_text=True)


def test_a_pin_sent_twice_is_stored_once(client, pin_process, form_data, point_in):
    process = pin_process()
    lon, lat = point_in("08010214")
    data = form_data(process, lon=str(lon), lat=str(lat))
    first, second = post(client, process, data), post(client, process, data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Contribution.id))) == 1
    assert set(cells(process.id).values()) == {(1, db.session.scalar(select(Contribution.id)))}


def test_a_key_of_another_process_takes_the_full_way(client, pin_process, form_data, point_in):
    first, other = pin_process(), pin_process(title="Glasower Straße")
    lon, lat = point_in("08010213")
    data = form_data(first, lon=str(lon), lat=str(lat))
    assert post(client, first, data).status_code == 303
    data["category"] = str(other.categories[0].id)
    refused = post(client, other, data)
    assert refused.status_code == 422
    assert "Please reload the page and send the form again." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Contribution.id))) == 1


def test_pre_moderation_keeps_the_pin_off_the_map(client, pin_process, form_data, point_in):
    process = pin_process(moderation="pre")
    lon, lat = point_in("08010213")
    assert post(client, process, form_data(process, lon=str(lon), lat=str(lat))).status_code == 303
    db.session.expire_all()
    stored = db.session.scalar(select(Contribution))
    assert (stored.visibility, stored.needs_review) == ("pending", True)
    assert cells(process.id) == {}


def test_a_point_outside_and_an_email_are_answered_as_before(
    client, pin_process, form_data, point_in, app
):
    process = pin_process()
    lon, lat = point_in("05")
    outside = post(client, process, form_data(process, lon=str(lon), lat=str(lat)))
    assert outside.status_code == 422
    lon, lat = point_in("08010213")
    data = form_data(process, lon=str(lon), lat=str(lat), email="anna@example.org", consent="y")
    assert post(client, process, data).status_code == 303  # e-mail: the service queues a mail
    db.session.expire_all()
    stored = db.session.scalar(select(Contribution))
    assert stored.email == "anna@example.org" and stored.kind == "pin"


def test_one_point_is_located_as_the_bulk_lookup_locates_it(app):
    """A pin's area comes from ``AreaIndex.locate`` (one point, no array bookkeeping): the same
    areas as ``locate_many`` gives, at every level, inside, outside and around Berlin."""
    import numpy as np

    from participation.areas import lookup

    index = lookup.get_index()
    rng = np.random.default_rng(15)
    lons, lats = rng.uniform(12.9, 13.9, 400), rng.uniform(52.25, 52.75, 400)
    bulk = index.locate_many(lons, lats)
    found = [index.locate(lon, lat) for lon, lat in zip(lons, lats, strict=True)]
    expected = [
        {key: int(ids[i]) for key, ids in bulk.items() if ids[i] >= 0} for i in range(len(lons))
    ]
    assert found == expected
    assert sum(1 for f in found if len(f) == 4) > 50 and sum(1 for f in found if not f) > 20


def test_a_pin_commits_in_its_own_transaction_on_the_driver(
    client, pin_process, form_data, point_in, monkeypatch
):
    """The plain pin is written and committed by ``_driver_write`` (PostgreSQL: one autocommit
    statement with the version bump; SQLite: BEGIN IMMEDIATE … COMMIT), not by the session."""
    from participation.contributions import fastwrite

    process = pin_process()
    lon, lat = point_in("08010213")
    seen = []
    real = fastwrite._driver_write

    def spy(sql, driver, *args):
        seen.append(sql)
        return real(sql, driver, *args)

    monkeypatch.setattr(fastwrite, "_driver_write", spy)
    before = version()
    response = post(client, process, form_data(process, lon=str(lon), lat=str(lat)))
    assert response.status_code == 303 and len(seen) == 1
    db.session.expire_all()
    stored = db.session.scalar(select(Contribution.id))
    assert stored is not None and version() == before + 1  # the bump committed with the pin
    assert len(links(stored)) == 4 and set(cells(process.id).values()) == {(1, stored)}


def test_a_failing_pin_write_stores_nothing_and_bumps_nothing(
    client, pin_process, form_data, point_in, monkeypatch
):
    """The pin's statements and its version bump are one transaction: when the last of them
    fails, the contribution, its areas and its cells are rolled back, the version is unchanged
    and the resident gets the clean 503 page, not a half-stored pin."""
    from participation.contributions import fastwrite

    process = pin_process()
    lon, lat = point_in("08010213")
    real = fastwrite._driver_write

    def broken(sql, driver, *args):
        class Broken:  # the same statements, but the version bump goes to a missing table
            def __getattr__(self, name):
                return getattr(sql, name)

        bad = Broken()
        bad.version = sql.version.replace("content_versions", "no_such_table", 1)
        if sql.alone is not None:
            bad.alone = sql.alone.replace("INSERT INTO content_versions", "INSERT INTO nope")
            bad.guarded = sql.guarded.replace("INSERT INTO content_versions", "INSERT INTO nope")
        return real(bad, driver, *args)

    monkeypatch.setattr(fastwrite, "_driver_write", broken)
    before = version()
    try:  # SQLite: "no such table" is an OperationalError, answered by the 503 page
        response = post(client, process, form_data(process, lon=str(lon), lat=str(lat)))
        assert response.status_code == 503
    except ProgrammingError:  # PostgreSQL: an undefined table, raised through the test client
        assert db.engine.dialect.name == "postgresql"
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Contribution.id))) == 0
    assert db.session.scalar(select(func.count(ContributionArea.contribution_id))) == 0
    assert cells(process.id) == {} and version() == before
    monkeypatch.setattr(fastwrite, "_driver_write", real)  # the next pin goes through
    assert post(client, process, form_data(process, lon=str(lon), lat=str(lat))).status_code == 303


def test_a_pin_after_a_write_in_the_same_transaction_commits_with_it(
    app, pin_process, point_in, monkeypatch
):
    """When the session already wrote in this transaction, the pin joins it (the caller's
    commit), so the two commit or roll back together."""
    from participation.contributions import fastwrite
    from participation.contributions.fastpath import form_process

    process = pin_process()
    lon, lat = point_in("08010213")
    monkeypatch.setattr(
        fastwrite, "_driver_write", lambda *a: pytest.fail("must not commit on its own")
    )
    with app.test_request_context():
        cached = form_process(process.slug)
        fastwrite.cache.bump("processes")  # a pending write of this transaction
        token, duplicate = fastwrite.store_pin(
            cached,
            title="Trinkbrunnen am Eingang",
            body="Im Sommer fehlt Wasser für die Kinder.",
            category=cached.categories[0],
            lon=lon,
            lat=lat,
            idempotency_key=None,
        )
        db.session.rollback()
    assert token and not duplicate
    assert db.session.scalar(select(func.count(Contribution.id))) == 0  # rolled back together
