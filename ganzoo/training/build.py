"""Turning a recipe into live parts: the data, the networks, the loss, the sampler, the scheme and
the augmentation it asks for."""

from __future__ import annotations

from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from ganzoo.errors import GanzooError, IncompatibleParts
from ganzoo.parts import LATENT, Augmentation, Data, DataSpec, InMemoryData, Loss, Networks, SampledData, Sampler
from ganzoo.recipe import Recipe
from ganzoo.registry import Entry, Registry


@dataclass(frozen=True)
class ResolvedParts:
    """The registry entries a recipe names, looked up once (unknown names fail here, early), and
    those its scheme asks for by name while it is built (an augmentation), through :meth:`request`."""

    architecture: Entry
    loss: Entry | None  # None when only sampling, or for a scheme with a loss of its own
    dataset: Entry | None
    sampler: Entry
    scheme: Entry | None  # None: the core's alternating scheme
    registry: Registry = dataclasses.field(repr=False, compare=False)
    requested: dict[str, Entry] = dataclasses.field(default_factory=dict, compare=False)

    @classmethod
    def lookup(cls, registry: Registry, recipe: Recipe, *, for_sampling: bool = False) -> ResolvedParts:
        return cls(
            architecture=registry.get("architecture", recipe.architecture),
            loss=None if for_sampling or recipe.loss is None else registry.get("loss", recipe.loss),
            dataset=None if for_sampling else registry.get("dataset", recipe.dataset),
            sampler=registry.get("sampler", recipe.sampler),
            scheme=registry.get("scheme", recipe.scheme) if recipe.scheme is not None else None,
            registry=registry,
        )

    def request(self, kind: str, name: str) -> Entry:
        """The part of ``kind`` called ``name``, which a scheme names in its options; it is recorded
        with the recipe's parts, so that the run's config names its plugin and a resumed run checks
        that the plugin is still installed."""
        entry = self.registry.get(kind, name)
        self.requested[kind] = entry
        return entry

    def providers(self) -> dict[str, dict[str, Any]]:
        """For the run's config: which plugin (and version) supplied each part."""
        entries = {"architecture": self.architecture, "loss": self.loss, "dataset": self.dataset, "sampler": self.sampler,
                   "scheme": self.scheme, **self.requested}
        return {
            kind: {"name": e.name, "plugin": e.provider.plugin, "distribution": e.provider.distribution, "version": e.provider.version}
            for kind, e in entries.items() if e is not None
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
    fields = spec.all_fields()
    if networks.conditional and spec.num_classes is None:
        raise IncompatibleParts(f"architecture {entry.name!r} is conditional but the dataset has no labels; pick a labelled dataset")
    for role, name in (("takes", networks.generator_input), ("is conditioned on", networks.condition)):
        if name is not None and name != LATENT and name not in fields:
            raise IncompatibleParts(f"architecture {entry.name!r} {role} the field {name!r}, which dataset {recipe.dataset!r} "
                                    f"does not have (its fields: {', '.join(fields)}); pick a dataset that has it")
    networks.generator.to(device)
    networks.discriminator.to(device)
    _check_shapes(entry, networks, recipe, spec, device)
    return networks


def _check_shapes(entry: Entry, networks: Networks, recipe: Recipe, spec: DataSpec, device: torch.device) -> None:
    """A dry run on one batch of the size training uses (D may judge samples in packs), in eval mode
    so that no batch-norm statistic or spectral-norm estimate is touched."""
    G, D = networks.generator.eval(), networks.discriminator.eval()
    try:
        with torch.no_grad():
            _dry_run(entry, networks, _zeros(spec, recipe, device), spec)
    finally:
        G.train()
        D.train()


def _zeros(spec: DataSpec, recipe: Recipe, device: torch.device) -> dict[str, torch.Tensor]:
    """A batch of zeros of every field, and of latent vectors, of the training batch size."""
    n = recipe.batch_size
    batch = {LATENT: torch.zeros(n, recipe.latent_dim, device=device)}
    for name, field in spec.all_fields().items():
        dtype = torch.long if field.num_classes is not None and not field.shape else torch.float32
        batch[name] = torch.zeros(n, *field.shape, dtype=dtype, device=device)
    return batch


def _dry_run(entry: Entry, networks: Networks, batch: dict[str, torch.Tensor], spec: DataSpec) -> None:
    fake = networks.generator(*(batch[name] for name in networks.generator_fields()))
    if tuple(fake.shape[1:]) != spec.shape:
        got = "×".join(str(d) for d in fake.shape[1:])
        raise IncompatibleParts(
            f"architecture {entry.name!r} generates {got} samples but the dataset's are {spec.describe()}; "
            "pick a dataset and architecture of the same shape"
        )
    condition = () if networks.condition is None else (batch[networks.condition],)
    logits = networks.discriminator(fake, *condition)
    if logits.numel() != fake.shape[0]:
        raise IncompatibleParts(f"architecture {entry.name!r}: the discriminator must give one logit per sample")


def build_loss(entry: Entry | None, recipe: Recipe) -> Loss:
    if entry is None:
        raise GanzooError("the recipe names no loss, but its training scheme asks for one; give one with --loss")
    return call_factory(entry, recipe.loss_options)


def build_sampler(entry: Entry, recipe: Recipe) -> Sampler:
    return call_factory(entry, recipe.sampler_options)


def build_augmentation(entry: Entry, spec: DataSpec, options: Mapping[str, Any]) -> Augmentation:
    augmentation = call_factory(entry, options, spec)
    if not isinstance(augmentation, Augmentation):
        raise GanzooError(f"augmentation {entry.name!r} returned {type(augmentation).__name__}, not a ganzoo.Augmentation")
    return augmentation


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
    except ValueError as exc:  # a factory's own check of an option's value
        raise GanzooError(f"{entry.kind} {entry.name!r} ({entry.provider.describe()}): {exc}") from None
    except ImportError as exc:
        raise GanzooError(f"{entry.kind} {entry.name!r} could not import its code ({exc}); reinstall {entry.provider.distribution or entry.provider.plugin}") from None


def build_scheme(parts: ResolvedParts, recipe: Recipe, context: Any) -> Any:
    """The recipe's training scheme (the core's alternating scheme when it names none), checked,
    for ``context`` (a :class:`ganzoo.SchemeContext`)."""
    from ganzoo.training.alternating import AlternatingScheme  # it is built on this module
    from ganzoo.training.scheme import Scheme

    if parts.scheme is None:
        try:
            scheme = AlternatingScheme(context, **recipe.scheme_options)
        except TypeError as exc:
            raise GanzooError(f"the alternating scheme rejected its options {dict(recipe.scheme_options)}: {exc}") from None
    else:
        scheme = call_factory(parts.scheme, recipe.scheme_options, context)
        if not isinstance(scheme, Scheme):
            raise GanzooError(f"scheme {parts.scheme.name!r} returned {type(scheme).__name__}, not a ganzoo.Scheme")
    for role in ("exported", "averaged"):
        for name in getattr(scheme, role):
            if name not in scheme.modules:
                raise GanzooError(f"{type(scheme).__name__} lists {name!r} as {role} but declares no such module "
                                  f"(it declares {', '.join(scheme.modules) or 'none'})")
    return scheme
