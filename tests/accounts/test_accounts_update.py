"""The admin page's user changes go through one service: rules and audit log."""

from sqlalchemy import select

from participation.accounts.models import User
from participation.core.models import AuditEntry
from participation.extensions import db


def test_deactivating_a_user_is_audit_logged_and_ends_their_logins(create_user, login, client):
    admin = create_user(roles=["admin"], name="Admin")
    planner = create_user(roles=["planner"], email="planerin@example.org", password="pw-12345678")
    r = login(admin).post(f"/manage/users/{planner.id}", data={"roles": ["planner"]})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, planner.id).active is False
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivate"))
    assert entry is not None and entry.object_id == planner.id and entry.user_id == admin.id
    refused = client.post(
        "/login", data={"email": "planerin@example.org", "password": "pw-12345678"}
    )
    assert refused.status_code == 422


def test_admin_cannot_deactivate_themselves(create_user, login):
    admin = create_user(roles=["admin"])
    r = login(admin).post(f"/manage/users/{admin.id}", data={"roles": ["admin"]})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, admin.id).active is True
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivate")) is None
    )
