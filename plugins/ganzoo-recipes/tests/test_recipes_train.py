"""Every model trains end to end: two generator steps on real digits with small networks."""

import json
import math

import pytest
import torch

from ganzoo.training.trainer import TrainOptions, train


@pytest.fixture(autouse=True)
def one_thread():
    """Networks this small run faster on one thread than on several that wait for each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_a_few_steps_give_finite_losses(declared, zoo, model_name, tmp_path) -> None:
    recipe = declared[model_name]
    small = recipe.with_overrides(
        dataset="mnist-sample",
        architecture_options={**recipe.architecture_options, "width": 8},
        batch_size=8,
        steps=2,
        log_every=1,
        sample_every=100,
        checkpoint_every=100,
    )
    run = train(zoo, small, TrainOptions(tmp_path / "run"), model=model_name)
    assert run.step == 2
    logged = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert [m["step"] for m in logged] == [1, 2]
    assert all(math.isfinite(m[key]) for m in logged for key in ("d_loss", "g_loss"))
    assert (tmp_path / "run" / "generator.safetensors").is_file()
