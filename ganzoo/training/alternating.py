"""The alternating scheme of the classic GAN: the default, and the base of most others.

One call of :meth:`AlternatingScheme.train_step` is one generator step: ``n_critic`` discriminator
updates, each on a fresh real batch and a fake batch that D sees detached from G (G is frozen),
then one generator update through a frozen D (D's weights get no gradients). The generator update
reuses the fake batch of the last discriminator update, as most GAN code does: G's forward pass is
then paid once per step instead of twice. Nothing here waits for the device; the last step's
values are read only when :meth:`AlternatingScheme.logs` is called.

The networks say what G and D are called with (:class:`ganzoo.Networks`): G takes latent noise or
a field of the data (an input image), and both may take a condition (a class, or the input image
of a pair). For a class-conditional model the fakes get classes drawn uniformly; a condition that
is a data field is the real batch's own.

With ``augment``, D sees every image through a registered augmentation (DiffAugment, ADA), real
and fake, in its steps and in G's (:mod:`ganzoo.training.augmenting`); the augmentation's state
travels in the scheme's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from ganzoo.errors import GanzooError
from ganzoo.parts import LABEL, LATENT, SAMPLE, Augmentation, Field
from ganzoo.training.augmenting import augment_discriminator
from ganzoo.training.batches import Batch
from ganzoo.training.scheme import Scheme, SchemeContext, StateValue

AUGMENTATION = "augmentation."  # the prefix of the augmentation's state in the scheme's


def call(module: nn.Module, inputs: torch.Tensor, condition: torch.Tensor | None) -> torch.Tensor:
    """A network's output on a batch, with the condition as second argument when there is one."""
    return module(inputs) if condition is None else module(inputs, condition)


def rescale(values: torch.Tensor, source: tuple[float, float], target: tuple[float, float]) -> torch.Tensor:
    """``values`` in the range ``source`` mapped linearly onto ``target``."""
    if source == target:
        return values
    return (values - source[0]) / (source[1] - source[0]) * (target[1] - target[0]) + target[0]


def logits(module: nn.Module, inputs: torch.Tensor, condition: torch.Tensor | None) -> torch.Tensor:
    """D's logits as a float vector, whatever the shape and precision D returns them in."""
    return call(module, inputs, condition).reshape(-1).float()


def _optimizer(context: SchemeContext, module: nn.Module, settings: Mapping[str, Any]) -> torch.optim.Optimizer:
    settings = dict(settings)
    if "betas" in settings:
        settings["betas"] = tuple(settings["betas"])
    try:
        return context.optimizer(module.parameters(), **settings)
    except TypeError as exc:
        raise GanzooError(f"the optimiser settings {dict(settings)} were refused: {exc}") from None


@dataclass
class DiscriminatorStep:
    """What one D update saw and computed. ``fake`` keeps G's graph only when asked to (for the
    generator update that follows); ``condition`` and ``fake_condition`` are D's second argument
    for the real and the fake batch (``None`` for an unconditional D)."""

    real: torch.Tensor
    condition: torch.Tensor | None
    fake: torch.Tensor
    fake_condition: torch.Tensor | None
    loss: torch.Tensor
    real_logits: torch.Tensor
    fake_logits: torch.Tensor


