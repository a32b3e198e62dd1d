"""The alternating update of the classic GAN, and what every training scheme is built from.

One call of :meth:`AlternatingUpdate.step` is one generator step: ``n_critic`` discriminator updates,
each on a fresh real batch and a fake batch that D sees detached from G (G is frozen), then one
generator update through a frozen D (D's weights get no gradients). The generator update reuses the
fake batch of the last discriminator update, as most GAN code does: G's forward pass is then paid
once per step instead of twice. Nothing here waits for the device; the last step's values are read
only when :meth:`AlternatingUpdate.logs` is called.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import torch
from torch import nn

from ganzoo.errors import GanzooError
from ganzoo.parts import Loss, Sampler
from ganzoo.training.batches import Batches


@dataclass
class UpdateContext:
    """Everything a training scheme needs, built by the trainer.

    ``generator`` and ``discriminator`` are the modules to call for updates (wrapped in DDP under
    torchrun); ``discriminator_module`` is D itself, to be called where D is frozen so that its
    weights never enter a gradient reduction. ``noise`` is the run's generator of latent noise and
    fake labels; its state is saved in checkpoints. ``num_classes`` is set only for conditional
    networks.
    """

    generator: nn.Module
    discriminator: nn.Module
    discriminator_module: nn.Module
    optimizer_g: torch.optim.Optimizer
    optimizer_d: torch.optim.Optimizer
    loss: Loss
    sampler: Sampler
    batches: Batches
    latent_dim: int
    n_critic: int
    num_classes: int | None
    noise: torch.Generator
    autocast: Callable[[], AbstractContextManager[object]]
    device: torch.device

    def latent(self, n: int) -> torch.Tensor:
        return self.sampler(n, self.latent_dim, generator=self.noise, device=self.device)

    def fake_labels(self, n: int) -> torch.Tensor | None:
        """Class labels for a fake batch of a conditional model: uniform over the classes."""
        if self.num_classes is None:
            return None
        return torch.randint(self.num_classes, (n,), generator=self.noise, device=self.device)


def call(module: nn.Module, inputs: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
    """A network's output on a batch, with labels for conditional networks."""
    return module(inputs) if labels is None else module(inputs, labels)


