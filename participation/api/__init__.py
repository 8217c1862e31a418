"""Read-only open data: JSON/GeoJSON/CSV, the OParl 1.1 endpoint and the OpenAPI description."""
