"""The load harness's clients (``bench/load.py``): threads sending resident submissions, double
submits among them, and what they saw (statuses, acknowledged keys, clean and other 5xx)."""

import http.client
import random
import secrets
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.pins_common import pin_form


@dataclass
class Outcome:
    """Everything the clients saw."""

    statuses: Counter = field(default_factory=Counter)
    acked: dict[str, set] = field(default_factory=lambda: {"pin": set(), "survey": set()})
    sent: dict[str, set] = field(default_factory=lambda: {"pin": set(), "survey": set()})
    doubles: int = 0
    bad_5xx: list[tuple[float, int, str]] = field(default_factory=list)
    clean_503: int = 0
    connection_errors: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def title(data: bytes) -> str:
    """The <title> of an error page (enough to tell the app's 503 page from gunicorn's 500)."""
    text = data.decode("utf-8", "replace")
    start, end = text.find("<title>"), text.find("</title>")
    return text[start + 7 : end].strip()[:80] if start >= 0 else text[:80]


def send(port: int, method: str, path: str, body: bytes, headers: dict):
    """One request on a new connection: ``(status, headers, body)``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data
    finally:
        conn.close()


def run_clients(
    port: int, seconds: float, clients: int, make_submission, outbox: Outcome, restart_window: list
) -> float:
    """*clients* threads submitting until *seconds* have passed; returns the elapsed time."""
    start = time.monotonic()
    deadline = start + seconds

    def record(kind: str, key: str, status: int, headers: dict, data: bytes, t: float) -> None:
        with outbox.lock:
            outbox.statuses[status] += 1
            if status == 303:
                outbox.acked[kind].add(key)
            elif status >= 500:
                clean = (
                    status == 503
                    and "Retry-After" in headers
                    and b"<html" in data
                    and b"Traceback" not in data
                )
                in_window = any(a - 1 <= t <= b + 10 for a, b in restart_window if b)
                if clean and (in_window or restart_window and restart_window[-1][1] is None):
                    outbox.clean_503 += 1
                else:
                    outbox.bad_5xx.append((round(t, 1), status, title(data)))

    def one(kind: str, key: str, method: str, path: str, body: bytes, headers: dict) -> None:
        begin = time.monotonic()
        try:
            status, resp_headers, data = send(port, method, path, body, headers)
        except (OSError, http.client.HTTPException):
            with outbox.lock:
                outbox.connection_errors += 1  # e.g. the worker was killed mid-request
            return
        end = time.monotonic()
        with outbox.lock:
            outbox.latencies.append(end - begin)
        # a 503 belongs to the outage when the answer came during it (requests queue for seconds)
        record(kind, key, status, resp_headers, data, end - start)

    def client(n: int) -> None:
        rng = random.Random(n)
        while time.monotonic() < deadline:
            kind, key, method, path, body, headers = make_submission(rng)
            with outbox.lock:
                outbox.sent[kind].add(key)
            if rng.random() < 0.10:  # double submit: the same key twice at the same moment
                with outbox.lock:
                    outbox.doubles += 1
                twin = threading.Thread(target=one, args=(kind, key, method, path, body, headers))
                twin.start()
                one(kind, key, method, path, body, headers)
                twin.join()
            else:
                one(kind, key, method, path, body, headers)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return time.monotonic() - start


def submission_maker(
    slug: str,
    pin_sessions: list[dict],
    category: str,
    points: list,
    survey_id: int,
    survey_sessions: list[dict],
    answers: list[dict],
    signer,
):
    """A function ``rng -> (kind, key, method, path, body, headers)``: half pin forms, half survey
    answers, each with a fresh idempotency key, from the resident sessions opened beforehand.

    *signer* signs the survey's browser cookie (one per answer: a new resident each time).
    """

    def make_submission(rng: random.Random):
        key = uuid.uuid4().hex
        if rng.random() < 0.5:
            session = rng.choice(pin_sessions)
            lon, lat = rng.choice(points)
            body = pin_form(
                session["csrf"], session["started"], key, category, lon, lat, "Bank am Spielplatz"
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": session["cookie"],
            }
            return (
                "pin",
                key,
                "POST",
                f"/processes/{slug}/contribute",
                urlencode(body).encode(),
                headers,
            )
        session = rng.choice(survey_sessions)
        browser = signer.dumps(secrets.token_urlsafe(24))
        body = {"csrf_token": session["csrf"], "idempotency_key": key, **rng.choice(answers)}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{session['cookie']}; survey_browser={browser}",
        }
        return (
            "survey",
            key,
            "POST",
            f"/surveys/{survey_id}",
            urlencode(body, doseq=True).encode(),
            headers,
        )

    return make_submission
