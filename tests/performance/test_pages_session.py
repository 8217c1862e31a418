"""Per-response plumbing built once (issue 15): the session's signing serializer and the
security headers. What must not change: sessions survive, a rotated key is honoured, the
headers follow the configuration."""

from participation.core import web


def _language_cookie_works(client) -> bool:
    """Choose English, then see an English page (the choice lives in the signed session)."""
    client.get("/lang/en?next=/")
    return 'lang="en"' in client.get("/areas/").text


def test_the_session_survives_with_the_cached_serializer(app):
    assert isinstance(app.session_interface, web.SessionInterface)
    client = app.test_client()
    assert _language_cookie_works(client)
    assert 'lang="en"' in client.get("/areas/").text  # read again with the same serializer
    assert 'lang="de"' in app.test_client().get("/areas/").text  # a new visitor: German


def test_a_rotated_secret_key_is_honoured(app):
    client = app.test_client()
    assert _language_cookie_works(client)
    old = app.secret_key
    app.secret_key = old + "-rotated"
    assert 'lang="de"' in client.get("/areas/").text  # signed with the old key: not read
    app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert 'lang="en"' in client.get("/areas/").text  # the old key as a fallback: read again


def test_security_headers_follow_the_configuration(app):
    client = app.test_client()
    csp = client.get("/healthz").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    app.config["TILE_URL"] = "https://kacheln.example.org/{z}/{x}/{y}.png"
    app.config["SESSION_COOKIE_SECURE"] = True
    response = client.get("/healthz")
    assert "https://kacheln.example.org" in response.headers["Content-Security-Policy"]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["X-Frame-Options"] == "DENY"
