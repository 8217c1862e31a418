"""Defect 11: invitation codes cannot be guessed, login time does not reveal accounts, and the
request log holds neither client addresses nor private-link tokens."""

import logging
import math
import re

import pytest
import werkzeug.security
from sqlalchemy import select

from participation.core.logsafe import RedactingFilter, redact_line
from participation.extensions import db
from participation.surveys.services.responses import CODE_ALPHABET, CODE_LENGTH

EN = {"Accept-Language": "en"}


def test_codes_carry_at_least_60_bits():
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 60


@pytest.mark.berlin
def test_used_and_invalid_code_get_the_same_answer(app, create_survey, answer):
    from participation.surveys.services.invitations import generate_invitations

    survey = create_survey(questions=[{"type": "short_text"}], mode="representative")
    codes = [i.code for i in generate_invitations(survey, survey.creator, 1)]
    db.session.commit()
    (q,) = survey.ordered_questions()
    assert answer(app.test_client(), survey, {q.field_name: "Ja"}, code=codes[0]).status_code == 303

    def page(code):
        response = app.test_client().get(f"/surveys/{survey.id}?code={code}", headers=EN)
        text = response.get_data(as_text=True).replace(code, "CODE")
        return response.status_code, re.sub(r'content="[^"]+"', "", text)  # CSRF meta differs

    used, invalid = page(codes[0]), page("ZZZZZZZZZZZZ")
    assert used[0] == invalid[0] == 422
    assert used[1] == invalid[1]


@pytest.mark.berlin
def test_guessing_codes_by_get_is_rate_limited(app, create_survey):
    survey = create_survey(questions=[{"type": "short_text"}], mode="representative")
    app.config["SURVEY_CODE_RATE_LIMIT"] = "5 per minute"
    client = app.test_client()
    statuses = [client.get(f"/surveys/{survey.id}?code=GUESS{n:07d}").status_code for n in range(8)]
    assert statuses[:5] == [422] * 5 and statuses[-1] == 429
    assert client.get(f"/surveys/{survey.id}").status_code == 200  # the code form itself is free


@pytest.fixture
def scrypt_calls(monkeypatch):
    calls = []
    original = werkzeug.security._hash_internal

    def counting(method, salt, password):
        calls.append(method)
        return original(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    return calls


def test_every_login_attempt_hashes_once(app, create_user, scrypt_calls):
    from participation.accounts.models import User

    create_user(email="aktiv@example.org", password="secret-pw-123")
    inactive = create_user(email="inaktiv@example.org", password="secret-pw-123")
    inactive.active = False
    invited = create_user(email="eingeladen@example.org", password=None)
    db.session.commit()
    assert db.session.scalar(select(User.password_hash).where(User.id == invited.id)) is None
    for email in [
        "unbekannt@example.org",
        "aktiv@example.org",
        "inaktiv@example.org",
        "eingeladen@example.org",
    ]:
        scrypt_calls.clear()
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.77"  # not the shared test address
        response = client.post("/login", data={"email": email, "password": "falsch"})
        assert response.status_code == 422
        assert len(scrypt_calls) == 1, email


def test_request_log_has_no_addresses_and_no_tokens(app, caplog):
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '203.0.113.7 - - [01/Dec/2026 08:12:45] "%s" %s %s',
        ("GET /track/Xy3_abcdefghijklmnopQRSTUV?new=1 HTTP/1.1", "200", "-"),
        None,
    )
    RedactingFilter().filter(record)
    line = record.getMessage()
    assert "203.0.113.7" not in line and "Xy3_abcdefghijklmnopQRSTUV" not in line
    assert "08:12:45" in line and "/track/[redacted]" in line
    assert "2001:db8::1" not in redact_line("2001:db8::1 GET /password/set/abc.def.ghi")
    assert "/processes/spielplatz-koernerpark" in redact_line("/processes/spielplatz-koernerpark")
    assert "code=[redacted]" in redact_line("/surveys/3?code=ABCD-EFGH-JKLM")


def test_gunicorn_access_atoms_are_redacted(app):
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s" %(s)s',
        {"h": "198.51.100.4", "r": "GET /track/Xy3_abcdefghijklmnopQRSTUV HTTP/1.1", "s": "200"},
        None,
    )
    record.args = {
        "h": "198.51.100.4",
        "r": "GET /track/Xy3_abcdefghijklmnopQRSTUV HTTP/1.1",
        "s": "200",
    }
    RedactingFilter().filter(record)
    line = record.getMessage()
    assert "198.51.100.4" not in line and "Xy3_" not in line


def test_filter_is_installed_on_the_request_loggers(app):
    for name in ("werkzeug", "gunicorn.access"):
        assert any(isinstance(f, RedactingFilter) for f in logging.getLogger(name).filters)
