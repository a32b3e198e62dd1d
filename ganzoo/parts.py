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
- an **update** factory is called as ``factory(context, **options)`` with a
  :class:`ganzoo.training.step.UpdateContext` and returns an :class:`Update`.

This module imports no torch at run time, so plugins may import it while they declare themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Union

if TYPE_CHECKING:
    import torch
    from torch import nn


@dataclass(frozen=True)
class DataSpec:
    """What one sample of a dataset looks like.

    ``shape`` is the shape of one sample without the batch dimension: ``(1, 28, 28)`` for MNIST,
    ``(2,)`` for points in the plane. ``value_range`` is the closed interval the values lie in.
    ``num_classes`` is ``None`` for unlabelled data.
    """

    shape: tuple[int, ...]
    value_range: tuple[float, float] = (-1.0, 1.0)
    num_classes: int | None = None

    @property
    def is_image(self) -> bool:
        """True for (channels, height, width) samples."""
        return len(self.shape) == 3

    def describe(self) -> str:
        """The shape as people write it, e.g. ``1×28×28``."""
        return "×".join(str(d) for d in self.shape)


@dataclass(frozen=True)
class InMemoryData:
    """A whole dataset held as one tensor, batched by indexing (no DataLoader in the hot loop).

    ``samples`` is float32 of shape ``(N, *spec.shape)`` with values in ``spec.value_range``;
    ``labels`` is int64 of shape ``(N,)`` or ``None``. ``source`` says in words what was actually
    loaded (for example which files, or that a fallback was used); it is recorded in the run's config.
    """

    samples: torch.Tensor
    labels: torch.Tensor | None
    spec: DataSpec
    source: str

    def __len__(self) -> int:
        return int(self.samples.shape[0])


@dataclass(frozen=True)
class SampledData:
    """A dataset drawn from on the fly, such as a mixture of Gaussians in the plane.

    ``draw(n, generator, device)`` returns ``(samples, labels_or_None)`` for ``n`` fresh samples,
    using only ``generator`` for randomness so that runs are reproducible and resumable.
    """

    draw: Callable[[int, torch.Generator, torch.device], tuple[torch.Tensor, torch.Tensor | None]]
    spec: DataSpec
    source: str


Data = Union[InMemoryData, SampledData]


@dataclass(frozen=True)
class Networks:
    """A generator and a discriminator built to fit one :class:`DataSpec`.

    ``generator(z)`` maps a latent batch ``(B, latent_dim)`` to samples ``(B, *spec.shape)``.
    ``discriminator(x)`` maps samples to logits of shape ``(B,)`` or ``(B, 1)``; a sigmoid of a
    logit is the probability that the sample is real. When ``conditional`` is true both also take
    the labels as a second argument: ``generator(z, y)``, ``discriminator(x, y)``.
    """

    generator: nn.Module
    discriminator: nn.Module
    conditional: bool = False


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


class Update(Protocol):
    """One generator step of a training scheme, and the values to log about it."""

    def step(self) -> None:
        ...

    def logs(self) -> dict[str, float]:
        """The last step's values; the only place that may wait for the device."""
        ...
