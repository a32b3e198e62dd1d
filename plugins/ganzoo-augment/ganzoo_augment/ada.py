"""ADA, adaptive discriminator augmentation (Karras et al. 2020): the transformations of
:mod:`ganzoo_augment.ada_pipeline`, each applied with a probability p that follows D.

After every ``interval`` D steps (4 in the paper), r = E[sign(D(x))] over the real images D saw
since the last adjustment measures how sure D is of them: above ``target`` (0.6) D is
overfitting and p rises, below it p falls, by as much as lets p go from 0 to 1 in
``ramp_images`` real images (the paper's 500,000, for runs of tens of millions of images; scale it
to the run: a tenth of the real images it shows D is a sound start), clamped to [0, 1]. With
``target`` null, p stays at the given ``p``. p and its counters are saved in checkpoints, so a
resumed run goes on as if it had never stopped. Under ``torchrun`` the processes average r, so p
stays alike; ``ramp_images`` then counts one process's images.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import torch

from ganzoo import Augmentation, DataSpec
from ganzoo_augment.ada_pipeline import Draws, transform_colour, transform_geometry
from ganzoo_augment.images import Centring, check_images
from ganzoo_augment.names import ADA_TRANSFORMS, parse_names


class AdaptiveAugmentation(Augmentation):
    def __init__(self, spec: DataSpec, target: float | None = 0.6, interval: int = 4, ramp_images: int = 500_000,
                 p: float = 0.0, transforms: str = ",".join(ADA_TRANSFORMS)) -> None:
        check_images(spec, "ada")
        if target is not None and not 0 < target < 1:
            raise ValueError(f"target must lie between 0 and 1, got {target!r}")
        if not (isinstance(interval, int) and interval >= 1 and isinstance(ramp_images, int) and ramp_images >= 1):
            raise ValueError(f"interval and ramp_images must be whole numbers ≥ 1, got {interval!r} and {ramp_images!r}")
        if not 0 <= p <= 1:
            raise ValueError(f"p must be a probability from 0 to 1, got {p!r}")
        self.target, self.interval, self.ramp_images = target, interval, ramp_images
        self.transforms = parse_names("transforms", transforms, ADA_TRANSFORMS)
        self.centring = Centring(spec.value_range)
        self.p = torch.tensor(float(p))
        self.signs = torch.zeros(())  # the sum of sign(D(x)) since the last adjustment
        self.seen = 0  # the real images they were measured on
        self.steps = 0  # D steps observed since the last adjustment
        self.last_r = torch.zeros(())  # the last r measured

    def __call__(self, images: torch.Tensor, *, generator: torch.Generator) -> torch.Tensor:
        draws = Draws(images.shape[0], generator, images.device)
        p = self.p.to(images.device)
        centred = transform_geometry(self.centring.centre(images), self.transforms, draws, p)
        return self.centring.restore(transform_colour(centred, self.transforms, draws, p))

    def observe(self, real_logits: torch.Tensor, *, mean_over_processes: Callable[[torch.Tensor], torch.Tensor]) -> None:
        if self.target is None:
            return
        self.signs = self.signs.to(real_logits.device) + real_logits.sign().sum()
        self.seen += real_logits.numel()
        self.steps += 1
        if self.steps == self.interval:
            self.last_r = mean_over_processes(self.signs / self.seen)
            step = torch.sign(self.last_r - self.target) * (self.seen / self.ramp_images)
            self.p = (self.p.to(step.device) + step).clamp(0, 1)
            self.signs, self.seen, self.steps = torch.zeros_like(self.signs), 0, 0

    def state_dict(self) -> dict[str, Any]:
        return {"p": self.p, "signs": self.signs, "last_r": self.last_r, "seen": self.seen, "steps": self.steps}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.p, self.signs, self.last_r = state["p"], state["signs"], state["last_r"]
        self.seen, self.steps = int(state["seen"]), int(state["steps"])

    def logs(self) -> dict[str, float]:
        """``ada_p``, the probability, and ``ada_r``, the last r measured (0 before the first)."""
        p, r = torch.stack([self.p.float(), self.last_r.to(self.p.device).float()]).tolist()
        return {"ada_p": p, "ada_r": r}
