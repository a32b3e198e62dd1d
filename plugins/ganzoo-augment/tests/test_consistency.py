"""The bcr scheme: D's loss gains the weighted consistency penalties on real and fake images, its
transformation is the paper's flip and shift applied to every image, weights of 0 leave the
alternating scheme exactly, and a run trains, logs and resumes from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import torch

from ganzoo.plugins import load_zoo
from ganzoo.testing import build_scheme, check_resume

NARROW = {"width": 8}  # the tests check the scheme, not capacity


def projection_recipe(**options):
    recipe = load_zoo().registry.get("model", "cdcgan-projection").recipe
    return recipe.with_overrides(dataset="mnist-sample", architecture_options=NARROW, scheme="bcr", scheme_options=options)


def images(n: int, seed: int) -> torch.Tensor:
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def test_d_loss_adds_each_weighted_squared_gap_between_the_scores_of_images_and_their_transformed_copies():
    scheme = build_scheme(projection_recipe(real_weight=2.0, fake_weight=3.0))
    real, fake, labels = images(8, 0), images(8, 1), torch.arange(8) % 10
    scheme.discriminator.eval()  # spectral norm's power iteration then leaves D the same between calls
    noise = scheme.context.noise
    before = noise.get_state()
    loss, real_logits, fake_logits = scheme.discriminator_loss(real, labels, fake, labels)

    noise.set_state(before)
    D = scheme.discriminator
    real_gap = (D(scheme.transform(real, generator=noise), labels).reshape(-1) - real_logits).pow(2).mean()
    fake_gap = (D(scheme.transform(fake, generator=noise), labels).reshape(-1) - fake_logits).pow(2).mean()
    adversarial = scheme.context.loss.discriminator_loss(real_logits, fake_logits)
    assert real_gap > 0 and fake_gap > 0
    assert torch.allclose(loss, adversarial + 2.0 * real_gap + 3.0 * fake_gap)


def test_the_transformation_is_applied_to_every_image_not_adapted():
    scheme = build_scheme(projection_recipe(transforms="xflip"))
    batch = images(64, 2)
    moved = scheme.transform(batch, generator=torch.Generator().manual_seed(0))
    mirrored = torch.isclose(moved, batch.flip(-1), atol=1e-5).flatten(1).all(1)
    kept = torch.isclose(moved, batch, atol=1e-5).flatten(1).all(1)
    assert (mirrored | kept).all()  # a flip and nothing else
    assert 16 <= mirrored.sum() <= 48  # half the images, as the paper's flip, whatever D does


def test_weights_of_zero_train_exactly_as_the_alternating_scheme():
    plain = build_scheme(projection_recipe().with_overrides(scheme=None, scheme_options={}))
    unweighted = build_scheme(projection_recipe(real_weight=0.0, fake_weight=0.0))
    weighted = build_scheme(projection_recipe())
    for step in range(2):
        for scheme in (plain, unweighted, weighted):
            scheme.train_step(step, 2)

    def weights(scheme):
        return torch.cat([p.detach().flatten() for p in scheme.discriminator.parameters()])

    assert torch.equal(weights(plain), weights(unweighted))
    assert not torch.equal(weights(plain), weights(weighted))


def test_a_bcr_run_stops_and_resumes_exactly():
    check_resume(projection_recipe(), steps=6, batch_size=8)


def test_bcr_trains_from_the_command_line_and_logs_its_penalty(ganzoo_cli, tmp_path):
    ganzoo_cli("train", "dcgan", "--dataset", "mnist-sample", "--steps", "3", "--batch-size", "16", "--out", tmp_path / "run",
               "--set", "scheme=bcr", "--set", "scheme_options.transforms=xint", "--set", "log_every=1",
               "--set", 'architecture_options={"width": 8}')
    logged = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert len(logged) == 3 and all(entry["consistency"] > 0 for entry in logged)
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert config["parts"]["scheme"]["distribution"] == "ganzoo-augment"


def test_a_negative_weight_is_one_line():
    command = [sys.executable, "-m", "ganzoo", "train", "dcgan", "--dataset", "mnist-sample", "--steps", "1",
               "--set", "scheme=bcr", "--set", "scheme_options.fake_weight=-1"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip() == "error: real_weight and fake_weight must be zero or positive, got 10.0 and -1"
