"""What a classifier-FD means: the distance of real images, and of real images slightly damaged.

``classifier-fd`` compares n generated images with n training images in the features of the
dataset's classifier, and reports as its floor the same distance for n held-out real images. This
script measures, on the same n and by the same code, what sits between that floor and a model's
figure: held-out images after damage a viewer would call slight (pixel noise, a one-pixel shift,
a blur, fewer grey levels, faint pixels blacked out), and a set that copies training images (the
distance a generator that memorised its data would get), and, given a run, that run's samples:
as drawn, as 8-bit pictures hold them, and with their faint pixels blacked out (how much of the
distance is haze on a black background). Beside each distance it gives the share of the set's
pixels that are black or nearly. It prints one table, writes it as JSON, and can draw a few
images of every set, a row each.

    python benchmarks/fd_scale.py --dataset fashion-mnist --data-dir /usr/share/datasets
    python benchmarks/fd_scale.py --dataset mnist-sample
    python benchmarks/fd_scale.py --dataset fashion-mnist --data-dir /usr/share/datasets --run RUN --picture scale.png
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F
from PIL import Image

import ganzoo
from ganzoo.images import grid, save_picture
from ganzoo.paths import cache_dir
from ganzoo.plugins import load_zoo
from ganzoo_metrics.classifier import cached_classifier
from ganzoo_metrics.frechet import frechet_distance
from ganzoo_metrics.splits import Splits, registered_splits
from ganzoo_metrics.training import TrainingSettings

Damage = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


def noise(std: float) -> Damage:
    """Gaussian pixel noise of ``std`` (pixels in [0, 1])."""
    return lambda x, g: (x + std * torch.randn(x.shape, generator=g)).clamp(0, 1)


def shift(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """Every image moved one pixel right, the empty column black."""
    return F.pad(x, (1, 0))[..., :, :-1]


def blur(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """A 3×3 binomial blur (weights 1 2 1 on each axis)."""
    row = torch.tensor([1.0, 2.0, 1.0])
    kernel = (row[:, None] * row[None, :] / 16).view(1, 1, 3, 3)
    return F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), kernel)


def levels(count: int) -> Damage:
    """The grey levels cut to ``count``."""
    return lambda x, g: (x * (count - 1)).round() / (count - 1)


def black_under(level: float) -> Damage:
    """Pixels darker than ``level`` set to black: on a black background, what faint haze costs."""
    return lambda x, g: torch.where(x < level, torch.zeros_like(x), x)


FAINT = 8 / 255  # pixels darker than this are haze on a black background, not part of the picture
BLACKOUT: tuple[str, Damage] = ("pixels under 8/255 set to black", black_under(FAINT))

DAMAGES: list[tuple[str, Damage]] = [
    ("pixel noise, std 0.02 (5 grey levels of 255)", noise(0.02)),
    ("pixel noise, std 0.05", noise(0.05)),
    ("pixel noise, std 0.1", noise(0.1)),
    ("shifted one pixel right", shift),
    ("3x3 blur", blur),
    ("8 grey levels", levels(8)),
    BLACKOUT,
]

# the same samples seen two more ways: as a saved picture holds them, and without faint haze
SAMPLE_VIEWS: list[tuple[str, Damage]] = [
    ("as 8-bit pictures", levels(256)),
    BLACKOUT,
]


def to_unit(images: torch.Tensor, value_range: tuple[float, float]) -> torch.Tensor:
    low, high = value_range
    return (images - low) / (high - low)


def from_unit(images: torch.Tensor, value_range: tuple[float, float]) -> torch.Tensor:
    low, high = value_range
    return images * (high - low) + low


def dark_shares(images: torch.Tensor, value_range: tuple[float, float]) -> tuple[float, float]:
    """The shares of pixels exactly black and under 8/255: the background a blackout would change."""
    unit = to_unit(images, value_range)
    return (unit <= 0).float().mean().item(), (unit < FAINT).float().mean().item()


def image_sets(splits: Splits, n: int, seed: int, run: Path | None) -> tuple[torch.Tensor, list[tuple[str, torch.Tensor]]]:
    """n training images to compare with, and the sets to compare: (what, images)."""
    picks = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(splits.train), generator=picks)
    held_out = splits.held_out.subset(n, picks)
    sets = [("held-out images (the floor)", held_out),
            ("other training images (a perfect copier)", splits.train.samples[order[n : 2 * n]])]
    unit = to_unit(held_out, splits.value_range)
    for label, damage in DAMAGES:
        damaged = damage(unit, torch.Generator().manual_seed(seed))
        sets.append((f"held-out images, {label}", from_unit(damaged, splits.value_range)))
    if run is not None:
        samples = ganzoo.load(run, device="cpu").sample(n, seed=seed).clamp(*splits.value_range)
        sets.append((f"samples of {run.name}", samples))
        for label, view in SAMPLE_VIEWS:
            viewed = view(to_unit(samples, splits.value_range), torch.Generator().manual_seed(seed))
            sets.append((f"samples of {run.name}, {label}", from_unit(viewed, splits.value_range)))
    return splits.train.samples[order[:n]], sets


def picture(sets: list[tuple[str, torch.Tensor]], value_range: tuple[float, float], path: Path, columns: int = 12) -> None:
    """``columns`` images of every set, evenly spaced through it (a run's samples come in blocks by
    class), one row each, in the table's order; the held-out rows show the same images."""
    rows = torch.cat([images[torch.linspace(0, len(images) - 1, columns).long()] for _, images in sets])
    tiles = grid(rows, value_range, columns)
    save_picture(tiles.resize((2 * tiles.width, 2 * tiles.height), Image.Resampling.NEAREST), path)  # 28 pixels are small on a page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="fashion-mnist")
    parser.add_argument("--data-dir", type=Path, default=None, help="folder of the dataset's files")
    parser.add_argument("--n", type=int, default=10_000, help="images in each set (at most the held-out part)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", type=Path, default=None, help="a run of 'ganzoo train' whose samples to place on the scale")
    parser.add_argument("--picture", type=Path, default=None, help="write a dozen images of every set here, a row each")
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "fd_scale.json")
    args = parser.parse_args()
    start = time.perf_counter()
    splits = registered_splits(load_zoo(), args.dataset, args.data_dir)
    n = min(args.n, len(splits.held_out), len(splits.train) // 2)
    classifier = cached_classifier(splits, cache_dir(), 0, TrainingSettings(), torch.device("cpu"), "training the classifier (once)")
    reference, sets = image_sets(splits, n, args.seed, args.run)
    reference_features = classifier.features(reference)
    rows = [(label, frechet_distance(classifier.features(images), reference_features)) for label, images in sets]
    dark = {label: dark_shares(images, splits.value_range) for label, images in sets}
    width = max(len(label) for label, _ in rows)
    print(f"{args.dataset}: classifier-FD against {n:,} training images, seed {args.seed}")
    print(f"{'':<{width}}  {'FD':>8}  {'black':>6}  {'<8/255':>6}")
    for label, value in rows:
        black, faint = dark[label]
        print(f"{label:<{width}}  {value:8.2f}  {black:6.1%}  {faint:6.1%}")
    print(f"({time.perf_counter() - start:.0f} s)")
    if args.picture is not None:
        picture(sets, splits.value_range, args.picture)
    results = json.loads(args.json.read_text()) if args.json.exists() else {}
    results[args.dataset] = {"n": n, "seed": args.seed, "fd": dict(rows),
                             "black": {label: black for label, (black, _) in dark.items()},
                             "under_8_of_255": {label: faint for label, (_, faint) in dark.items()}}
    args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
