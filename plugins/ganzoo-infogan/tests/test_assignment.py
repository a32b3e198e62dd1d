"""The Hungarian method against answers known by construction and against trying every order."""

from __future__ import annotations

import itertools
import random

import pytest

from ganzoo_infogan.assignment import best_assignment


@pytest.mark.parametrize("order", [list(range(10)), [3, 7, 0, 9, 1, 4, 8, 2, 6, 5], list(reversed(range(10)))])
def test_a_permutation_matrix_is_recovered(order):
    scores = [[1.0 if column == order[row] else 0.0 for column in range(10)] for row in range(10)]
    assert best_assignment(scores) == order


def test_a_greedy_choice_is_not_taken_when_it_costs_more_in_all():
    # row 0's best column is 0, but giving it to row 1 and row 0 column 1 gains more in all
    assert best_assignment([[5.0, 4.0], [5.0, 0.0]]) == [1, 0]


def test_random_tables_match_the_best_of_every_order():
    chance = random.Random(0)
    for _ in range(20):
        scores = [[float(chance.randint(0, 50)) for _ in range(6)] for _ in range(6)]
        best = max(sum(scores[row][order[row]] for row in range(6)) for order in itertools.permutations(range(6)))
        chosen = best_assignment(scores)
        assert sorted(chosen) == list(range(6))
        assert sum(scores[row][column] for row, column in enumerate(chosen)) == best


def test_tables_that_are_not_square():
    assert best_assignment([[1.0, 9.0, 3.0], [8.0, 9.0, 0.0]]) == [1, 0]  # three columns, two rows
    assert best_assignment([[1.0, 9.0], [8.0, 9.0], [9.0, 0.0]]) in ([1, None, 0], [None, 1, 0])  # a row left out
