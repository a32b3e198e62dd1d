"""Stacked MNIST: three MNIST digits, each picked uniformly at random, as the three channels of one
image (Metz et al. 2017, "Unrolled generative adversarial networks", section 3.3; used again by
VEEGAN and PacGAN). Its label, and its *mode*, is d₀·100 + d₁·10 + d₂ for the digits d₀, d₁, d₂ of
channels 0, 1 and 2, so there are 1,000 modes of equal weight.

It is drawn on the fly (a :class:`ganzoo.SampledData`) rather than stored: a fixed set of N
stacks would fix N of the 60,000³ possible ones (or 5,000³ from the shipped sample) and weight the
modes by chance, whereas fresh draws give every training batch new stacks and every mode exactly
1/1,000. The digits are ``mnist``'s of the same split, so without the full MNIST the train split is
built from ganzoo-mnist's 5,000-digit sample (with its warning), and there is no test split.
"""

from __future__ import annotations

from pathlib import Path

import torch

from ganzoo import LABEL, SAMPLE, DataSpec, SampledData
from ganzoo_mnist.datasets import mnist

SPEC = DataSpec(shape=(3, 28, 28), value_range=(-1.0, 1.0), num_classes=1_000)


def stacked_mnist(data_dir: Path | None = None, split: str = "train") -> SampledData:
    digits = mnist(data_dir=data_dir, split=split)  # kept as bytes; only the digits drawn become floats
    assert digits.labels is not None

    def draw(n: int, generator: torch.Generator, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        picks = torch.randint(len(digits), (n, 3), generator=generator, device=generator.device).cpu()
        rows = digits.rows(picks.flatten())
        stacks = rows[SAMPLE].view(n, 3, *SPEC.shape[1:])  # (3n, 1, 28, 28) → (n, 3, 28, 28)
        modes = rows[LABEL].view(n, 3) @ torch.tensor([100, 10, 1])
        return stacks.to(device), modes.to(device)

    return SampledData(draw=draw, spec=SPEC, source=f"stacks of three random digits from {digits.source}")
