"""Login, rate limit, password reset and invitation e-mails, role administration."""

import re

import pytest
from sqlalchemy import select

from participation.accounts.models import User
from participation.core.models import AuditEntry, OutboxMessage
from participation.extensions import db


def test_login_and_wrong_password(client, create_user):
    create_user(email="petra@example.org", roles=["planner"], password="richtig-langes-pw")
    bad = client.post("/login", data={"email": "petra@example.org", "password": "falsch"})
    assert bad.status_code == 422 and "stimmen nicht" in bad.get_data(as_text=True)
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "x"})
    assert unknown.status_code == 422
    good = client.post(
        "/login?next=/manage/", data={"email": "PETRA@example.org", "password": "richtig-langes-pw"}
    )
    assert good.status_code == 303 and good.headers["Location"].endswith("/manage/")
    assert client.get("/manage/").status_code == 200


def test_login_refuses_open_redirect_and_inactive(client, create_user):
    user = create_user(email="a@example.org", password="richtig-langes-pw")
    r = client.post(
        "/login?next=https://evil.example/",
        data={"email": "a@example.org", "password": "richtig-langes-pw"},
    )
    assert r.headers["Location"].endswith("/manage/")
    client.post("/logout")
    user.active = False
    db.session.commit()
    r = client.post("/login", data={"email": "a@example.org", "password": "richtig-langes-pw"})
    assert r.status_code == 422


def test_login_is_rate_limited(client):
    codes = [
        client.post("/login", data={"email": "x@example.org", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [422] * 10 and codes[10] == 429
    assert "Zu viele Versuche" in client.post("/login", data={}).get_data(as_text=True)


def test_password_reset_by_mail(app, client, create_user):
    create_user(email="nesrin@example.org", password="altes-passwort-1")
    r = client.post("/password/forgot", data={"email": "nesrin@example.org"})
    assert r.status_code == 303
    client.post("/password/forgot", data={"email": "unknown@example.org"})  # same answer
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in messages] == ["nesrin@example.org"]
    assert messages[0].status == "sent"  # delivered inline to the file backend in development
    eml = (app.config["MAIL_FILE_DIR"] / f"{messages[0].id:06d}.eml").read_text()
    link = re.search(r"http://\S+/password/set/\S+", messages[0].body_text).group(0)
    assert "Passwort" in eml
    path = link.split("127.0.0.1:5000")[1]
    short = client.post(path, data={"password": "kurz", "confirm": "kurz"})
    assert short.status_code == 422 and "mindestens 10 Zeichen" in short.get_data(as_text=True)
    ok = client.post(path, data={"password": "neues-passwort-2", "confirm": "neues-passwort-2"})
    assert ok.status_code == 303
    assert client.get(path).status_code == 302  # a used link no longer works
    r = client.post("/login", data={"email": "nesrin@example.org", "password": "neues-passwort-2"})
    assert r.status_code == 303


@pytest.mark.berlin
def test_admin_invites_manager_with_area(client, create_user, login, area):
    admin = login(create_user(roles=["admin"], name="Alex Admin"))
    r = admin.post(
        "/manage/users/",
        data={"name": "Nesrin", "email": "qm@example.org", "roles": ["manager"], "areas": []},
    )
    assert r.status_code == 422 and "mindestens ein Gebiet" in r.get_data(as_text=True)
    r = admin.post(
        "/manage/users/",
        data={
            "name": "Nesrin",
            "email": "qm@example.org",
            "roles": ["manager"],
            "areas": [area("08").id],
        },
    )
    assert r.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "qm@example.org"))
    assert user.password_hash is None and user.scope_area_ids("manager") == {area("08").id}
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert "Alex Admin" in mail.body_text and "/password/set/" in mail.body_text
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create"))
    planner = login(create_user(roles=["planner"]))
    assert planner.get("/manage/users/").status_code == 403
    assert client.get("/manage/users/").status_code == 302  # anonymous → login


def test_admin_cannot_remove_own_admin_role(create_user, login):
    user = create_user(roles=["admin"])
    r = login(user).post(f"/manage/users/{user.id}", data={"roles": ["planner"], "active": "y"})
    assert r.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).role_keys == {"admin"}
