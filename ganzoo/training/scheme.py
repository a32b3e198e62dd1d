"""Training schemes: which modules a GAN trains, with which optimisers, and what one step does.

A scheme is a part like any other, registered through ``ganzoo_register_schemes`` and built as
``factory(context, **options)`` with a :class:`SchemeContext`. In its constructor it builds its
networks (usually through :meth:`SchemeContext.build_networks`), declares each module it trains
with :meth:`Scheme.add_module` and each optimiser with :meth:`Scheme.add_optimizer`; the core then
saves and restores them, averages the modules named in ``averaged`` when the recipe asks for a
moving average, wraps every trained module in DDP under ``torchrun``, and sets every optimiser's
learning rate from the recipe's schedule before each step.

Each step the core calls :meth:`Scheme.train_step` with the step and the total; every
``log_every`` steps it calls :meth:`Scheme.logs`. State of the scheme's own (a counter, an adaptive
probability, a pool of past fakes) is returned by :meth:`Scheme.state_dict` as tensors and JSON
values and given back to :meth:`Scheme.load_state_dict` on resume, after the scheme is built.

A scheme also says how its generator is used once trained: :meth:`Scheme.generator_inputs` names
and describes what it takes, and :meth:`Scheme.generate` turns such inputs into samples. That is
all ``ganzoo sample``, ``interpolate``, ``evaluate`` and the training grids use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from ganzoo.errors import GanzooError
from ganzoo.parts import Augmentation, DataSpec, Field, Loss, Networks, Sampler
from ganzoo.recipe import Recipe
from ganzoo.training import build
from ganzoo.training.batches import Batch
from ganzoo.training.precision import Precision

if TYPE_CHECKING:
    from ganzoo.training.batches import Batches

StateValue = Any  # a tensor, or anything JSON can hold


@dataclass(frozen=True, kw_only=True)
class SchemeContext:
    """Everything a scheme is built from.

    ``batches`` is ``None`` when the scheme is built only to sample from an exported generator;
    a scheme must not draw data in its constructor. ``noise`` is the run's generator of latent
    noise and fake labels, saved in checkpoints. ``precision`` is the arithmetic of training steps:
    run forward passes under :meth:`autocast` and take optimiser steps with :meth:`update`, and a
    scheme trains in mixed precision on a GPU. ``distributed`` is true under ``torchrun`` with more
    than one process; ``compile`` and ``channels_last`` are the run's choices of
    :class:`ganzoo.training.device.Acceleration`. Schemes need not look at these three:
    :meth:`Scheme.add_module` and :meth:`next_batch` take care of them.
    """

    recipe: Recipe
    spec: DataSpec
    device: torch.device
    parts: build.ResolvedParts
    noise: torch.Generator
    batches: Batches | None = None
    precision: Precision = field(default_factory=Precision)
    distributed: bool = False
    compile: bool = False
    channels_last: bool = False

    def autocast(self) -> AbstractContextManager[object]:
        """The mixed-precision context for forward passes (none in float32)."""
        return self.precision.autocast()

    def update(self, loss: torch.Tensor, optimizer: torch.optim.Optimizer) -> None:
        """One step of ``optimizer`` down the gradient of ``loss``, its old gradients cleared: the
        loss scaled and unscaled under fp16 precision."""
        self.precision.update(loss, optimizer)

    def input_gradient(self, outputs: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        """The gradient of ``outputs.sum()`` with respect to ``inputs``, with its graph kept, for a
        gradient penalty (R1, say) that works in every precision."""
        return self.precision.input_gradient(outputs, inputs)

    def compiled(self, module: nn.Module) -> nn.Module:
        """``module`` through ``torch.compile`` when the run compiles, else itself: for a network a
        scheme calls in its steps without declaring it (a frozen view of a declared one)."""
        return torch.compile(module) if self.compile else module

    def build_networks(self, spec: DataSpec | None = None, **options: Any) -> Networks:
        """The recipe's architecture built for ``spec`` (the data's by default), with ``options``
        over the recipe's ``architecture_options``; on the device and checked on a dry run."""
        recipe = self.recipe
        if options:
            recipe = recipe.with_overrides(architecture_options={**recipe.architecture_options, **options})
        return build.build_networks(self.parts.architecture, recipe, spec or self.spec, self.device)

    @cached_property
    def loss(self) -> Loss:
        """The recipe's loss, built on first use."""
        return build.build_loss(self.parts.loss, self.recipe)

    @cached_property
    def sampler(self) -> Sampler:
        """The recipe's latent sampler, built on first use."""
        return build.build_sampler(self.parts.sampler, self.recipe)

    def optimizer(self, parameters: Iterable[Any], *, lr: float, kind: str | None = None,
                  betas: tuple[float, float] | None = None, **options: Any) -> torch.optim.Optimizer:
        """An optimiser of ``kind`` (the recipe's by default: adam, rmsprop or sgd) over
        ``parameters`` (tensors, or parameter groups as dicts) at ``lr``, with the recipe's betas
        unless given; ``options`` go to the torch optimiser."""
        kind = kind or self.recipe.optimizer
        betas = betas or self.recipe.betas
        params = list(parameters)
        if kind == "adam":
            return torch.optim.Adam(params, lr=lr, betas=betas, **options)
        if kind == "rmsprop":
            return torch.optim.RMSprop(params, lr=lr, **options)
        if kind == "sgd":
            return torch.optim.SGD(params, lr=lr, **{"momentum": betas[0], **options})
        raise GanzooError(f"unknown optimiser {kind!r}; use adam, rmsprop or sgd, or build a torch optimiser directly")

    def augmentation(self, name: str, options: Mapping[str, Any] | None = None) -> Augmentation:
        """The augmentation registered as ``name``, built for the data with ``options``; an unknown
        name fails with the closest ones. It is recorded with the run's parts."""
        return build.build_augmentation(self.parts.request("augmentation", name), self.spec, options or {})

    def latent(self, n: int) -> torch.Tensor:
        """``n`` latent vectors from the recipe's sampler and the run's noise."""
        return self.sampler(n, self.recipe.latent_dim, generator=self.noise, device=self.device)

    def random_labels(self, n: int) -> torch.Tensor:
        """``n`` classes drawn uniformly, for a fake batch of a class-conditional model."""
        if self.spec.num_classes is None:
            raise GanzooError("the data has no classes to draw labels from; pick a labelled dataset")
        return torch.randint(self.spec.num_classes, (n,), generator=self.noise, device=self.device)

    def mean_over_processes(self, value: torch.Tensor) -> torch.Tensor:
        """``value`` averaged over the processes of a ``torchrun`` job (itself in a single
        process): for a scheme's own state that every process must keep alike, such as BEGAN's
        k_t, which each process would otherwise compute from its own share of the data."""
        if not self.distributed:
            return value
        import torch.distributed as dist

        total = value.detach().clone()
        dist.all_reduce(total)  # a sum: not every backend averages
        return total / dist.get_world_size()

    def next_batch(self) -> Batch:
        """The next real batch, a dict of the data's fields (images in channels-last order when
        the run asks for it)."""
        if self.batches is None:
            raise GanzooError("this scheme was built to sample, not to train: it has no data")
        batch = self.batches.next()
        if self.channels_last:
            return {name: in_channels_last(values) for name, values in batch.items()}
        return batch


