"""Validate OParl objects against the vendored 1.1.1 schemas, embedded objects included."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator

SCHEMAS = Path(__file__).parent / "oparl_schema"
PREFIX = "https://schema.oparl.org/1.1/"


@cache
def schema(name: str) -> dict:
    """The schema of an OParl type (``Meeting``)."""
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def validate(obj: dict) -> list[str]:
    """Every schema violation of *obj* and of the objects embedded in it (empty: valid).

    The spec's schemas name embedded objects with a ``"schema": "File.json"`` keyword that
    jsonschema does not know; this follows it by hand.
    """
    kind = obj["type"].removeprefix(PREFIX)
    spec = schema(kind)
    errors = [
        f"{kind} {obj.get('id')}: {e.message}" for e in Draft7Validator(spec).iter_errors(obj)
    ]
    for name, prop in spec["properties"].items():
        if name not in obj:
            continue
        if "schema" in prop:
            errors += validate(obj[name])
        elif prop.get("type") == "array" and "schema" in prop.get("items", {}):
            for item in obj[name]:
                errors += validate(item)
    return errors
