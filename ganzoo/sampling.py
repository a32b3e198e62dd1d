"""Drawing new samples from an exported generator, without the dataset or the discriminator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from ganzoo.errors import GanzooError
from ganzoo.parts import DataSpec
from ganzoo.plugins import Zoo
from ganzoo.recipe import Recipe
from ganzoo.training import build, checkpoint
from ganzoo.training.device import choose_device


@dataclass(frozen=True)
class TrainedGenerator:
    generator: torch.nn.Module
    recipe: Recipe
    spec: DataSpec
    sampler: object
    device: torch.device

    @torch.no_grad()
    def sample(self, n: int, seed: int) -> torch.Tensor:
        noise = torch.Generator(device=self.device).manual_seed(seed)
        z = self.sampler(n, self.recipe.latent_dim, generator=noise, device=self.device)
        return self.generator(z).float().cpu()


def generator_file(path: Path) -> Path:
    """A run folder or a generator file → the generator file."""
    if path.is_dir():
        path = path / checkpoint.GENERATOR_NAME
    if not path.exists():
        raise GanzooError(f"no generator at {path}; give a run folder of 'ganzoo train' or its {checkpoint.GENERATOR_NAME}")
    return path


def load_generator(zoo: Zoo, path: Path, device: str | None = None) -> TrainedGenerator:
    loaded = checkpoint.load(generator_file(path), checkpoint.GENERATOR_FORMAT)
    recipe = Recipe.from_dict(loaded.meta["recipe"])
    data = loaded.meta["data"]
    spec = DataSpec(tuple(data["shape"]), tuple(data["value_range"]), data["num_classes"])
    where = choose_device(device)
    networks = build.build_networks(zoo.registry.get("architecture", recipe.architecture), recipe, spec, where)
    try:
        networks.generator.load_state_dict(loaded.tensors)
    except RuntimeError as exc:
        raise GanzooError(f"{path} does not fit architecture {recipe.architecture!r} ({str(exc).splitlines()[0]})") from None
    networks.generator.eval()
    sampler = build.build_sampler(zoo.registry.get("sampler", recipe.sampler), recipe)
    return TrainedGenerator(networks.generator, recipe, spec, sampler, where)
