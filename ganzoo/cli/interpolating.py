"""``ganzoo interpolate``: walks through latent space, as a PNG (one row per walk) or an animated GIF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ganzoo.console import err
from ganzoo.errors import GanzooError
from ganzoo.recipe import seed_problem
from ganzoo.cli import zoo as plugins_zoo

GIF_FRAME_MS = 120


def interpolate(
    source: Annotated[Path, typer.Argument(help="A run folder, or a generator.safetensors file.", metavar="RUN_OR_GENERATOR")],
    steps: Annotated[int, typer.Option(help="Points along each walk, both ends included.")] = 10,
    mode: Annotated[str, typer.Option(help="slerp (default, for Gaussian latents) or lerp.")] = "slerp",
    rows: Annotated[int, typer.Option(help="How many walks, each between two random points.")] = 8,
    seed: Annotated[int, typer.Option(help="Seed of the end points.")] = 0,
    out: Annotated[Path | None, typer.Option(help="FILE.png (a grid, one walk per row) or FILE.gif (an animation).")] = None,
    device: Annotated[str | None, typer.Option(help="auto (default), cpu, cuda, cuda:N or mps.")] = None,
) -> None:
    """Interpolate between random points of a trained generator's latent space."""
    from ganzoo.interpolation import MODES

    if mode not in MODES:
        raise GanzooError(f"--mode must be one of {', '.join(MODES)}, got {mode!r}")
    if steps < 2 or rows < 1:
        raise GanzooError(f"--steps must be at least 2 and --rows at least 1, got {steps} and {rows}")
    if problem := seed_problem("--seed", seed):
        raise GanzooError(problem)
    if out is not None and out.suffix.lower() not in (".png", ".gif"):
        raise GanzooError(f"--out must end in .png or .gif, got {out.name!r}")
    import torch

    from ganzoo import images
    from ganzoo.interpolation import path
    from ganzoo.parts import LABEL, LATENT
    from ganzoo.sampling import generator_file, load_generator

    file = generator_file(source)
    trained = load_generator(plugins_zoo.current(), file, device)
    if not trained.has_latent_space:
        raise GanzooError("this model has no latent space to walk through: its generator takes "
                          f"{', '.join(trained.inputs)}; use 'ganzoo sample --input' instead")
    if not trained.spec.is_image:
        raise GanzooError(f"samples of shape {trained.spec.describe()} are not images; interpolation pictures need an image model")
    ends = trained.draw_inputs(2 * rows, seed)[LATENT]
    walks = path(ends[:rows], ends[rows:], steps, mode)  # (rows, steps, d)
    inputs = {LATENT: walks.reshape(rows * steps, -1)}
    if trained.conditional:  # each walk keeps one class: rows take the classes in turn
        inputs[LABEL] = (torch.arange(rows, device=trained.device) % trained.spec.num_classes).repeat_interleave(steps)
    frames = trained.generate(inputs)
    target = out or file.parent / f"interpolate-{mode}-seed{seed}.png"
    if target.suffix.lower() == ".png":
        images.save_picture(images.grid(frames, trained.spec.value_range, columns=steps), target)
    else:
        by_step = frames.view(rows, steps, *frames.shape[1:]).transpose(0, 1)
        pictures = [images.grid(by_step[i], trained.spec.value_range) for i in range(steps)]
        loop = pictures + pictures[-2:0:-1]  # there and back
        images.save_picture(loop[0], target, save_all=True, append_images=loop[1:], duration=GIF_FRAME_MS, loop=0)
    err.print(f"wrote {rows} walks of {steps} steps ({mode}) to {target}")
