"""Column types of the open-data records, for the OpenAPI description (``None`` allowed where
a value may be missing). Kept beside ``feeds``: a new column needs its type here, or the OpenAPI
test fails."""

S, INT, N = "string", "integer", "number"


def _opt(kind: str) -> dict:
    return {"type": [kind, "null"]}


#: Column types of the open-data records (``None`` allowed where a value may be missing).
COLUMN_TYPES = {
    "processes": {
        "id": INT,
        "slug": S,
        "title": S,
        "summary": S,
        "level": S,
        "status": S,
        "areas": S,
        "published": _opt(S),
        "closed": _opt(S),
        "what_can_be_influenced": S,
        "already_decided": S,
        "who_decides": S,
    },
    "areas": {
        "id": INT,
        "code": S,
        "name": S,
        "level": S,
        "parent_id": _opt(INT),
        "population": _opt(INT),
        "valid_from": S,
    },
    "contributions": {
        "id": INT,
        "process_id": INT,
        "kind": S,
        "channel": S,
        "category": _opt(S),
        "title": S,
        "text": S,
        "status": S,
        "status_reason": S,
        "area_id": _opt(INT),
        "lon": _opt(N),
        "lat": _opt(N),
        "supports": INT,
        "created": S,
    },
    "measures": {
        "id": INT,
        "title": S,
        "description": S,
        "status": S,
        "progress": _opt(INT),
        "responsible_unit": S,
        "budget_planned": _opt(INT),
        "budget_spent": _opt(INT),
        "funding_source": S,
        "start_date": _opt(S),
        "end_date": _opt(S),
        "areas": S,
        "process_ids": S,
        "lon": _opt(N),
        "lat": _opt(N),
        "updated": S,
    },
    "budgets": {
        "id": INT,
        "title": S,
        "area_id": INT,
        "process_id": _opt(INT),
        "period": S,
        "amount_eur": INT,
        "funding_source": S,
        "pillar": S,
        "opens_on": S,
        "closes_on": S,
        "applications": INT,
    },
}
