"""Deactivating a staff account: the person is locked out at once, everywhere, and can come back.

(The audit entry and the self-deactivation rule: tests/accounts/test_accounts_update.py.)"""

from sqlalchemy import select

from participation.accounts.models import User
from participation.core.models import AuditEntry, OutboxMessage
from participation.extensions import db

EN = {"Accept-Language": "en"}
PASSWORD = "richtig-langes-pw"


def audit(action: str, user: User) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action, AuditEntry.object_id == user.id)
    ).all()


def test_admin_deactivates_and_reactivates_a_planner(app, client, create_user, login):
    admin = create_user(roles=["admin"])
    planner = create_user(email="petra@example.org", roles=["planner"], password=PASSWORD)
    # Petra is logged in on her laptop
    client.post("/login", data={"email": "petra@example.org", "password": PASSWORD})
    assert client.get("/manage/").status_code == 200

    staff = login(admin)
    form = staff.get(f"/manage/users/{planner.id}").get_data(as_text=True)
    assert 'name="active"' in form and "checked" in form
    response = staff.post(f"/manage/users/{planner.id}", data={"roles": ["planner"]})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, planner.id).active is False
    (entry,) = audit("user.deactivate", planner)
    assert entry.user_id == admin.id
    assert "inactive" in staff.get("/manage/users/", headers=EN).get_data(as_text=True)

    # locked out at once: the open session no longer counts, a new login is refused, and a
    # password reset sends nothing
    assert client.get("/manage/").status_code == 302
    refused = client.post("/login", data={"email": "petra@example.org", "password": PASSWORD})
    assert refused.status_code == 422

    def mails_to(address: str) -> int:
        return db.session.scalar(
            select(db.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient == address)
        )

    forgot = client.post("/password/forgot", data={"email": "petra@example.org"})
    assert forgot.status_code == 303  # the same answer as for anyone (no account probing)
    assert mails_to("petra@example.org") == 0
    create_user(email="karl@example.org", roles=["planner"])  # control: active accounts get one
    client.post("/password/forgot", data={"email": "karl@example.org"})
    assert mails_to("karl@example.org") == 1

    # and back: active again, logged as such, she can log in
    response = staff.post(f"/manage/users/{planner.id}", data={"roles": ["planner"], "active": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, planner.id).active is True
    assert len(audit("user.activate", planner)) == 1
    laptop = app.test_client()
    again = laptop.post("/login", data={"email": "petra@example.org", "password": PASSWORD})
    assert again.status_code == 303 and laptop.get("/manage/").status_code == 200


def test_only_admins_deactivate(create_user, login):
    planner = create_user(roles=["planner"])
    other = create_user(roles=["planner"])
    response = login(planner).post(f"/manage/users/{other.id}", data={"roles": ["planner"]})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, other.id).active is True
