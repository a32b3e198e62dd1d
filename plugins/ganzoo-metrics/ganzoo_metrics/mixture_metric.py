"""``mode-coverage``: the mode-collapse metrics of PacGAN and VEEGAN on the 2-D mixtures.

By their definition they use 2,500 generated samples whatever ``--n`` says (``n_used`` records
it). The ``_floor`` values are the same metrics for 2,500 samples of the true mixture (drawn with
the same seed): about 98.9% high quality (see :mod:`ganzoo_metrics.modes`), every mode covered, and
a reverse KL of about (K − 1) / (2 · 2,500), the bias of a histogram of that many samples.
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo import DataSpec, GanzooError, SampledData
from ganzoo.evaluation import EvaluationContext
from ganzoo_toy.mixtures import GRID25, RING8

from ganzoo_metrics.modes import THRESHOLD_STDS, ModeCoverage, mode_coverage
from ganzoo_metrics.names import dataset_name

MIXTURES = {"ring8": RING8, "grid25": GRID25}
SAMPLES = 2_500


class ModeCoverageMetric:
    version = "1"

    def applies_to(self, dataset: str, spec: DataSpec) -> bool:
        return dataset_name(dataset) in MIXTURES and spec.shape == (2,)

    def evaluate(self, context: EvaluationContext) -> dict[str, Any]:
        name = dataset_name(context.dataset)
        if name not in MIXTURES:
            raise GanzooError(f"mode-coverage measures {' and '.join(MIXTURES)}, not {context.dataset!r}")
        mixture = MIXTURES[name]
        means = torch.tensor(mixture.means, dtype=torch.float64)
        generated, _ = context.generate(SAMPLES)
        real = context.real("train")
        if not isinstance(real, SampledData):
            raise GanzooError(f"dataset {context.dataset!r} should be drawn on the fly")
        true, _ = real.draw(SAMPLES, torch.Generator().manual_seed(context.seed), torch.device("cpu"))
        return {
            **_values(mode_coverage(generated, means, mixture.std), ""),
            **_values(mode_coverage(true.cpu(), means, mixture.std), "_floor"),
            "num_modes": mixture.num_modes,
            "threshold_std": THRESHOLD_STDS,
            "n_used": SAMPLES,
            "seed": context.seed,
        }


def _values(coverage: ModeCoverage, suffix: str) -> dict[str, Any]:
    return {
        f"modes_covered{suffix}": coverage.modes_covered,
        f"high_quality_percent{suffix}": coverage.high_quality_percent,
        f"reverse_kl{suffix}": coverage.reverse_kl,
    }
