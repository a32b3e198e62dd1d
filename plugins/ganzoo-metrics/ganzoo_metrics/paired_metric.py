"""``paired-fidelity``: how close a paired model's outputs (pix2pix, super-resolution) are to the
targets of held-out pairs, beside the baseline papers print: bicubic upsampling for
super-resolution, the input itself for same-size pairs.

n = min(``--n``, pairs at hand) pairs are picked with the evaluation's seed from the dataset's test
split, or from its train split when it has none (then the result says "training pairs"). Outputs
are clamped to the data's value range, as they would be to be shown; every image is then mapped to
[0, 1] and scored by :mod:`ganzoo_metrics.fidelity`: ``l1``, ``psnr`` (dB) and ``ssim``, and the
same for the baseline as ``l1_identity`` or ``l1_bicubic`` and so on.
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo import SAMPLE, DataSpec, GanzooError
from ganzoo.evaluation import EvaluationContext

from ganzoo_metrics import baselines
from ganzoo_metrics.fidelity import fidelity, to_unit
from ganzoo_metrics.held_out import held_out, pick_rows
from ganzoo_metrics.tasks import pairing

DEFINITIONS = (
    "images mapped to [0, 1]; l1: mean absolute error; psnr: dB with data range 1, averaged per image;"
    " ssim: Wang et al. 2004 (11×11 Gaussian window, σ 1.5, K1 0.01, K2 0.03), averaged over channels and images"
)


class PairedFidelityMetric:
    version = "1"

    def applies_to(self, dataset: str, spec: DataSpec) -> bool:
        field = spec.fields.get(spec.metadata.get("input_field"))
        return pairing(spec) == "paired" and spec.is_image and field is not None and field.is_image

    def evaluate(self, context: EvaluationContext) -> dict[str, Any]:
        spec = context.spec
        if not self.applies_to(context.dataset, spec):
            raise GanzooError(f"paired-fidelity measures models trained on pairs of images (pix2pix, super-resolution), "
                              f"not on {context.dataset!r}")
        input_field = spec.metadata["input_field"]
        if input_field not in context.trained.inputs:
            raise GanzooError(f"paired-fidelity measures translations of {input_field!r}, which this generator does not take")
        held = held_out(context)
        pairs = pick_rows(held.data, context.n, torch.Generator().manual_seed(context.seed))
        given = {name: pairs[name] for name in context.trained.inputs if name in pairs}
        outputs = context.translate(given).clamp(*spec.value_range)
        targets = to_unit(pairs[spec.metadata.get("target_field", SAMPLE)], spec.value_range)
        measured_on = held.describe(context.dataset, len(targets), "pairs")
        values: dict[str, Any] = dict(fidelity(to_unit(outputs, spec.value_range), targets))
        note = f"on {measured_on}"
        found = baselines.baseline(spec, pairs[input_field])
        if found is not None:
            name, answers = found
            values |= {f"{key}_{name}": value for key, value in fidelity(answers, targets).items()}
            values["baseline"] = f"{name}: {baselines.DESCRIPTIONS[name]}"
            note += f"; *_{name}: {baselines.DESCRIPTIONS[name]}"
        return {**values, "n_used": len(targets), "seed": context.seed, "measured_on": measured_on,
                "definitions": DEFINITIONS, "note": note}
