"""The stylegan2 scheme: its lazy schedule, the running mean path length, exact resumes, and what
it refuses."""

from __future__ import annotations

import pytest
import torch

from ganzoo import GanzooError, IncompatibleParts
from ganzoo.testing import build_scheme, check_resume
from ganzoo_stylegan import scheme as stylegan_scheme


@pytest.fixture
def scheme(narrow: dict[str, int]) -> stylegan_scheme.StyleGAN2:
    return build_scheme("stylegan2", batch_size=4, architecture_options=narrow, latent_dim=8)


def adam_steps(optimizer: torch.optim.Optimizer) -> int:
    return int(next(iter(optimizer.state.values()))["step"])


def test_regularisers_take_updates_of_their_own_every_16_and_4_steps(scheme):
    for step in range(17):
        scheme.train_step(step, 17)
    assert adam_steps(scheme.optimizer_d) == 17 + 2  # R1 after D's updates 0 and 16
    assert adam_steps(scheme.optimizer_g) == 17 + 5  # path length after G's updates 0, 4, 8, 12, 16


def test_both_optimisers_carry_the_lazy_corrections(scheme):
    (g,), (d,) = scheme.optimizer_g.param_groups, scheme.optimizer_d.param_groups
    assert (g["lr"], g["betas"]) == (0.0025 * 4 / 5, (0.0, 0.99 ** (4 / 5)))
    assert (d["lr"], d["betas"]) == (0.0025 * 16 / 17, (0.0, 0.99 ** (16 / 17)))


def test_the_mean_path_length_moves_by_its_decay_only_when_g_is_regularised(scheme, monkeypatch):
    measured = []
    original = stylegan_scheme.path_lengths
    monkeypatch.setattr(stylegan_scheme, "path_lengths", lambda gradient: measured.append(original(gradient)) or measured[-1])
    scheme.train_step(0, 8)
    assert torch.equal(scheme.pl_mean, 0.01 * measured[0].detach().mean())  # from a = 0
    after_first = scheme.pl_mean.clone()
    for step in range(1, 4):
        scheme.train_step(step, 8)
    assert torch.equal(scheme.pl_mean, after_first) and len(measured) == 1
    scheme.train_step(4, 8)
    assert torch.equal(scheme.pl_mean, after_first.lerp(measured[1].detach().mean(), 0.01))
    assert scheme.logs()["pl_mean"] == pytest.approx(scheme.pl_mean.item())
    assert torch.equal(scheme.state_dict()["pl_mean"], scheme.pl_mean)


def test_stopping_and_resuming_changes_nothing(narrow):
    # R1 every 2 D steps; the path length at 0 and 4, after the stop at 3: a must come back.
    check_resume("stylegan2", steps=6, batch_size=4, architecture_options=narrow, latent_dim=8,
                 scheme_options={"r1_interval": 2})


def test_a_checkpoint_without_the_mean_path_length_is_refused(scheme):
    with pytest.raises(GanzooError, match="pl_mean"):
        scheme.load_state_dict({"r1_penalty": torch.zeros(()), "pl_penalty": torch.zeros(())})


def test_it_refuses_other_generators_and_bad_options(narrow):
    with pytest.raises(IncompatibleParts, match="pick stylegan2"):
        build_scheme("stylegan2", batch_size=4, architecture="dcgan", architecture_options={})
    with pytest.raises(GanzooError, match="r1_interval must be a whole number at least 1, got 0"):
        build_scheme("stylegan2", batch_size=4, architecture_options=narrow, scheme_options={"r1_interval": 0})


def test_a_compiled_run_keeps_both_networks_eager_and_still_regularises(narrow):
    """R1 and the path length differentiate through D and G twice, which torch.compile cannot."""
    from ganzoo.plugins import load_zoo
    from ganzoo.training import build, distributed
    from ganzoo.training.device import Acceleration
    from ganzoo.training.trainer import build_training_state

    zoo = load_zoo()
    recipe = zoo.registry.get("model", "stylegan2").recipe.with_overrides(batch_size=4, architecture_options=narrow, latent_dim=8)
    parts = build.ResolvedParts.lookup(zoo.registry, recipe)
    data = build.build_data(parts.dataset, recipe, None)
    compiled = build_training_state(recipe, parts, data, torch.device("cpu"), distributed.Topology(),
                                    Acceleration(compile=True)).scheme
    assert compiled.generator is compiled.modules["generator"] and compiled.discriminator is compiled.modules["discriminator"]
    compiled.train_step(0, 1)  # R1 and path length both due at step 0
