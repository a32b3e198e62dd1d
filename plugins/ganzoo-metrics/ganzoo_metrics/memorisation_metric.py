"""``memorisation``: whether a generator copies its training images.

Each generated image is matched with its nearest training image (the whole training part of
:mod:`ganzoo_metrics.splits`), and so is each held-out real image, which the generator never saw
and which can only be as close to the training images as two different images of the dataset are.
The two sets of distances are summarised by their median and 5th percentile, in two spaces:
pixels (L2 over all pixels, the images mapped to [0, 1]) and the features of the dataset's
classifier (:mod:`ganzoo_metrics.classifier`). ``X_ratio`` is X / X_floor: about 1 for a healthy
generator, well below 1 for one that returns training images (0 for exact copies). A ratio well
above 1 says the samples are unlike any training image, which the other metrics judge. Copies are
close in both spaces; the features alone can mislead, for images the classifier hardly responds
to (blurs, blobs) all have small features, near those of training images it hardly responds to.

``nearest`` lists the generated samples closest to a training image in pixels, the likeliest
copies, with the row of that image in the dataset's train split, so that a report can show them
side by side. At most :data:`SAMPLES` images of each set are compared: the search runs over every
training image (60,000 for Fashion-MNIST), and a median and a 5th percentile of 1,000 distances
are already steady.
"""

from __future__ import annotations

import base64
import io

from collections.abc import Callable
from typing import Any

import torch

from ganzoo_metrics.image_metrics import ClassifierMetric, Sets
from ganzoo_metrics.nearest import Nearest, nearest
from ganzoo_metrics.splits import Splits

SAMPLES = 1_000
SHOWN = 8  # generated samples listed with their nearest training image
QUANTILES = {"median": 0.5, "p5": 0.05}


class MemorisationMetric(ClassifierMetric):
    name = "memorisation"

    def sample_count(self, asked: int, splits: Splits) -> int:
        return min(super().sample_count(asked, splits), SAMPLES)

    def compare(self, sets: Sets) -> dict[str, Any]:
        low, high = sets.splits.value_range
        in_pixels = searched(lambda images: ((images - low) / (high - low)).flatten(1), sets)
        in_features = searched(sets.classifier.features, sets)
        shown = closest(in_pixels[0], sets.splits.train.rows)
        return {
            **summary("pixel", *in_pixels),
            **summary("feature", *in_features),
            "nearest": shown,
            "nearest_picture": side_by_side(sets, in_pixels[0], [entry["sample"] for entry in shown]),
            "note": f"distances to the nearest of all {len(sets.splits.train):,} training images;"
                    " a _ratio about 1 is healthy, near 0 in pixels means copies",
        }


def searched(embed: Callable[[torch.Tensor], torch.Tensor], sets: Sets) -> tuple[Nearest, Nearest]:
    """The nearest training images, in the space ``embed`` maps images into, of the generated and of
    the held-out images."""
    reference = embed(sets.splits.train.samples)
    return nearest(embed(sets.generated), reference), nearest(embed(sets.held_out), reference)


def summary(space: str, generated: Nearest, held_out: Nearest) -> dict[str, float | None]:
    """Each quantile of the generated images' distances, its floor (the held-out images') and their
    ratio (None if the floor is 0: held-out images with copies in the training part)."""
    values: dict[str, float | None] = {}
    for name, q in QUANTILES.items():
        value, floor = float(generated.distances.quantile(q)), float(held_out.distances.quantile(q))
        values |= {f"{space}_{name}": value, f"{space}_{name}_floor": floor,
                   f"{space}_{name}_ratio": value / floor if floor > 0 else None}
    return values


def closest(found: Nearest, rows: torch.Tensor) -> list[dict[str, Any]]:
    """The :data:`SHOWN` generated samples nearest to a training image: each one's index among the
    samples generated, its nearest image's row in the train split, and their distance."""
    order = found.distances.argsort(stable=True)[:SHOWN]
    return [{"sample": int(i), "train_row": int(rows[found.indices[i]]), "distance": float(found.distances[i])}
            for i in order]


def side_by_side(sets: Sets, found: Nearest, samples: list[int]) -> str:
    """The listed generated samples (left) beside their nearest training images (right), one pair a
    row, as a PNG ``data:`` URI that a report shows as it is."""
    from ganzoo.images import grid, panels

    chosen = torch.tensor(samples, dtype=torch.long)
    pairs = panels([sets.generated[chosen], sets.splits.train.samples[found.indices[chosen]]])
    buffer = io.BytesIO()
    grid(pairs, sets.splits.value_range, columns=2).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

