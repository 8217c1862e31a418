"""Small-cell suppression for every number shown publicly or to the council (DOMAIN.md §5.2).

Counts below *k* are shown as "< k", never as 0. Where a suppressed cell could be recovered from a
row or column total by subtraction, a second (complementary) cell is suppressed as well.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """A count that may be hidden; ``str()`` gives what to print."""

    value: int
    suppressed: bool
    k: int

    def __str__(self) -> str:
        return f"< {self.k}" if self.suppressed else str(self.value)


def suppress(value: int, k: int) -> Cell:
    """Suppress a single count when it is between 1 and k-1 (0 is not disclosive on its own)."""
    return Cell(value, 0 < value < k, k)


def suppress_table(rows: list[list[int]], k: int) -> list[list[Cell]]:
    """Suppress small cells of a table whose row and column totals are published.

    Each row or column that has exactly one suppressed cell gets its smallest other non-zero
    cell suppressed too, repeated until stable, so no hidden value follows from a total.
    """
    hidden = [[0 < v < k for v in row] for row in rows]
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(rows)]
        if rows:
            lines += [[(r, c) for r in range(len(rows))] for c in range(len(rows[0]))]
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            candidates = [(rows[r][c], r, c) for r, c in line if not hidden[r][c] and rows[r][c]]
            if candidates:
                _, r, c = min(candidates)
                hidden[r][c] = True
                changed = True
    return [[Cell(v, hidden[r][c], k) for c, v in enumerate(row)] for r, row in enumerate(rows)]
