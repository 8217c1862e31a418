"""Small-cell suppression primitives used by every public number."""

from participation.core.suppression import suppress


def test_small_counts_show_as_less_than_k():
    assert str(suppress(3, 5)) == "< 5"
    assert str(suppress(5, 5)) == "5"
    assert str(suppress(0, 5)) == "0"
