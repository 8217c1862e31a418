"""Fixtures of the indicator tests: a small catalogue on Berlin's areas."""

import pytest

from participation.extensions import db
from participation.indicators.services import ensure_indicators


@pytest.fixture
def catalogue(app):
    """Three indicators: residents (count), unemployment (share), child poverty (share)."""

    def entry(code, kind="share", unit="%", **extra):
        return {
            "code": code,
            "names": {"de": code, "en": code},
            "kind": kind,
            "unit": unit,
            **extra,
        }

    ensure_indicators(
        [
            entry("population", "count", "residents", is_key=True, position=0),
            entry("unemployment", is_key=True, position=1, polarity="higher_worse"),
            entry("child_poverty", is_key=True, position=2),
            entry("single_parents", position=3),
            entry("migration_background", position=4, share_of_residents=True),
        ]
    )
    db.session.commit()
