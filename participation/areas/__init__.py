"""Area levels and areas (Sozialräume): polygons in a per-city hierarchy, import, lookup."""
