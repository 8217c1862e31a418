"""A retried outbox message keeps its Message-ID (a scheduler killed after the relay's "250"
resends the same message, which receiving systems recognise)."""

from participation.core.mail import build_email, queue_mail
from participation.extensions import db


def test_message_id_is_stable_per_outbox_row(app):
    app.config["BASE_URL"] = "https://beteiligung.example.org"
    first = queue_mail("petra@example.org", "Einladung", "Hallo")
    second = queue_mail("petra@example.org", "Einladung", "Hallo")
    db.session.commit()
    one, again, other = build_email(first), build_email(first), build_email(second)
    assert one["Message-ID"] == again["Message-ID"]
    assert one["Message-ID"] != other["Message-ID"]
    assert one["Message-ID"].startswith(f"<outbox-{first.id}-")
    assert one["Message-ID"].endswith("@beteiligung.example.org>")
