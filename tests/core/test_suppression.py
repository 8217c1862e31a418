"""Small-cell suppression: primary, complementary, and no recovery by subtraction."""

import random

import numpy as np

from participation.core.suppression import (
    suppress,
    suppress_distribution,
    suppress_table,
    suppress_totals,
)


def recoverable(rows: list[list[int]], k: int) -> list[tuple[int, int]]:
    """Hidden entries of the totals-extended table that the published numbers determine.

    Brute force with linear algebra: an unknown is determined exactly when its unit vector lies in
    the row space of the line equations restricted to the hidden entries.
    """
    table = suppress_totals(rows, k)
    grid = [row + [t] for row, t in zip(table.cells, table.row_totals, strict=True)]
    grid.append(table.col_totals + [table.total])
    unknowns = [
        (r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if cell.suppressed
    ]
    if not unknowns:
        return []
    index = {rc: i for i, rc in enumerate(unknowns)}
    height, width = len(grid), len(grid[0])
    equations = []
    for r in range(height):
        line = [(r, c) for c in range(width)]
        equations.append(
            [(1 if c < width - 1 else -1, index[(r, c)]) for r, c in line if (r, c) in index]
        )
    for c in range(width):
        line = [(r, c) for r in range(height)]
        equations.append(
            [(1 if r < height - 1 else -1, index[(r, c)]) for r, c in line if (r, c) in index]
        )
    matrix = np.zeros((len(equations), len(unknowns)))
    for i, eq in enumerate(equations):
        for coef, j in eq:
            matrix[i, j] = coef
    base = np.linalg.matrix_rank(matrix)
    found = []
    for j, rc in enumerate(unknowns):
        unit = np.zeros((1, len(unknowns)))
        unit[0, j] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == base:
            found.append(rc)
    return found


def test_single_counts():
    assert str(suppress(3, 5)) == "< 5"
    assert str(suppress(0, 5)) == "0"
    assert str(suppress(5, 5)) == "5"
    assert suppress(4, 5).shown is None and suppress(7, 5).shown == 7


def test_one_small_cell_others_zero_hides_the_total():
    # The row total would equal the small cell: the total is hidden too (it is small itself).
    table = suppress_totals([[3, 0, 0], [10, 12, 9]], 5)
    assert table.cells[0][0].suppressed and table.row_totals[0].suppressed
    assert str(table.row_totals[0]) == "< 5"
    assert recoverable([[3, 0, 0], [10, 12, 9]], 5) == []


def test_complementary_cell_in_a_distribution():
    cells, total = suppress_distribution([12, 3, 20], 5)
    assert [str(c) for c in cells] == ["×", "< 5", "20"]
    assert cells[0].complementary and not cells[1].complementary
    assert str(total) == "35"  # 12 + 3 are hidden together: neither follows from 35 - 20


def test_distribution_with_only_one_nonzero_small_cell():
    cells, total = suppress_distribution([0, 2, 0], 5)
    assert str(cells[1]) == "< 5" and str(total) == "< 5"
    assert recoverable([[0, 2, 0]], 5) == []


def test_old_rule_left_the_zero_row_open():
    # Regression: with the former rule this 1x1 situation published the total 4 next to "< 5".
    table = suppress_totals([[4]], 5)
    assert table.cells[0][0].suppressed and table.total.suppressed


def test_two_dimensional_table_has_no_recoverable_cell():
    rows = [[20, 3, 15], [8, 11, 9], [14, 6, 2]]
    cells = suppress_table(rows, 5)
    assert cells[0][1].suppressed and cells[2][2].suppressed
    assert recoverable(rows, 5) == []


def test_bridge_between_two_cycles_is_protected():
    # Two blocks of small cells (rows 0-1 × cols 0-1 and rows 2-3 × cols 2-3) joined only by one
    # hidden cell would leave that cell determined; the rule adds a second link.
    rows = [
        [2, 3, 40, 50],
        [3, 2, 60, 70],
        [50, 60, 2, 3],
        [80, 90, 3, 2],
    ]
    assert recoverable(rows, 5) == []


def test_random_tables_never_leak():
    rng = random.Random(4)
    for _ in range(150):
        height, width = rng.randint(1, 5), rng.randint(1, 5)
        rows = [
            [rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 30]) for _ in range(width)]
            for _ in range(height)
        ]
        assert recoverable(rows, 5) == [], rows


def test_no_suppression_when_nothing_is_small():
    table = suppress_totals([[10, 20], [30, 0]], 5)
    assert not any(c.suppressed for row in table.cells for c in row)
    assert str(table.total) == "60"
