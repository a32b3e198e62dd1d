"""PacGAN's MLPs: shapes, packing, minibatch discrimination and option checking."""

import pytest
import torch

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo_toy.layers import MinibatchDiscrimination
from ganzoo_toy.mlp2d import build

POINTS = DataSpec(shape=(2,), value_range=(-2.0, 2.0), num_classes=8)
SMALL = {"g_hidden": 16, "g_layers": 2, "d_hidden": 16, "d_layers": 2}


def discriminator(**options):
    torch.manual_seed(0)
    return build(POINTS, 2, **{**SMALL, **options}).discriminator


def test_the_default_networks_are_pacgans_and_map_points_to_points_and_logits():
    networks = build(POINTS, latent_dim=2)
    G, D = networks.generator, networks.discriminator
    assert [m.out_features for m in G.modules() if isinstance(m, torch.nn.Linear)] == [400, 400, 400, 400, 2]
    assert [m.linear.out_features for m in D.body] == [200 * 5] * 3
    assert not networks.conditional
    fake = G(torch.randn(6, 2))
    assert fake.shape == (6, 2)
    assert D(fake).shape == (6,)


def test_a_packed_discriminator_gives_each_pack_one_logit_repeated_for_its_samples():
    D = discriminator(pack=4)
    x = torch.randn(12, 2)
    logits = D(x)
    assert logits.shape == (12,)
    per_pack = logits.view(3, 4)
    assert torch.equal(per_pack, per_pack[:, :1].expand(3, 4))
    assert len(set(per_pack[:, 0].tolist())) == 3
    # The pack is judged as one input: changing one sample moves exactly its own pack's logits.
    changed = x.clone()
    changed[5] += 1.0
    moved = (D(changed) != logits).view(3, 4)
    assert moved[1].all() and not moved[0].any() and not moved[2].any()


def test_a_pack_sees_its_samples_concatenated_in_order():
    D = discriminator(pack=2)
    x = torch.randn(4, 2)
    features = D.body(torch.cat([x[0:2].reshape(1, 4), x[2:4].reshape(1, 4)]))
    assert torch.allclose(D(x), D.head(features).squeeze(1).repeat_interleave(2))


def test_a_batch_that_does_not_divide_into_packs_is_refused_clearly():
    D = discriminator(pack=4)
    with pytest.raises(GanzooError, match="multiple of 4"):
        D(torch.randn(10, 2))


def test_with_minibatch_features_each_logit_depends_on_the_rest_of_the_batch():
    x = torch.randn(8, 2)
    changed = x.clone()
    changed[7] += 0.5
    plain = discriminator()
    assert torch.equal(plain(x)[:7], plain(changed)[:7])
    mixed = discriminator(minibatch_kernels=10)
    assert (mixed(x)[:7] != mixed(changed)[:7]).all()


def test_minibatch_features_count_the_samples_close_to_each_one():
    layer = MinibatchDiscrimination(in_features=3, kernels=4, kernel_dim=2)
    same = layer(torch.ones(5, 3))
    assert torch.allclose(same, torch.full((5, 4), 5.0))  # exp(0) for each of the 5 samples
    far = layer(torch.eye(3) * 1e4)
    assert torch.allclose(far, torch.ones(3, 4))  # only the sample itself is near


def test_minibatch_features_are_differentiable_when_samples_coincide():
    D = discriminator(minibatch_kernels=4)
    x = torch.zeros(4, 2, requires_grad=True)
    D(x).sum().backward()
    assert torch.isfinite(x.grad).all()
    assert all(torch.isfinite(p.grad).all() for p in D.parameters())


@pytest.mark.parametrize("options", [{"pack": 0}, {"g_layers": 0}, {"d_hidden": 2.5}, {"maxout_pieces": 1},
                                     {"minibatch_kernels": -1}, {"pack": True}])
def test_invalid_options_are_refused_by_name(options):
    name = next(iter(options))
    with pytest.raises(GanzooError, match=name):
        build(POINTS, 2, **options)


def test_images_are_refused():
    with pytest.raises(IncompatibleParts, match="1×28×28"):
        build(DataSpec(shape=(1, 28, 28)), 2)
