"""The ACGAN training scheme: the alternating update plus an auxiliary classification loss.

D's classifier head learns the classes of real images and of G's images (G is told which class to
draw), and G is rewarded when its images are classified as the class it was asked for:

    D minimises  adversarial loss + w · (CE(C(x), y) + CE(C(G(z, c)), c))
    G minimises  adversarial loss + w · CE(C(G(z, c)), c)

where C is the classifier head, CE the cross-entropy, and w the option ``class_weight`` (Odena et
al. 2017 weigh the two terms equally). The adversarial part is the recipe's loss, and a loss's own
discriminator penalty (such as WGAN-GP's) is still added. As in the core's update, G's update
reuses the fakes (and their classes) of the last D update. ``logs()`` adds ``d_class``, D's
cross-entropy on the last real batch, and ``g_class``, G's on its last fake batch.
"""

from __future__ import annotations

import inspect

import torch
from torch import nn
from torch.nn.functional import cross_entropy

from ganzoo import GanzooError, IncompatibleParts
from ganzoo.training.step import AlternatingUpdate, UpdateContext, logits


def scores(discriminator: nn.Module, inputs: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """D's adversarial logits as a float vector, and its class logits as float."""
    adversarial, classes = discriminator(inputs, labels, classes=True)
    return adversarial.reshape(-1).float(), classes.float()


class AuxiliaryClassifierUpdate(AlternatingUpdate):
    def __init__(self, context: UpdateContext, class_weight: float = 1.0) -> None:
        if context.num_classes is None:
            raise IncompatibleParts("the acgan update needs a conditional architecture, such as acgan, and labelled data")
        if "classes" not in inspect.signature(context.discriminator_module.forward).parameters:
            raise IncompatibleParts(
                "the acgan update needs a discriminator with an auxiliary classifier (forward(x, y, classes=True)),"
                " such as the acgan architecture's"
            )
        if class_weight < 0:
            raise GanzooError(f"class_weight must be zero or positive, got {class_weight}")
        super().__init__(context)
        self.class_weight = class_weight
        self._d_class = self._g_class = torch.zeros(())  # the last step's cross-entropies

    def discriminator_step(self) -> tuple[torch.Tensor, ...]:
        c = self.context
        real, labels = c.batches.next()
        n = real.shape[0]
        z, fake_labels = c.latent(n), c.fake_labels(n)
        with c.autocast():
            if self._keep_fake:  # the last D update of a step keeps its fakes for G's update
                kept = c.generator(z, fake_labels)
                self._kept, fake = (kept, fake_labels), kept.detach()
            else:
                with torch.no_grad():
                    fake = c.generator(z, fake_labels)
            real_logits, real_classes = scores(c.discriminator, real, labels)
            fake_logits, fake_classes = scores(c.discriminator, fake, fake_labels)
            d_class = cross_entropy(real_classes, labels)
            d_loss = c.loss.discriminator_loss(real_logits, fake_logits)
            d_loss = d_loss + self.class_weight * (d_class + cross_entropy(fake_classes, fake_labels))
        if self._penalty is not None:
            d_loss = d_loss + self._penalty(lambda x: logits(c.discriminator, x, labels), real, fake)
        c.optimizer_d.zero_grad(set_to_none=True)
        d_loss.backward()
        c.optimizer_d.step()
        self._d_class = d_class
        return real, labels, d_loss, real_logits, fake_logits

    def generator_step(self, real: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
        c = self.context
        for p in self._d_params:
            p.requires_grad_(False)
        kept, self._kept = self._kept, None
        with c.autocast():
            if kept is None:
                n = real.shape[0]
                z, fake_labels = c.latent(n), c.fake_labels(n)
                fake = c.generator(z, fake_labels)
            else:
                fake, fake_labels = kept
            fake_logits, fake_classes = scores(c.discriminator_module, fake, fake_labels)
            real_logits = logits(c.discriminator_module, real, labels) if self._needs_real else None
            g_class = cross_entropy(fake_classes, fake_labels)
            g_loss = c.loss.generator_loss(fake_logits, real_logits) + self.class_weight * g_class
        c.optimizer_g.zero_grad(set_to_none=True)
        g_loss.backward()
        c.optimizer_g.step()
        for p in self._d_params:
            p.requires_grad_(True)
        self._g_class = g_class
        return g_loss

    def logs(self) -> dict[str, float]:
        d_class, g_class = torch.stack([self._d_class.detach(), self._g_class.detach()]).tolist()
        return {**super().logs(), "d_class": d_class, "g_class": g_class}
