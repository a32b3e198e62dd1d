"""The best one-to-one assignment of rows to columns of a score table (the assignment problem),
solved by the Hungarian method in O(n³): for 10 codes and 10 classes, 10! orders need not be tried.

The solver keeps a potential for every row and column such that ``cost - row - column`` is never
negative, and adds the rows one at a time: each new row is joined to the matching along a path of
zero reduced cost, found Dijkstra-style, raising the potentials whenever no such path exists yet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def best_assignment(scores: Sequence[Sequence[float]]) -> list[int | None]:
    """For each row, the column it gets, so that no two rows share a column and the sum of the
    chosen scores is as large as possible. A table with more rows than columns leaves the rows
    that find no column at ``None``."""
    rows = len(scores)
    columns = len(scores[0]) if rows else 0
    size = max(rows, columns)
    top = max((value for row in scores for value in row), default=0.0)
    # As costs to minimise, padded to a square with rows and columns that cost the same everywhere.
    cost = [[top - scores[i][j] if i < rows and j < columns else 0.0 for j in range(size)] for i in range(size)]
    chosen = minimum_cost_assignment(cost)
    return [column if column < columns else None for column in chosen[:rows]]


def minimum_cost_assignment(cost: Sequence[Sequence[float]]) -> list[int]:
    """For each row of a square cost table, its column in an assignment of least total cost."""
    n = len(cost)
    row_potential = [0.0] * (n + 1)
    column_potential = [0.0] * (n + 1)
    owner = [0] * (n + 1)  # owner[j]: the row (from 1) holding column j (from 1); column 0 is a free start
    for row in range(1, n + 1):
        owner[0] = row
        _join(row, cost, row_potential, column_potential, owner)
    assigned = [0] * n
    for column in range(1, n + 1):
        assigned[owner[column] - 1] = column - 1
    return assigned


def _join(row: int, cost: Sequence[Sequence[float]], row_potential: list[float], column_potential: list[float],
          owner: list[int]) -> None:
    """Add ``row`` to the matching held in ``owner``, along a cheapest augmenting path."""
    n = len(cost)
    slack = [math.inf] * (n + 1)  # least reduced cost to reach each column from the tree
    previous = [0] * (n + 1)  # the column before each one on its cheapest path
    visited = [False] * (n + 1)
    column = 0  # the free start, whose owner is the new row
    while owner[column]:  # until the path reaches a column nobody holds
        visited[column] = True
        here = owner[column]
        step, following = math.inf, 0
        for j in range(1, n + 1):
            if visited[j]:
                continue
            reduced = cost[here - 1][j - 1] - row_potential[here] - column_potential[j]
            if reduced < slack[j]:
                slack[j], previous[j] = reduced, column
            if slack[j] < step:
                step, following = slack[j], j
        for j in range(n + 1):
            if visited[j]:
                row_potential[owner[j]] += step
                column_potential[j] -= step
            else:
                slack[j] -= step
        column = following
    while column:  # shift every row on the path one column along
        before = previous[column]
        owner[column] = owner[before]
        column = before
