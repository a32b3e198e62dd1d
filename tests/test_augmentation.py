"""The ``augment`` option of the alternating scheme, with augmentations written in this file: D sees
every image through one, in its steps and in G's; its state is checkpointed and resumes exactly;
the run records which plugin supplied it; an export samples without it."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import torch

import ganzoo
from ganzoo.errors import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.recipe import Recipe
from ganzoo.sampling import load_generator
from ganzoo.testing import build_scheme, check_augmentation, check_resume
from ganzoo.training.augmenting import augment_discriminator
from ganzoo.training.trainer import TrainOptions, train


class Blank(ganzoo.Augmentation):
    """Every image becomes the same grey: D can no longer tell real from fake."""

    def __init__(self, spec):
        pass

    def __call__(self, images, *, generator):
        return images * 0


class Counting(ganzoo.Augmentation):
    """Adds noise drawn from the run's generator, and counts D's steps and its real logits."""

    def __init__(self, spec, noise=0.1):
        self.noise = noise
        self.steps, self.logit_sum = 0, torch.zeros(())

    def __call__(self, images, *, generator):
        return images + self.noise * torch.randn(images.shape, generator=generator, device=images.device)

    def observe(self, real_logits, *, mean_over_processes):
        self.steps += 1
        self.logit_sum = self.logit_sum + mean_over_processes(real_logits.sum())

    def state_dict(self):
        return {"steps": self.steps, "logit_sum": self.logit_sum}

    def load_state_dict(self, state):
        self.steps, self.logit_sum = state["steps"], state["logit_sum"]

    def logs(self):
        return {"observed": float(self.steps)}


class Augmentations:
    @ganzoo.hookimpl
    def ganzoo_register_augmentations(self, register):
        register("blank", Blank, description="Every image mid-grey.")
        register("counting", Counting, description="Noise, and a count of D's steps.", defaults={"noise": 0.1})


def zoo():
    return load_zoo(extra=[("test-augmentations", Augmentations())])


def recipe(augment: str | None, **options) -> Recipe:
    settings = dict(dataset="mnist-sample", steps=4, batch_size=16, log_every=1, sample_every=100, checkpoint_every=100)
    scheme_options = {"augment": augment, **({"augment_options": options} if options else {})}
    return load_zoo().registry.get("model", "vanilla-mlp").recipe.with_overrides(scheme_options=scheme_options, **settings)


def test_d_sees_real_and_fake_through_the_augmentation():
    scheme = build_scheme(recipe("blank"), zoo=zoo(), batch_size=16)
    scheme.train_step(0, 1)
    logs = scheme.logs()
    assert logs["real_score"] == logs["fake_score"]  # both blanked before D
    plain = build_scheme(recipe(None), zoo=zoo(), batch_size=16)
    plain.train_step(0, 1)
    assert plain.logs()["real_score"] != plain.logs()["fake_score"]


def test_g_learns_through_the_augmentation():
    """Blanked images carry nothing back to G: its gradients are zero; with noise they are not."""
    for name, expected_zero in (("blank", True), ("counting", False)):
        scheme = build_scheme(recipe(name), zoo=zoo(), batch_size=16)
        last = scheme.discriminator_step(keep_fake=True)
        scheme.generator_step(last)
        grads = [p.grad for p in scheme.modules["generator"].parameters()]
        assert all(g is not None for g in grads)
        assert all(g.abs().sum() == 0 for g in grads) == expected_zero, name


class Mirror(ganzoo.Augmentation):
    """Mirrors every image left-right: what D gets shows whether a pair was kept aligned."""

    def __call__(self, images, *, generator):
        return images.flip(-1)


class Recorder(torch.nn.Module):
    def forward(self, images, condition=None, *, patches=False):
        self.seen = (images, condition, patches)
        return images.flatten(1).sum(1)


@pytest.mark.parametrize("condition", ["input", "label"])
def test_an_image_condition_is_transformed_with_the_images_and_keyword_arguments_pass(condition):
    spec = ganzoo.DataSpec((1, 4, 4), num_classes=3, fields={"input": ganzoo.Field((2, 4, 4))})
    networks = ganzoo.Networks(torch.nn.Identity(), Recorder(), generator_input="input", condition=condition)
    context = SimpleNamespace(spec=spec, noise=torch.Generator())
    augment_discriminator(networks, Mirror(), context)
    images = torch.rand(2, 1, 4, 4)
    given = torch.rand(2, 2, 4, 4) if condition == "input" else torch.tensor([0, 2])
    networks.discriminator(images, given, patches=True)
    seen_images, seen_condition, patches = networks.discriminator.seen
    assert torch.equal(seen_images, images.flip(-1)) and patches
    assert torch.equal(seen_condition, given.flip(-1) if condition == "input" else given)


def test_the_augmentation_observes_d_and_its_state_resumes_exactly(tmp_path):
    scheme = build_scheme(recipe("counting"), zoo=zoo(), batch_size=16, n_critic=3)
    scheme.train_step(0, 2)
    assert scheme.logs()["observed"] == 3.0
    state = scheme.state_dict()
    assert state["augmentation.steps"] == 3 and state["augmentation.logit_sum"].shape == ()
    check_resume(recipe("counting", noise=0.5), zoo=zoo(), steps=6, batch_size=16)


def test_the_run_records_the_augmentation_and_its_export_samples_without_it(tmp_path):
    train(zoo(), recipe("counting"), TrainOptions(tmp_path / "run"))
    parts = json.loads((tmp_path / "run" / "config.json").read_text())["parts"]
    assert parts["augmentation"]["name"] == "counting" and parts["augmentation"]["plugin"] == "test-augmentations"
    trained = load_generator(load_zoo(), tmp_path / "run", "cpu")  # a zoo without the augmentation
    assert trained.generate(trained.draw_inputs(2, 0)).shape == (2, 1, 28, 28)
    with pytest.raises(GanzooError, match="this run needs augmentation 'counting'"):
        train(load_zoo(), recipe("counting").with_overrides(steps=5), TrainOptions(tmp_path / "run", resume=True))


def test_wrong_augmentation_settings_are_refused(tmp_path):
    with pytest.raises(GanzooError, match=r"unknown augmentation 'countin'; did you mean 'counting'"):
        train(zoo(), recipe("countin"), TrainOptions(tmp_path / "misspelt"))
    with pytest.raises(GanzooError, match="augment_options are given but no augment"):
        train(zoo(), recipe(None, noise=0.2), TrainOptions(tmp_path / "options"))
    with pytest.raises(GanzooError, match="rejected its options"):
        train(zoo(), recipe("counting", nois=0.2), TrainOptions(tmp_path / "typo"))
    assert not any(tmp_path.iterdir())


class Detached(Counting):
    def __call__(self, images, *, generator):
        return super().__call__(images, generator=generator).detach()


class GlobalNoise(Counting):
    def __call__(self, images, *, generator):
        return images + torch.randn(images.shape)


def test_the_testing_kit_checks_an_augmentation():
    check_augmentation("counting", zoo=zoo())
    with pytest.raises(AssertionError, match="no gradient"):
        check_augmentation(Detached)
    with pytest.raises(AssertionError, match="only from the generator it is given"):
        check_augmentation(GlobalNoise)
