"""The scheduler fault of the load harness (``bench/load.py``): 100 e-mails queued, ``flask
scheduler run`` delivering them to a local SMTP sink, killed with SIGKILL mid-run and started
again; every message must arrive, none twice."""

import os
import random
import socketserver
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from bench.common import ROOT, VENV_BIN, make_app

MAILS = 100


class _Sink(socketserver.ThreadingTCPServer):
    """The SMTP sink: every message it received, and which "250"s the sender read."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, addr) -> None:
        super().__init__(addr, _SinkHandler)
        self.received: list[tuple[str, str]] = []
        #: Indexes into *received* whose "250" the sender provably read: it went on talking.
        self.confirmed: set[int] = set()
        self.lock = threading.Lock()


class _SinkHandler(socketserver.StreamRequestHandler):
    """Minimal SMTP: enough for smtplib's send_message; 30 ms per message like a slow relay."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ESMTP\r\n")
        last = None  # the message this connection delivered last, not yet confirmed
        while True:
            try:
                line = self.rfile.readline()
            except ConnectionResetError:  # the sender was killed
                return
            if not line:
                return
            if last is not None:
                self.server.confirmed.add(last)
                last = None
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                subject = message_id = ""
                while True:
                    data = self.rfile.readline()
                    if data in (b".\r\n", b""):
                        break
                    if data.lower().startswith(b"subject:"):
                        subject = data[8:].strip().decode()
                    if data.lower().startswith(b"message-id:"):
                        message_id = data[11:].strip().decode()
                time.sleep(0.03)
                with self.server.lock:
                    self.server.received.append((subject, message_id))
                    last = len(self.server.received) - 1
                try:
                    self.wfile.write(b"250 queued\r\n")
                except OSError:  # killed while the "relay" was still working on the message
                    return
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            else:
                self.wfile.write(b"250 ok\r\n")


def scheduler_fault(db_url: str, workdir: Path, kills: int = 1) -> dict:
    """Queue mail, kill the scheduler mid-run *kills* times, start it again; count deliveries."""
    from sqlalchemy import func, select

    from participation.core.mail import queue_mail
    from participation.core.models import OutboxMessage
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=workdir)
    with app.app_context():
        for i in range(MAILS):
            queue_mail(f"bewohnerin{i}@example.org", f"Bench-Nachricht {i}", "Hallo!")
        db.session.commit()
    sink = _Sink(("127.0.0.1", 0))
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PARTICIPATION_ENV": "development",
        "PARTICIPATION_DATABASE_URL": db_url,
        "PARTICIPATION_INSTANCE_DIR": str(workdir),
        "PARTICIPATION_MAIL_BACKEND": "smtp",
        "PARTICIPATION_SMTP_HOST": "127.0.0.1",
        "PARTICIPATION_SMTP_PORT": str(sink.server_address[1]),
        "PARTICIPATION_SMTP_STARTTLS": "0",
        "PARTICIPATION_SCHEDULER_LOCK_SECONDS": "10",
        # the message in flight at a kill is retried when its claim expires: keep the wait short
        "PARTICIPATION_MAIL_CLAIM_SECONDS": "5",
    }
    cmd = [str(VENV_BIN / "flask"), "--app", "wsgi", "scheduler", "run"]
    kills_at = [MAILS * (i + 1) // (kills + 1) for i in range(kills)]
    before_kill = []
    for threshold in kills_at:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        deadline = time.time() + 90
        while time.time() < deadline and len(sink.received) < threshold:
            time.sleep(random.uniform(0.001, 0.05))  # the kill lands anywhere in a message
        before_kill.append(len(sink.received))
        proc.kill()  # SIGKILL in the middle of the mail run
        proc.wait()
    second = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    started = time.time()
    try:
        with app.app_context():
            while time.time() - started < 120:
                pending = db.session.scalar(
                    select(func.count()).where(OutboxMessage.status == "pending")
                )
                db.session.rollback()
                if not pending:
                    break
                time.sleep(1)
            db.session.remove()
            db.engine.dispose()
    finally:
        second.terminate()
        second.wait(timeout=20)
        sink.shutdown()
    counts = Counter(subject for subject, _mid in sink.received)
    ids_per_subject = {s: {m for subj, m in sink.received if subj == s} for s in counts}
    twice = [s for s, n in counts.items() if n > 1]
    # A repeat after a hand-over the sender had read is our bug; a repeat of a message the sink
    # kept while the sender died before reading its "250" is the RFC 1047 window no sender can
    # close (a real relay keeps such a message too).
    first_seen = {}
    for index, (subject, _mid) in enumerate(sink.received):
        first_seen.setdefault(subject, index)
    twice_confirmed = [s for s in twice if first_seen[s] in sink.confirmed]
    return {
        "scheduler: mails queued": MAILS,
        "scheduler: SIGKILLs | delivered before each": (
            f"{kills} | {', '.join(map(str, before_kill))}"
        ),
        "scheduler: after restart, all delivered in": f"{time.time() - started:.0f} s",
        "scheduler: distinct delivered | lost | sent twice": (
            f"{len(counts)} | {MAILS - len(counts)} | {len(twice)}"
        ),
        "scheduler: sent twice after a hand-over the sender read": len(twice_confirmed),
        "scheduler: sent twice, killed before reading the relay's 250": (
            len(twice) - len(twice_confirmed)
        ),
        "scheduler: repeats carry the first Message-ID": (
            f"{sum(1 for s in twice if len(ids_per_subject[s]) == 1)} of {len(twice)}"
        ),
    }
