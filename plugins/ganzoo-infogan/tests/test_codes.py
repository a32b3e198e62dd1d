"""The latent layout: reading the codes, setting them, and the traversal picture's inputs."""

from __future__ import annotations

import pytest
import torch

from ganzoo import GanzooError
from ganzoo_infogan.codes import CodeLayout

LAYOUT = CodeLayout(noise=3, categories=4, continuous=2)


def test_the_category_is_the_largest_of_its_numbers_and_the_continuous_codes_come_last():
    latent = torch.tensor([[9.0, 9.0, 9.0, 0.1, 0.7, 0.2, 0.3, -0.5, 0.25]])
    assert LAYOUT.latent_dim == 9 and LAYOUT.recognised_dim == 6
    assert LAYOUT.category(latent).tolist() == [1]
    assert LAYOUT.continuous_codes(latent).tolist() == [[-0.5, 0.25]]
    assert LAYOUT.generator_input(latent).tolist() == [[9.0, 9.0, 9.0, 0.0, 1.0, 0.0, 0.0, -0.5, 0.25]]


def test_setting_codes_keeps_the_noise_and_the_codes_not_set():
    latent = torch.rand(3, 9)
    one = LAYOUT.with_codes(latent, 3, {1: 0.5})
    assert LAYOUT.category(one).tolist() == [3, 3, 3]
    assert torch.equal(one[:, :3], latent[:, :3]) and torch.equal(one[:, 7], latent[:, 7]) and (one[:, 8] == 0.5).all()
    per_row = LAYOUT.with_codes(latent, torch.tensor([2, 0, 1]))
    assert LAYOUT.category(per_row).tolist() == [2, 0, 1] and torch.equal(per_row[:, 7:], latent[:, 7:])
    assert torch.equal(LAYOUT.with_codes(latent), latent)


def test_the_traversal_has_a_row_per_category_and_c1_from_minus_one_to_one_across():
    latent = torch.rand(9)
    columns = LAYOUT.traversal(latent)
    assert len(columns) == 10
    for column, c1 in zip(columns, torch.linspace(-1, 1, 10).tolist()):
        assert LAYOUT.category(column).tolist() == [0, 1, 2, 3]
        assert torch.equal(column[:, :3], latent[:3].expand(4, -1))
        assert column[:, 7].tolist() == pytest.approx([c1] * 4) and column[:, 8].tolist() == [0.0] * 4
    (alone,) = CodeLayout(3, 4, 0).traversal(torch.rand(7))
    assert CodeLayout(3, 4, 0).category(alone).tolist() == [0, 1, 2, 3]


def test_a_layout_without_room_for_noise_or_with_one_category_is_refused():
    with pytest.raises(GanzooError, match="latent_dim must exceed"):
        CodeLayout(0, 10, 2)
    with pytest.raises(GanzooError, match="2 or more categories"):
        CodeLayout(5, 1, 2)
