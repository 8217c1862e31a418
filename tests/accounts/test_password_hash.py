"""Password hashes: scrypt everywhere except the test configuration (which only saves time)."""

import werkzeug.security

from config import CONFIGS, Config, ProductionConfig
from participation.extensions import db


def test_production_and_development_hash_with_scrypt_and_only_testing_lowers_it():
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    assert CONFIGS["development"].PASSWORD_HASH_METHOD == "scrypt"
    assert CONFIGS["testing"].PASSWORD_HASH_METHOD != "scrypt"


def test_an_app_with_the_default_method_stores_scrypt_and_logs_in(make_app, monkeypatch):
    from participation.accounts.services import create_user

    app = make_app(PASSWORD_HASH_METHOD=Config.PASSWORD_HASH_METHOD)
    with app.app_context():
        user = create_user("scrypt@example.org", "Sara Krypt", "secret-pw-123", roles=["planner"])
        db.session.commit()
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert user.check_password("secret-pw-123") and not user.check_password("falsch")
        methods = []
        original = werkzeug.security._hash_internal

        def counting(method, salt, password):
            methods.append(method)
            return original(method, salt, password)

        monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.78"
        for email in ("scrypt@example.org", "niemand@example.org"):
            response = client.post("/login", data={"email": email, "password": "falsch"})
            assert response.status_code == 422
        # the unknown address costs the same scrypt as the real one (timing reveals nothing)
        assert methods == ["scrypt:32768:8:1", "scrypt:32768:8:1"]
        db.session.remove()
        db.engine.dispose()


def test_the_test_configuration_uses_the_cheap_method(app, create_user, client):
    user = create_user(email="schnell@example.org", password="secret-pw-123")
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    response = client.post(
        "/login", data={"email": "schnell@example.org", "password": "secret-pw-123"}
    )
    assert response.status_code == 303
