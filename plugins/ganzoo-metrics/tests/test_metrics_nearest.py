import pytest
import torch

from ganzoo_metrics import nearest as nearest_module
from ganzoo_metrics.nearest import nearest


def points(n: int, seed: int, d: int = 20) -> torch.Tensor:
    return torch.rand(n, d, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("chunks", [(1_024, 8_192), (7, 11)])  # one chunk each, and many with ragged ends
def test_the_nearest_point_and_its_distance_are_those_of_the_full_distance_matrix(
    chunks: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nearest_module, "QUERY_CHUNK", chunks[0])
    monkeypatch.setattr(nearest_module, "REFERENCE_CHUNK", chunks[1])
    queries, reference = points(50, 0), points(300, 1)
    expected, rows = torch.cdist(queries.double(), reference.double()).min(dim=1)
    found = nearest(queries, reference)
    assert torch.equal(found.indices, rows)
    assert torch.allclose(found.distances, expected, rtol=1e-12, atol=0)


def test_a_copy_of_a_reference_point_is_found_at_distance_exactly_zero() -> None:
    reference = points(300, 1, d=784)
    found = nearest(reference[[5, 250, 5]], reference)
    assert found.indices.tolist() == [5, 250, 5] and found.distances.tolist() == [0.0, 0.0, 0.0]
