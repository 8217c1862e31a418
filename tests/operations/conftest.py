"""Fixtures of the operations tests: the resident form data factory shared with the pin tests."""

from pin_fixtures import form_data  # noqa: F401  (shared fixture, see tests/pin_fixtures.py)
