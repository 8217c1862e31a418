"""Indicator catalogue, values per area and period, imports, area profiles and the
representation check."""
