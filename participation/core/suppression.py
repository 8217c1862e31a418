"""Small-cell suppression for every number shown publicly or to the council (DOMAIN.md §5.2).

Counts below *k* are shown as "< k", never as 0 (primary suppression). Where a hidden count could
be worked out from a row or column total by subtraction, further cells are hidden as well
(complementary suppression); they are shown as "×" because they are not small themselves.

The rule for tables (:func:`suppress_totals`): the table is extended by its row totals, column
totals and grand total, and each of these lines is an equation ``cells = total``. Totals are counts
too, so a small total is hidden like any other cell. A hidden value can be computed exactly from
the published numbers precisely when it is a *bridge* in the bipartite graph whose nodes are the
lines and whose edges are the hidden entries (a hidden entry on no cycle). So the rule hides
further entries until every hidden entry lies on a cycle: first wherever a line has exactly one
hidden entry (the simple subtraction case, including a row whose only non-zero cell is small),
then wherever two groups of hidden entries hang together by a single one.

Limitation, deliberately accepted: this protects against exact recovery. Someone who knows that
primary cells lie between 1 and k-1 can sometimes narrow a value down to a range.
"""

from dataclasses import dataclass

COMPLEMENTARY_MARK = "×"


@dataclass(frozen=True)
class Cell:
    """A count that may be hidden; ``str()`` gives what to print."""

    value: int
    suppressed: bool
    k: int
    #: False for a cell hidden only so that a small cell cannot be worked out (complementary).
    primary: bool = True

    @property
    def complementary(self) -> bool:
        """True when hidden although not small itself."""
        return self.suppressed and not self.primary

    @property
    def shown(self) -> int | None:
        """The value when it may be shown, else None."""
        return None if self.suppressed else self.value

    def __str__(self) -> str:
        if not self.suppressed:
            return str(self.value)
        return f"< {self.k}" if self.primary else COMPLEMENTARY_MARK


def is_small(value: int, k: int) -> bool:
    """True for a count between 1 and k-1 (0 is not disclosive on its own)."""
    return 0 < value < k


def suppress(value: int, k: int) -> Cell:
    """Suppress a single count when it is between 1 and k-1 (0 is not disclosive on its own)."""
    return Cell(value, is_small(value, k), k)


@dataclass(frozen=True)
class SuppressedTable:
    """A table with its totals after suppression: what a page or report may print."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    col_totals: list[Cell]
    total: Cell


def suppress_table(rows: list[list[int]], k: int) -> list[list[Cell]]:
    """Suppress small cells of a table whose row and column totals are published.

    Use :func:`suppress_totals` when the totals are printed too: a total can need hiding as well.
    """
    return suppress_totals(rows, k).cells


def suppress_totals(rows: list[list[int]], k: int) -> SuppressedTable:
    """Suppress a table together with its row, column and grand totals (see the module notes)."""
    n_rows = len(rows)
    n_cols = len(rows[0]) if rows else 0
    grid = [list(row) + [sum(row)] for row in rows]
    grid.append([sum(rows[r][c] for r in range(n_rows)) for c in range(n_cols)])
    grid[-1].append(sum(grid[r][-1] for r in range(n_rows)))
    primary = [[is_small(v, k) for v in row] for row in grid]
    hidden = [list(row) for row in primary]
    if n_rows and n_cols:
        _protect(grid, hidden, n_rows, n_cols)

    def cell(r: int, c: int) -> Cell:
        return Cell(grid[r][c], hidden[r][c], k, primary[r][c] or not hidden[r][c])

    return SuppressedTable(
        cells=[[cell(r, c) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[cell(r, n_cols) for r in range(n_rows)],
        col_totals=[cell(n_rows, c) for c in range(n_cols)],
        total=cell(n_rows, n_cols),
    )


def suppress_distribution(counts: list[int], k: int) -> tuple[list[Cell], Cell]:
    """Suppress one distribution (e.g. the options of a single-choice question) and its total."""
    table = suppress_totals([list(counts)], k)
    return table.cells[0] if counts else [], table.total


def _cost(grid: list[list[int]], r: int, c: int, n_rows: int, n_cols: int) -> tuple:
    """Order candidates for complementary suppression: hide the least information first."""
    value = grid[r][c]
    is_total = r == n_rows or c == n_cols
    return (value == 0, is_total, value, r, c)


def _protect(grid, hidden, n_rows: int, n_cols: int) -> None:
    """Hide entries until no hidden entry can be computed from the published ones."""
    height, width = n_rows + 1, n_cols + 1
    while True:
        changed = False
        # 1. A line with exactly one hidden entry gives it away by subtraction.
        lines = [[(r, c) for c in range(width)] for r in range(height)]
        lines += [[(r, c) for r in range(height)] for c in range(width)]
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            candidates = [(r, c) for r, c in line if not hidden[r][c]]
            r, c = min(candidates, key=lambda rc: _cost(grid, *rc, n_rows, n_cols))
            hidden[r][c] = True
            changed = True
        if changed:
            continue
        # 2. A hidden entry that is a bridge between two groups is still determined.
        bridge = _find_bridge(hidden, height, width)
        if bridge is None:
            return
        rows_a, cols_a, rows_b, cols_b = _sides(hidden, height, width, bridge)
        candidates = [(r, c) for r in rows_a for c in cols_b] + [
            (r, c) for r in rows_b for c in cols_a
        ]
        candidates = [rc for rc in candidates if not hidden[rc[0]][rc[1]]]
        if not candidates:  # cannot happen after step 1, but never loop forever
            return
        r, c = min(candidates, key=lambda rc: _cost(grid, *rc, n_rows, n_cols))
        hidden[r][c] = True


def _adjacency(hidden, height: int, width: int) -> dict[tuple[str, int], list[tuple[str, int]]]:
    adj: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for r in range(height):
        for c in range(width):
            if hidden[r][c]:
                adj.setdefault(("r", r), []).append(("c", c))
                adj.setdefault(("c", c), []).append(("r", r))
    return adj


def _find_bridge(hidden, height: int, width: int) -> tuple[int, int] | None:
    """Return one hidden entry ``(row, col)`` that lies on no cycle, or None (Tarjan)."""
    adj = _adjacency(hidden, height, width)
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    for root in adj:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, None, iter(adj[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            advanced = False
            for nxt in neighbours:
                if nxt == parent:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, node, iter(adj[nxt])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    a, b = (parent, node) if parent[0] == "r" else (node, parent)
                    return a[1], b[1]
    return None


def _sides(hidden, height: int, width: int, bridge: tuple[int, int]):
    """Rows and columns on each side of *bridge* once it is taken out."""
    adj = _adjacency(hidden, height, width)
    r0, c0 = bridge

    def reach(start):
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for nxt in adj.get(node, []):
                if {node, nxt} == {("r", r0), ("c", c0)} or nxt in seen:
                    continue
                seen.add(nxt)
                todo.append(nxt)
        return seen

    side_a, side_b = reach(("r", r0)), reach(("c", c0))
    rows = lambda side: [i for kind, i in side if kind == "r"]  # noqa: E731
    cols = lambda side: [i for kind, i in side if kind == "c"]  # noqa: E731
    return rows(side_a), cols(side_a), rows(side_b), cols(side_b)
