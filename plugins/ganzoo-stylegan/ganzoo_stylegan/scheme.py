"""The ``stylegan2`` training scheme (Karras et al. 2020): the alternating GAN with style mixing,
lazy R1 on D, lazy path-length regularisation on G, and truncation in W at sampling.

Each step, as in the core's alternating scheme, D takes ``n_critic`` updates of the recipe's
loss (the paper's non-saturating logistic loss), then G one update on the fakes of the last D
update. Besides:

- every fake batch, in D's updates and in the path-length update, mixes styles with probability
  ``style_mixing``: a second latent batch drives the layers from a crossover drawn uniformly from
  1 to (layers − 1), for the whole batch; and each moves the average w̄ (kept for truncation);
- every ``r1_interval``-th D update (counted from 0) is followed by an update of D on
  r1_interval · γ/2 · E‖∇D(x)‖², on the same real batch;
- every ``pl_interval``-th G update is followed by an update of G on
  pl_interval · pl_weight · E(‖J_wᵀ y‖ − a)², on a batch of N / ``pl_batch_shrink`` fresh fakes,
  where a ← a + pl_decay · (mean length − a) first. a is training state: saved with each
  checkpoint, so that a resumed run continues bit for bit. Under ``torchrun`` the mean length is
  averaged over the processes, which keep one a. a enters the penalty as a constant, as the paper
  describes it (the authors' code lets 1% of its gradient through the fresh mean);
- both optimisers get the lazy corrections of rate and betas
  (:func:`ganzoo_stylegan.regularisation.lazy_optimizer_settings`) while their regulariser is on.

Sampling: ``ganzoo sample RUN --option psi=0.7`` (or ``--truncation 0.7``) draws w̄ + ψ(w − w̄)
(ψ = 1, the default, is no truncation), with each noise input at its fixed draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from ganzoo import LATENT, GanzooError, IncompatibleParts
from ganzoo.training.alternating import AlternatingScheme, DiscriminatorStep, logits
from ganzoo.training.scheme import SchemeContext, StateValue
from ganzoo_stylegan.generator import Generator, Mixing
from ganzoo_stylegan.modulated import CONST
from ganzoo_stylegan.regularisation import lazy_optimizer_settings, path_length_direction, path_lengths, r1_penalty

PL_MEAN = "pl_mean"
PSI, TRUNCATION = "psi", "truncation"  # ganzoo's --truncation is ψ here


def _check(name: str, value: object, *, low: float, high: float = math.inf, whole: bool = False) -> None:
    kinds = (int,) if whole else (int, float)
    if not isinstance(value, kinds) or isinstance(value, bool) or not low <= value <= high:
        span = f"at least {low}" if high == math.inf else f"from {low} to {high}"
        raise GanzooError(f"the stylegan2 scheme's {name} must be a {'whole ' if whole else ''}number {span}, got {value!r}")


def chosen_psi(options: Mapping[str, Any]) -> float:
    """ψ from ``--option psi=...`` or ``--truncation``: any finite number (0 gives w̄, 1, the
    default, no truncation, beyond 1 exaggerates)."""
    given = {options[name] for name in (PSI, TRUNCATION) if options.get(name) is not None}
    if len(given) > 1:
        raise GanzooError(f"--truncation and --option psi are the same ψ here; give one, not {sorted(given)}")
    value = given.pop() if given else 1.0
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise GanzooError(f"--option psi must be a finite number (1 is no truncation, 0.7 a common choice), got {value!r}")
    return float(value)


class StyleGAN2(AlternatingScheme):
    """Options: ``r1_gamma`` (γ, 10), ``r1_interval`` (16), ``pl_weight`` (2), ``pl_interval`` (4),
    ``pl_decay`` (0.01), ``pl_batch_shrink`` (2), ``style_mixing`` (0.9), and the alternating
    scheme's others (``generator_optimizer`` and ``discriminator_optimizer`` before the lazy
    corrections, ``augment`` for ADA or DiffAugment); ``r1_gamma`` replaces its non-lazy R1."""

    eager = ("generator", "discriminator")  # the penalties differentiate through both twice
    sampling_options = {
        PSI: "truncation in W: w̄ + ψ(w − w̄); 1 (default) is none, 0 gives the average image, 0.7 is common",
        TRUNCATION: "the same ψ, as --truncation gives it (the latent noise itself is then not truncated)",
    }

    def __init__(self, context: SchemeContext, r1_gamma: float = 10.0, r1_interval: int = 16, pl_weight: float = 2.0,
                 pl_interval: int = 4, pl_decay: float = 0.01, pl_batch_shrink: int = 2, style_mixing: float = 0.9,
                 generator_optimizer: Mapping[str, Any] | None = None,
                 discriminator_optimizer: Mapping[str, Any] | None = None, **options: Any) -> None:
        for name, value in (("r1_gamma", r1_gamma), ("pl_weight", pl_weight)):
            _check(name, value, low=0)
        for name, value in (("r1_interval", r1_interval), ("pl_interval", pl_interval), ("pl_batch_shrink", pl_batch_shrink)):
            _check(name, value, low=1, whole=True)
        _check("pl_decay", pl_decay, low=0, high=1)
        _check("style_mixing", style_mixing, low=0, high=1)
        recipe = context.recipe
        settings_g = {"lr": recipe.lr_g, "betas": recipe.betas, **(generator_optimizer or {})}
        settings_d = {"lr": recipe.lr_d, "betas": recipe.betas, **(discriminator_optimizer or {})}
        super().__init__(
            context, **options,
            generator_optimizer=lazy_optimizer_settings(settings_g, pl_interval) if pl_weight else settings_g,
            discriminator_optimizer=lazy_optimizer_settings(settings_d, r1_interval) if r1_gamma else settings_d,
        )
        if not isinstance(self.networks.generator, Generator) or self.networks.condition is not None:
            raise IncompatibleParts(f"the stylegan2 scheme trains a style-based generator of latent noise; architecture"
                                    f" {recipe.architecture!r} is not one: pick stylegan2")
        self.r1 = (float(r1_gamma), r1_interval)
        self.path_length = (float(pl_weight), pl_interval, float(pl_decay), pl_batch_shrink)
        self.style_mixing = float(style_mixing)
        self.pl_mean = torch.zeros((), device=context.device)
        self._penalties = {"r1_penalty": torch.zeros((), device=context.device),
                           "pl_penalty": torch.zeros((), device=context.device)}

    def mixing(self, latent: torch.Tensor) -> Mixing:
        """A second latent batch and the crossover: a layer from 1 to num_ws − 1 with probability
        ``style_mixing``, else num_ws (no mixing), drawn on the device without waiting for it."""
        c, layers = self.context, self.networks.generator.num_ws
        crossover = torch.randint(1, layers, (), generator=c.noise, device=c.device)
        mixed = torch.rand((), generator=c.noise, device=c.device) < self.style_mixing
        return Mixing(c.latent(latent.shape[0]), torch.where(mixed, crossover, torch.full_like(crossover, layers)))

    def fake(self, module: nn.Module, first: torch.Tensor, condition: torch.Tensor | None) -> torch.Tensor:
        return module(first, mixing=self.mixing(first), track=True, clip=False)

    def train_step(self, step: int, total_steps: int) -> None:
        n_critic = self.context.recipe.n_critic
        for i in range(n_critic):
            last = self.discriminator_step(keep_fake=i == n_critic - 1)
            if self.r1[0] and (step * n_critic + i) % self.r1[1] == 0:
                self.r1_step(last)
        g_loss = self.generator_step(last)
        if self.path_length[0] and step % self.path_length[1] == 0:
            self.path_length_step(last.real.shape[0])
        self._last = (last.loss, g_loss, last.real_logits, last.fake_logits)

    def r1_step(self, last: DiscriminatorStep) -> None:
        """D's lazy R1 update on the real batch of its last update."""
        gamma, interval = self.r1
        real = last.real.detach().requires_grad_(True)
        with self.context.autocast():
            real_logits = logits(self.discriminator, real, last.condition)
        penalty = r1_penalty(self.context.input_gradient(real_logits, real)).mean()
        self.context.update(penalty * (gamma / 2 * interval), self.optimizer_d)
        self._penalties["r1_penalty"] = penalty.detach()

    def path_length_step(self, batch_size: int) -> None:
        """G's lazy path-length update on fresh fakes; moves the mean length a first."""
        c = self.context
        weight, interval, decay, shrink = self.path_length
        latent = c.latent(max(1, batch_size // shrink))
        with c.autocast():
            images, ws = self.generator(latent, mixing=self.mixing(latent), track=True, clip=False, return_ws=True)
        lengths = path_lengths(c.input_gradient(images.float() * path_length_direction(images, c.noise), ws))
        self.pl_mean = self.pl_mean.lerp(c.mean_over_processes(lengths.detach().mean()), decay)
        penalty = (lengths - self.pl_mean).square().mean()
        c.update(penalty * (weight * interval), self.optimizer_g)
        self._penalties["pl_penalty"] = penalty.detach()

    def logs(self) -> dict[str, float]:
        """The alternating scheme's values, the last R1 and path-length penalties (before their
        weights) and the mean path length a."""
        names = list(self._penalties)
        values = torch.stack([self._penalties[name] for name in names] + [self.pl_mean]).tolist()
        return {**super().logs(), **dict(zip(names, values[:-1])), PL_MEAN: values[-1]}

    def state_dict(self) -> dict[str, StateValue]:
        """The mean path length a, and the last penalties (logged until they are next measured)."""
        return {**super().state_dict(), PL_MEAN: self.pl_mean, **self._penalties}

    def load_state_dict(self, state: Mapping[str, StateValue]) -> None:
        own = {PL_MEAN, *self._penalties}
        if not own <= set(state):
            raise GanzooError(f"a stylegan2 checkpoint holds {', '.join(sorted(own))}; this one lacks"
                              f" {', '.join(sorted(own - set(state)))}")
        self.pl_mean = state[PL_MEAN].to(self.context.device)
        self._penalties = {name: state[name] for name in self._penalties}
        super().load_state_dict({key: value for key, value in state.items() if key not in own})

    def generate(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module], **options: Any) -> torch.Tensor:
        """Samples truncated by ψ, with the noise inputs fixed (and clipped to the data's range)."""
        return modules["generator"](inputs[LATENT], psi=chosen_psi(options), noise=CONST)
