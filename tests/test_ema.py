"""The moving average of a generator measures batch-norm statistics of its own weights."""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.training.ema import MovingAverage, measuring_statistics


def net() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4, 2))


def test_the_average_measures_its_statistics_with_its_own_weights_and_ignores_the_live_ones():
    live = net()
    average = MovingAverage(live, decay=0.5)
    inputs = torch.randn(32, 3)
    for _ in range(5):  # the live weights move; the average trails them
        with torch.no_grad():
            for p in live.parameters():
                p.add_(torch.randn_like(p))
        live(inputs)  # the live statistics follow the live weights
        average.update()
    with measuring_statistics([average]):
        average.model(inputs)
        average.model(inputs + 1)
    batches = [average.model[0](inputs).detach(), average.model[0](inputs + 1).detach()]
    norm = average.model[1]  # each pass weighs equally: the means of the two batches' statistics
    assert torch.allclose(norm.running_mean, sum(b.mean(0) for b in batches) / 2, atol=1e-5)
    assert torch.allclose(norm.running_var, sum(b.var(0) for b in batches) / 2, atol=1e-5)
    assert not torch.allclose(norm.running_mean, live[1].running_mean)
    assert norm.momentum == live[1].momentum and not average.model.training


def test_only_batch_norm_layers_train_while_measuring():
    average = MovingAverage(net(), decay=0.9)
    with measuring_statistics([average]):
        assert average.model[1].training and not average.model[3].training
        first, second = average.model(torch.ones(8, 3)), average.model(torch.ones(8, 3))
    assert torch.equal(first, second)  # no dropout while measuring


def test_other_buffers_are_copied_from_the_live_module():
    live = nn.utils.parametrizations.spectral_norm(nn.Linear(3, 3))
    average = MovingAverage(live, decay=0.9)
    live(torch.randn(4, 3))  # a power iteration step moves the live vectors
    average.update()
    live_buffers = dict(live.named_buffers())
    assert all(torch.equal(value, live_buffers[name]) for name, value in average.model.named_buffers())
    assert not average.has_statistics
