"""What the submission benches (pins, surveys, the load harness) share: the app's environment
under gunicorn, and the measurement of the bare Flask baseline and the real form in alternating
rounds against servers that stay up, plus the earlier baseline once.

Alternating (bare, form, bare, form, …) lets a burst of load from elsewhere on the machine hit
both sides alike; the best round of each side is compared and every round is listed. The bare
endpoints are bench/bare_app.py's ``/submit`` (pooled connection) and ``/submit-connect`` (a
connection per request, the earlier rounds' baseline).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.http_load import LoadResult, run_load

#: gunicorn.conf.py (threaded workers, both servers) writes an access log line per request to
#: stdout; it is still formatted, but written to /dev/null instead of this terminal. A short
#: graceful timeout: on a loaded machine the default 30 s outlast the harness's 15 s stop.
QUIET = {"GUNICORN_ACCESSLOG": "/dev/null", "GUNICORN_GRACEFUL_TIMEOUT": "5"}

_BARE_FORM = urlencode({"title": "Mehr Schatten"}).encode()
_BARE_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def app_env(db_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of the app under gunicorn in a submission bench: development settings on
    *db_url*, no rate limit (the clients are few addresses), mail queued, not sent inline."""
    return {
        "PARTICIPATION_ENV": "development",
        "PARTICIPATION_DATABASE_URL": db_url,
        **extra,
        "PARTICIPATION_RATELIMIT_ENABLED": "0",
        "PARTICIPATION_MAIL_DELIVER_INLINE": "0",
        "PARTICIPATION_INSTANCE_DIR": str(workdir),
    }


def bare_request(i: int):
    """A POST to the bare app's insert on its pooled connection (the fair baseline)."""
    return "POST", "/submit", _BARE_FORM, _BARE_HEADERS


def old_bare_request(i: int):
    """A POST to the bare app's insert on a new connection per request (the earlier baseline)."""
    return "POST", "/submit-connect", _BARE_FORM, _BARE_HEADERS


def acknowledged(status: int, _body: bytes) -> bool:
    """A submission counts as acknowledged when the form answers with its 303."""
    return status == 303


@dataclass
class Rounds:
    """What the alternating rounds measured."""

    warm: LoadResult
    old: LoadResult
    bases: list[LoadResult]
    reals: list[LoadResult]

    @property
    def acked(self) -> int:
        """Submissions acknowledged (warm-up and every round)."""
        return self.warm.ok + sum(r.ok for r in self.reals)

    @property
    def errors(self) -> int:
        """Submissions that failed (warm-up and every round)."""
        return self.warm.errors + sum(r.errors for r in self.reals)

    def rows(self, label: str, form: str, target: int) -> dict[str, str]:
        """The report rows both benches print: best rounds, every round, the ratios."""
        base = max(self.bases, key=lambda r: r.rps)
        real = max(self.reals, key=lambda r: r.rps)
        return {
            f"{label}: bare Flask insert (best round)": base.line("").strip(),
            f"{label}: {form} form, full stack (best round)": real.line("").strip(),
            f"{label}: rounds req/s bare | {form}": " | ".join(
                f"{b.rps:.0f}/{r.rps:.0f}" for b, r in zip(self.bases, self.reals, strict=True)
            ),
            f"{label}: earlier baseline (connection per request)": self.old.line("").strip(),
            f"{label}: ratio against the earlier baseline": (
                f"{100 * real.rps / self.old.rps:.1f} %"
            ),
            f"{label}: ratio {form}/bare (target >= {target} %)": (
                f"{100 * real.rps / base.rps:.1f} %"
            ),
        }


def alternating_rounds(
    bare_port: int, app_port: int, submit: Callable[[int], tuple], args
) -> Rounds:
    """Warm both servers up, measure the earlier baseline once, then ``args.rounds`` rounds of
    bare and *submit* (``args.requests`` each, ``args.concurrency`` clients)."""
    run_load(bare_port, bare_request, total=64)
    # Warm-up: every worker builds its area index (and compiles the questionnaire) once.
    warm = run_load(app_port, submit, concurrency=8, total=64, accept=acknowledged)
    bases, reals = [], []
    # the baseline of earlier rounds (a connection per request), once, for comparison
    old = run_load(bare_port, old_bare_request, concurrency=args.concurrency, total=args.requests)
    for _round in range(args.rounds):
        bases.append(
            run_load(bare_port, bare_request, concurrency=args.concurrency, total=args.requests)
        )
        reals.append(
            run_load(
                app_port,
                submit,
                concurrency=args.concurrency,
                total=args.requests,
                accept=acknowledged,
            )
        )
    return Rounds(warm, old, bases, reals)
