"""The classifier that the image metrics look through: a small LeNet (LeCun et al. 1998).

Two 5×5 convolutions (16 and 32 channels) with max pooling, then a 128-unit hidden layer, whose
activations are the *features* (the role of Inception-v3's pool3 in FID), and one linear layer to
the class logits. About 0.1 M parameters: a couple of CPU minutes at most to train on 60,000
images, and a fraction of a second per thousand to run.
"""

from __future__ import annotations

import torch
from torch import nn

FEATURES = 128


class LeNet(nn.Module):
    def __init__(self, channels: int, size: int, num_classes: int) -> None:
        """For ``(channels, size, size)`` images; ``size`` at least 12."""
        super().__init__()
        side = (size // 2 - 4) // 2
        self.body = nn.Sequential(
            nn.Conv2d(channels, 16, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(32 * side * side, FEATURES),
            nn.ReLU(),
        )
        self.dropout = nn.Dropout(0.5)
        self.head = nn.Linear(FEATURES, num_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The penultimate layer: ``(B, 128)``."""
        return self.body(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class logits ``(B, num_classes)``."""
        return self.head(self.dropout(self.features(x)))
