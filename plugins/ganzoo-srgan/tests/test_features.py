"""The feature network read from a safetensors file: torchvision's layout, the choice of φi,j, what
it computes, the content loss through it, and one-line errors for files it cannot use."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn import functional

from ganzoo import GanzooError
from ganzoo_srgan.content import FeatureContent, build_content
from ganzoo_srgan.features import load_feature_network

RANGE = (-1.0, 1.0)


def layers(network: nn.Module) -> list[str]:
    return [type(m).__name__ for m in network.body]


def test_the_default_layer_is_the_papers_phi_5_4_and_the_stack_ends_there(vgg):
    network = load_feature_network(vgg(), None, RANGE)
    assert network.name == (5, 4)
    assert layers(network).count("Conv2d") == 16 and layers(network).count("MaxPool2d") == 4
    assert layers(network)[-1] == "ReLU"  # after activation, before the fifth max-pool
    with torch.no_grad():
        assert network(torch.zeros(2, 1, 28, 28)).shape == (2, 4, 1, 1)  # 28 → 14 → 7 → 3 → 1


@pytest.mark.parametrize("layer, convolutions, pools, side", [("2,2", 4, 1, 14), ([3, 1], 5, 2, 7), ("1,1", 1, 0, 28)])
def test_feature_layer_picks_phi_i_j(vgg, layer, convolutions, pools, side):
    network = load_feature_network(vgg(), layer, RANGE)
    assert layers(network).count("Conv2d") == convolutions and layers(network).count("MaxPool2d") == pools
    with torch.no_grad():
        assert network(torch.zeros(1, 1, 28, 28)).shape[-1] == side


def test_without_phi_5_4_the_default_is_the_deepest_layer(vgg):
    network = load_feature_network(vgg(convolutions=(0, 2, 5, 7, 10)), None, RANGE)  # VGG-19 cut after φ3,1
    assert network.name == (3, 1)


def test_phi_1_1_is_the_first_convolution_of_normalised_rgb_over_12_75(vgg):
    """Grey images in [-1, 1] go to [0, 1], become three equal channels, are normalised with
    ImageNet's statistics; the map after the ReLU is divided by 12.75."""
    from safetensors.torch import load_file

    path = vgg()
    weights = load_file(path)
    grey, colour = torch.rand(2, 1, 8, 8) * 2 - 1, torch.rand(2, 3, 8, 8) * 2 - 1
    mean, std = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)

    def first_map(rgb: torch.Tensor) -> torch.Tensor:
        conv = functional.conv2d((rgb - mean) / std, weights["features.0.weight"], weights["features.0.bias"], padding=1)
        return functional.relu(conv) / 12.75

    network = load_feature_network(path, "1,1", RANGE)
    with torch.no_grad():
        assert torch.allclose(network(grey), first_map(((grey + 1) / 2).expand(-1, 3, -1, -1)), atol=1e-6)
        assert torch.allclose(network(colour), first_map((colour + 1) / 2), atol=1e-6)  # colour is taken as it is


def test_the_feature_loss_is_zero_for_identical_images_and_grows_with_the_difference(vgg):
    loss = build_content("features", vgg(), "2,2", RANGE, torch.device("cpu"))
    assert isinstance(loss, FeatureContent)
    real = torch.rand(4, 1, 28, 28) * 2 - 1
    assert loss(real.clone(), real) == 0
    small, large = loss(real + 0.05 * torch.randn_like(real), real), loss(real + 0.5 * torch.randn_like(real), real)
    assert 0 < small < large


def test_the_feature_loss_trains_g_and_never_the_feature_network(vgg):
    loss = build_content("features", vgg(), None, RANGE, torch.device("cpu"))
    fake = (torch.rand(2, 1, 28, 28) * 2 - 1).requires_grad_(True)
    loss(fake, torch.rand(2, 1, 28, 28) * 2 - 1).backward()
    assert fake.grad is not None and fake.grad.abs().sum() > 0
    assert all(not p.requires_grad and p.grad is None for p in loss.network.parameters())


def test_the_content_loss_is_the_pixel_mse_by_default():
    loss = build_content("mse", None, None, RANGE, torch.device("cpu"))
    real = torch.zeros(2, 1, 4, 4)
    assert loss(real + 0.5, real) == pytest.approx(0.25)


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda vgg, tmp: tmp / "missing.safetensors", "no such file"),
        (lambda vgg, tmp: (tmp / "junk.safetensors").write_bytes(b"not a safetensors file") and tmp / "junk.safetensors",
         "is not a readable safetensors file"),
        (lambda vgg, tmp: vgg(extra={"classifier.0.weight": torch.zeros(2, 2)}), "key names features.N.weight"),
        (lambda vgg, tmp: vgg(convolutions=(0, 2, 6)), "features.2 is followed by features.6"),
        (lambda vgg, tmp: vgg(convolutions=(2, 4)), "must start at features.0"),
        (lambda vgg, tmp: vgg(extra={"features.1.weight": torch.ones(4), "features.1.bias": torch.zeros(4)}),
         "features.1 is not a 3×3 convolution"),
        (lambda vgg, tmp: vgg(extra={"features.1.running_mean": torch.zeros(4)}), "batch norm (vgg19_bn)"),
        (lambda vgg, tmp: vgg(extra={"features.2.bias": torch.zeros(7)}), "features.2 is not a 3×3 convolution"),
        (lambda vgg, tmp: vgg(extra={"features.0.weight": torch.zeros(4, 1, 3, 3)}), "takes 1 channels where 3 arrive"),
    ],
    ids=["missing", "unreadable", "other-keys", "not-vgg-layout", "no-first-layer", "not-a-convolution", "batch-norm", "bias",
         "grey-input"],
)
def test_a_file_it_cannot_use_fails_in_one_clear_line(vgg, tmp_path, make, message):
    path = make(vgg, tmp_path)
    with pytest.raises(GanzooError) as error:
        load_feature_network(path, None, RANGE)
    assert message in one_line(error) and str(path) in str(error.value)


def test_a_layer_the_file_lacks_is_named_with_those_it_has(vgg):
    with pytest.raises(GanzooError) as error:
        load_feature_network(vgg(convolutions=(0, 2, 5, 7)), "5,4", RANGE)
    assert "feature_layer 5,4 does not exist" in one_line(error) and "φ1,1-φ1,2, φ2,1-φ2,2" in str(error.value)


@pytest.mark.parametrize("layer", ["fifth", "5", [5, 4, 1], 5.4])
def test_a_layer_that_is_not_i_j_is_refused(vgg, layer):
    with pytest.raises(GanzooError) as error:
        load_feature_network(vgg(), layer, RANGE)
    assert "feature_layer must be 'i,j'" in one_line(error)


@pytest.mark.parametrize(
    "content, network, layer, message",
    [("vgg", None, None, "content must be one of mse, features"),
     ("features", None, None, "needs feature_network=PATH"),
     ("mse", "vgg.safetensors", None, "options of content='features'")],
)
def test_content_options_that_do_not_fit_are_refused(content, network, layer, message):
    with pytest.raises(GanzooError) as error:
        build_content(content, network, layer, RANGE, torch.device("cpu"))
    assert message in one_line(error)
