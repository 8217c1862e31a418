"""Defect 6: sessions and remember cookies can be revoked; the remember cookie is SameSite=Lax."""

import itertools
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from testclients import copy_cookies, logged_in

from participation.accounts import services
from participation.accounts.models import User
from participation.extensions import db

PASSWORD = "secret-pw-123"
_ADDRESSES = itertools.count(1)


def _login(app, user, remember=True):
    client = app.test_client()
    # a fresh address per login: the login rate limit (memory storage) spans the test session
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{next(_ADDRESSES)}"
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "remember": "y" if remember else ""},
    )
    assert response.status_code == 303, response.status_code
    return client, response


@pytest.fixture
def planner(create_user):
    return create_user(email="petra@example.org", roles=["planner"], password=PASSWORD)


def test_remember_cookie_is_lax_and_short(app, planner):
    _client, response = _login(app, planner)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_"))
    assert "SameSite=Lax" in header and "HttpOnly" in header
    expires = parsedate_to_datetime(header.split("Expires=")[1].split(";")[0])
    assert expires - datetime.now(UTC) <= timedelta(days=31)


def test_password_reset_ends_old_session_and_remember_cookie(app, planner):
    client, _ = _login(app, planner)
    session_copy = copy_cookies(app, client, ["session"])
    remember_copy = copy_cookies(app, client, ["remember_token"])
    assert logged_in(session_copy) and logged_in(remember_copy)
    services.change_password(db.session.get(User, planner.id), "a-new-secret-456")
    db.session.commit()
    assert not logged_in(session_copy)
    assert not logged_in(remember_copy)
    assert not logged_in(client)


def test_role_change_and_deactivation_end_sessions(app, planner, create_user, login):
    client, _ = _login(app, planner, remember=False)
    admin = login(create_user(roles=["admin"]))
    response = admin.post(
        f"/manage/users/{planner.id}", data={"roles": ["moderator"], "active": "y"}
    )
    assert response.status_code in (302, 303)
    assert not logged_in(client)
    client, _ = _login(app, planner, remember=False)
    assert logged_in(client)
    response = admin.post(f"/manage/users/{planner.id}", data={"roles": ["moderator"]})
    assert response.status_code in (302, 303)
    assert not logged_in(client)


def test_log_out_everywhere_button(app, planner):
    client, _ = _login(app, planner)
    other_device = copy_cookies(app, client)
    page = client.get("/manage/account", headers={"Accept-Language": "en"})
    assert "Log out on all devices" in page.get_data(as_text=True)
    response = client.post("/manage/account")
    assert response.status_code == 303 and response.headers["Location"].endswith("/login")
    assert not logged_in(other_device)
    assert not logged_in(client)
    client, _ = _login(app, planner)  # logging in again works
    assert logged_in(client)


def test_tampered_session_ids_are_anonymous(app, planner):
    for ident in ["x", f"{planner.id}:99", f"{planner.id}:²", "99999999999999999999:0", ""]:
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = ident
            sess["_fresh"] = True
        assert not logged_in(client), ident


def test_plain_logout_ends_copied_session_and_remember_cookie(app, planner):
    """The "Abmelden" button: a copy of the session or remember cookie stops working too."""
    client, _ = _login(app, planner)
    session_copy = copy_cookies(app, client, ["session"])
    remember_copy = copy_cookies(app, client, ["remember_token"])
    assert logged_in(session_copy) and logged_in(remember_copy)
    response = client.post("/logout")
    assert response.status_code == 303
    assert not logged_in(client)
    assert not logged_in(session_copy)
    assert not logged_in(remember_copy)
    client, _ = _login(app, planner)  # logging in again works
    assert logged_in(client)


def test_logout_without_a_session_changes_nothing(app, planner):
    response = app.test_client().post("/logout")
    assert response.status_code == 303
    assert db.session.get(User, planner.id).session_generation == 0
