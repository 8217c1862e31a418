"""Outbox delivery over SMTP: claims, the hand-over journal and one connection per run.

A small SMTP sink on 127.0.0.1 counts connections and messages (by Message-ID). A sender that
"dies" is simulated by an exception that is not an ``Exception`` (like the SIGKILL of
``bench/load.py``, it skips every handler and nothing after it is committed).
"""

import socketserver
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from participation.core import delivery
from participation.core.db import utcnow
from participation.core.delivery import deliver_pending
from participation.core.mail import queue_mail
from participation.core.models import OutboxMessage
from participation.extensions import db


class _Sink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.received: list[str] = []  # Message-IDs


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.server.connections += 1
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                message_id = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if data.lower().startswith(b"message-id:"):
                        message_id = data[11:].strip().decode()
                self.server.received.append(message_id)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class Killed(BaseException):
    """Stands for SIGKILL: no ``except Exception`` catches it."""


@pytest.fixture
def sink(app):
    server = _Sink()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SMTP_HOST="127.0.0.1",
        MAIL_SMTP_PORT=server.server_address[1],
        MAIL_SMTP_STARTTLS=False,
    )
    yield server
    server.shutdown()
    server.server_close()


def _queue(n: int) -> list[OutboxMessage]:
    msgs = [queue_mail(f"anwohnerin{i}@example.org", f"Antwort {i}", "Hallo") for i in range(n)]
    db.session.commit()
    return msgs


def _states() -> list[str]:
    db.session.expire_all()
    return [m.status for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_one_connection_delivers_the_whole_run(sink):
    _queue(5)
    assert deliver_pending() == (5, 0)
    assert sink.connections == 1 and len(set(sink.received)) == 5
    assert _states() == ["sent"] * 5


def test_killed_after_the_relay_accepted_is_not_sent_again(sink, monkeypatch):
    _queue(3)
    real_append = delivery._journal_append
    calls = []

    def append_then_die(msg, email):
        real_append(msg, email)
        calls.append(msg.id)
        if len(calls) == 2:
            raise Killed  # after the journal write, before the commit of "sent"

    monkeypatch.setattr(delivery, "_journal_append", append_then_die)
    with pytest.raises(Killed):
        deliver_pending()
    db.session.rollback()  # the dead process's open transaction is gone
    assert _states() == ["sent", "pending", "pending"] and len(sink.received) == 2

    monkeypatch.setattr(delivery, "_journal_append", real_append)
    assert deliver_pending() == (1, 0)  # the restart: message 2 is settled from the journal
    assert _states() == ["sent"] * 3
    assert len(sink.received) == 3 == len(set(sink.received))  # none twice, none lost


def test_killed_before_the_hand_over_is_retried_once_the_claim_expires(sink, monkeypatch):
    (msg,) = _queue(1)

    def die(self, email, _msg):
        raise Killed  # dies while talking to the relay: nothing accepted

    monkeypatch.setattr(delivery._Smtp, "send", die)
    with pytest.raises(Killed):
        deliver_pending()
    db.session.rollback()
    monkeypatch.undo()
    assert deliver_pending() == (0, 0)  # still claimed by the dead sender
    db.session.execute(
        update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()  # the claim has expired
    assert deliver_pending() == (1, 0)
    assert _states() == ["sent"] and len(sink.received) == 1
    assert sink.received[0].startswith(f"<outbox-{msg.id}-")  # the row's own Message-ID


def test_a_claimed_message_is_not_taken_by_a_second_sender(sink):
    (msg,) = _queue(1)
    assert delivery._claim(msg.id, utcnow())
    assert deliver_pending() == (0, 0)  # e.g. a web worker delivering inline meanwhile
    assert sink.received == []


def test_the_journal_holds_no_address_and_is_emptied_when_large(sink, app, monkeypatch):
    _queue(2)
    deliver_pending()
    journal = delivery._journal_path().read_text()
    assert journal.startswith("1 <outbox-1-") and "example.org" not in journal  # no addresses
    monkeypatch.setattr(delivery, "JOURNAL_MAX_BYTES", 10)
    _queue(1)
    deliver_pending()  # settles everything, then empties the journal at the next run's start
    deliver_pending()
    assert delivery._journal_path().read_text() == ""
    assert _states() == ["sent"] * 3
