"""What each kind of part returns when it is built.

Plugins register factories; the core calls a factory only when a run needs the part. These are the
objects those factories return, and the contract the trainer relies on:

- an **architecture** factory is called as ``factory(spec, latent_dim, **options)`` and returns
  :class:`Networks`; it raises :class:`ganzoo.IncompatibleParts` for a data shape it cannot serve;
- a **dataset** factory is called as ``factory(data_dir=..., split=..., **options)`` and returns
  :class:`InMemoryData` (a finite set held as one tensor) or :class:`SampledData` (a distribution
  drawn from on the fly);
- a **loss** factory is called as ``factory(**options)`` and returns an object with the methods of
  :class:`Loss`;
- a **sampler** factory is called as ``factory(**options)`` and returns a :class:`Sampler`;
- a **scheme** factory is called as ``factory(context, **options)`` with a
  :class:`ganzoo.SchemeContext` and returns a :class:`ganzoo.Scheme` (see ``ganzoo/training/scheme.py``);
- an **augmentation** factory is called as ``factory(spec, **options)`` and returns an
  :class:`Augmentation`.

Data travels as named fields. Every dataset has the field ``"sample"`` (what a generator learns to
produce, described by ``shape``, ``value_range`` and ``num_classes`` of :class:`DataSpec`) and,
when labelled, ``"label"``; a dataset of pairs or of two domains adds fields of its own (an input
image, a low-resolution copy, a second domain) in ``DataSpec.fields``.

This module imports no torch at run time, so plugins may import it while they declare themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError, dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, Union

from ganzoo.errors import GanzooError
from ganzoo.pixels import Pixels

if TYPE_CHECKING:
    import torch
    from torch import nn


SAMPLE = "sample"  # the field a generator learns to produce
LABEL = "label"  # a labelled dataset's class of each sample
LATENT = "latent"  # a generator input drawn by the latent sampler rather than taken from data


@dataclass(frozen=True)
class Field:
    """One named tensor of every sample: its shape without the batch dimension, the closed range
    of its values, and for a class field (shape ``()``, int64) the number of classes."""

    shape: tuple[int, ...]
    value_range: tuple[float, float] = (-1.0, 1.0)
    num_classes: int | None = None

    @property
    def is_image(self) -> bool:
        """True for (channels, height, width) values."""
        return len(self.shape) == 3

    def describe(self) -> str:
        """The shape as people write it, e.g. ``1×28×28``; a class field as ``10 classes``."""
        if self.num_classes is not None and not self.shape:
            return f"{self.num_classes} classes"
        return "×".join(str(d) for d in self.shape)

    @classmethod
    def latent(cls, dim: int) -> Field:
        """The field of latent vectors of ``dim`` numbers, unbounded: what a latent generator takes."""
        return cls((dim,), (float("-inf"), float("inf")))

    def to_dict(self) -> dict[str, Any]:
        return {"shape": list(self.shape), "value_range": list(self.value_range), "num_classes": self.num_classes}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Field:
        return cls(tuple(data["shape"]), tuple(data["value_range"]), data.get("num_classes"))


@dataclass(frozen=True)
class DataSpec:
    """What one sample of a dataset looks like.

    ``shape`` is the shape of the ``"sample"`` field without the batch dimension: ``(1, 28, 28)``
    for MNIST, ``(2,)`` for points in the plane. ``value_range`` is the closed interval its values
    lie in. ``num_classes`` is ``None`` for unlabelled data. ``fields`` declares any further named
    fields (``{"input": Field((1, 28, 28))}`` for the input image of a pair), and ``metadata`` is
    JSON that describes the data further (a table's column layout, say); both are recorded in the
    run's config and in its export.
    """

    shape: tuple[int, ...]
    value_range: tuple[float, float] = (-1.0, 1.0)
    num_classes: int | None = None
    fields: Mapping[str, Field] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def __post_init__(self) -> None:
        clash = {SAMPLE, LABEL, LATENT} & set(self.fields)
        if clash:
            raise ValueError(f"field name(s) {', '.join(sorted(clash))} are reserved; give the extra fields other names")

    @property
    def is_image(self) -> bool:
        """True for (channels, height, width) samples."""
        return len(self.shape) == 3

    def describe(self) -> str:
        """The shape as people write it, e.g. ``1×28×28``."""
        return "×".join(str(d) for d in self.shape)

    def all_fields(self) -> dict[str, Field]:
        """Every field of a sample by name: ``"sample"``, ``"label"`` if labelled, then the rest."""
        found = {SAMPLE: Field(self.shape, self.value_range)}
        if self.num_classes is not None:
            found[LABEL] = Field((), (0, self.num_classes - 1), self.num_classes)
        return {**found, **self.fields}

    def to_dict(self) -> dict[str, Any]:
        """As recorded in a run's config and export."""
        return {
            "shape": list(self.shape), "value_range": list(self.value_range), "num_classes": self.num_classes,
            "fields": {name: f.to_dict() for name, f in self.fields.items()}, "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DataSpec:
        fields = {name: Field.from_dict(f) for name, f in data.get("fields", {}).items()}
        return cls(tuple(data["shape"]), tuple(data["value_range"]), data.get("num_classes"),
                   MappingProxyType(fields), MappingProxyType(dict(data.get("metadata", {}))))


class InMemoryData:
    """A whole dataset of ``N`` samples, batched by indexing (no DataLoader in the hot loop).

    ``samples`` is given as float32 of shape ``(N, *spec.shape)`` with values in
    ``spec.value_range``, or, for images decoded from 8-bit files, as :class:`Pixels`: the 8-bit
    values, a quarter of the memory (or a file read a batch at a time), turned into the same floats
    batch by batch. ``labels`` is int64 of shape ``(N,)`` or ``None``. ``source`` says in words what
    was actually loaded (for example which files, or that a fallback was used); it is recorded in
    the run's config. ``fields`` holds one tensor of ``N`` rows for each field that ``spec.fields``
    declares.

    Reading ``samples`` or :meth:`columns` always gives float32 tensors; with :class:`Pixels` that
    scales the whole set at once, so code that needs only some rows asks :meth:`rows` for them.
    """

    __slots__ = ("pixels", "_samples", "labels", "spec", "source", "fields")

    def __init__(self, samples: torch.Tensor | Pixels, labels: torch.Tensor | None, spec: DataSpec, source: str,
                 fields: Mapping[str, torch.Tensor] = MappingProxyType({})) -> None:
        pixels = samples if isinstance(samples, Pixels) else None
        for name, value in (("pixels", pixels), ("_samples", None if pixels else samples), ("labels", labels),
                            ("spec", spec), ("source", source), ("fields", fields)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __repr__(self) -> str:
        return f"InMemoryData({len(self):,} samples of {self.spec.describe()}, source={self.source!r})"

    @property
    def samples(self) -> torch.Tensor:
        """Every sample as float32 in ``spec.value_range`` (8-bit :class:`Pixels` scaled whole)."""
        return self.pixels.scaled() if self.pixels is not None else self._samples

    def stored(self) -> dict[str, torch.Tensor | Pixels]:
        """Every field as it is kept, by name: the samples as :class:`Pixels` when they are."""
        found: dict[str, torch.Tensor | Pixels] = {SAMPLE: self.pixels if self.pixels is not None else self._samples}
        if self.labels is not None:
            found[LABEL] = self.labels
        return {**found, **self.fields}

    def columns(self) -> dict[str, torch.Tensor]:
        """Every field's tensor by name, as :meth:`DataSpec.all_fields` names them."""
        return {name: values.scaled() if isinstance(values, Pixels) else values for name, values in self.stored().items()}

    def rows(self, index: torch.Tensor) -> dict[str, torch.Tensor]:
        """The rows ``index`` (int64, on the CPU) of every field, as :meth:`columns` would give
        them, reading only those rows."""
        return {name: values.rows(index) if isinstance(values, Pixels) else values[index.to(values.device)]
                for name, values in self.stored().items()}

    def __len__(self) -> int:
        return len(self.pixels) if self.pixels is not None else int(self._samples.shape[0])


@dataclass(frozen=True)
class SampledData:
    """A dataset drawn from on the fly, such as a mixture of Gaussians in the plane.

    ``draw(n, generator, device)`` returns ``(samples, labels_or_None)`` for ``n`` fresh samples,
    or, for data with more fields, a mapping of every field's tensor by name; it uses only
    ``generator`` for randomness so that runs are reproducible and resumable.
    """

    draw: Callable[[int, torch.Generator, torch.device], tuple[torch.Tensor, torch.Tensor | None] | Mapping[str, torch.Tensor]]
    spec: DataSpec
    source: str


Data = Union[InMemoryData, SampledData]


@dataclass(frozen=True)
class Networks:
    """A generator and a discriminator built to fit one :class:`DataSpec`.

    ``generator(z)`` maps a latent batch ``(B, latent_dim)`` to samples ``(B, *spec.shape)``.
    ``discriminator(x)`` maps samples to logits of shape ``(B,)`` or ``(B, 1)``; a sigmoid of a
    logit is the probability that the sample is real.

    ``generator_input`` names what G's first argument is: ``"latent"`` (noise from the sampler)
    or a field of the data (``"input"`` for an image-to-image pair). ``condition`` names a field
    given to D as its second argument, and to G as well unless it is G's input already:
    ``"label"`` for a class-conditional GAN (``generator(z, y)``, ``discriminator(x, y)``), the
    input image for pix2pix's pair discriminator. ``conditional=True`` is short for
    ``condition="label"``.
    """

    generator: nn.Module
    discriminator: nn.Module
    conditional: bool = False
    generator_input: str = LATENT
    condition: str | None = None

    def __post_init__(self) -> None:
        if self.conditional and self.condition is None:
            object.__setattr__(self, "condition", LABEL)
        object.__setattr__(self, "conditional", self.condition == LABEL)

    def generator_fields(self) -> tuple[str, ...]:
        """The names of G's arguments, in order."""
        if self.condition is None or self.condition == self.generator_input:
            return (self.generator_input,)
        return (self.generator_input, self.condition)


class Loss(Protocol):
    """Turns the discriminator's logits into the two players' losses (both to be minimised).

    A loss may also define ``discriminator_penalty(discriminator, real, fake)``, a scalar added to
    the discriminator's loss, where ``discriminator`` maps samples to logits (labels already bound).
    That is how a gradient penalty such as WGAN-GP's travels with its loss.
    """

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        ...

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None) -> torch.Tensor:
        """``real_logits`` is passed only when the loss sets ``needs_real_logits_for_generator``."""
        ...


class Sampler(Protocol):
    """Draws a latent batch."""

    def __call__(
        self, n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device
    ) -> torch.Tensor:
        ...


class Augmentation:
    """Random transformations of the images D sees, so that D cannot memorise a small training set
    (DiffAugment, Zhao et al. 2020; ADA, Karras et al. 2020). Subclass it and write
    :meth:`__call__`; an adaptive augmentation also writes :meth:`observe`, and one with state of
    its own :meth:`state_dict`, :meth:`load_state_dict` and :meth:`logs`.

    A scheme applies it to every batch D sees, real and fake, in D's steps and in G's: since G
    learns through it, it must be differentiable with respect to the images. It draws all its
    randomness from the ``generator`` it is given (the run's, which checkpoints save), so that a
    run is reproducible and resumes exactly.
    """

    def __call__(self, images: torch.Tensor, *, generator: torch.Generator) -> torch.Tensor:
        """``images`` (a batch in the data's value range) transformed, each at random."""
        raise NotImplementedError(f"{type(self).__name__} must define __call__(images, *, generator)")

    def observe(self, real_logits: torch.Tensor, *, mean_over_processes: Callable[[torch.Tensor], torch.Tensor]) -> None:
        """Called after each of D's steps with its logits on the transformed real batch, for an
        augmentation that adapts to D (ADA). State that every process of a ``torchrun`` job must
        keep alike goes through ``mean_over_processes``. Called every step: it must not wait for
        the device."""

    def state_dict(self) -> dict[str, Any]:
        """State to save in each checkpoint (an adaptive probability, its counters): tensors and
        JSON values by name."""
        return {}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Take back what :meth:`state_dict` returned, when a run resumes."""
        if state:
            raise GanzooError(f"{type(self).__name__} keeps no state but the checkpoint holds {', '.join(sorted(state))}")

    def logs(self) -> dict[str, float]:
        """Values to log by name, read every ``log_every`` steps (it may wait for the device)."""
        return {}
