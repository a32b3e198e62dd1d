"""``ganzoo sample``: new samples from a trained generator, as a PNG grid or a .npy array, or the
outputs of an image-to-image model for the user's own images."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ganzoo.console import err
from ganzoo.errors import GanzooError
from ganzoo.recipe import seed_problem
from ganzoo.cli import zoo as plugins_zoo

INPUT_BATCH = 64


def sample(
    source: Annotated[Path, typer.Argument(help="A run folder, or a generator.safetensors file.", metavar="RUN_OR_GENERATOR")],
    n: Annotated[int, typer.Option("--n", help="How many samples.")] = 64,
    seed: Annotated[int, typer.Option(help="Seed of the latent noise.")] = 0,
    label: Annotated[int | None, typer.Option(help="A conditional model's class to draw (default: one row per class).")] = None,
    input: Annotated[Path | None, typer.Option("--input", help="For an image-to-image model: an image file, or a folder of images, to translate.")] = None,
    truncation: Annotated[float | None, typer.Option(help="Truncation trick: redraw latent values beyond ±ψ (fewer, more typical samples).")] = None,
    options: Annotated[list[str] | None, typer.Option("--option", help="A sampling option of the model's scheme, NAME=VALUE (JSON value).", metavar="NAME=VALUE")] = None,
    direction: Annotated[str | None, typer.Option(help="For a model that translates both ways (CycleGAN): a2b or b2a; short for --option direction=...")] = None,
    out: Annotated[Path | None, typer.Option(help="FILE.png for a grid, FILE.npy for the raw samples (default: a PNG beside the generator); with --input, the output image, or a folder for a folder of inputs.")] = None,
    device: Annotated[str | None, typer.Option(help="auto (default), cpu, cuda, cuda:N or mps.")] = None,
) -> None:
    """Draw samples from a trained generator, or translate images with an image-to-image model."""
    if n < 1:
        raise GanzooError(f"--n must be a positive whole number, got {n}")
    if problem := seed_problem("--seed", seed):
        raise GanzooError(problem)
    if input is None and out is not None and out.suffix.lower() not in (".png", ".npy"):
        raise GanzooError(f"--out must end in .png or .npy, got {out.name!r}")
    from ganzoo.sampling import generator_file, load_generator

    path = generator_file(source)
    trained = load_generator(plugins_zoo.current(), path, device)
    named = parse_options(options or [])
    if direction is not None:
        if "direction" in named:
            raise GanzooError("give the direction once: --direction or --option direction=..., not both")
        named["direction"] = direction
    if input is not None or not trained.has_latent_space:
        _translate(trained, input, out or (path.parent / "outputs"), named)
        return
    samples = trained.sample(n, seed, label, truncation=truncation, **named)
    target = out or path.parent / f"sample-seed{seed}-n{n}.png"
    _write_samples(trained, samples, target, label)
    err.print(f"wrote {n} samples to {target}")


def parse_options(options: list[str]) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for option in options:
        name, separator, text = option.partition("=")
        if not separator or not name:
            raise GanzooError(f"--option takes NAME=VALUE, got {option!r}")
        try:
            named[name] = json.loads(text)
        except json.JSONDecodeError:
            named[name] = text
    return named


def _write_samples(trained, samples, target: Path, label: int | None) -> None:
    if target.suffix.lower() == ".npy":
        import numpy as np

        from ganzoo.files import atomic_output

        with atomic_output(target) as handle:
            np.save(handle, samples.numpy())
    elif trained.spec.is_image:
        from ganzoo.images import save_grid

        columns = None
        if trained.conditional and label is None:
            columns = max(1, len(samples) // trained.spec.num_classes)
        save_grid(samples, target, trained.spec.value_range, columns)
    elif trained.spec.shape == (2,):
        from ganzoo.images import save_scatter

        save_scatter(samples, _reference_points(trained), target)
    else:
        raise GanzooError(f"samples of shape {trained.spec.describe()} cannot be drawn; ask for --out FILE.npy")


def _translate(trained, source: Path | None, out: Path, options: dict[str, Any]) -> None:
    """Each input image through the generator, written under the same name."""
    import torch

    from ganzoo.images import image_files, read_image, save_image
    from ganzoo.parts import LABEL, LATENT

    wanted = {name: field for name, field in trained.inputs.items() if name not in (LATENT, LABEL)}
    if source is None:
        raise GanzooError(f"this model translates images ({', '.join(wanted)}); give one with --input FILE_OR_FOLDER")
    if not wanted:
        raise GanzooError("this model draws from latent noise and takes no input image; leave out --input")
    if len(wanted) > 1 or not next(iter(wanted.values())).is_image:
        raise GanzooError(f"this model takes {', '.join(wanted)}; --input gives only one image per sample")
    name, field = next(iter(wanted.items()))
    try:
        files = image_files(source)
    except FileNotFoundError as exc:
        raise GanzooError(str(exc)) from None
    if not files:
        raise GanzooError(f"{source} holds no image files ({', '.join(('.png', '.jpg'))}, ...)")
    single = source.is_file() and out.suffix != ""
    any_size = name in trained.scheme.any_size_inputs
    for chunk in _batches(files, 1 if any_size else INPUT_BATCH):
        try:
            batch = torch.stack([read_image(f, field.shape, field.value_range, any_size=any_size) for f in chunk])
        except ValueError as exc:
            raise GanzooError(str(exc)) from None
        inputs = trained.draw_inputs(len(chunk), seed=0, given={name: batch})
        for file, output in zip(chunk, trained.generate(inputs, **options)):
            save_image(output, out if single else out / f"{file.stem}.png", trained.spec.value_range)
    err.print(f"wrote {len(files)} output image(s) to {out}")


def _batches(files: list[Path], size: int) -> list[list[Path]]:
    """The files in batches of ``size``; one at a time for pictures that may each have their own size."""
    return [files[start : start + size] for start in range(0, len(files), size)]


def _reference_points(trained, count: int = 2_000):
    """Real points to draw generated 2-D points over, from the recipe's own dataset."""
    import torch

    from ganzoo.parts import SAMPLE, InMemoryData
    from ganzoo.training.batches import as_batch
    from ganzoo.training.build import build_data

    entry = plugins_zoo.current().registry.get("dataset", trained.recipe.dataset)
    data = build_data(entry, trained.recipe, None)
    if isinstance(data, InMemoryData):
        return data.rows(torch.arange(min(count, len(data))))[SAMPLE]
    # draw may give (samples, labels) or every field by name
    return as_batch(data.draw(count, torch.Generator().manual_seed(0), torch.device("cpu")))[SAMPLE]
