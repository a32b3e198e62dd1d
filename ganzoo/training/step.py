"""The alternating update of the classic GAN.

One call of :meth:`AlternatingUpdate.step` is one generator step: ``n_critic`` discriminator updates,
each on a fresh real batch and a fake batch drawn with G frozen (no graph through G), then one
generator update through a frozen D (D's weights get no gradients). Nothing here waits for the device;
the last step's values are read only when :meth:`logs` is called.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import torch
from torch import nn

from ganzoo.parts import Loss, Sampler
from ganzoo.training.batches import Batches


@dataclass
class AlternatingUpdate:
    generator: nn.Module
    discriminator: nn.Module
    optimizer_g: torch.optim.Optimizer
    optimizer_d: torch.optim.Optimizer
    loss: Loss
    sampler: Sampler
    batches: Batches
    latent_dim: int
    n_critic: int
    noise: torch.Generator
    autocast: Callable[[], AbstractContextManager[object]]
    device: torch.device
    # The networks as the forward passes call them; under DDP these are the wrapped modules, and D
    # is called unwrapped in G's update so that its frozen weights never enter a gradient reduction.
    discriminator_for_g: nn.Module | None = None

    def __post_init__(self) -> None:
        self._d_params = [p for p in self.discriminator.parameters() if p.requires_grad]
        self._needs_real = getattr(self.loss, "needs_real_logits_for_generator", False)
        self._last: tuple[torch.Tensor, ...] = ()

    def _latent(self, n: int) -> torch.Tensor:
        return self.sampler(n, self.latent_dim, generator=self.noise, device=self.device)

    def step(self) -> None:
        for _ in range(self.n_critic):
            real, _labels = self.batches.next()
            z = self._latent(real.shape[0])
            with self.autocast():
                with torch.no_grad():
                    fake = self.generator(z)
                real_logits = self.discriminator(real).view(-1).float()
                fake_logits = self.discriminator(fake).view(-1).float()
                d_loss = self.loss.discriminator_loss(real_logits, fake_logits)
            self.optimizer_d.zero_grad(set_to_none=True)
            d_loss.backward()
            self.optimizer_d.step()

        for p in self._d_params:
            p.requires_grad_(False)
        d_for_g = self.discriminator_for_g or self.discriminator
        z = self._latent(real.shape[0])
        with self.autocast():
            g_fake_logits = d_for_g(self.generator(z)).view(-1).float()
            real_for_g = d_for_g(real).view(-1).float() if self._needs_real else None
            g_loss = self.loss.generator_loss(g_fake_logits, real_for_g)
        self.optimizer_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.optimizer_g.step()
        for p in self._d_params:
            p.requires_grad_(True)
        self._last = (d_loss, g_loss, real_logits, fake_logits)

    def logs(self) -> dict[str, float]:
        """The last step's losses and D's mean probabilities; this waits for the device."""
        d_loss, g_loss, real_logits, fake_logits = (t.detach() for t in self._last)
        values = torch.stack([d_loss, g_loss, torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean()])
        d, g, p_real, p_fake = values.tolist()
        return {"d_loss": d, "g_loss": g, "d_real": p_real, "d_fake": p_fake}
