"""The OpenAPI 3.1 description of the JSON API (open data and OParl), built from dicts.

``tests/api/test_openapi.py`` validates real responses of every JSON endpoint against the schemas
here, so the description cannot drift from what the server sends.
"""

from participation.api.oparl.system import BODY_LISTS
from participation.api.opendata.feeds import FEEDS, LICENSE
from participation.api.opendata.types import COLUMN_TYPES

GEO = ("areas", "contributions", "measures")
REF = "#/components/schemas/"


def _record(name: str) -> dict:
    props = {
        col: (kind if isinstance(kind, dict) else {"type": kind})
        for col, kind in COLUMN_TYPES[name].items()
    }
    return {
        "type": "object",
        "required": list(props),
        "additionalProperties": False,
        "properties": props,
    }


PAGINATION = {
    "type": "object",
    "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
    "properties": {
        k: {"type": "integer", "minimum": 0}
        for k in ("totalElements", "elementsPerPage", "currentPage", "totalPages")
    },
}
LINKS = {
    "type": "object",
    "required": ["first", "self", "last"],
    "properties": {
        k: {"type": "string", "format": "uri"} for k in ("first", "prev", "self", "next", "last")
    },
}


def _schemas() -> dict:
    schemas = {
        "License": {
            "type": "object",
            "required": ["id", "name", "url", "attribution"],
            "properties": {
                "id": {"const": LICENSE["id"]},
                "name": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "attribution": {"type": "string"},
            },
        },
        "Pagination": PAGINATION,
        "Links": LINKS,
        "Index": {
            "type": "object",
            "required": ["license", "feeds", "oparl", "openapi", "page"],
            "properties": {
                "license": {"$ref": REF + "License"},
                "feeds": {"type": "object"},
                "oparl": {"type": "string"},
                "openapi": {"type": "string"},
                "page": {"type": "string"},
            },
        },
        "OParlObject": {
            "type": "object",
            "required": ["id", "type", "created", "modified"],
            "properties": {
                "id": {"type": "string", "format": "uri"},
                "type": {"type": "string", "pattern": "^https://schema\\.oparl\\.org/1\\.1/"},
                "created": {"type": "string", "format": "date-time"},
                "modified": {"type": "string", "format": "date-time"},
                "deleted": {"type": "boolean"},
            },
        },
        "OParlList": {
            "type": "object",
            "required": ["data", "pagination", "links"],
            "properties": {
                "data": {"type": "array", "items": {"$ref": REF + "OParlObject"}},
                "pagination": {"$ref": REF + "Pagination"},
                "links": {"$ref": REF + "Links"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["type", "message"],
            "properties": {
                "type": {"const": "https://schema.oparl.org/1.1/Error"},
                "message": {"type": "string"},
                "debug": {"type": "string"},
            },
        },
    }
    for name in FEEDS:
        title = name.capitalize()
        schemas[title] = _record(name)
        schemas[title + "Page"] = {
            "type": "object",
            "required": ["license", "data", "pagination", "links"],
            "additionalProperties": False,
            "properties": {
                "license": {"$ref": REF + "License"},
                "data": {"type": "array", "items": {"$ref": REF + title}},
                "pagination": {"$ref": REF + "Pagination"},
                "links": {"$ref": REF + "Links"},
            },
        }
        if name in GEO:
            schemas[title + "Collection"] = {
                "type": "object",
                "required": ["type", "license", "features", "pagination", "links"],
                "properties": {
                    "type": {"const": "FeatureCollection"},
                    "license": {"$ref": REF + "License"},
                    "features": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["type", "id", "geometry", "properties"],
                            "properties": {
                                "type": {"const": "Feature"},
                                "id": {"type": "integer"},
                                "geometry": {"type": ["object", "null"]},
                                "properties": {"$ref": REF + title},
                            },
                        },
                    },
                    "pagination": {"$ref": REF + "Pagination"},
                    "links": {"$ref": REF + "Links"},
                },
            }
    return schemas


def _json(ref: str, description: str, media="application/json") -> dict:
    return {"description": description, "content": {media: {"schema": {"$ref": REF + ref}}}}


PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
]
FILTER_PARAMS = [
    {"name": n, "in": "query", "schema": {"type": "string", "format": "date-time"}}
    for n in ("created_since", "created_until", "modified_since", "modified_until")
] + [{"name": "omit_internal", "in": "query", "schema": {"type": "boolean"}}]
ERRORS = {
    "400": _json("Error", "Invalid parameter"),
    "404": _json("Error", "Not found"),
}


def document(server_url: str) -> dict:
    """The OpenAPI 3.1 document; *server_url* is the installation's ``BASE_URL``."""
    paths: dict = {
        "/api/v1/": {
            "get": {
                "summary": "Index of the open-data feeds",
                "responses": {"200": _json("Index", "Feeds, OParl and this description")},
            }
        },
        "/oparl/v1.1/": {
            "get": {
                "summary": "OParl 1.1 System (entry point)",
                "responses": {"200": _json("OParlObject", "oparl:System")},
            }
        },
        "/oparl/v1.1/body/{body_id}/{list}": {
            "get": {
                "summary": "OParl external object list of the body",
                "parameters": [
                    {
                        "name": "body_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    {
                        "name": "list",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(BODY_LISTS)},
                    },
                    *PAGE_PARAMS,
                    *FILTER_PARAMS,
                ],
                "responses": {"200": _json("OParlList", "A list page"), **ERRORS},
            }
        },
        "/oparl/v1.1/{kind}/{id}": {
            "get": {
                "summary": "One OParl object (deleted ones: 200 with deleted: true)",
                "parameters": [
                    {"name": "kind", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                ],
                "responses": {"200": _json("OParlObject", "The object"), **ERRORS},
            }
        },
    }
    for name in FEEDS:
        title = name.capitalize()
        paths[f"/api/v1/{name}.json"] = {
            "get": {
                "summary": f"{title} (JSON, paginated)",
                "parameters": PAGE_PARAMS,
                "responses": {"200": _json(title + "Page", f"A page of {name}"), **ERRORS},
            }
        }
        if name in GEO:
            paths[f"/api/v1/{name}.geojson"] = {
                "get": {
                    "summary": f"{title} (GeoJSON, paginated)",
                    "parameters": PAGE_PARAMS,
                    "responses": {
                        "200": _json(
                            title + "Collection", "FeatureCollection", "application/geo+json"
                        ),
                        **ERRORS,
                    },
                }
            }
        paths[f"/api/v1/{name}.csv"] = {
            "get": {
                "summary": f"{title} (CSV, all rows; ';' separated, UTF-8 with BOM)",
                "responses": {
                    "200": {
                        "description": "CSV file",
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Beteiligungsplattform – offene Daten und OParl 1.1",
            "version": "1.0.0",
            "license": {"name": LICENSE["name"], "url": LICENSE["url"]},
            "description": "Read-only open data (no personal data) and the OParl 1.1 endpoint.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": _schemas()},
    }
