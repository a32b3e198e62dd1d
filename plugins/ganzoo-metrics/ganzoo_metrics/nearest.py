"""Each query's nearest neighbour among many reference points, by Euclidean distance, in chunks so
that no distance matrix larger than ``QUERY_CHUNK × REFERENCE_CHUNK`` is ever held."""

from __future__ import annotations

from dataclasses import dataclass

import torch

QUERY_CHUNK = 1_024
REFERENCE_CHUNK = 8_192


@dataclass(frozen=True)
class Nearest:
    distances: torch.Tensor  # (n,) float64: from each query to its nearest reference point
    indices: torch.Tensor  # (n,) int64: that point's row in the reference


def nearest(queries: torch.Tensor, reference: torch.Tensor) -> Nearest:
    """The nearest row of ``reference`` ``(m, d)`` to each row of ``queries`` ``(n, d)``.

    The search expands ‖x − y‖² into ‖x‖² + ‖y‖² − 2xᵀy, a matrix product per chunk: fast, but
    its rounding can make a distance near zero come out as 10⁻³ rather than 0. So the distance to
    the neighbour found is computed again directly, in float64: an exact copy is at exactly 0.
    """
    indices = torch.cat([_nearest_rows(chunk, reference) for chunk in queries.split(QUERY_CHUNK)])
    distances = (queries.double() - reference[indices].double()).norm(dim=1)
    return Nearest(distances, indices)


def _nearest_rows(queries: torch.Tensor, reference: torch.Tensor) -> torch.Tensor:
    best = torch.full((len(queries),), torch.inf)
    rows = torch.zeros(len(queries), dtype=torch.int64)
    for start in range(0, len(reference), REFERENCE_CHUNK):
        distance, row = torch.cdist(queries, reference[start : start + REFERENCE_CHUNK]).min(dim=1)
        closer = distance < best
        best, rows = torch.where(closer, distance, best), torch.where(closer, row + start, rows)
    return rows
