"""``ganzoo sample``: new samples from a trained generator, as a PNG grid or a .npy array."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ganzoo.console import err
from ganzoo.errors import GanzooError
from ganzoo.cli import zoo as plugins_zoo


def sample(
    source: Annotated[Path, typer.Argument(help="A run folder, or a generator.safetensors file.", metavar="RUN_OR_GENERATOR")],
    n: Annotated[int, typer.Option("--n", help="How many samples.")] = 64,
    seed: Annotated[int, typer.Option(help="Seed of the latent noise.")] = 0,
    label: Annotated[int | None, typer.Option(help="A conditional model's class to draw (default: one row per class).")] = None,
    out: Annotated[Path | None, typer.Option(help="FILE.png for a grid, FILE.npy for the raw samples (default: a PNG beside the generator).")] = None,
    device: Annotated[str | None, typer.Option(help="auto (default), cpu, cuda, cuda:N or mps.")] = None,
) -> None:
    """Draw samples from a trained generator."""
    if n < 1:
        raise GanzooError(f"--n must be a positive whole number, got {n}")
    if out is not None and out.suffix.lower() not in (".png", ".npy"):
        raise GanzooError(f"--out must end in .png or .npy, got {out.name!r}")
    from ganzoo.sampling import generator_file, load_generator

    path = generator_file(source)
    zoo = plugins_zoo.current()
    trained = load_generator(zoo, path, device)
    samples = trained.sample(n, seed, label)
    target = out or path.parent / f"sample-seed{seed}-n{n}.png"
    if target.suffix.lower() == ".npy":
        import numpy as np

        target.parent.mkdir(parents=True, exist_ok=True)
        np.save(target, samples.numpy())
    elif trained.spec.is_image:
        from ganzoo.images import save_grid

        columns = None
        if trained.conditional and label is None:
            columns = max(1, n // trained.spec.num_classes)
        save_grid(samples, target, trained.spec.value_range, columns)
    elif trained.spec.shape == (2,):
        from ganzoo.images import save_scatter

        save_scatter(samples, _reference_points(zoo, trained), target)
    else:
        raise GanzooError(f"samples of shape {trained.spec.describe()} cannot be drawn; ask for --out FILE.npy")
    err.print(f"wrote {n} samples to {target}")


def _reference_points(zoo, trained, count: int = 2_000):
    """Real points to draw generated 2-D points over, from the recipe's own dataset."""
    import torch

    from ganzoo.parts import InMemoryData
    from ganzoo.training.build import build_data

    entry = zoo.registry.get("dataset", trained.recipe.dataset)
    data = build_data(entry, trained.recipe, None)
    if isinstance(data, InMemoryData):
        return data.samples[:count]
    return data.draw(count, torch.Generator().manual_seed(0), torch.device("cpu"))[0]
