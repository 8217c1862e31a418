"""Scheduled job: delete expired device sessions (idle, past the remember life, or revoked)."""

from participation.accounts.sessions import purge_expired_sessions
from participation.scheduler import JOBS


def purge_sessions() -> int:
    """Delete the device sessions that can no longer log anybody in; returns how many."""
    return purge_expired_sessions()


JOBS["accounts-purge-sessions"] = (purge_sessions, 6 * 3600)
