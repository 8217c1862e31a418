"""Issue 13 #6: one session per device — "Abmelden" ends this device, the account page ends
others, revocations end all; expired rows are purged; no address is stored."""

import itertools
from datetime import timedelta

import pytest
import sqlalchemy as sa
from testclients import copy_cookies, logged_in

from participation.accounts import services
from participation.accounts.models import User, UserSession
from participation.accounts.sessions import device_names, token_hash
from participation.core.db import utcnow
from participation.extensions import db
from participation.scheduler import run_job

PASSWORD = "secret-pw-123"
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
_ADDRESSES = itertools.count(1)


def _device(app, user, agent, remember=True):
    """A browser that logged in through the form (its own address: the login limit)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"203.0.113.{next(_ADDRESSES)}"
    client.environ_base["HTTP_USER_AGENT"] = agent
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "remember": "y" if remember else ""},
    )
    assert response.status_code == 303, response.status_code
    return client


def _rows(user) -> list[UserSession]:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    ).all()


@pytest.fixture
def planner(create_user):
    return create_user(email="petra@example.org", roles=["planner"], password=PASSWORD)


def test_logout_ends_this_device_only(app, planner):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    phone = _device(app, planner, SAFARI_IPHONE)
    session_copy = copy_cookies(app, laptop, ["session"])
    remember_copy = copy_cookies(app, laptop, ["remember_token"])
    assert logged_in(session_copy) and logged_in(remember_copy) and logged_in(phone)
    assert len(_rows(planner)) == 2

    assert laptop.post("/logout").status_code == 303
    assert not logged_in(laptop)
    assert not logged_in(session_copy)  # the copied cookies are tied to the deleted row
    assert not logged_in(remember_copy)
    assert logged_in(phone)  # the other device is still logged in
    assert [(r.browser, r.system) for r in _rows(planner)] == [("Safari", "iPhone")]


def test_account_page_lists_devices_and_ends_all_others(app, planner):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    phone = _device(app, planner, SAFARI_IPHONE)
    page = laptop.get("/manage/account", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Angemeldete Geräte" in page
    assert "Firefox auf Windows" in page and "Safari auf iPhone" in page
    assert page.count("dieses Gerät") == 1  # only the laptop's own entry
    assert "Auf allen anderen Geräten abmelden" in page

    response = laptop.post(
        "/manage/account/devices/revoke-others", headers={"Accept-Language": "de"}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/manage/account")
    page = laptop.get("/manage/account", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "1 anderes Gerät wurde abgemeldet." in page
    assert "Safari auf iPhone" not in page and "Firefox auf Windows" in page
    assert "Auf allen anderen Geräten abmelden" not in page  # no other device left
    assert not logged_in(phone)
    assert not logged_in(copy_cookies(app, phone))  # its remember cookie too
    assert logged_in(laptop)


def test_end_one_other_device(app, planner, create_user):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    phone = _device(app, planner, SAFARI_IPHONE)
    tablet = _device(app, planner, "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36")
    other = create_user(email="olaf@example.org", roles=["moderator"], password=PASSWORD)
    stranger = _device(app, other, FIREFOX_WINDOWS)
    phone_row = next(r for r in _rows(planner) if r.system == "iPhone")
    stranger_row = _rows(other)[0]

    assert laptop.post(f"/manage/account/devices/{phone_row.id}/revoke").status_code == 303
    assert not logged_in(phone)
    assert logged_in(laptop) and logged_in(tablet)
    # a second click, and another user's device: a message, nothing ends
    for device_id in (phone_row.id, stranger_row.id, 99999):
        response = laptop.post(
            f"/manage/account/devices/{device_id}/revoke",
            headers={"Accept-Language": "en"},
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert "This device was no longer logged in." in response.get_data(as_text=True)
    assert logged_in(stranger) and logged_in(laptop) and logged_in(tablet)


def test_password_reset_ends_every_device(app, planner):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    phone = _device(app, planner, SAFARI_IPHONE, remember=False)
    remember_copy = copy_cookies(app, laptop, ["remember_token"])
    token = services.password_token(db.session.get(User, planner.id))
    db.session.commit()
    browser = app.test_client()
    response = browser.post(
        f"/password/set/{token}",
        data={"password": "a-new-secret-456", "confirm": "a-new-secret-456"},
    )
    assert response.status_code == 303
    assert not logged_in(laptop) and not logged_in(phone) and not logged_in(remember_copy)
    assert _rows(planner) == []


def test_deactivation_and_erase_delete_the_rows(app, planner, create_user, login):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    admin = login(create_user(roles=["admin"]))
    response = admin.post(f"/manage/users/{planner.id}", data={"roles": ["planner"]})
    assert response.status_code == 303
    assert not logged_in(laptop) and _rows(planner) == []

    from participation.operations.gdpr import erase_person

    colleague = create_user(email="jan@example.org", roles=["planner"], password=PASSWORD)
    phone = _device(app, colleague, SAFARI_IPHONE)
    erase_person(email="jan@example.org")
    db.session.commit()
    assert not logged_in(phone) and _rows(colleague) == []


def test_a_session_stores_no_address_and_no_raw_token(app, planner):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    (row,) = _rows(planner)
    columns = set(UserSession.__table__.columns.keys())
    assert columns == {
        "id", "user_id", "token_hash", "generation", "created_at", "last_seen_at", "remember",
        "browser", "system",
    }  # fmt: skip
    address = laptop.environ_base["REMOTE_ADDR"]
    with db.engine.connect() as conn:
        stored = conn.execute(sa.select(UserSession.__table__)).one()
    token = _token_of(laptop)
    assert token and token_hash(token) == row.token_hash
    for value in stored:
        assert address not in str(value) and token not in str(value) and "Gecko" not in str(value)


def _token_of(client) -> str:
    with client.session_transaction() as sess:
        return sess["_user_id"]


def test_device_names():
    assert device_names(FIREFOX_WINDOWS) == ("Firefox", "Windows")
    assert device_names(SAFARI_IPHONE) == ("Safari", "iPhone")
    edge = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0"
    assert device_names(edge) == ("Edge", "Windows")
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131.0.0.0 Mobile Safari/537.36"
    assert device_names(android) == ("Chrome", "Android")
    assert device_names("curl/8.5.0") == ("", "")
    assert device_names(None) == ("", "")


def _age(user, **fields):
    db.session.execute(
        sa.update(UserSession).where(UserSession.user_id == user.id).values(**fields)
    )
    db.session.commit()


def test_idle_and_old_sessions_expire_and_are_purged(app, planner, create_user):
    now = utcnow()
    idle = _device(app, planner, FIREFOX_WINDOWS, remember=False)
    _age(planner, last_seen_at=now - timedelta(hours=13), created_at=now - timedelta(hours=14))
    assert not logged_in(idle)  # 12 h without a request (SESSION_IDLE_HOURS)

    other = create_user(email="rita@example.org", roles=["planner"], password=PASSWORD)
    remembered = _device(app, other, SAFARI_IPHONE, remember=True)
    _age(other, last_seen_at=now - timedelta(days=3), created_at=now - timedelta(days=5))
    assert logged_in(remembered)  # "stay logged in": 14 days from the login

    third = create_user(email="kai@example.org", roles=["planner"], password=PASSWORD)
    old = _device(app, third, SAFARI_IPHONE, remember=True)
    _age(third, last_seen_at=now - timedelta(days=15), created_at=now - timedelta(days=15))
    assert not logged_in(old)
    stale = _device(app, third, FIREFOX_WINDOWS)
    db.session.get(User, third.id).session_generation += 1  # a path that only bumped it
    db.session.commit()
    assert not logged_in(stale)

    assert run_job("accounts-purge-sessions")
    assert _rows(planner) == [] and _rows(third) == []
    assert len(_rows(other)) == 1 and logged_in(remembered)


def test_last_seen_is_written_at_most_every_five_minutes(app, planner):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    writes: list[str] = []

    def record(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE USER_SESSIONS"):
            writes.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        for _ in range(3):
            assert logged_in(laptop)
        assert writes == []
        earlier = utcnow() - timedelta(minutes=6)
        _age(planner, last_seen_at=earlier)
        writes.clear()
        assert logged_in(laptop)
        assert len(writes) == 1
        assert _rows(planner)[0].last_seen_at > earlier + timedelta(minutes=5)
        assert logged_in(laptop) and len(writes) == 1
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def test_one_query_loads_user_and_session(app, planner):
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        if "user_sessions" in statement:
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert logged_in(laptop)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert len(statements) == 1 and "JOIN user_sessions" in statements[0]


@pytest.mark.berlin
def test_a_streamed_download_is_left_alone_and_the_next_page_touches(app, planner, create_process):
    process = create_process(user=db.session.get(User, planner.id))
    laptop = _device(app, planner, FIREFOX_WINDOWS)
    earlier = utcnow() - timedelta(minutes=30)
    _age(planner, last_seen_at=earlier)
    response = laptop.get(f"/manage/processes/{process.id}/contributions.csv")
    assert response.status_code == 200 and response.is_streamed
    assert "created_at" in response.get_data(as_text=True)  # the whole body streamed
    assert _rows(planner)[0].last_seen_at == earlier
    assert logged_in(laptop)
    assert _rows(planner)[0].last_seen_at > earlier + timedelta(minutes=25)
