"""Drawing new samples from an exported generator, without the dataset or the discriminator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from ganzoo.errors import GanzooError
from ganzoo.parts import DataSpec, Sampler
from ganzoo.plugins import Zoo
from ganzoo.provenance import check_recorded_parts
from ganzoo.recipe import Recipe
from ganzoo.training import build, checkpoint
from ganzoo.training.device import choose_device


@dataclass(frozen=True)
class TrainedGenerator:
    generator: torch.nn.Module
    recipe: Recipe
    spec: DataSpec
    sampler: Sampler
    device: torch.device
    conditional: bool
    step: int  # the training step the weights were saved at

    def latents(self, n: int, seed: int) -> torch.Tensor:
        noise = torch.Generator(device=self.device).manual_seed(seed)
        return self.sampler(n, self.recipe.latent_dim, generator=noise, device=self.device)

    def labels(self, n: int, label: int | None) -> torch.Tensor | None:
        """Class labels for ``n`` samples of a conditional generator: all ``label`` if given, else
        the classes in turn, in blocks, so that a grid shows one class per row."""
        if not self.conditional:
            if label is not None:
                raise GanzooError("--label is for conditional models; this generator takes no labels")
            return None
        classes = self.spec.num_classes
        assert classes is not None
        if label is not None:
            if not 0 <= label < classes:
                raise GanzooError(f"--label must be a class between 0 and {classes - 1}, got {label}")
            return torch.full((n,), label, device=self.device)
        per_class = max(1, n // classes)
        return (torch.arange(n, device=self.device) // per_class).clamp_max(classes - 1)

    @torch.no_grad()
    def generate(self, latents: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        outputs = self.generator(latents) if labels is None else self.generator(latents, labels)
        return outputs.float().cpu()

    def sample(self, n: int, seed: int, label: int | None = None) -> torch.Tensor:
        return self.generate(self.latents(n, seed), self.labels(n, label))


def generator_file(path: Path) -> Path:
    """A run folder or a generator file → the generator file."""
    if path.is_dir():
        path = path / checkpoint.GENERATOR_NAME
    if not path.exists():
        raise GanzooError(f"no generator at {path}; give a run folder of 'ganzoo train' or its {checkpoint.GENERATOR_NAME}")
    return path


def load_generator(zoo: Zoo, path: Path, device: str | None = None) -> TrainedGenerator:
    loaded = checkpoint.load(generator_file(path), checkpoint.GENERATOR_FORMAT)
    check_recorded_parts(zoo.registry, loaded.meta.get("parts", {}), kinds=("architecture", "sampler"))
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
    return TrainedGenerator(networks.generator, recipe, spec, sampler, where, networks.conditional, int(loaded.meta["step"]))
