"""GDPR: the administrator exports and erases everything about one person; the privacy page."""

import json

import pytest
from sqlalchemy import select

from participation.accounts.models import User
from participation.contributions.models import Contribution
from participation.core.mail import queue_mail
from participation.core.models import AuditEntry, OutboxMessage
from participation.extensions import db

pytestmark = pytest.mark.berlin
RESIDENT = "nachbarin@example.org"


@pytest.fixture(autouse=True)
def _instance_in_tmp(app, tmp_path):
    app.config["INSTANCE_DIR"] = tmp_path


@pytest.fixture
def resident_pin(client, create_process, form_data):
    """A resident's idea with her e-mail address, and the confirmation e-mail in the outbox."""
    process = create_process(publish=True, areas=("08010213",), tools=["pins", "ideas"])
    data = form_data(process, email=RESIDENT, consent="y")
    assert client.post(f"/processes/{process.slug}/contribute", data=data).status_code == 303
    queue_mail(RESIDENT, "Ihr Beitrag", "Danke! Ihr Link: https://example.org/track/abc")
    db.session.commit()
    return process


@pytest.fixture
def admin_client(create_user, login):
    return login(create_user(email="admin@example.org", roles=["admin"]))


def _post(client, **data):
    return client.post("/manage/privacy-requests", data=data)


def test_only_admins_reach_the_page(create_user, login, client):
    assert client.get("/manage/privacy-requests").status_code == 302
    planner = login(create_user(roles=["planner"]))
    assert planner.get("/manage/privacy-requests").status_code == 403


def test_find_and_export_a_resident(admin_client, resident_pin):
    found = _post(admin_client, email=RESIDENT.upper(), find="1")
    assert found.status_code == 200
    assert "Beiträge mit dieser E-Mail-Adresse: 1" in found.get_data(as_text=True)

    export = _post(admin_client, email=RESIDENT, export="1")
    assert export.status_code == 200
    assert export.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(export.get_data())
    assert data["contributions"][0]["title"] == "Mehr Schatten am Sandkasten"
    assert data["contributions"][0]["email"] == RESIDENT
    assert any(m["subject"] == "Ihr Beitrag" for m in data["emails"])
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.export"))
    assert entry is not None and RESIDENT not in json.dumps(entry.details)


def test_erase_a_resident_needs_confirmation_then_pseudonymises(admin_client, resident_pin):
    refused = _post(admin_client, email=RESIDENT, erase="1")
    assert refused.status_code == 422
    assert "Bitte bestätigen Sie die Löschung" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Contribution.email)) == RESIDENT

    done = _post(admin_client, email=RESIDENT, erase="1", confirm="y")
    assert done.status_code == 303
    db.session.remove()
    contribution = db.session.scalar(select(Contribution))
    assert contribution.email is None and contribution.title == "Mehr Schatten am Sandkasten"
    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert RESIDENT not in recipients
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erase"))
    assert entry.details["contributions"] == 1 and entry.details["outbox"] >= 1
    assert RESIDENT not in json.dumps(entry.details)
    again = _post(admin_client, email=RESIDENT, find="1")
    assert "Beiträge mit dieser E-Mail-Adresse: 0" in again.get_data(as_text=True)


def test_erase_a_staff_user_keeps_audit_entries_under_a_pseudonym(
    admin_client, create_user, login, runner
):
    planner = create_user(email="p.lanerin@example.org", name="Petra Lanerin")
    planner_id = planner.id
    planner_client = login(planner)
    assert planner_client.get("/manage/").status_code == 200
    from participation.core.audit import log_action

    log_action("process.publish", None, user=planner)
    db.session.commit()
    result = runner.invoke(args=["gdpr", "erase", "--email", "p.lanerin@example.org", "--yes"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["staff"] == 1
    db.session.remove()
    user = db.session.get(User, planner_id)
    assert user.name == f"Gelöschte:r Mitarbeiter:in #{planner_id}"
    assert "lanerin" not in user.email and user.password_hash is None and not user.active
    assert user.roles == []
    kept = db.session.scalars(select(AuditEntry).where(AuditEntry.user_id == planner_id)).all()
    assert [e.action for e in kept] == ["process.publish"]  # audit entries stay, now pseudonymous
    assert planner_client.get("/manage/").status_code in (302, 401)  # session revoked


def test_cli_export_and_bad_input(runner, resident_pin):
    result = runner.invoke(args=["gdpr", "export", "--email", RESIDENT])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["contributions"][0]["email"] == RESIDENT
    bad = runner.invoke(args=["gdpr", "export", "--email", "keine-adresse"])
    assert bad.exit_code == 1 and "gültige E-Mail-Adresse" in bad.output
    neither = runner.invoke(args=["gdpr", "export"])
    assert neither.exit_code == 1 and "E-Mail-Adresse oder eine Akteurs-Nummer" in neither.output


def test_hostile_actor_ids_are_clean_errors(admin_client):
    for value in ("²", "99999999999999999999", "-1", "1e5"):
        response = _post(admin_client, actor_id=value, find="1")
        assert response.status_code == 422, value
    missing = _post(admin_client, actor_id="424242", find="1")
    assert missing.status_code == 422
    assert "keinen Eintrag mit dieser Nummer" in missing.get_data(as_text=True)


def test_privacy_page_shows_the_configured_periods(app, client):
    app.config.update(
        CONTRIBUTIONS_EMAIL_RETENTION_DAYS=45,
        MAIL_RETENTION_DAYS=9,
        PRIVACY_CONTACT="datenschutz@bezirksamt.example.org",
        SESSION_IDLE_HOURS=7,
    )
    page = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "45 days after the process is archived" in page
    assert "ends after 7 hours without use" in page and "no IP address" in page
    assert "9 days after sending" in page
    assert "datenschutz@bezirksamt.example.org" in page
    assert "tile.openstreetmap.org" in page
    german = client.get("/privacy", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Datenschutz" in german and "45 Tage" in german
    start = client.get("/").get_data(as_text=True)
    assert 'href="/privacy"' in start


def test_privacy_page_in_every_language(app, client):
    """Every offered language shows the whole privacy page translated, with the real figures."""
    import re

    app.config.update(CONTRIBUTIONS_EMAIL_RETENTION_DAYS=45, MAIL_RETENTION_DAYS=9)

    def article(lang):
        page = client.get("/privacy", headers={"Accept-Language": lang}).get_data(as_text=True)
        return page.split("<article", 1)[1].split("</article>", 1)[0]

    english = article("en")
    # every sentence of the English page (text between tags, at least three words)
    sentences = {
        t.strip() for t in re.findall(r">([^<>]+)<", english) if len(t.strip().split()) >= 3
    }
    assert len(sentences) >= 15
    for lang in app.config["LANGUAGES"]:
        if lang == "en":
            continue
        text = article(lang)
        assert "45" in text and "9" in text, lang
        untranslated = [s for s in sentences if s in text]
        assert not untranslated, f"{lang}: {untranslated[:3]}"
    assert "Gizlilik" in article("tr") and "الخصوصية" in article("ar")
