"""Time helper shared by the meetings tests."""

from datetime import UTC, datetime, timedelta

from participation.meetings.models import BERLIN


def future(days=14, hour=18, minute=0):
    """An aware UTC instant *days* ahead (negative: ago) at *hour* Berlin time."""
    day = (datetime.now(UTC) + timedelta(days=days)).astimezone(BERLIN).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN).astimezone(UTC)
