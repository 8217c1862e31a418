"""The load harness's verdict (``bench/load.py``): what the database holds against what the
clients were told, as report rows (lost, stored twice, 5xx, latency percentiles)."""

from collections import Counter

from bench.load_clients import Outcome


def stored_keys(db_url: str, slug: str, survey_id: int) -> dict[str, Counter]:
    """Idempotency keys stored per kind, with how often each is stored."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        pins = conn.execute(
            text(
                "SELECT c.idempotency_key FROM contributions c JOIN processes p "
                "ON p.id = c.process_id WHERE p.slug = :slug"
            ),
            {"slug": slug},
        ).scalars()
        pin_keys = Counter(pins)
        survey_keys = Counter(
            conn.execute(
                text("SELECT idempotency_key FROM survey_responses WHERE survey_id = :s"),
                {"s": survey_id},
            ).scalars()
        )
    engine.dispose()
    return {"pin": pin_keys, "survey": survey_keys}


def summary(
    label: str,
    outcome: Outcome,
    stored: dict[str, Counter],
    elapsed: float,
    faults: list[str],
    after: int,
) -> dict:
    """Report rows for one database: requests, faults, acknowledged = stored, 5xx, /readyz."""
    lost = {k: len(outcome.acked[k] - set(stored[k])) for k in stored}
    duplicates = {k: sum(1 for n in stored[k].values() if n > 1) for k in stored}
    unacked_stored = {k: len(set(stored[k]) - outcome.acked[k]) for k in stored}
    total = sum(outcome.statuses.values())
    lat = sorted(outcome.latencies)

    def pct(q: float) -> float:
        return lat[min(len(lat) - 1, int(q / 100 * len(lat)))] * 1000 if lat else float("nan")

    fives = sum(n for s, n in outcome.statuses.items() if s >= 500)
    return {
        f"{label}: requests in {elapsed:.0f} s": (
            f"{total} ({total / elapsed:.0f}/s), p50 {pct(50):.0f} ms, p95 {pct(95):.0f} ms, "
            f"statuses {dict(sorted(outcome.statuses.items()))}"
        ),
        f"{label}: double submits": f"{outcome.doubles} (same key twice at once)",
        f"{label}: faults": "; ".join(faults),
        f"{label}: acknowledged pin | survey": (
            f"{len(outcome.acked['pin'])} | {len(outcome.acked['survey'])}"
        ),
        f"{label}: stored pin | survey": f"{sum(stored['pin'].values())} | "
        f"{sum(stored['survey'].values())}",
        f"{label}: acknowledged but lost": f"{lost['pin'] + lost['survey']} (target 0)",
        f"{label}: stored twice for one key": f"{duplicates['pin'] + duplicates['survey']}",
        f"{label}: stored, answer lost in transit": (
            f"{unacked_stored['pin'] + unacked_stored['survey']} "
            f"(connection cut by the killed worker / outage; {outcome.connection_errors} "
            "connection errors)"
        ),
        f"{label}: 5xx": (
            f"{fives} in total: {outcome.clean_503} clean 503 during the database restart, "
            f"{len(outcome.bad_5xx)} other (target 0)"
            + (f" e.g. {outcome.bad_5xx[:2]}" if outcome.bad_5xx else "")
        ),
        f"{label}: /readyz after the faults": str(after),
    }
