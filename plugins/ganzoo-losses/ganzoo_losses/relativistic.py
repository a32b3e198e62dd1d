"""The relativistic average standard GAN (RaSGAN) of Jolicoeur-Martineau (2018), "The relativistic
discriminator: a key element missing from standard GAN".

D judges whether a sample is more realistic than the other kind on average. With C the raw output
(logit), the relativistic average logits are

    C̃(x)    = C(x)    − E[C(G(z))]
    C̃(G(z)) = C(G(z)) − E[C(x)]

and, with σ the sigmoid, the two losses are cross-entropies that swap the roles of real and fake:

    D minimises −E[log σ(C̃(x))] − E[log(1 − σ(C̃(G(z))))]
    G minimises −E[log σ(C̃(G(z)))] − E[log(1 − σ(C̃(x)))]

G's loss depends on the real logits: raising D's opinion of the fakes also lowers, relatively, its
opinion of the real samples. Written with ``−log σ(l) = softplus(−l)`` and
``−log(1 − σ(l)) = softplus(l)``.
"""

import torch
from torch.nn.functional import softplus


class RelativisticAverage:
    """RaSGAN: binary cross-entropy on logits taken relative to the other batch's mean logit."""

    needs_real_logits_for_generator = True

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return _relativistic_cross_entropy(winners=real_logits, losers=fake_logits)

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None) -> torch.Tensor:
        if real_logits is None:
            raise ValueError("the relativistic loss needs D's logits on a real batch to compute G's loss")
        return _relativistic_cross_entropy(winners=fake_logits, losers=real_logits)


def _relativistic_cross_entropy(winners: torch.Tensor, losers: torch.Tensor) -> torch.Tensor:
    """−E[log σ(w − E[l])] − E[log(1 − σ(l − E[w]))]: the loss of a player who wants ``winners``
    judged more realistic than ``losers``."""
    return softplus(-(winners - losers.mean())).mean() + softplus(losers - winners.mean()).mean()
