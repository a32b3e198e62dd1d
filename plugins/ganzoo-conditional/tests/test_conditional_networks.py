import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_conditional import acgan, mlp, projection
from ganzoo_conditional.normalisation import ClassBatchNorm
from ganzoo_dcgan.generator import Generator
from ganzoo_dcgan.layout import layout_for

CONVOLUTIONAL = {"cdcgan-projection": projection.build, "acgan": acgan.build}
ALL = {"cgan-mlp": mlp.build, **CONVOLUTIONAL}
IMAGES = [(1, 28, 28), (3, 32, 32), (3, 64, 64)]


SMALL = {"cgan-mlp": {"hidden": [16, 32]}, "cdcgan-projection": {"width": 4}, "acgan": {"width": 4}}


def small(name: str, spec: DataSpec, **options):
    return ALL[name](spec, 10, **{**SMALL[name], **options})


@pytest.mark.parametrize("shape", IMAGES)
@pytest.mark.parametrize("name", ALL)
def test_conditional_networks_fit_and_train_on_every_supported_shape(name, shape) -> None:
    networks = small(name, DataSpec(shape, num_classes=7))
    labels = torch.tensor([0, 6, 3])
    samples = networks.generator(torch.randn(3, 10), labels)
    assert networks.conditional
    assert samples.shape == (3, *shape)
    assert networks.discriminator(samples, labels).shape == (3,)
    check_architecture(name, DataSpec(shape, num_classes=7), options=SMALL[name])


def test_cgan_mlp_also_fits_labelled_points() -> None:
    networks = small("cgan-mlp", DataSpec((2,), value_range=(-5.0, 5.0), num_classes=3))
    points = networks.generator(torch.randn(4, 10), torch.tensor([0, 1, 2, 0]))
    assert points.shape == (4, 2)
    assert networks.discriminator(points, torch.zeros(4, dtype=torch.long)).shape == (4,)


@pytest.mark.parametrize("name", ALL)
def test_unlabelled_data_is_refused(name) -> None:
    with pytest.raises(IncompatibleParts, match="labelled dataset"):
        small(name, DataSpec((1, 28, 28)))


@pytest.mark.parametrize("name", CONVOLUTIONAL)
def test_convolutional_ones_refuse_other_image_sizes(name) -> None:
    with pytest.raises(IncompatibleParts, match="C×28×28, C×32×32, C×64×64"):
        small(name, DataSpec((1, 48, 48), num_classes=10))


@torch.no_grad()
@pytest.mark.parametrize("name", ALL)
def test_the_generator_draws_a_different_sample_for_another_class(name) -> None:
    generator = small(name, DataSpec((1, 28, 28), num_classes=10)).generator.eval()
    z = torch.randn(1, 10)
    assert not torch.allclose(generator(z, torch.tensor([1])), generator(z, torch.tensor([2])))


@torch.no_grad()
@pytest.mark.parametrize("name", ["cgan-mlp", "cdcgan-projection"])
def test_the_discriminator_judges_a_sample_against_its_label(name) -> None:
    discriminator = small(name, DataSpec((1, 28, 28), num_classes=10)).discriminator.eval()
    x = torch.randn(1, 1, 28, 28)
    assert not torch.allclose(discriminator(x, torch.tensor([1])), discriminator(x, torch.tensor([2])))


def test_the_projection_discriminator_is_spectrally_normalised_by_default_embedding_included() -> None:
    discriminator = small("cdcgan-projection", DataSpec((1, 28, 28), num_classes=10)).discriminator
    layers = [m for m in discriminator.modules() if isinstance(m, (nn.Conv2d, nn.Linear, nn.Embedding))]
    assert len(layers) == 4 and all(parametrize.is_parametrized(m, "weight") for m in layers)
    plain = small("cdcgan-projection", DataSpec((1, 28, 28), num_classes=10), spectral_norm=False).discriminator
    assert not any(parametrize.is_parametrized(m) for m in plain.modules())
    assert any(isinstance(m, nn.BatchNorm2d) for m in plain.modules())


@pytest.mark.parametrize("name", CONVOLUTIONAL)
def test_d_norm_reaches_the_conditional_discriminators(name) -> None:
    discriminator = small(name, DataSpec((1, 28, 28), num_classes=10), spectral_norm=False, d_norm="layer").discriminator
    found = {type(m) for m in discriminator.modules()}
    assert nn.GroupNorm in found and nn.BatchNorm2d not in found


