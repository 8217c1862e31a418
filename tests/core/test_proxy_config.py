"""Behind a proxy (PARTICIPATION_TRUSTED_PROXIES) and settings that live in config.py."""

import re
from pathlib import Path

from flask import request

ROOT = Path(__file__).resolve().parents[2]
#: Settings whose defaults live in Flask or an extension, not in our code.
FRAMEWORK = ("WTF_", "SESSION_", "BABEL_", "SQLALCHEMY_")
LOGIN = {"email": "nobody@example.org", "password": "wrong-password"}


def _logins(app, address: str) -> list[int]:
    client = app.test_client()
    headers = {"X-Forwarded-For": address}
    return [client.post("/login", data=LOGIN, headers=headers).status_code for _ in range(3)]


def test_two_residents_behind_one_proxy_get_separate_rate_limits(make_app):
    app = make_app(TRUSTED_PROXIES=1, LOGIN_RATE_LIMIT="2 per minute")
    assert _logins(app, "203.0.113.7")[-1] == 429
    # another resident behind the same load balancer is not blocked by the first one
    assert _logins(app, "198.51.100.23")[0] == 422


def test_without_trusted_proxies_the_header_is_ignored(make_app):
    app = make_app(LOGIN_RATE_LIMIT="2 per minute")
    assert app.config["TRUSTED_PROXIES"] == 0
    assert _logins(app, "203.0.113.7")[-1] == 429
    # a faked header does not buy a fresh limit
    assert _logins(app, "198.51.100.23")[0] == 429


def test_forwarded_scheme_and_host_are_used_only_when_trusted(make_app):
    headers = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "beteiligung.example.org",
    }
    for hops, expected in ((1, "203.0.113.7 https beteiligung.example.org"), (0, "127.0.0.1")):
        app = make_app(TRUSTED_PROXIES=hops)
        app.add_url_rule(
            "/_whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme} {request.host}"
        )
        body = app.test_client().get("/_whoami", headers=headers).get_data(as_text=True)
        assert body.startswith(expected)


def test_settings_have_their_default_in_config_not_in_code():
    """``config.get("X", default)`` hides a setting from config.py and the README's table."""
    pattern = re.compile(r"config\.get\(\s*\"([A-Z_]+)\"\s*,")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = (ROOT / "config.py").read_text(encoding="utf-8")
    offenders = []
    for path in sorted((ROOT / "participation").rglob("*.py")):
        for name in pattern.findall(path.read_text(encoding="utf-8")):
            if f"{name} =" not in config and not name.startswith(FRAMEWORK):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
    for name in ("TRUSTED_PROXIES", "SURVEY_SUBMIT_RATE_LIMIT", "SURVEY_RESULTS_CACHE_SECONDS"):
        assert f"PARTICIPATION_{name}" in readme
