"""Participation processes: level, scope statement, phases, contact, categories, tools."""
