"""Turning a recipe into live parts: the data, the networks, the loss and the sampler."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from ganzoo.errors import GanzooError, IncompatibleParts
from ganzoo.parts import Data, DataSpec, InMemoryData, Loss, Networks, SampledData, Sampler
from ganzoo.recipe import Recipe
from ganzoo.registry import Entry, Registry


@dataclass(frozen=True)
class ResolvedParts:
    """The registry entries a recipe names, looked up once (unknown names fail here, early)."""

    architecture: Entry
    loss: Entry
    dataset: Entry
    sampler: Entry
    update: Entry | None  # None: the core's alternating update

    @classmethod
    def lookup(cls, registry: Registry, recipe: Recipe) -> ResolvedParts:
        return cls(
            architecture=registry.get("architecture", recipe.architecture),
            loss=registry.get("loss", recipe.loss),
            dataset=registry.get("dataset", recipe.dataset),
            sampler=registry.get("sampler", recipe.sampler),
            update=registry.get("update", recipe.update) if recipe.update is not None else None,
        )

    def providers(self) -> dict[str, dict[str, Any]]:
        """For the run's config: which plugin (and version) supplied each part."""
        entries = {"architecture": self.architecture, "loss": self.loss, "dataset": self.dataset, "sampler": self.sampler}
        if self.update is not None:
            entries["update"] = self.update
        return {
            kind: {"name": e.name, "plugin": e.provider.plugin, "distribution": e.provider.distribution, "version": e.provider.version}
            for kind, e in entries.items()
        }


def build_data(entry: Entry, recipe: Recipe, data_dir: Path | None) -> Data:
    data = call_factory(entry, recipe.dataset_options, data_dir=data_dir, split="train")
    if not isinstance(data, (InMemoryData, SampledData)):
        raise GanzooError(
            f"dataset {entry.name!r} ({entry.provider.describe()}) returned {type(data).__name__}, "
            "not ganzoo.InMemoryData or ganzoo.SampledData"
        )
    if isinstance(data, InMemoryData) and len(data) < recipe.batch_size:
        raise GanzooError(f"dataset {entry.name!r} has {len(data)} samples, fewer than the batch size {recipe.batch_size}; lower --batch-size")
    return data


def build_networks(entry: Entry, recipe: Recipe, spec: DataSpec, device: torch.device) -> Networks:
    """Build and check the networks: G must produce samples of the data's shape, D one logit each."""
    networks = call_factory(entry, recipe.architecture_options, spec, recipe.latent_dim)
    if not isinstance(networks, Networks):
        raise GanzooError(f"architecture {entry.name!r} returned {type(networks).__name__}, not ganzoo.Networks")
    if networks.conditional and spec.num_classes is None:
        raise IncompatibleParts(f"architecture {entry.name!r} is conditional but the dataset has no labels; pick a labelled dataset")
    networks.generator.to(device)
    networks.discriminator.to(device)
    _check_shapes(entry, networks, recipe, spec, device)
    return networks


def _check_shapes(entry: Entry, networks: Networks, recipe: Recipe, spec: DataSpec, device: torch.device) -> None:
    """A dry run on one batch of the size training uses (D may judge samples in packs), in eval mode
    so that no batch-norm statistic or spectral-norm estimate is touched."""
    n = recipe.batch_size
    G, D = networks.generator.eval(), networks.discriminator.eval()
    try:
        _dry_run(entry, G, D, networks.conditional, n, recipe.latent_dim, spec, device)
    finally:
        G.train()
        D.train()


def _dry_run(entry: Entry, G: torch.nn.Module, D: torch.nn.Module, conditional: bool, n: int, latent_dim: int,
             spec: DataSpec, device: torch.device) -> None:
    with torch.no_grad():
        z = torch.zeros(n, latent_dim, device=device)
        labels = torch.zeros(n, dtype=torch.long, device=device) if conditional else None
        fake = G(z, labels) if labels is not None else G(z)
        if tuple(fake.shape[1:]) != spec.shape:
            got = "×".join(str(d) for d in fake.shape[1:])
            raise IncompatibleParts(
                f"architecture {entry.name!r} generates {got} samples but the dataset's are {spec.describe()}; "
                "pick a dataset and architecture of the same shape"
            )
        logits = D(fake, labels) if labels is not None else D(fake)
        if logits.numel() != n:
            raise IncompatibleParts(f"architecture {entry.name!r}: the discriminator must give one logit per sample")


def build_loss(entry: Entry, recipe: Recipe) -> Loss:
    return call_factory(entry, recipe.loss_options)


def build_sampler(entry: Entry, recipe: Recipe) -> Sampler:
    return call_factory(entry, recipe.sampler_options)


def call_factory(entry: Entry, options: Any, *args: Any, **kwargs: Any) -> Any:
    """Build a part with the recipe's ``options`` for it; a wrong option name becomes a clear error
    rather than a TypeError traceback."""
    try:
        return entry.build(*args, **kwargs, **dict(options))
    except GanzooError:
        raise
    except TypeError as exc:
        if "unexpected keyword argument" in str(exc) or "missing" in str(exc):
            raise GanzooError(f"{entry.kind} {entry.name!r} rejected its options {dict(options)}: {exc}") from None
        raise
    except ImportError as exc:
        raise GanzooError(f"{entry.kind} {entry.name!r} could not import its code ({exc}); reinstall {entry.provider.distribution or entry.provider.plugin}") from None
