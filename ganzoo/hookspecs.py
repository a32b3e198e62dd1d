"""The hook specifications: the whole contract between the core and its plugins.

A plugin is a module that implements some of these functions, decorated with
:data:`ganzoo.hookimpl`, and is named in the ``ganzoo`` entry-point group of its distribution::

    [project.entry-points.ganzoo]
    mygan = "ganzoo_mygan.plugin"

Registration hooks are called once, when the plugins are loaded, each with a ``register``
callback for one kind of part. A factory may be a callable or a ``"module:attribute"`` string;
either way it is called only when a run builds the part, so a plugin that declares its parts does
not import torch. Everything one plugin registers is kept or dropped as a whole: if any of its
registration hooks raises, none of its parts are listed.

Lifecycle hooks are called during ``ganzoo train`` with the live :class:`ganzoo.training.run.Run`;
they observe and must not change the optimisation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

from ganzoo.recipe import Recipe

if TYPE_CHECKING:
    from ganzoo.training.run import Run

PROJECT = "ganzoo"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

Factory = Callable[..., Any] | str


class RegisterPart(Protocol):
    """The callback given to the registration hooks of architectures, losses, datasets and samplers."""

    def __call__(
        self,
        name: str,
        factory: Factory,
        *,
        description: str = "",
        defaults: Mapping[str, Any] | None = None,
    ) -> None: ...


class RegisterModel(Protocol):
    """The callback given to :func:`ganzoo_register_models`."""

    def __call__(self, name: str, recipe: Recipe, *, description: str = "") -> None: ...


@hookspec
def ganzoo_register_architectures(register: RegisterPart) -> None:
    """Register generator/discriminator pairs.

    The factory is called as ``factory(spec, latent_dim, **options)`` where ``spec`` is the
    :class:`ganzoo.DataSpec` of the dataset and ``options`` are ``defaults`` updated by the
    recipe's ``architecture_options``. It returns :class:`ganzoo.Networks`, or raises
    :class:`ganzoo.IncompatibleParts` for data it cannot model.
    """


@hookspec
def ganzoo_register_losses(register: RegisterPart) -> None:
    """Register adversarial losses.

    The factory is called as ``factory(**options)`` and returns an object with
    ``discriminator_loss(real_logits, fake_logits)`` and ``generator_loss(fake_logits, real_logits)``,
    each returning a scalar tensor to minimise (see :class:`ganzoo.parts.Loss`).
    """


@hookspec
def ganzoo_register_datasets(register: RegisterPart) -> None:
    """Register datasets.

    The factory is called as ``factory(data_dir=PATH_OR_NONE, split="train", **options)`` and
    returns :class:`ganzoo.InMemoryData`. ``data_dir`` is the user's ``--data-dir``, if given.
    """


@hookspec
def ganzoo_register_samplers(register: RegisterPart) -> None:
    """Register latent samplers.

    The factory is called as ``factory(**options)`` and returns a callable
    ``sample(n, latent_dim, *, generator, device)`` giving an ``(n, latent_dim)`` tensor.
    """


@hookspec
def ganzoo_register_schemes(register: RegisterPart) -> None:
    """Register training schemes: what one training step does, to which modules, with which
    optimisers, and how the trained generator is fed (see :class:`ganzoo.Scheme`).

    The factory is called as ``factory(context, **options)`` with a :class:`ganzoo.SchemeContext`
    and returns a :class:`ganzoo.Scheme`. Subclassing :class:`ganzoo.AlternatingScheme` (the
    default, the classic GAN's alternating D and G steps) and overriding ``discriminator_loss`` /
    ``generator_loss`` (extra loss terms) or ``generator_step`` is the shortest way to a variant;
    subclassing :class:`ganzoo.Scheme` directly serves any number of networks and optimisers. A
    recipe picks it with ``scheme="NAME"`` and passes ``scheme_options``.
    """


@hookspec
def ganzoo_register_augmentations(register: RegisterPart) -> None:
    """Register augmentations: random, differentiable transformations of the images D sees, for
    training on little data (see :class:`ganzoo.Augmentation`).

    The factory is called as ``factory(spec, **options)`` with the data's :class:`ganzoo.DataSpec`
    and returns a :class:`ganzoo.Augmentation`, or raises :class:`ganzoo.IncompatibleParts` for
    data it cannot transform. The alternating scheme uses one when its option ``augment`` names it
    (``augment_options`` are its options): every real and fake batch D sees, in D's steps and G's,
    is then transformed, with G's gradients flowing through.
    """


@hookspec
def ganzoo_register_models(register: RegisterModel) -> None:
    """Register named models: a :class:`ganzoo.Recipe` that says which parts to combine and with
    which hyperparameters. ``ganzoo train NAME`` trains it."""


@hookspec
def ganzoo_register_metrics(register: RegisterPart) -> None:
    """Register evaluation metrics for ``ganzoo evaluate``.

    The factory is called as ``factory(**options)`` and returns an object with ``version`` (a
    string to change whenever the metric's numbers would change), ``applies_to(dataset, spec)``
    (whether it measures runs on that dataset) and ``evaluate(context)``, which gets a
    :class:`ganzoo.evaluation.EvaluationContext` and returns a mapping of names to numbers (and
    any provenance the metric adds, such as a classifier's hash and accuracy).
    """


class RegisterCommand(Protocol):
    """The callback given to :func:`ganzoo_register_commands`."""

    def __call__(self, name: str, command: Callable[..., Any]) -> None: ...


@hookspec
def ganzoo_register_commands(register: RegisterCommand) -> None:
    """Add commands to the ``ganzoo`` command line: ``register(name, function)``.

    ``function`` becomes ``ganzoo NAME``; its parameters become arguments and options exactly as in
    a typer command (annotate them with ``typing.Annotated`` and ``typer.Option``), its docstring
    the help. It is declared on every start of the command line, so it must import anything heavy
    inside its body. A name already used by the core or by another plugin is an error of the
    plugin that registered it second.
    """


@hookspec
def ganzoo_train_start(run: Run) -> None:
    """Called once the parts are built and the run folder exists, before the first step (also when
    a run resumes; ``run.step`` is then the step it resumes from)."""


@hookspec
def ganzoo_train_step(run: Run, step: int, logs: Mapping[str, float]) -> None:
    """Called every ``recipe.log_every`` steps with the values the scheme logged at ``step``, by
    name. The alternating scheme logs ``d_loss``, ``g_loss``, ``d_real`` (mean D(x)), ``d_fake``
    (mean D(G(z))), and ``real_score`` and ``fake_score`` (D's mean raw outputs, which are what a
    Wasserstein critic's numbers mean); other schemes log what they declare.

    It is not called on the other steps, so that training never waits for the device more often
    than logging needs."""


@hookspec
def ganzoo_checkpoint_saved(run: Run, step: int, path: Path) -> None:
    """Called after a checkpoint has been written completely to ``path``."""


@hookspec
def ganzoo_train_end(run: Run, step: int, interrupted: bool) -> None:
    """Called once at the end of training, after the last checkpoint; ``interrupted`` is true when
    the user stopped the run early (Ctrl-C)."""