class AlternatingScheme(Scheme):
    """``n_critic`` D steps, then one G step.

    Options: ``weight_clip`` clamps D's weights to [-c, c] after each of its steps (WGAN);
    ``r1_gamma`` adds the R1 penalty γ/2 · E‖∇D(x)‖² on real data to D's loss (Mescheder et al. 2018).
    A loss with a ``discriminator_penalty`` method has that penalty added to D's loss too.
    ``generator_optimizer`` and ``discriminator_optimizer`` give one player an optimiser of its
    own, e.g. ``{"kind": "sgd", "lr": 0.01}`` or ``{"betas": [0.0, 0.9]}``: keyword arguments of
    :meth:`ganzoo.SchemeContext.optimizer`, over the recipe's optimiser, rate (``lr_g``, ``lr_d``)
    and betas. ``augment`` names a registered augmentation (``ganzoo list augmentation``) that D
    sees every image through, built with ``augment_options``.
    """

    def __init__(self, context: SchemeContext, weight_clip: float | None = None, r1_gamma: float = 0.0,
                 generator_optimizer: Mapping[str, Any] | None = None,
                 discriminator_optimizer: Mapping[str, Any] | None = None,
                 augment: str | None = None, augment_options: Mapping[str, Any] | None = None) -> None:
        if weight_clip is not None and weight_clip <= 0:
            raise GanzooError(f"weight_clip must be positive, got {weight_clip}")
        if r1_gamma < 0:
            raise GanzooError(f"r1_gamma must be zero or positive, got {r1_gamma}")
        if augment_options and augment is None:
            raise GanzooError("augment_options are given but no augment; name one, e.g. augment=diffaugment")
        super().__init__(context)
        self.weight_clip = weight_clip
        self.r1_gamma = r1_gamma
        recipe = context.recipe
        self.networks = context.build_networks()
        self.generator = self.add_module("generator", self.networks.generator)
        if context.compile and self._penalises_gradients(context):
            self.eager = (*self.eager, "discriminator")
        self.discriminator = self.add_module("discriminator", self.networks.discriminator)
        # never inside a gradient reduction:
        D = self.networks.discriminator
        self.frozen_discriminator = D if "discriminator" in self.eager else context.compiled(D)
        self.optimizer_g = self.add_optimizer("generator", _optimizer(
            context, self.networks.generator, {"lr": recipe.lr_g, **(generator_optimizer or {})}))
        self.optimizer_d = self.add_optimizer("discriminator", _optimizer(
            context, self.networks.discriminator, {"lr": recipe.lr_d, **(discriminator_optimizer or {})}))
        self._d_params = [p for p in self.networks.discriminator.parameters() if p.requires_grad]
        self._last: tuple[torch.Tensor, ...] = ()
        self.augmentation: Augmentation | None = None
        if augment is not None and context.batches is not None:  # built to sample, it needs none
            self.augmentation = context.augmentation(augment, augment_options)
            augment_discriminator(self.networks, self.augmentation, context)

    def _penalises_gradients(self, context: SchemeContext) -> bool:
        """Whether D's loss has a penalty on its input gradients (R1, or the loss's own)."""
        training = context.batches is not None  # a scheme built to sample has no loss
        return bool(self.r1_gamma) or (training and hasattr(context.loss, "discriminator_penalty"))

    def train_step(self, step: int, total_steps: int) -> None:
        for i in range(self.context.recipe.n_critic):
            last = self.discriminator_step(keep_fake=i == self.context.recipe.n_critic - 1)
        g_loss = self.generator_step(last)
        self._last = (last.loss, g_loss, last.real_logits, last.fake_logits)

    def fake_inputs(self, batch: Batch, n: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        """G's first argument for a fake batch of ``n`` and the fakes' condition: fresh noise (or
        the batch's input field) and uniform classes (or the batch's own condition field). A
        penalty on interpolates between real and fake samples needs both to share classes."""
        c, networks = self.context, self.networks
        first = c.latent(n) if networks.generator_input == LATENT else batch[networks.generator_input]
        if networks.condition is None:
            return first, None
        if networks.condition == LABEL and not self._penalty_shares_labels():
            return first, c.random_labels(n)
        return first, batch[networks.condition]

    def _penalty_shares_labels(self) -> bool:
        return getattr(self.context.loss, "discriminator_penalty", None) is not None

    def fake(self, module: nn.Module, first: torch.Tensor, condition: torch.Tensor | None) -> torch.Tensor:
        """G's output, with the condition as a second argument unless it is G's input already."""
        networks = self.networks
        second = networks.condition is not None and networks.condition != networks.generator_input
        return call(module, first, condition if second else None)

    def discriminator_step(self, keep_fake: bool = False) -> DiscriminatorStep:
        """One D update on a fresh real batch; with ``keep_fake`` the fakes keep G's graph for a
        generator update to reuse."""
        c = self.context
        batch = c.next_batch()
        real = batch[SAMPLE]
        condition = batch[self.networks.condition] if self.networks.condition is not None else None
        first, fake_condition = self.fake_inputs(batch, real.shape[0])
        if self.r1_gamma:
            real.requires_grad_(True)
        with c.autocast():
            with torch.set_grad_enabled(keep_fake):
                kept = self.fake(self.generator, first, fake_condition)
            fake = kept.detach()
            d_loss, real_logits, fake_logits = self.discriminator_loss(real, condition, fake, fake_condition)
        if self.augmentation is not None:
            self.augmentation.observe(real_logits.detach(), mean_over_processes=c.mean_over_processes)
        penalty = getattr(c.loss, "discriminator_penalty", None)
        if penalty is not None:
            d_loss = d_loss + penalty(lambda x: logits(self.discriminator, x, condition), real.detach(), fake)
        if self.r1_gamma:
            grad = c.input_gradient(real_logits, real)
            d_loss = d_loss + 0.5 * self.r1_gamma * grad.pow(2).flatten(1).sum(1).mean()
            real = real.detach()
        c.update(d_loss, self.optimizer_d)
        if self.weight_clip is not None:
            with torch.no_grad():
                for p in self._d_params:
                    p.clamp_(-self.weight_clip, self.weight_clip)
        return DiscriminatorStep(real, condition, kept if keep_fake else fake, fake_condition, d_loss, real_logits, fake_logits)

    def generator_step(self, last: DiscriminatorStep) -> torch.Tensor:
        """One G update through a frozen D, on the fakes of the last D update; returns G's loss."""
        for p in self._d_params:
            p.requires_grad_(False)
        with self.context.autocast():
            g_loss = self.generator_loss(last.fake, last.fake_condition, last.real, last.condition)
        self.context.update(g_loss, self.optimizer_g)
        for p in self._d_params:
            p.requires_grad_(True)
        return g_loss

    def discriminator_loss(
        self, real: torch.Tensor, condition: torch.Tensor | None, fake: torch.Tensor, fake_condition: torch.Tensor | None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """D's loss on a real and a (detached) fake batch, with its real and fake logits; called under
        autocast. Override it to add terms computed from D's outputs, as ACGAN's class loss is."""
        real_logits = logits(self.discriminator, real, condition)
        fake_logits = logits(self.discriminator, fake, fake_condition)
        return self.context.loss.discriminator_loss(real_logits, fake_logits), real_logits, fake_logits

    def generator_loss(
        self, fake: torch.Tensor, fake_condition: torch.Tensor | None, real: torch.Tensor, condition: torch.Tensor | None
    ) -> torch.Tensor:
        """G's loss on its fake batch, through the frozen D; called under autocast. Override it to
        add terms, as for :meth:`discriminator_loss` (pix2pix's L1 distance to the target, say)."""
        loss = self.context.loss
        fake_logits = logits(self.frozen_discriminator, fake, fake_condition)
        needs_real = getattr(loss, "needs_real_logits_for_generator", False)
        real_logits = logits(self.frozen_discriminator, real, condition) if needs_real else None
        return loss.generator_loss(fake_logits, real_logits)

    def logs(self) -> dict[str, float]:
        """The last step's losses, D's mean probabilities and its mean raw outputs (the critic's
        scores, for losses such as WGAN's that use no sigmoid); this waits for the device."""
        d_loss, g_loss, real_logits, fake_logits = (t.detach() for t in self._last)
        values = torch.stack([
            d_loss, g_loss, torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean(), real_logits.mean(), fake_logits.mean(),
        ])
        d, g, p_real, p_fake, real_score, fake_score = values.tolist()
        augmentation = self.augmentation.logs() if self.augmentation is not None else {}
        return {"d_loss": d, "g_loss": g, "d_real": p_real, "d_fake": p_fake, "real_score": real_score, "fake_score": fake_score,
                **augmentation}

    def state_dict(self) -> dict[str, StateValue]:
        """The augmentation's state (ADA's probability), if any."""
        if self.augmentation is None:
            return {}
        return {AUGMENTATION + key: value for key, value in self.augmentation.state_dict().items()}

    def load_state_dict(self, state: Mapping[str, StateValue]) -> None:
        if self.augmentation is not None:
            self.augmentation.load_state_dict({k.removeprefix(AUGMENTATION): v for k, v in state.items() if k.startswith(AUGMENTATION)})
            state = {k: v for k, v in state.items() if not k.startswith(AUGMENTATION)}
        super().load_state_dict(state)

    def generator_inputs(self) -> dict[str, Field]:
        spec, networks = self.context.spec, self.networks
        described = {LATENT: Field.latent(self.context.recipe.latent_dim), **spec.all_fields()}
        return {name: described[name] for name in networks.generator_fields()}

    def sample_panels(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module]) -> list[torch.Tensor]:
        """For an image that comes from the data: input | output | target; else the samples."""
        name = self.networks.generator_input
        field = self.context.spec.all_fields().get(name)
        if field is None or not field.is_image:
            return super().sample_panels(inputs, modules=modules)
        shown = [rescale(inputs[name], field.value_range, self.context.spec.value_range), self.generate(inputs, modules=modules)]
        return shown + ([inputs[SAMPLE]] if SAMPLE in inputs else [])

    def generate(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module], **options: Any) -> torch.Tensor:
        first = inputs[self.networks.generator_input]
        condition = inputs.get(self.networks.condition) if self.networks.condition is not None else None
        return self.fake(modules["generator"], first, condition)