@pytest.mark.parametrize("name", CONVOLUTIONAL)
def test_d_depth_reaches_the_conditional_discriminators(name) -> None:
    spec = DataSpec((1, 28, 28), num_classes=10)
    discriminators = [small(name, spec, d_depth=depth).discriminator for depth in (1, 2)]
    assert [sum(isinstance(m, nn.Conv2d) for m in d.modules()) for d in discriminators] == [2, 4]


@torch.no_grad()
def test_the_acgan_discriminator_adds_class_logits_and_ignores_the_label() -> None:
    discriminator = small("acgan", DataSpec((3, 32, 32), num_classes=7)).discriminator.eval()
    x = torch.randn(5, 3, 32, 32)
    logits, classes = discriminator(x, torch.zeros(5, dtype=torch.long), classes=True)
    assert logits.shape == (5,) and classes.shape == (5, 7)
    assert torch.equal(discriminator(x, torch.ones(5, dtype=torch.long)), logits)


def test_spectral_norm_covers_the_acgan_class_head() -> None:
    discriminator = small("acgan", DataSpec((1, 28, 28), num_classes=10), spectral_norm=True).discriminator
    assert parametrize.is_parametrized(discriminator.classifier, "weight")


def test_cgan_batch_norm_is_in_the_generator_only() -> None:
    networks = small("cgan-mlp", DataSpec((1, 28, 28), num_classes=10))
    assert sum(isinstance(m, nn.BatchNorm1d) for m in networks.generator.modules()) == 1
    assert not any(isinstance(m, nn.BatchNorm1d) for m in networks.discriminator.modules())
    assert any(isinstance(m, nn.Dropout) for m in networks.discriminator.modules())


def inputs_and_norms(generator: nn.Module) -> tuple[int, int, int]:
    """The inputs G's first linear layer takes, and G's counts of conditional and of plain batch norms."""
    first = next(m for m in generator.modules() if isinstance(m, nn.Linear))
    plain = sum(isinstance(m, nn.BatchNorm2d) and m.affine for m in generator.modules())
    return first.in_features, sum(isinstance(m, ClassBatchNorm) for m in generator.modules()), plain


@pytest.mark.parametrize(("conditioning", "expected"), [("input", (20, 0, 2)), ("norm", (10, 2, 0)), ("both", (20, 2, 0))])
def test_g_conditioning_feeds_the_class_to_the_input_the_batch_norms_or_both(conditioning, expected) -> None:
    """z has 10 values and there are 10 classes: a one-hot input doubles the first layer's inputs."""
    generator = small("cdcgan-projection", DataSpec((1, 28, 28), num_classes=10), g_conditioning=conditioning).generator
    assert inputs_and_norms(generator) == expected


@torch.no_grad()
def test_the_class_steers_the_generator_through_its_conditional_batch_norms() -> None:
    generator = small("cdcgan-projection", DataSpec((1, 28, 28), num_classes=10), g_conditioning="norm").generator.eval()
    for norm in (m for m in generator.modules() if isinstance(m, ClassBatchNorm)):
        norm.shift.weight[3] += 1.0  # each class starts as plain batch norm; set class 3 apart
    z = torch.randn(2, 10)
    assert not torch.allclose(generator(z, torch.full((2,), 3)), generator(z, torch.full((2,), 2)))
    assert torch.equal(generator(z, torch.full((2,), 1)), generator(z, torch.full((2,), 2)))


def test_the_one_hot_generator_keeps_the_weight_names_of_earlier_checkpoints() -> None:
    """Runs trained before g_conditioning existed stored DCGAN's generator under body.*."""
    spec = DataSpec((1, 28, 28), num_classes=10)
    generator = small("cdcgan-projection", spec).generator
    plain = Generator(20, layout_for(spec, 4), spec.value_range)
    assert list(generator.state_dict()) == [f"body.{name}" for name in plain.state_dict()]


def test_an_unknown_g_conditioning_is_refused_with_the_choices() -> None:
    with pytest.raises(GanzooError, match="g_conditioning must be one of input, norm, both, not 'label'"):
        small("cdcgan-projection", DataSpec((1, 28, 28), num_classes=10), g_conditioning="label")
