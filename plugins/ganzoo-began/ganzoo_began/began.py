"""BEGAN (Berthelot, Schumm and Metz 2017, "BEGAN: Boundary Equilibrium Generative Adversarial
Networks").

With L(v) the discriminator's energy of v (its mean absolute reconstruction error, the paper's
η = 1), each step

    D minimises  L_D = L(x) − k_t · L(G(z_D))
    G minimises  L_G = L(G(z_G))
    k_{t+1}    = clip(k_t + λ_k · (γ·L(x) − L(G(z_G))), 0, 1)          (λ_k = 0.001, γ = 0.5, k_0 = 0)
    M_global   = L(x) + |γ·L(x) − L(G(z_G))|

where each L is a mean over the step's batch, L(G(z_G)) is measured in G's update (after D's), and
under ``torchrun`` the two means that move k_t are averaged over the processes first, so that every
process keeps the same k_t. k_t is training state: it is saved with every checkpoint, as a tensor,
and a resumed run continues from it bit for bit.

The rates are halved when M stalls (:mod:`ganzoo_began.stall`), every ``decay_window`` steps at
most; ``decay_window=None`` keeps them constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch

from ganzoo import GanzooError, SchemeContext
from ganzoo.training.schedule import learning_rate
from ganzoo_began.equilibrium import balance, convergence, next_k
from ganzoo_began.scheme import AutoencoderScheme
from ganzoo_began.stall import StallDecay

STATE = {"k", "lr_factor", "best_m", "window_m"}


class BEGAN(AutoencoderScheme):
    def __init__(self, context: SchemeContext, gamma: float = 0.5, lambda_k: float = 0.001, k_initial: float = 0.0,
                 decay_window: int | None = None) -> None:
        if not 0 < gamma <= 1:
            raise ValueError(f"gamma (the diversity ratio) must be in (0, 1], got {gamma}")
        if not lambda_k >= 0 or not 0 <= k_initial <= 1:
            raise ValueError(f"lambda_k must be zero or more and k_initial in [0, 1], got {lambda_k} and {k_initial}")
        super().__init__(context)
        self.gamma, self.lambda_k = gamma, lambda_k
        self.k = torch.tensor(float(k_initial), device=context.device)
        self.stall = StallDecay(decay_window, context.device)

    def set_rates(self, step: int, total_steps: int) -> None:
        """Each group's rate: its first rate under the recipe's schedule, times the stall factor."""
        for optimizer in self.optimizers.values():
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(group["initial_lr"], self.context.recipe.lr_schedule, step, total_steps) * self.stall.factor

    def train_step(self, step: int, total_steps: int) -> None:
        c = self.context
        self.set_rates(step, total_steps)
        real = self.real_batch()
        n = real.shape[0]
        with c.autocast():
            with torch.no_grad():
                fake = self.fakes(n)
            real_energy, fake_energy = self.energies(real, fake)
            l_real = real_energy.mean()
            d_loss = l_real - self.k * fake_energy.mean()
        c.update(d_loss, self.optimizer_d)

        with self.frozen_discriminator() as discriminator, c.autocast():
            g_loss = discriminator(self.fakes(n)).float().mean()
        c.update(g_loss, self.optimizer_g)

        l_real, l_fake = c.mean_over_processes(torch.stack([l_real.detach(), g_loss.detach()]))
        off_balance = balance(l_real, l_fake, self.gamma)
        measure = convergence(l_real, off_balance)
        self.k = next_k(self.k, off_balance, self.lambda_k)
        self.stall.observe(step, measure)
        self._last = {"d_loss": d_loss, "g_loss": g_loss, "l_real": l_real, "l_fake": l_fake, "k_t": self.k, "M": measure}

    def logs(self) -> dict[str, float]:
        return {**super().logs(), "lr_factor": self.stall.factor}

    def state_dict(self) -> dict[str, Any]:
        return {"k": self.k, **self.stall.state_dict()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        if set(state) != STATE:
            raise GanzooError(f"a began checkpoint holds {', '.join(sorted(STATE))}; this one holds {', '.join(sorted(state))}")
        self.k = state["k"]
        self.stall.load_state_dict(state)
