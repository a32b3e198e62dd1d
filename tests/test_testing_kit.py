"""ganzoo.testing: its conformance kit run over every first-party part (a timm-style test), the
kit failing on broken parts with messages that name the problem, and its pytest fixtures."""

from __future__ import annotations

import functools
import re
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import torch
from torch import nn

import ganzoo
from ganzoo import DataSpec, GanzooError, IncompatibleParts, InMemoryData, Networks, SampledData
from ganzoo.parts import Data
from ganzoo.plugins import load_zoo
from ganzoo.registry import Entry
from ganzoo.testing import (
    TINY_SPEC,
    check_architecture,
    check_dataset,
    check_loss,
    check_model,
    check_plugin_is_light,
    check_sampler,
    tiny_data,
)

ROOT = Path(__file__).resolve().parent.parent
ZOO = load_zoo()


def first_party_plugins() -> list[str]:
    """The loaded plugins whose distributions are the ones in this repository's plugins/ folder
    (installed editable or not)."""
    ours = {re.search(r'^name = "([^"]+)"', path.read_text(), re.MULTILINE).group(1) for path in ROOT.glob("plugins/*/pyproject.toml")}
    return [info.name for info in ZOO.plugins if info.status == "loaded" and info.distribution in ours]


FIRST_PARTY = first_party_plugins()


def entries(kind: str) -> list[Entry]:
    return [e for e in ZOO.registry.list(kind) if e.provider.plugin in FIRST_PARTY]


def by_name(kind: str):
    return pytest.mark.parametrize("entry", entries(kind), ids=lambda e: e.qualified_name)


@functools.cache
def loaded(qualified_name: str) -> Data | str:
    """A first-party dataset loaded once for the session, or why it cannot be loaded offline."""
    try:
        return ZOO.registry.get("dataset", qualified_name).build(data_dir=None, split="train")
    except GanzooError as exc:
        return str(exc)


def loadable_specs() -> list[DataSpec]:
    specs = [TINY_SPEC]
    for entry in entries("dataset"):
        data = loaded(entry.qualified_name)
        if not isinstance(data, str) and data.spec not in specs:
            specs.append(data.spec)
    return specs


def test_the_standard_zoo_is_there_to_be_checked():
    assert {"vanilla", "losses", "samplers", "mnist"} <= set(FIRST_PARTY)
    assert all(entries(kind) for kind in ("model", "architecture", "loss", "dataset", "sampler"))


def test_no_first_party_plugin_imports_torch_to_declare_its_parts():
    check_plugin_is_light(*(info.module for info in ZOO.plugins if info.name in FIRST_PARTY))


@by_name("dataset")
def test_every_dataset_that_loads_offline_matches_its_spec(entry):
    data = loaded(entry.qualified_name)
    if isinstance(data, str):
        pytest.skip(f"not available offline: {data}")
    check_dataset(data)


@by_name("architecture")
def test_every_architecture_builds_and_trains_on_the_shapes_it_accepts(entry):
    declined = {}
    accepted = []
    for spec in loadable_specs():
        try:
            check_architecture(entry, spec, batch_size=4)
            accepted.append(spec)
        except IncompatibleParts as exc:
            declined[f"{spec.describe()} ({spec.num_classes} classes)"] = str(exc)
    assert accepted, f"{entry.name} accepts none of the registered datasets' shapes: {declined}"


@by_name("loss")
def test_every_loss_behaves_like_a_gan_loss(entry):
    check_loss(entry)


@by_name("sampler")
def test_every_sampler_is_reproducible_with_its_generator(entry):
    check_sampler(entry)


@by_name("model")
def test_every_model_trains_two_steps_and_samples(entry):
    """On its own dataset when that loads offline, else on the first loadable one its networks fit."""
    own = entry.recipe.dataset
    if not isinstance(loaded(own), str):
        candidates = [None]
    else:
        others = [e.qualified_name for e in entries("dataset") if not isinstance(loaded(e.qualified_name), str)]
        candidates = sorted(others, key=lambda name: name != "mnist:mnist-sample")
    declined = {}
    for dataset in candidates:
        try:
            check_model(entry.qualified_name, zoo=ZOO, dataset=dataset, steps=2, batch_size=8)
            return
        except IncompatibleParts as exc:
            declined[dataset] = str(exc)
    pytest.fail(f"{entry.name}'s dataset {own!r} is not available offline and its networks fit none of the others: {declined}")


# The kit must be able to fail: broken parts, each caught with a message naming the problem.


class Reshape(nn.Module):
    def __init__(self, *shape: int) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)


def networks(out_shape=(1, 8, 8), logits=1, detach_g=False) -> Networks:
    size = 1
    for d in out_shape:
        size *= d
    generator = nn.Sequential(nn.Linear(16, size), nn.Tanh(), Reshape(*out_shape))
    if detach_g:
        generator = nn.Sequential(generator, Detach())
    discriminator = nn.Sequential(nn.Flatten(), nn.Linear(64, logits))
    return Networks(generator, discriminator)


