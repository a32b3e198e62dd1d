"""The pix2pix scheme: its losses, stepped by hand, and the model end to end on tiny pairs."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn.functional import softplus

from ganzoo import IncompatibleParts
from ganzoo.testing import build_scheme
from ganzoo_translation.pix2pix import Pix2Pix


def generator_gradients(scheme) -> dict[str, torch.Tensor]:
    return {name: p.grad.clone() for name, p in scheme.modules["generator"].named_parameters()}


def test_the_l1_term_reaches_the_generator(pix2pix_recipe, zoo, paired_data):
    grads = {}
    for weight in (0.0, 100.0):
        scheme = build_scheme(pix2pix_recipe(scheme_options={"l1_weight": weight}), zoo=zoo, batch_size=4)
        assert isinstance(scheme, Pix2Pix)
        scheme.train_step(0, 10)
        grads[weight] = generator_gradients(scheme)
        assert scheme.logs()["l1"] > 0
    assert any(not torch.allclose(grads[0.0][name], grads[100.0][name]) for name in grads[0.0])


def test_the_generators_loss_is_the_patch_cross_entropy_plus_lambda_times_l1(pix2pix_recipe, zoo, paired_data):
    scheme = build_scheme(pix2pix_recipe(), zoo=zoo, batch_size=4)
    real, inputs = paired_data.samples[:4], paired_data.fields["input"][:4]
    fake = torch.rand_like(real) * 2 - 1
    d = scheme.modules["discriminator"]
    with torch.no_grad():
        loss = scheme.generator_loss(fake, inputs, real, inputs)
        patches = d(fake, inputs, patches=True)
    assert patches.shape[-2:] == (26, 26)  # 7×7 patches of a 28 px image
    expected = softplus(-patches).mean() + 100.0 * (fake - real).abs().mean()
    assert torch.allclose(loss, expected)


def test_the_discriminators_loss_is_halved_and_averaged_over_patches(pix2pix_recipe, zoo, paired_data):
    scheme = build_scheme(pix2pix_recipe(), zoo=zoo, batch_size=4)
    real, inputs = paired_data.samples[:4], paired_data.fields["input"][:4]
    fake = torch.rand_like(real) * 2 - 1
    d = scheme.modules["discriminator"]
    with torch.no_grad():
        loss, real_logits, fake_logits = scheme.discriminator_loss(real, inputs, fake, inputs)
        expected = 0.5 * (softplus(-d(real, inputs, patches=True)).mean() + softplus(d(fake, inputs, patches=True)).mean())
    assert real_logits.numel() == 4 * 26 * 26  # every patch's logit, not one per image
    assert torch.allclose(loss, expected)


def test_the_discriminator_judges_output_input_pairs(pix2pix_recipe, zoo, paired_data):
    scheme = build_scheme(pix2pix_recipe(), zoo=zoo, batch_size=4)
    assert scheme.modules["discriminator"].body[0].in_channels == 2  # the image and the input, stacked
    assert (scheme.networks.generator_input, scheme.networks.condition) == ("input", "input")


def test_a_latent_generator_is_refused(pix2pix_recipe, zoo, paired_data):
    with pytest.raises(IncompatibleParts, match="translates an image"):
        build_scheme(pix2pix_recipe(architecture="dcgan", architecture_options={}), zoo=zoo, batch_size=4)


def test_the_rate_can_decay_as_the_authors_code_does(pix2pix_recipe, zoo, paired_data):
    scheme = build_scheme(pix2pix_recipe(scheme_options={"decay_from": 0.5}), zoo=zoo, batch_size=4)
    rates = []
    for step in (0, 4, 5, 8):
        scheme.train_step(step, 10)
        rates.append(scheme.optimizer_g.param_groups[0]["lr"])
    assert rates == pytest.approx([2e-4, 2e-4, 2e-4, 2e-4 * 0.4])


def test_pix2pix_trains_end_to_end_and_translates_a_folder(pix2pix_recipe, paired_data, trains, translate, tmp_path):
    run_dir = tmp_path / "run"
    exported = trains(pix2pix_recipe(), run_dir)
    assert list(exported.inputs) == ["input"]
    logged = (run_dir / "metrics.jsonl").read_text()
    assert '"l1"' in logged and '"d_loss"' in logged
    inputs = paired_data.fields["input"][:3]
    outputs = translate(run_dir, inputs)
    assert all(o.shape == (28, 28) for o in outputs)
    assert not np.array_equal(outputs[0], outputs[1])  # each output follows its own input
    # the files hold what the exported generator makes of the same images (to the nearest grey level)
    expected = ((exported.generate({"input": inputs})[:, 0] + 1) * 127.5).round().numpy()
    assert max(np.abs(o.astype(float) - e).max() for o, e in zip(outputs, expected)) <= 1
