"""The ``infogan`` training scheme (Chen et al. 2016): the alternating GAN plus the information term.

Each fake batch comes from latent vectors that hold the codes (:mod:`ganzoo_infogan.codes`), and Q,
a head on D's body, learns to read the codes back from the images. With L_I the cross-entropy form
of the information bound (:mod:`ganzoo_infogan.information`):

    D and Q minimise  D's adversarial loss + L_I(fakes)    (D's body learns from both)
    G minimises       G's adversarial loss + L_I(fakes)    (through a frozen D and Q)

as the authors' code does. The adversarial part is the recipe's loss. As in the core's scheme, G's
update reuses the fakes of the last D update, where the authors' code draws new ones. ``logs()``
adds ``info_loss`` (L_I as minimised, on G's last batch; ``d_loss`` and ``g_loss`` include it) and
``code_accuracy`` (how often Q names the categorical code of those images).

Trained generators take ``code`` and ``c1``, ``c2``, ... as sampling options
(:mod:`ganzoo_infogan.options`), and the run's sample pictures are traversals: one row per category,
c1 from -1 to 1 across (the paper's figure 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from ganzoo import LATENT, GanzooError, IncompatibleParts, Networks
from ganzoo.training.alternating import AlternatingScheme, logits
from ganzoo.training.batches import Batch
from ganzoo.training.scheme import SchemeContext
from ganzoo_infogan.codes import CodeLayout
from ganzoo_infogan.information import code_accuracy, information_loss
from ganzoo_infogan.options import option_help, with_options


def recognition_layout(networks: Networks) -> CodeLayout:
    """The code layout that G reads and Q predicts; refuses networks without both."""
    layout = getattr(networks.discriminator, "layout", None)
    if not isinstance(layout, CodeLayout) or getattr(networks.generator, "layout", None) != layout or networks.condition:
        raise IncompatibleParts("the infogan scheme needs unconditional networks whose G reads codes from the latent vector"
                                " and whose D has a recognition head Q, such as the infogan architecture's")
    return layout


class InfoGAN(AlternatingScheme):
    """Options: ``categorical_weight`` and ``continuous_weight`` (λ of each kind of code, 1.0 each as
    in the authors' MNIST experiment), and the alternating scheme's."""

    def __init__(self, context: SchemeContext, categorical_weight: float = 1.0, continuous_weight: float = 1.0,
                 **options: Any) -> None:
        if categorical_weight < 0 or continuous_weight < 0:
            raise GanzooError(f"the information weights must be zero or positive, got {categorical_weight} and {continuous_weight}")
        super().__init__(context, **options)
        self.layout = recognition_layout(self.networks)
        self.sampling_options = option_help(self.layout)
        self.weights = (categorical_weight, continuous_weight)
        self._latent = torch.zeros(0)  # the latent vectors of the last fake batch
        self._info = self._accuracy = torch.zeros(())

    def fake_inputs(self, batch: Batch, n: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        latent, condition = super().fake_inputs(batch, n)
        self._latent = latent  # the codes Q must read back from these fakes
        return latent, condition

    def discriminator_loss(
        self, real: torch.Tensor, condition: torch.Tensor | None, fake: torch.Tensor, fake_condition: torch.Tensor | None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        real_logits = logits(self.discriminator, real, None)
        fake_logits, information = self._judge(self.discriminator, fake)
        return self.context.loss.discriminator_loss(real_logits, fake_logits) + information, real_logits, fake_logits

    def generator_loss(self, fake: torch.Tensor, fake_condition: torch.Tensor | None, real: torch.Tensor,
                       condition: torch.Tensor | None) -> torch.Tensor:
        loss = self.context.loss
        fake_logits, information = self._judge(self.frozen_discriminator, fake)
        needs_real = getattr(loss, "needs_real_logits_for_generator", False)
        real_logits = logits(self.frozen_discriminator, real, None) if needs_real else None
        return loss.generator_loss(fake_logits, real_logits) + information

    def _judge(self, discriminator: nn.Module, fake: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """D's logits on the fakes and the information term of Q's reading of them, in one pass."""
        fake_logits, recognised = discriminator(fake, recognise=True)
        self._info = information_loss(recognised, self._latent, self.layout, *self.weights)
        self._accuracy = code_accuracy(recognised, self._latent, self.layout)
        return fake_logits.reshape(-1).float(), self._info

    def logs(self) -> dict[str, float]:
        info, accuracy = torch.stack([self._info.detach(), self._accuracy]).tolist()
        return {**super().logs(), "info_loss": info, "code_accuracy": accuracy}

    def generate(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module], **options: Any) -> torch.Tensor:
        return modules["generator"](with_options(self.layout, inputs[LATENT], options))

    def sample_panels(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module]) -> list[torch.Tensor]:
        """The traversal of the first latent vector of ``inputs`` (:meth:`CodeLayout.traversal`)."""
        return [modules["generator"](column) for column in self.layout.traversal(inputs[LATENT][0])]
