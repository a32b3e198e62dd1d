"""The fixed filters, on images whose answer is known by hand."""

import math

import pytest
import torch
import torch.nn.functional as F

from ganzoo_pairs import filters


def square(height: int = 10, width: int = 10) -> torch.Tensor:
    """A 4×4 white square (rows and columns 3 to 6) on black, in [-1, 1], as (1, 1, H, W)."""
    image = -torch.ones(1, 1, height, width)
    image[..., 3:7, 3:7] = 1.0
    return image


def test_sobel_magnitude_of_a_square_by_hand() -> None:
    magnitude = filters.sobel_magnitude((square() + 1) / 2)[0, 0]
    assert magnitude[2, 2].item() == pytest.approx(math.sqrt(2))  # outside, diagonal to a corner: one lit neighbour
    assert magnitude[2, 3].item() == pytest.approx(math.sqrt(10))  # outside, above the corner
    assert magnitude[2, 4].item() == pytest.approx(4.0)  # outside, above the middle of a side
    assert magnitude[3, 3].item() == pytest.approx(3 * math.sqrt(2))  # the square's own corner
    assert magnitude[3, 4].item() == pytest.approx(4.0)  # the square's own top side
    assert magnitude[4, 4].item() == 0.0 and magnitude[0, 0].item() == 0.0  # inside, far outside


def test_the_edge_map_of_a_square_is_its_outline_two_pixels_wide() -> None:
    edges = filters.edge_map(square())
    expected = -torch.ones(10, 10)
    expected[2:8, 2:8] = 1.0  # both sides of the square's border ...
    expected[4:6, 4:6] = -1.0  # ... not its flat inside ...
    for row, column in ((2, 2), (2, 7), (7, 2), (7, 7)):
        expected[row, column] = -1.0  # ... nor the outer corners, whose magnitude √2 is below the threshold 2
    assert torch.equal(edges[0, 0], expected)
    assert edges.shape == (1, 1, 10, 10) and edges.dtype == torch.float32


def test_edges_are_computed_per_channel_and_per_image() -> None:
    images = torch.cat([square(), -torch.ones(1, 1, 10, 10)]).repeat(1, 3, 1, 1)  # a square, then a black image
    edges = filters.edge_map(images)
    assert torch.equal(edges[0, 0], edges[0, 2]) and edges[0, 0].max() == 1.0
    assert torch.equal(edges[1], -torch.ones(3, 10, 10))


def test_dilation_thickens_a_dot_into_a_three_by_three_block_even_at_the_border() -> None:
    image = -torch.ones(1, 1, 6, 6)
    image[0, 0, 2, 2] = 1.0
    image[0, 0, 0, 5] = 0.5  # a corner pixel: outside the image counts as nothing
    thick = filters.dilate(image)[0, 0]
    expected = -torch.ones(6, 6)
    expected[1:4, 1:4] = 1.0
    expected[0:2, 4:6] = 0.5
    assert torch.equal(thick, expected)


def test_area_downsampling_is_the_mean_of_each_block() -> None:
    images = torch.rand(3, 2, 8, 12, generator=torch.Generator().manual_seed(0)) * 2 - 1
    low = filters.downsample(images, 4, "area", (-1.0, 1.0))
    assert low.shape == (3, 2, 2, 3)
    assert torch.allclose(low[1, 0, 1, 2], images[1, 0, 4:8, 8:12].mean())
    assert torch.allclose(low, images.reshape(3, 2, 2, 4, 3, 4).mean(dim=(3, 5)))


def test_bicubic_downsampling_stays_in_the_value_range() -> None:
    stripes = -torch.ones(1, 1, 16, 16)
    stripes[..., :, ::2] = 1.0  # the hardest case for a cubic kernel: it overshoots
    low = filters.downsample(stripes, 2, "bicubic", (-1.0, 1.0))
    assert low.shape == (1, 1, 8, 8) and low.min() >= -1.0 and low.max() <= 1.0


def test_the_gradients_are_a_correlation_with_sobels_kernels() -> None:
    images = torch.rand(5, 2, 9, 7, generator=torch.Generator().manual_seed(1))
    kernels = torch.tensor([filters.SOBEL_X, filters.SOBEL_Y], dtype=torch.float32).unsqueeze(1).repeat(2, 1, 1, 1)
    expected = F.conv2d(images, kernels, padding=1, groups=2)  # per channel: gx, gy
    gx, gy = filters.sobel_gradients(images)
    assert torch.allclose(gx, expected[:, 0::2], atol=1e-5) and torch.allclose(gy, expected[:, 1::2], atol=1e-5)
