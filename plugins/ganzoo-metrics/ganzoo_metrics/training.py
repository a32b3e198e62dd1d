"""Training the metrics' classifier on a dataset's training images.

Adam with a one-cycle learning rate (Smith & Topin 2017: warm up to ``lr``, then anneal to almost
zero) on the cross-entropy, for a fixed number of steps rather than epochs, so that 4,500 digits
and 60,000 clothes both get enough updates: 3,000 steps of 64 images are 3.2 epochs of
Fashion-MNIST. Measured on a 2-core CPU: 98.4% held-out accuracy on the 4,500 training digits of
mnist-sample, 89.9% on Fashion-MNIST's test split (the classifiers that ship with the plugin,
:mod:`ganzoo_metrics.shipped`). Everything random is drawn from ``seed``, so the same data and seed
give the same weights on the same machine. Progress goes to stderr (:mod:`ganzoo_metrics.progress`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F

from ganzoo_metrics.lenet import LeNet
from ganzoo_metrics.progress import TrainingProgress

EVALUATION_BATCH = 1_000


@dataclass(frozen=True)
class TrainingSettings:
    steps: int = 3_000
    batch_size: int = 64
    lr: float = 3e-3

    def to_dict(self) -> dict[str, int | float]:
        return asdict(self)


def train_classifier(
    samples: torch.Tensor,
    labels: torch.Tensor,
    num_classes: int,
    settings: TrainingSettings,
    seed: int,
    device: torch.device,
    title: str,
) -> LeNet:
    """A :class:`LeNet` fitted to ``samples`` ``(N, C, H, W)`` and ``labels`` ``(N,)``."""
    noise = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):  # initialisation and dropout leave the caller's RNG alone
        torch.manual_seed(seed)
        network = LeNet(samples.shape[1], samples.shape[-1], num_classes).to(device)
        optimizer = torch.optim.Adam(network.parameters(), lr=settings.lr)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, settings.lr, total_steps=settings.steps)
        network.train()
        progress = TrainingProgress(title, settings.steps)
        try:
            for _ in range(settings.steps):
                index = torch.randint(samples.shape[0], (settings.batch_size,), generator=noise)
                loss = F.cross_entropy(network(samples[index].to(device)), labels[index].to(device))
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                progress.advance(loss)
        finally:
            progress.end()
    return network.eval()


@torch.no_grad()
def accuracy(network: LeNet, samples: torch.Tensor, labels: torch.Tensor, device: torch.device) -> float:
    """The fraction of ``samples`` whose most likely class is their label."""
    correct = 0
    for start in range(0, samples.shape[0], EVALUATION_BATCH):
        logits = network(samples[start : start + EVALUATION_BATCH].to(device))
        correct += int((logits.argmax(dim=1).cpu() == labels[start : start + EVALUATION_BATCH]).sum())
    return correct / samples.shape[0]
