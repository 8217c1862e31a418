"""Cross-cutting behaviour: languages, security headers, error pages, CSRF, production config."""

import pytest

from participation import create_app
from participation.core.i18n import text_direction


def test_german_by_default_english_by_browser_or_choice(client):
    assert 'lang="de"' in client.get("/").get_data(as_text=True)
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="en"' in page and "Have your say" in page
    switch = client.get("/lang/en?next=/areas/")
    assert switch.status_code == 303 and switch.headers["Location"] == "/areas/"
    assert 'lang="en"' in client.get("/areas/").get_data(as_text=True)  # remembered
    page = client.get("/", headers={"Accept-Language": "en"})
    assert client.get("/lang/de").status_code == 303
    assert 'lang="de"' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # unknown languages and foreign redirect targets are ignored
    assert client.get("/lang/xx?next=https://evil.example/").headers["Location"] == "/"


def test_right_to_left_ready():
    assert text_direction("ar") == "rtl" and text_direction("de") == "ltr"


def test_rtl_language_sets_dir_attribute(make_app):
    app = make_app(LANGUAGES=["de", "en", "ar"])
    page = app.test_client().get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in page and 'lang="ar"' in page


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "tile.openstreetmap.org" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_error_pages_are_friendly(client):
    r = client.get("/does-not-exist")
    assert r.status_code == 404 and "Seite nicht gefunden" in r.get_data(as_text=True)
    r = client.get("/does-not-exist", headers={"Accept-Language": "en"})
    assert "Page not found" in r.get_data(as_text=True)
    assert client.post("/areas/").status_code == 405


def test_csrf_protects_forms(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    r = app.test_client().post("/login", data={"email": "a@example.org", "password": "x"})
    assert r.status_code == 400 and "Formular war abgelaufen" in r.get_data(as_text=True)


def test_production_refuses_development_secret(monkeypatch):
    monkeypatch.delenv("PARTICIPATION_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="dev-only-not-secret")
    app = create_app("production", SECRET_KEY="a-real-secret", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["MAIL_BACKEND"] == "smtp"
