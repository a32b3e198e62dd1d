"""The ACGAN training scheme: the alternating scheme plus an auxiliary classification loss.

D's classifier head learns the classes of real images and of G's images (G is told which class to
draw), and G is rewarded when its images are classified as the class it was asked for:

    D minimises  adversarial loss + w · (CE(C(x), y) + CE(C(G(z, c)), c))
    G minimises  adversarial loss + w · CE(C(G(z, c)), c)

where C is the classifier head, CE the cross-entropy, and w the option ``class_weight`` (Odena et
al. 2017 weigh the two terms equally). The adversarial part is the recipe's loss, and a loss's own
discriminator penalty (such as WGAN-GP's) is still added. As in the core's scheme, G's update
reuses the fakes (and their classes) of the last D update: only the two losses are overridden, so
the rest of the core's scheme (penalties, and its options: R1, weight clipping, augmentation) applies as usual. ``logs()`` adds ``d_class``, D's
cross-entropy on the last real batch, and ``g_class``, G's on its last fake batch.
"""

from __future__ import annotations

import inspect
from typing import Any

import torch
from torch import nn
from torch.nn.functional import cross_entropy

from ganzoo import GanzooError, IncompatibleParts
from ganzoo.training.alternating import AlternatingScheme, logits
from ganzoo.training.scheme import SchemeContext


def scores(discriminator: nn.Module, inputs: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """D's adversarial logits as a float vector, and its class logits as float."""
    adversarial, classes = discriminator(inputs, labels, classes=True)
    return adversarial.reshape(-1).float(), classes.float()


class AuxiliaryClassifierScheme(AlternatingScheme):
    def __init__(self, context: SchemeContext, class_weight: float = 1.0, **alternating: Any) -> None:
        if class_weight < 0:
            raise GanzooError(f"class_weight must be zero or positive, got {class_weight}")
        super().__init__(context, **alternating)
        if not self.networks.conditional:
            raise IncompatibleParts("the acgan scheme needs a conditional architecture, such as acgan, and labelled data")
        if "classes" not in inspect.signature(self.networks.discriminator.forward).parameters:
            raise IncompatibleParts(
                "the acgan scheme needs a discriminator with an auxiliary classifier (forward(x, y, classes=True)),"
                " such as the acgan architecture's"
            )
        self.class_weight = class_weight
        self._d_class = self._g_class = torch.zeros(())  # the last step's cross-entropies

    def discriminator_loss(
        self, real: torch.Tensor, labels: torch.Tensor, fake: torch.Tensor, fake_labels: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        real_logits, real_classes = scores(self.discriminator, real, labels)
        fake_logits, fake_classes = scores(self.discriminator, fake, fake_labels)
        self._d_class = cross_entropy(real_classes, labels)
        d_loss = self.context.loss.discriminator_loss(real_logits, fake_logits)
        return d_loss + self.class_weight * (self._d_class + cross_entropy(fake_classes, fake_labels)), real_logits, fake_logits

    def generator_loss(
        self, fake: torch.Tensor, fake_labels: torch.Tensor, real: torch.Tensor, labels: torch.Tensor
    ) -> torch.Tensor:
        loss = self.context.loss
        fake_logits, fake_classes = scores(self.frozen_discriminator, fake, fake_labels)
        needs_real = getattr(loss, "needs_real_logits_for_generator", False)
        real_logits = logits(self.frozen_discriminator, real, labels) if needs_real else None
        self._g_class = cross_entropy(fake_classes, fake_labels)
        return loss.generator_loss(fake_logits, real_logits) + self.class_weight * self._g_class

    def logs(self) -> dict[str, float]:
        d_class, g_class = torch.stack([self._d_class.detach(), self._g_class.detach()]).tolist()
        return {**super().logs(), "d_class": d_class, "g_class": g_class}