def in_channels_last(values: torch.Tensor) -> torch.Tensor:
    """A batch of images (4-D) in channels-last memory order; any other tensor as it is."""
    return values.contiguous(memory_format=torch.channels_last) if values.dim() == 4 else values


class Scheme:
    """The base of every training scheme; subclass it and write ``__init__`` and :meth:`train_step`.

    ``averaged`` names the modules that get a moving average of their weights when the recipe sets
    ``ema``; samples and the export use the averages. ``exported`` names the modules the exported
    generator file holds: all that :meth:`generate` needs. ``sampling_options`` names the options
    :meth:`generate` takes beyond ``truncation`` (an InfoGAN code, a translation direction), with
    a line of help each; ``ganzoo sample --option NAME=VALUE`` passes them. ``any_size_inputs``
    names the image inputs that a fully convolutional generator takes at any height and width (a
    super-resolution model upscales a picture of any size): ``ganzoo sample --input`` reads those
    pictures as they are instead of asking for the training size. ``eager`` names the modules
    that are never compiled, even when the run compiles: those through which a gradient penalty
    differentiates twice (WGAN-GP's, R1, a path-length penalty), which torch.compile cannot do.
    """

    averaged: tuple[str, ...] = ("generator",)
    exported: tuple[str, ...] = ("generator",)
    sampling_options: Mapping[str, str] = {}
    any_size_inputs: tuple[str, ...] = ()
    eager: tuple[str, ...] = ()

    def __init__(self, context: SchemeContext) -> None:
        self.context = context
        self.modules: dict[str, nn.Module] = {}
        self.optimizers: dict[str, torch.optim.Optimizer] = {}

    def add_module(self, name: str, module: nn.Module) -> nn.Module:
        """Declare ``module`` as trained under ``name``: it moves to the device and is saved in
        checkpoints. Returns the module to call in training steps, which under ``torchrun`` is
        wrapped in DDP so that its gradients are averaged across processes; keep the module itself
        (also ``self.modules[name]``) for calls that must not reduce gradients, such as G's step
        through a frozen D. When the run compiles, the module returned is compiled, unless it is
        named in ``eager``. With channels-last, its convolution weights are stored in that order."""
        if name in self.modules:
            raise GanzooError(f"{type(self).__name__} declares the module {name!r} twice")
        context = self.context
        module.to(context.device, memory_format=torch.channels_last if context.channels_last else torch.preserve_format)
        self.modules[name] = module
        if context.distributed and any(p.requires_grad for p in module.parameters()):
            from torch.nn.parallel import DistributedDataParallel

            module = DistributedDataParallel(module)
        return module if name in self.eager else context.compiled(module)

    def add_optimizer(self, name: str, optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
        """Declare ``optimizer``: it is saved in checkpoints, and before every step each of its
        parameter groups gets the recipe's learning-rate schedule applied to the rate it started
        with (so per-module and per-group rates keep their ratios)."""
        if name in self.optimizers:
            raise GanzooError(f"{type(self).__name__} declares the optimiser {name!r} twice")
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
        self.optimizers[name] = optimizer
        return optimizer

    def train_step(self, step: int, total_steps: int) -> None:
        """One training step; ``step`` steps of ``total_steps`` are done before it."""
        raise NotImplementedError(f"{type(self).__name__} must define train_step(step, total_steps)")

    def logs(self) -> dict[str, float]:
        """The last step's values to log, by name; the only place that may wait for the device."""
        return {}

    def state_dict(self) -> dict[str, StateValue]:
        """The scheme's own training state, beyond its modules and optimisers: tensors and JSON
        values by name. It is saved in each checkpoint."""
        return {}

    def load_state_dict(self, state: Mapping[str, StateValue]) -> None:
        """Take back what :meth:`state_dict` returned, when a run resumes; tensors arrive on the
        run's device."""
        if state:
            raise GanzooError(f"{type(self).__name__} keeps no state but the checkpoint holds {', '.join(sorted(state))}")

    def generator_inputs(self) -> dict[str, Field]:
        """What the trained generator takes, by name: ``"latent"`` (noise of the recipe's sampler,
        shape ``(latent_dim,)``), ``"label"`` (a class), or a data field such as an input image."""
        raise NotImplementedError(f"{type(self).__name__} must define generator_inputs()")

    def sample_panels(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module]) -> list[torch.Tensor]:
        """The columns of the run's sample picture, each a batch of images (any size and channel
        count, values in the data's ``value_range``), one row per example: the generated samples
        alone by default; an image-to-image model shows input | output | target, CycleGAN both
        directions. Called like :meth:`generate`; ``inputs`` may also hold the targets
        (``"sample"``) of inputs that come from the data."""
        return [self.generate(inputs, modules=modules)]

    def generate(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module],
                 **options: Any) -> torch.Tensor:
        """Samples from ``inputs`` (a batch of each of :meth:`generator_inputs`), computed with
        ``modules`` (the exported modules by name: the averaged ones in training, the loaded ones
        from an export). The core calls it without gradients and sets the modules' modes (eval
        for samples; batch-norm layers in training mode while it measures an average's
        statistics), so it should not change them."""
        raise NotImplementedError(f"{type(self).__name__} must define generate()")
