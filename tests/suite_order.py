"""The order of the collected tests (``pytest_collection_modifyitems`` in ``tests/conftest.py``):
the longest first, and which tests the PostgreSQL run can leave out."""

from pathlib import Path

#: The longest tests, started first (node-id prefixes, longest first; measured with
#: ``--durations``). ``scripts/test.sh`` hands tests to the xdist workers one at a time
#: (``--maxschedchunk 1``), so these are shared out between the workers at the start instead of
#: ending the run alone on one worker while the other is idle (they were collected last: the
#: top-level files sort after every package folder). Only the order changes, never what runs.
#: The four axe sweeps alternate staff/public so that each browser worker gets one of each.
LONGEST_FIRST = (
    "tests/browser/test_sweep.py::test_every_staff_page_passes_axe[de]",
    "tests/browser/test_sweep.py::test_every_public_page_passes_axe[de]",
    "tests/browser/test_sweep.py::test_every_staff_page_passes_axe[ar]",
    "tests/browser/test_sweep.py::test_every_public_page_passes_axe[ar]",
    "tests/test_fuzz_routes.py",
    "tests/test_authz_matrix.py",
    "tests/test_i18n_sweep.py",
    "tests/test_seed_demo.py",
    "tests/core/test_migrations.py",
)


def _rank(nodeid: str) -> int:
    for rank, prefix in enumerate(LONGEST_FIRST):
        if nodeid.startswith(prefix):
            return rank
    return len(LONGEST_FIRST)


def _reads_the_database_url(path: Path, seen: dict[Path, bool]) -> bool:
    """True when the test file picks a database itself (reads the PostgreSQL URL)."""
    if path not in seen:
        text = path.read_text(encoding="utf-8") if path.suffix == ".py" else ""
        seen[path] = "PARTICIPATION_TEST_DATABASE_URL" in text or "PG_URL" in text
    return seen[path]
