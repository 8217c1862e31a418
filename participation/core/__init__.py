"""Shared spine without domain logic: models base, htmx, permissions, i18n, audit, mail."""
