"""How a run computes: mixed precision with loss scaling, channels-last images, compiled networks."""

from __future__ import annotations

import json

import pytest
import torch

from ganzoo.errors import GanzooError
from ganzoo.hookspecs import hookimpl
from ganzoo.plugins import load_zoo
from ganzoo.testing import check_resume
from ganzoo.training import build, distributed, trainer
from ganzoo.training.device import Acceleration, choose_precision
from ganzoo.training.precision import Precision
from ganzoo.training.trainer import TrainOptions, train


def linear_and_sgd(seed: int = 0) -> tuple[torch.nn.Linear, torch.optim.SGD]:
    torch.manual_seed(seed)
    module = torch.nn.Linear(3, 1)
    return module, torch.optim.SGD(module.parameters(), lr=0.1)


def test_a_scaled_update_takes_the_same_step_as_an_unscaled_one():
    inputs = torch.randn(5, 3, generator=torch.Generator().manual_seed(1))
    plain, plain_sgd = linear_and_sgd()
    scaled, scaled_sgd = linear_and_sgd()
    Precision("fp32").update(plain(inputs).pow(2).mean(), plain_sgd)
    Precision("fp16").update(scaled(inputs).pow(2).mean(), scaled_sgd)
    assert torch.equal(plain.weight, scaled.weight) and torch.equal(plain.bias, scaled.bias)


def test_an_overflowing_gradient_skips_the_step_and_lowers_the_scale():
    module, sgd = linear_and_sgd()
    before = module.weight.detach().clone()
    precision = Precision("fp16")
    scale = precision.state_dict()["scale"]
    precision.update(module(torch.full((1, 3), float("inf"))).sum(), sgd)
    assert torch.equal(module.weight, before)
    assert precision.state_dict()["scale"] == scale / 2


def test_the_input_gradient_of_a_penalty_is_unscaled():
    inputs = torch.randn(4, 3, requires_grad=True)
    module, _ = linear_and_sgd()
    expected = Precision("fp32").input_gradient(module(inputs).pow(2), inputs)
    got = Precision("fp16").input_gradient(module(inputs).pow(2), inputs)
    assert got.requires_grad
    torch.testing.assert_close(got, expected)


def test_auto_precision_is_float32_on_a_cpu_and_fp16_needs_a_gpu():
    cpu = torch.device("cpu")
    assert choose_precision("auto", cpu).name == "fp32"
    assert choose_precision("bf16", cpu).name == "bf16-mixed"
    with pytest.raises(GanzooError, match="fp16 needs a CUDA GPU"):
        choose_precision("fp16", cpu)
    with pytest.raises(GanzooError, match="unknown precision 'half'; use auto, fp32, bf16, fp16"):
        Acceleration(precision="half")


def test_an_impossible_precision_is_one_line_and_no_run(cli, tmp_path):
    result = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--precision", "fp16", "--device", "cpu", "--steps", "2",
                 "--out", str(tmp_path / "run"))
    assert result.returncode != 0
    assert result.stderr.strip() == "error: --precision fp16 needs a CUDA GPU, and this run computes on cpu; use fp32"
    assert not (tmp_path / "run" / "checkpoint.safetensors").exists()


def restless_fp16(requested: str, device: torch.device) -> Precision:
    """fp16 (whose autocast runs on a CPU too, slowly) with a scale that starts too high and grows
    after every good step, so that it changes, and steps are skipped, all through a short run."""
    precision = Precision("fp16", device.type)
    precision.scaler = torch.amp.GradScaler(device.type, init_scale=2.0**24, growth_interval=1)
    return precision


def test_the_loss_scale_of_an_fp16_run_resumes_exactly(monkeypatch):
    monkeypatch.setattr(trainer, "choose_precision", restless_fp16)
    check_resume("vanilla-mlp", dataset="mnist-sample", steps=6, architecture_options={"hidden": 16})


class Looker:
    """Keeps what the run's first batch and D's first convolution look like (of three channels: in
    one, both memory orders are the same)."""

    @hookimpl
    def ganzoo_train_start(self, run):
        self.weight = run.scheme.modules["discriminator"].features[0].weight
        self.batch = run.scheme.context.next_batch()["sample"]


def test_channels_last_stores_image_batches_and_conv_weights_in_that_order(tmp_path):
    looker = Looker()
    zoo = load_zoo(extra=[("looker", looker)])
    recipe = zoo.registry.get("model", "dcgan").recipe.with_overrides(
        dataset="stacked-mnist", steps=2, batch_size=8, architecture_options={"width": 8}, sample_every=3)
    train(zoo, recipe, TrainOptions(tmp_path / "run", device="cpu", progress=False, acceleration=Acceleration(channels_last=True)))
    assert looker.weight.is_contiguous(memory_format=torch.channels_last) and not looker.weight.is_contiguous()
    assert looker.batch.is_contiguous(memory_format=torch.channels_last) and not looker.batch.is_contiguous()
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert (config["channels_last"], config["compiled"], config["precision"]) == (True, False, "fp32")


def test_a_channels_last_run_resumes_exactly():
    check_resume("dcgan", dataset="mnist-sample", steps=4, architecture_options={"width": 8},
                 acceleration=Acceleration(channels_last=True))


def test_a_compiled_run_trains_and_resumes_exactly():
    check_resume("vanilla-mlp", dataset="mnist-sample", steps=4, architecture_options={"hidden": 16},
                 acceleration=Acceleration(compile=True))


def compiled_scheme(model: str, **changes):
    """The training scheme of ``model`` on the shipped digits, built as a compiled run builds it."""
    zoo = load_zoo()
    recipe = zoo.registry.get("model", model).recipe.with_overrides(dataset="mnist-sample", batch_size=8, **changes)
    parts = build.ResolvedParts.lookup(zoo.registry, recipe)
    data = build.build_data(parts.dataset, recipe, None)
    return trainer.build_training_state(recipe, parts, data, torch.device("cpu"), distributed.Topology(),
                                        Acceleration(compile=True)).scheme


def test_compiling_wraps_the_networks_a_step_calls_and_saves_the_plain_ones():
    scheme = compiled_scheme("vanilla-mlp")
    compiled = torch._dynamo.eval_frame.OptimizedModule
    assert isinstance(scheme.generator, compiled) and isinstance(scheme.frozen_discriminator, compiled)
    assert not any(isinstance(module, compiled) for module in scheme.modules.values())


def test_a_critic_with_a_gradient_penalty_stays_eager_when_the_run_compiles():
    """torch.compile cannot differentiate twice, which WGAN-GP's penalty does through D."""
    scheme = compiled_scheme("wgan-gp", architecture_options={"width": 8})
    compiled = torch._dynamo.eval_frame.OptimizedModule
    assert isinstance(scheme.generator, compiled)
    assert not isinstance(scheme.discriminator, compiled) and not isinstance(scheme.frozen_discriminator, compiled)
    scheme.train_step(0, 1)  # a compiled D would fail here: "does not currently support double backward"