def logits(module: nn.Module, inputs: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
    """D's logits as a float vector, whatever the shape and precision D returns them in."""
    return call(module, inputs, labels).reshape(-1).float()


class AlternatingUpdate:
    """``n_critic`` D steps, then one G step.

    Options: ``weight_clip`` clamps D's weights to [-c, c] after each of its steps (WGAN);
    ``r1_gamma`` adds the R1 penalty γ/2 · E‖∇D(x)‖² on real data to D's loss (Mescheder et al. 2018).
    A loss with a ``discriminator_penalty`` method has that penalty added to D's loss too.
    """

    def __init__(self, context: UpdateContext, weight_clip: float | None = None, r1_gamma: float = 0.0) -> None:
        if weight_clip is not None and weight_clip <= 0:
            raise GanzooError(f"weight_clip must be positive, got {weight_clip}")
        if r1_gamma < 0:
            raise GanzooError(f"r1_gamma must be zero or positive, got {r1_gamma}")
        self.context = context
        self.weight_clip = weight_clip
        self.r1_gamma = r1_gamma
        self._d_params = [p for p in context.discriminator_module.parameters() if p.requires_grad]
        self._needs_real = getattr(context.loss, "needs_real_logits_for_generator", False)
        self._penalty = getattr(context.loss, "discriminator_penalty", None)
        self._last: tuple[torch.Tensor, ...] = ()
        self._keep_fake = False  # set for the last discriminator update of a step
        self._kept: tuple[torch.Tensor, torch.Tensor | None] | None = None  # its fakes, with G's graph

    def step(self) -> None:
        for i in range(self.context.n_critic):
            self._keep_fake = i == self.context.n_critic - 1
            real, labels, d_loss, real_logits, fake_logits = self.discriminator_step()
        self._keep_fake = False
        g_loss = self.generator_step(real, labels)
        self._last = (d_loss, g_loss, real_logits, fake_logits)

    def discriminator_step(self) -> tuple[torch.Tensor, ...]:
        """One D update; returns the real batch, its labels, D's loss and its logits."""
        c = self.context
        real, labels = c.batches.next()
        if c.num_classes is None:
            labels = None  # an unconditional model ignores the dataset's labels
        n = real.shape[0]
        # A penalty on interpolates between real and fake samples needs both to share labels.
        z, fake_labels = c.latent(n), labels if self._penalty is not None and labels is not None else c.fake_labels(n)
        if self.r1_gamma:
            real.requires_grad_(True)
        with c.autocast():
            if self._keep_fake:
                kept = call(c.generator, z, fake_labels)
                self._kept, fake = (kept, fake_labels), kept.detach()
            else:
                with torch.no_grad():
                    fake = call(c.generator, z, fake_labels)
            d_loss, real_logits, fake_logits = self.discriminator_loss(real, labels, fake, fake_labels)
        if self._penalty is not None:
            d_loss = d_loss + self._penalty(lambda x: logits(c.discriminator, x, labels), real.detach(), fake)
        if self.r1_gamma:
            (grad,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
            d_loss = d_loss + 0.5 * self.r1_gamma * grad.pow(2).flatten(1).sum(1).mean()
            real = real.detach()
        c.optimizer_d.zero_grad(set_to_none=True)
        d_loss.backward()
        c.optimizer_d.step()
        if self.weight_clip is not None:
            with torch.no_grad():
                for p in self._d_params:
                    p.clamp_(-self.weight_clip, self.weight_clip)
        return real, labels, d_loss, real_logits, fake_logits

    def generator_step(self, real: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
        """One G update through a frozen D, on the fakes kept from the last D update (or fresh ones
        when there are none); returns G's loss."""
        c = self.context
        for p in self._d_params:
            p.requires_grad_(False)
        kept, self._kept = self._kept, None
        with c.autocast():
            if kept is None:
                n = real.shape[0]
                z, fake_labels = c.latent(n), c.fake_labels(n)
                fake = call(c.generator, z, fake_labels)
            else:
                fake, fake_labels = kept
            g_loss = self.generator_loss(fake, fake_labels, real, labels)
        c.optimizer_g.zero_grad(set_to_none=True)
        g_loss.backward()
        c.optimizer_g.step()
        for p in self._d_params:
            p.requires_grad_(True)
        return g_loss

    def discriminator_loss(
        self, real: torch.Tensor, labels: torch.Tensor | None, fake: torch.Tensor, fake_labels: torch.Tensor | None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """D's loss on a real and a (detached) fake batch, with its real and fake logits; called under
        autocast. Override it to add terms computed from D's outputs, as ACGAN's class loss is."""
        c = self.context
        real_logits = logits(c.discriminator, real, labels)
        fake_logits = logits(c.discriminator, fake, fake_labels)
        return c.loss.discriminator_loss(real_logits, fake_logits), real_logits, fake_logits

    def generator_loss(
        self, fake: torch.Tensor, fake_labels: torch.Tensor | None, real: torch.Tensor, labels: torch.Tensor | None
    ) -> torch.Tensor:
        """G's loss on its fake batch, through the frozen D (``discriminator_module``); called under
        autocast. Override it to add terms, as for :meth:`discriminator_loss`."""
        c = self.context
        fake_logits = logits(c.discriminator_module, fake, fake_labels)
        real_logits = logits(c.discriminator_module, real, labels) if self._needs_real else None
        return c.loss.generator_loss(fake_logits, real_logits)

    def logs(self) -> dict[str, float]:
        """The last step's losses, D's mean probabilities and its mean raw outputs (the critic's
        scores, for losses such as WGAN's that use no sigmoid); this waits for the device."""
        d_loss, g_loss, real_logits, fake_logits = (t.detach() for t in self._last)
        values = torch.stack([
            d_loss, g_loss, torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean(), real_logits.mean(), fake_logits.mean(),
        ])
        d, g, p_real, p_fake, real_score, fake_score = values.tolist()
        return {"d_loss": d, "g_loss": g, "d_real": p_real, "d_fake": p_fake, "real_score": real_score, "fake_score": fake_score}
