"""System, Body and LegislativeTerm: the entry point, from the configuration.

One Body per installation (a district office or a city). Its name, AGS and contact come from the
configuration (``OPARL_BODY_*``); the legislative terms from ``OPARL_LEGISLATIVE_TERMS``.
"""

import json
from datetime import UTC, datetime

from flask import current_app

from participation.api.oparl.base import (
    BODY_ID,
    LICENSE_URL,
    SCHEMA,
    Family,
    absolute,
    body_url,
    clean,
    common,
    date_time,
    list_url,
    register,
)

#: Body lists the OParl 1.1 text makes mandatory (``legislativeTerm`` is embedded, not a list).
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "locationList",
    "legislativeTermList",
)
#: Example for a Berlin district (BVV terms after the elections of 2021 and 2026); the dates are
#: the installation's to set (``OPARL_LEGISLATIVE_TERMS``, a list of such dicts).
DEFAULT_TERMS = [
    {"id": 1, "name": "19. Wahlperiode", "startDate": "2021-11-04", "endDate": "2026-10-31"},
    {"id": 2, "name": "20. Wahlperiode", "startDate": "2026-11-01"},
]


def _config(name: str, default):
    return current_app.config.get(name, default)


def since() -> datetime:
    """When this OParl interface went live (``created`` of System and Body)."""
    value = _config("OPARL_SINCE", "2026-12-01T00:00:00+00:00")
    return datetime.fromisoformat(value).astimezone(UTC)


def system() -> dict:
    """The oparl:System object."""
    return clean(
        {
            "id": absolute("api.oparl_system"),
            "type": SCHEMA + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "otherOparlVersions": [],
            "license": LICENSE_URL,
            "body": absolute("api.oparl_bodies"),
            "name": _config("OPARL_SYSTEM_NAME", "Beteiligungsplattform – Sozialraumplanung"),
            "contactEmail": _config("OPARL_CONTACT_EMAIL", ""),
            "contactName": _config("OPARL_CONTACT_NAME", ""),
            "website": absolute("api.open_data"),
            "product": "https://github.com/",
            "created": date_time(since()),
            "modified": date_time(since()),
        }
    )


def body() -> dict:
    """The oparl:Body of this installation, with every list URL OParl 1.1 requires."""
    return clean(
        {
            "id": body_url(),
            "type": SCHEMA + "Body",
            "system": absolute("api.oparl_system"),
            "shortName": _config("OPARL_BODY_SHORT_NAME", "Neukölln"),
            "name": _config("OPARL_BODY_NAME", "Bezirksamt Neukölln von Berlin"),
            "website": _config("OPARL_BODY_WEBSITE", absolute("api.open_data")),
            "license": LICENSE_URL,
            "ags": _config("OPARL_BODY_AGS", "11000000"),
            "contactEmail": _config("OPARL_CONTACT_EMAIL", ""),
            "contactName": _config("OPARL_CONTACT_NAME", ""),
            "classification": _config("OPARL_BODY_CLASSIFICATION", "Bezirk"),
            **{name: list_url(name) for name in BODY_LISTS},
            "legislativeTerm": [LegislativeTermFamily().serialize(t, {}) for t in terms()],
            "web": absolute("api.open_data"),
            "created": date_time(since()),
            "modified": date_time(since()),
        }
    )


def terms() -> list[dict]:
    """Configured legislative terms (id, name, startDate, endDate); JSON text or a list."""
    value = _config("OPARL_LEGISLATIVE_TERMS", None) or DEFAULT_TERMS
    if isinstance(value, str):
        value = json.loads(value)
    return list(value)


@register
class LegislativeTermFamily(Family):
    """Legislative terms from the configuration (no table): created/modified = :func:`since`."""

    kind = "legislativeTerm"
    oparl_type = "LegislativeTerm"
    static = True

    def rows(self) -> list[tuple[str, int, datetime, datetime]]:
        """``(kind, oid, created, modified)`` of every term."""
        return [(self.kind, int(t["id"]), since(), since()) for t in terms()]

    def load(self, ids) -> dict:
        """Terms by id."""
        wanted = set(ids)
        return {int(t["id"]): t for t in terms() if int(t["id"]) in wanted}

    def serialize(self, obj, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:LegislativeTerm object."""
        return common(
            self.kind,
            self.oparl_type,
            int(obj["id"]),
            since(),
            since(),
            body=absolute("api.oparl_body", body_id=BODY_ID),
            name=obj.get("name"),
            startDate=obj.get("startDate"),
            endDate=obj.get("endDate"),
        )