class Detach(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.detach()


def test_the_architecture_check_passes_a_correct_pair_built_from_a_factory():
    built = check_architecture(lambda spec, latent_dim: networks())
    assert isinstance(built, Networks)


@pytest.mark.parametrize(
    "broken, message",
    [
        (lambda spec, latent_dim: networks(out_shape=(1, 7, 7)), "to samples of shape (8, 1, 7, 7); expected (8, 1, 8, 8)"),
        (lambda spec, latent_dim: networks(logits=2), "one logit per sample"),
        (lambda spec, latent_dim: networks(detach_g=True), "no gradient flows from D's logits back to G"),
        (lambda spec, latent_dim: (nn.Linear(1, 1), nn.Linear(1, 1)), "not ganzoo.Networks"),
    ],
    ids=["wrong-shape", "two-logits", "detached-generator", "not-networks"],
)
def test_the_architecture_check_catches(broken, message):
    with pytest.raises(AssertionError) as caught:
        check_architecture(broken)
    assert message in str(caught.value)


def test_an_architecture_declining_a_shape_is_not_a_failure():
    def only_points(spec, latent_dim):
        raise IncompatibleParts("points only")

    with pytest.raises(IncompatibleParts):
        check_architecture(only_points)


class Softplus:
    def discriminator_loss(self, real, fake):
        return nn.functional.softplus(-real).mean() + nn.functional.softplus(fake).mean()

    def generator_loss(self, fake, real=None):
        return nn.functional.softplus(-fake).mean()


class NaNLoss(Softplus):
    def discriminator_loss(self, real, fake):
        return super().discriminator_loss(real, fake) * float("nan")


class BackwardsLoss(Softplus):
    def discriminator_loss(self, real, fake):
        return super().discriminator_loss(fake, real)


class UnstableLoss(Softplus):
    def discriminator_loss(self, real, fake):
        return -(torch.log(torch.sigmoid(real)) + torch.log(1 - torch.sigmoid(fake))).mean()


class PerSampleLoss(Softplus):
    def generator_loss(self, fake, real=None):
        return nn.functional.softplus(-fake)


class InPlaceLoss(Softplus):
    def generator_loss(self, fake, real=None):
        return nn.functional.softplus(-fake.clamp_(-5, 5)).mean()


def test_the_loss_check_passes_a_correct_loss():
    check_loss(Softplus())
    check_loss(Softplus)  # a factory


@pytest.mark.parametrize(
    "broken, message",
    [
        (NaNLoss(), "D's loss on random logits has 1 non-finite value"),
        (BackwardsLoss(), "it should be lower when D is right"),
        (UnstableLoss(), "D's loss on logits of ±30 (D certain and wrong)"),
        (PerSampleLoss(), "it must be a 0-dimensional tensor"),
        (InPlaceLoss(), "changed the logits it was given"),
    ],
    ids=["nan", "backwards", "unstable", "per-sample", "in-place"],
)
def test_the_loss_check_catches(broken, message):
    with pytest.raises(AssertionError) as caught:
        check_loss(broken)
    assert message in str(caught.value) and type(broken).__name__ in str(caught.value)


class GlobalNoise:
    """Ignores its generator: draws from torch's global random state."""

    def __call__(self, n, latent_dim, *, generator, device):
        return torch.randn(n, latent_dim, device=device)


class Constant:
    def __call__(self, n, latent_dim, *, generator, device):
        return torch.ones(n, latent_dim, device=device)


class Transposed:
    def __call__(self, n, latent_dim, *, generator, device):
        return torch.randn(latent_dim, n, generator=generator, device=device)


@pytest.mark.parametrize(
    "broken, message",
    [
        (GlobalNoise(), "must use only the generator it is given"),
        (Constant(), "ignores the generator it is given"),
        (Transposed(), "has shape (16, 32), expected (32, 16)"),
    ],
    ids=["global-noise", "constant", "transposed"],
)
def test_the_sampler_check_catches(broken, message):
    with pytest.raises(AssertionError) as caught:
        check_sampler(broken)
    assert message in str(caught.value)


def test_the_dataset_check_catches_values_and_labels_that_break_the_spec():
    good = tiny_data()
    check_dataset(good)
    too_bright = InMemoryData(good.samples * 3, good.labels, good.spec, good.source)
    with pytest.raises(AssertionError, match=r"outside the declared value range \[-1, 1\]"):
        check_dataset(too_bright)
    bad_labels = InMemoryData(good.samples, good.labels + 4, good.spec, good.source)
    with pytest.raises(AssertionError, match=r"outside \[0, 4\) for num_classes=4"):
        check_dataset(bad_labels)
    unannounced = InMemoryData(good.samples, good.labels, DataSpec((1, 8, 8)), good.source)
    with pytest.raises(AssertionError, match="labels but spec.num_classes is None"):
        check_dataset(unannounced)


def test_the_dataset_check_catches_a_sampled_dataset_that_ignores_its_generator():
    spec = DataSpec((2,), (-10.0, 10.0))
    check_dataset(SampledData(lambda n, generator, device: (torch.randn(n, 2, generator=generator), None), spec, "points"))
    careless = SampledData(lambda n, generator, device: (torch.randn(n, 2), None), spec, "points")
    with pytest.raises(AssertionError, match="must use only the generator it is given"):
        check_dataset(careless)


def test_the_model_check_catches_a_run_whose_losses_turn_to_nan(ganzoo_zoo, ganzoo_tiny_data):
    class Plugin:
        @ganzoo.hookimpl
        def ganzoo_register_losses(self, register):
            register("nan-loss", NaNLoss)

    zoo = ganzoo_zoo(("broken", Plugin()))
    recipe = ganzoo.Recipe(architecture="mlp", loss="nan-loss", dataset="unused", latent_dim=8)
    with pytest.raises(AssertionError, match=r"diverged at step 1: d_loss, g_loss became NaN"):
        check_model(recipe, zoo=zoo, data=ganzoo_tiny_data)
    check_model(recipe.with_overrides(loss="non-saturating"), zoo=zoo, data=ganzoo_tiny_data, steps=2)


def test_the_lightness_check_names_the_import_that_pulls_in_torch(distributions):
    distributions.add("ganzoo-heavy", {"heavy": "import ganzoo\nfrom ganzoo_heavy_heavy import nets\n"})
    (distributions.root / "ganzoo_heavy_heavy" / "nets.py").write_text("import torch\n")
    with pytest.raises(AssertionError) as caught:
        check_plugin_is_light("ganzoo_heavy_heavy")
    assert "ganzoo_heavy_heavy → ganzoo_heavy_heavy.nets → torch" in str(caught.value)


# The fixtures, and the promise that the pytest plugin costs a test session nothing.


def test_ganzoo_registers_its_pytest_plugin():
    plugins = {ep.name: ep.value for ep in metadata.entry_points(group="pytest11")}
    assert plugins.get("ganzoo") == "ganzoo.testing.pytest_plugin"


def test_importing_the_kit_and_its_pytest_plugin_does_not_import_torch():
    probe = "import sys, ganzoo.testing, ganzoo.testing.pytest_plugin; print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.replace("'", '"')) == []


class Extra:
    @ganzoo.hookimpl
    def ganzoo_register_samplers(self, register):
        register("kit-test-sampler", "ganzoo_samplers.noise:Normal")


def test_ganzoo_zoo_registers_a_plugin_for_one_test_and_the_commands_see_it(ganzoo_zoo, ganzoo_cli):
    from ganzoo.cli import zoo as cli_zoo

    zoo = ganzoo_zoo(("kit-extra", Extra()))
    assert zoo.registry.get("sampler", "kit-test-sampler").provider.plugin == "kit-extra"
    assert zoo.registry.get("model", "vanilla-mlp")  # the installed plugins are there too
    assert cli_zoo.current() is zoo
    listed = ganzoo_cli("list", "sampler", "--json")
    assert "kit-test-sampler" in {e["name"] for e in json.loads(listed.stdout)}
    only = ganzoo_zoo(("kit-extra", Extra()), installed=False)
    assert [e.name for e in only.registry.list()] == ["kit-test-sampler"]


def test_after_that_test_nothing_of_it_remains():
    assert load_zoo().registry.find("kit-test-sampler") == []
    from ganzoo.cli import zoo as cli_zoo

    assert not cli_zoo.current().registry.find("kit-test-sampler")


def test_ganzoo_zoo_replaces_an_installed_copy_of_the_plugin_under_test(ganzoo_zoo):
    from ganzoo_vanilla import plugin

    zoo = ganzoo_zoo(plugin)
    assert zoo.registry.get("architecture", "mlp").provider.plugin == "vanilla"
    assert [p.status for p in zoo.plugins if p.name == "vanilla"] == ["disabled", "loaded"]


def test_ganzoo_zoo_fails_the_test_when_the_plugin_does_not_register(ganzoo_zoo):
    class Broken:
        @ganzoo.hookimpl
        def ganzoo_register_losses(self, register):
            raise RuntimeError("no losses today")

    with pytest.raises(AssertionError, match="plugin 'broken' did not load: .*no losses today"):
        ganzoo_zoo(("broken", Broken()))


def test_ganzoo_cli_fails_the_test_with_the_commands_error_unless_told_not_to(ganzoo_cli):
    with pytest.raises(AssertionError, match=r"(?s)`ganzoo info no-such-model` exited 1:.*nothing is registered as 'no-such-model'"):
        ganzoo_cli("info", "no-such-model")
    failed = ganzoo_cli("info", "no-such-model", check=False)
    assert failed.exit_code == 1 and isinstance(failed.exception, GanzooError)


def test_ganzoo_cli_takes_paths_and_numbers_as_they_are(ganzoo_cli, tmp_path):
    ganzoo_cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", 1, "--batch-size", 8, "--out", tmp_path / "run")
    assert (tmp_path / "run" / "generator.safetensors").exists()


def test_the_tiny_dataset_is_what_the_fixture_says(ganzoo_tiny_data):
    assert ganzoo_tiny_data.samples.shape == (64, 1, 8, 8) and ganzoo_tiny_data.spec.num_classes == 4
    assert torch.equal(ganzoo_tiny_data.samples, tiny_data().samples)
    check_dataset(ganzoo_tiny_data)
