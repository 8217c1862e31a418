"""Defect 7: "forget my e-mail" removes the stored mails, old mails are purged, password links
are stored only as hashes."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation import scheduler
from participation.accounts import services as accounts
from participation.accounts.models import PasswordToken
from participation.core.db import utcnow
from participation.core.mail import purge_delivered, queue_mail
from participation.core.models import OutboxMessage
from participation.extensions import db

ADDRESS = "petra.privat@example.org"


def _outbox():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


@pytest.mark.berlin
def test_forget_my_email_redacts_outbox_rows_and_eml_files(app, client, pin_process, form_data):
    process = pin_process()
    data = form_data(process, email=ADDRESS, consent="y")
    response = client.post(f"/processes/{process.slug}/contribute", data=data)
    assert response.status_code == 303
    track = response.headers["Location"].split("?")[0]
    token = track.rsplit("/", 1)[1]
    (mail,) = _outbox()
    assert mail.status == "sent" and ADDRESS in mail.recipient and token in mail.body_text
    eml = app.config["MAIL_FILE_DIR"] / f"{mail.id:06d}.eml"
    assert eml.exists()
    pending = queue_mail(ADDRESS, "Neuigkeiten", f"Link: http://x/track/{token}")
    pending.next_attempt_at = utcnow() + timedelta(hours=1)
    db.session.commit()

    assert client.post(f"{track}/forget-email").status_code == 303
    rows = _outbox()
    for row in rows:
        assert ADDRESS not in row.recipient and token not in row.body_text
        assert row.status in ("sent", "cancelled")
    assert [r.status for r in rows] == ["sent", "cancelled"]
    assert not eml.exists()
    everything = " ".join(p.read_text() for p in app.config["MAIL_FILE_DIR"].glob("*.eml"))
    assert ADDRESS not in everything


def test_delivered_mail_is_purged_after_the_retention_period(app):
    app.config["MAIL_RETENTION_DAYS"] = 7
    old = queue_mail("alt@example.org", "Alt", "Text")
    queue_mail("neu@example.org", "Neu", "Text")
    waiting = queue_mail("wartet@example.org", "Wartet", "Text")
    db.session.commit()
    from participation.core.delivery import deliver_pending

    deliver_pending()
    old.created_at = utcnow() - timedelta(days=8)
    waiting.status, waiting.created_at = "pending", utcnow() - timedelta(days=30)
    db.session.commit()
    old_file = app.config["MAIL_FILE_DIR"] / f"{old.id:06d}.eml"
    assert old_file.exists()
    assert "purge-mail" in scheduler.JOBS
    scheduler.JOBS["purge-mail"][0]()
    remaining = {m.recipient for m in _outbox()}
    assert remaining == {"neu@example.org", "wartet@example.org"}  # pending mail is kept
    assert not old_file.exists()
    assert purge_delivered() == 0


def test_password_links_are_stored_only_as_hashes(app, create_user):
    user = create_user(email="planung@example.org")
    with app.test_request_context():
        accounts.request_password_reset("planung@example.org")
    db.session.commit()
    (mail,) = [m for m in _outbox() if "/password/set/" in m.body_text]
    token = re.search(r"/password/set/(\S+)", mail.body_text).group(1)
    stored = db.session.scalars(select(PasswordToken)).all()
    assert len(stored) == 1 and stored[0].token_hash != token and token not in stored[0].token_hash
    assert accounts.user_from_token(token).id == user.id
    client = app.test_client()
    form = {"password": "ein-neues-passwort-1", "confirm": "ein-neues-passwort-1"}
    response = client.post(f"/password/set/{token}", data=form)
    assert response.status_code == 303
    db.session.expire_all()
    assert accounts.user_from_token(token) is None  # a link works once
    # expired links do not work
    second = accounts.password_token(user)
    db.session.scalar(select(PasswordToken).where(PasswordToken.used_at.is_(None))).expires_at = (
        utcnow() - timedelta(seconds=1)
    )
    db.session.commit()
    assert accounts.user_from_token(second) is None
    assert accounts.user_from_token("x" * 500) is None
