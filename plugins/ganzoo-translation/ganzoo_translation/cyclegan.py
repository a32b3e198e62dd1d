"""CycleGAN (Zhu et al. 2017, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks").

Two generators, G_AB: A → B and G_BA: B → A, and two discriminators, D_A (real images of A against
G_BA's) and D_B (real B against G_AB's), trained on unpaired images a and b. With the recipe's
adversarial loss ℓ (the paper's least squares: this plugin's ``cyclegan-lsgan``),

    G_AB, G_BA minimise  ℓ_G(D_B(G_AB(a))) + ℓ_G(D_A(G_BA(b)))
                         + λ · (‖G_BA(G_AB(a)) − a‖₁ + ‖G_AB(G_BA(b)) − b‖₁)              (cycle, λ = 10)
                         + λ_id · λ · (‖G_AB(b) − b‖₁ + ‖G_BA(a) − a‖₁)                      (identity, λ_id = 0.5)
    D_B minimises        d_loss_weight · ℓ_D(D_B(b), D_B(pool_B(G_AB(a))))                   (halved: 0.5)
    D_A minimises        d_loss_weight · ℓ_D(D_A(a), D_A(pool_A(G_BA(b))))

where each pool holds the last ``pool_size`` = 50 fakes of its domain (:mod:`ganzoo_translation.pool`),
and the PatchGAN's loss is averaged over its patches. One step is the authors' order: G's update
through the frozen discriminators, then D's on the same (pooled) fakes. One Adam trains both
generators and one both discriminators. The rates stay constant for the first half of the run and
then fall linearly to zero (``decay_from`` = 0.5; the paper's 100 + 100 epochs).

The data has two image fields: ``"a"`` (domain A) and ``"sample"`` (domain B). ``generate``
translates either way: ``direction="a2b"`` (the default) or ``"b2a"``; ``ganzoo sample RUN --input
FOLDER --option direction=b2a`` translates the user's images of B into A.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from ganzoo import DataSpec, Field, GanzooError, IncompatibleParts, Scheme
from ganzoo.parts import SAMPLE
from ganzoo.training.alternating import rescale
from ganzoo.training.scheme import SchemeContext
from ganzoo_translation.pix2pix import patch_logits, takes_patches
from ganzoo_translation.pool import ImagePool
from ganzoo_translation.schedule import check_decay_from, set_rates

DOMAIN_A = "a"
DIRECTIONS = ("a2b", "b2a")


def l1(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (x.float() - y.float()).abs().mean()


def swapped(spec: DataSpec, field: str) -> DataSpec:
    """The same data seen from domain B: ``field`` becomes the samples, the samples ``field``."""
    source = spec.fields[field]
    others = {name: f for name, f in spec.fields.items() if name != field}
    return DataSpec(source.shape, source.value_range, None, {**others, field: Field(spec.shape, spec.value_range)}, spec.metadata)


class CycleGAN(Scheme):
    averaged = ("g_ab", "g_ba")
    exported = ("g_ab", "g_ba")
    sampling_options = {"direction": "a2b (default: domain A's images into B's) or b2a (B's into A's)"}

    def __init__(self, context: SchemeContext, cycle_weight: float = 10.0, identity_weight: float = 0.5,
                 pool_size: int = 50, d_loss_weight: float = 0.5, decay_from: float | None = 0.5,
                 domain_a: str = DOMAIN_A) -> None:
        super().__init__(context)
        for name, value in (("cycle_weight", cycle_weight), ("identity_weight", identity_weight), ("pool_size", pool_size)):
            if value < 0:
                raise ValueError(f"{name} must be zero or more, got {value}")
        if not d_loss_weight > 0:
            raise ValueError(f"d_loss_weight must be positive, got {d_loss_weight}")
        spec = context.spec
        field = spec.fields.get(domain_a)
        if field is None or not field.is_image or not spec.is_image:
            raise IncompatibleParts(f"cyclegan translates between two image fields: {domain_a!r} (domain A) and 'sample'"
                                    f" (domain B); this data's fields are {', '.join(spec.all_fields())}")
        if identity_weight > 0 and field.shape != spec.shape:
            raise IncompatibleParts(f"the identity loss feeds each generator images of its own output domain, so both"
                                    f" domains must have the same shape ({field.describe()} ≠ {spec.describe()});"
                                    " set scheme_options.identity_weight=0")
        self.cycle_weight, self.identity_weight, self.d_loss_weight = cycle_weight, identity_weight, d_loss_weight
        self.decay_from = check_decay_from(decay_from)
        self.domain_a = domain_a
        forward = context.build_networks()
        backward = context.build_networks(spec=swapped(spec, domain_a))
        for networks in (forward, backward):
            if networks.generator_input != domain_a or networks.condition is not None:
                raise IncompatibleParts(
                    f"cyclegan needs a generator of {domain_a!r} and a discriminator of single images; architecture"
                    f" {context.recipe.architecture!r} gives G({networks.generator_input}) and D(x, {networks.condition})"
                )
        self.g_ab = self.add_module("g_ab", forward.generator)
        self.g_ba = self.add_module("g_ba", backward.generator)
        self.d_b = self.add_module("d_b", forward.discriminator)  # judges B: built for the samples
        self.d_a = self.add_module("d_a", backward.discriminator)
        recipe = context.recipe
        generators = [*forward.generator.parameters(), *backward.generator.parameters()]
        discriminators = [*forward.discriminator.parameters(), *backward.discriminator.parameters()]
        self.optimizer_g = self.add_optimizer("generators", context.optimizer(generators, lr=recipe.lr_g))
        self.optimizer_d = self.add_optimizer("discriminators", context.optimizer(discriminators, lr=recipe.lr_d))
        self.patches = takes_patches(forward.discriminator) and takes_patches(backward.discriminator)
        self.pool_a = ImagePool(pool_size, field.shape, context.device)
        self.pool_b = ImagePool(pool_size, spec.shape, context.device)
        self._last: dict[str, torch.Tensor] = {}
        self._factor = 1.0

    # --- training ---------------------------------------------------------------------------------

    def _logits(self, d: nn.Module, x: torch.Tensor) -> torch.Tensor:
        return patch_logits(d, x, None, self.patches)

    def generator_losses(self, real_a: torch.Tensor, real_b: torch.Tensor, g_ab: nn.Module, g_ba: nn.Module,
                         d_a: nn.Module, d_b: nn.Module) -> tuple[dict[str, torch.Tensor], torch.Tensor, torch.Tensor]:
        """Every term of the generators' loss by name (``g_loss`` their weighted sum), and the fakes
        of A and of B; called under autocast."""
        loss = self.context.loss
        fake_b, fake_a = g_ab(real_a), g_ba(real_b)
        terms = {
            "gan_ab": loss.generator_loss(self._logits(d_b, fake_b), None),
            "gan_ba": loss.generator_loss(self._logits(d_a, fake_a), None),
            "cycle_a": l1(g_ba(fake_b), real_a),
            "cycle_b": l1(g_ab(fake_a), real_b),
        }
        g_loss = terms["gan_ab"] + terms["gan_ba"] + self.cycle_weight * (terms["cycle_a"] + terms["cycle_b"])
        if self.identity_weight > 0:
            terms["identity_a"] = l1(g_ba(real_a), real_a)
            terms["identity_b"] = l1(g_ab(real_b), real_b)
            g_loss = g_loss + self.identity_weight * self.cycle_weight * (terms["identity_a"] + terms["identity_b"])
        return {**terms, "g_loss": g_loss}, fake_a, fake_b

    def train_step(self, step: int, total_steps: int) -> None:
        c = self.context
        self._factor = set_rates(self.optimizers.values(), c.recipe.lr_schedule, step, total_steps, self.decay_from)
        batch = c.next_batch()
        real_a, real_b = batch[self.domain_a], batch[SAMPLE]

        # G_AB and G_BA, through the frozen discriminators (the modules themselves: no gradient reduction)
        frozen = [self.modules["d_a"], self.modules["d_b"]]
        for d in frozen:
            d.requires_grad_(False)
        with c.autocast():
            terms, fake_a, fake_b = self.generator_losses(real_a, real_b, self.g_ab, self.g_ba, *frozen)
        c.update(terms["g_loss"], self.optimizer_g)
        for d in frozen:
            d.requires_grad_(True)

        # D_A and D_B, on the same fakes through their pools
        shown_b = self.pool_b.query(fake_b, c.noise)
        shown_a = self.pool_a.query(fake_a, c.noise)
        with c.autocast():
            d_b = c.loss.discriminator_loss(self._logits(self.d_b, real_b), self._logits(self.d_b, shown_b))
            d_a = c.loss.discriminator_loss(self._logits(self.d_a, real_a), self._logits(self.d_a, shown_a))
            d_loss = self.d_loss_weight * (d_a + d_b)
        c.update(d_loss, self.optimizer_d)
        self._last = {"d_a_loss": d_a, "d_b_loss": d_b, **terms}

    def logs(self) -> dict[str, float]:
        names = list(self._last)
        values = torch.stack([self._last[name].detach().float() for name in names]).tolist()
        return {**dict(zip(names, values)), "lr_factor": self._factor}

    def state_dict(self) -> dict[str, Any]:
        return {"pool_a": self.pool_a.images, "pool_a_count": self.pool_a.count,
                "pool_b": self.pool_b.images, "pool_b_count": self.pool_b.count}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        unknown = set(state) - {"pool_a", "pool_a_count", "pool_b", "pool_b_count"}
        if unknown:
            raise GanzooError(f"the checkpoint holds cyclegan state it does not know: {', '.join(sorted(unknown))}")
        self.pool_a.load_state_dict(state["pool_a"], state["pool_a_count"])
        self.pool_b.load_state_dict(state["pool_b"], state["pool_b_count"])

    # --- using it ---------------------------------------------------------------------------------

    def generator_inputs(self) -> dict[str, Field]:
        """An image of domain A: what ``--input`` reads. With ``direction="b2a"`` the same input is
        taken as an image of B (both domains have one shape unless the identity loss is off)."""
        return {self.domain_a: self.context.spec.fields[self.domain_a]}

    def generate(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module],
                 direction: str = "a2b", **options: Any) -> torch.Tensor:
        if direction not in DIRECTIONS:
            raise GanzooError(f"direction must be a2b or b2a, got {direction!r}")
        images = inputs[self.domain_a]
        spec = self.context.spec
        wanted = spec.fields[self.domain_a].shape if direction == "a2b" else spec.shape
        if tuple(images.shape[1:]) != tuple(wanted):
            raise GanzooError(f"{direction} takes images of {'×'.join(map(str, wanted))}, got {'×'.join(map(str, images.shape[1:]))}")
        return modules["g_ab" if direction == "a2b" else "g_ba"](images)

    def sample_panels(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module]) -> list[torch.Tensor]:
        """a | G_AB(a) | G_BA(G_AB(a)), then b | G_BA(b) | G_AB(G_BA(b)) when the targets are there."""
        spec = self.context.spec
        range_a, range_b = spec.fields[self.domain_a].value_range, spec.value_range
        a = inputs[self.domain_a]
        fake_b = modules["g_ab"](a)
        shown = [rescale(a, range_a, range_b), fake_b, rescale(modules["g_ba"](fake_b), range_a, range_b)]
        if SAMPLE in inputs:
            b = inputs[SAMPLE]
            fake_a = modules["g_ba"](b)
            shown += [b, rescale(fake_a, range_a, range_b), modules["g_ab"](fake_a)]
        return shown
