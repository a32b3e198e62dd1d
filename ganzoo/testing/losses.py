"""``check_loss``: properties every adversarial loss has, whatever its formula.

Logits follow the core's convention: higher means "more likely real" (a sigmoid of a logit is the
probability that the sample is real; a critic's score grows with realism).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import torch

from ganzoo.testing import _tensors as t
from ganzoo.testing._resolve import build, fail

if TYPE_CHECKING:
    from ganzoo.plugins import Zoo


def _is_loss(part: Any) -> bool:
    return not isinstance(part, type) and hasattr(part, "discriminator_loss")


def check_loss(
    loss: Any,
    *,
    zoo: Zoo | None = None,
    options: Mapping[str, Any] | None = None,
    batch_size: int = 16,
    extreme: float | None = 30.0,
) -> Any:
    """Check a loss on made-up logits; returns the built loss.

    - ``discriminator_loss`` and ``generator_loss`` return 0-dimensional floating tensors, finite,
      with finite gradients, on random logits and on logits of ±``extreme`` (a loss written with
      ``softplus`` or ``binary_cross_entropy_with_logits`` passes; ``log(sigmoid(x))`` does not;
      ``extreme=None`` skips this);
    - neither changes the logits it is given;
    - D's loss is lower when D is right (real logits +1, fake -1) than when it is wrong (-1, +1),
      and at the wrong point its gradient pushes real logits up and fake logits down;
    - when D rejects the fakes (fake logits -2), G's loss is lower at fake logits 0 and its
      gradient pushes the fake logits up;
    - ``discriminator_penalty``, if the loss has one, is a finite scalar with finite gradients for D.

    ``real_logits`` reach ``generator_loss`` only if the loss sets ``needs_real_logits_for_generator``.
    """
    built, label = build("loss", loss, zoo=zoo, options=options, is_built=_is_loss)
    for method in ("discriminator_loss", "generator_loss"):
        if not callable(getattr(built, method, None)):
            raise fail(label, f"the loss object ({type(built).__name__}) has no method {method}(...)")
    needs_real = bool(getattr(built, "needs_real_logits_for_generator", False))

    def d_loss(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        return built.discriminator_loss(real, fake)

    def g_loss(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        return built.generator_loss(fake, real if needs_real else None)

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        points = {"random logits": (2 * torch.randn(batch_size), 2 * torch.randn(batch_size))}
        if extreme is not None:
            high, low = torch.full((batch_size,), extreme), torch.full((batch_size,), -extreme)
            points[f"logits of ±{extreme:g} (D certain and right)"] = (high, low)
            points[f"logits of ±{extreme:g} (D certain and wrong)"] = (low, high)
        for player, function in (("D", d_loss), ("G", g_loss)):
            for where, (real, fake) in points.items():
                _value_and_gradients(label, f"{player}'s loss on {where}", function, real, fake)

        right = _value_and_gradients(label, "D's loss", d_loss, *_logits(batch_size, 1.0, -1.0))[0]
        wrong, real_grad, fake_grad = _value_and_gradients(label, "D's loss", d_loss, *_logits(batch_size, -1.0, 1.0))
        if not right < wrong:
            raise fail(label, f"D's loss is {right:.4g} when D is right (real logits +1, fake -1) and {wrong:.4g} when it is wrong (-1, +1); it should be lower when D is right")
        if not real_grad < 0:
            raise fail(label, "when D is wrong, the gradient of D's loss does not push the real logits up (higher must mean more real)")
        if not fake_grad > 0:
            raise fail(label, "when D is wrong, the gradient of D's loss does not push the fake logits down (lower must mean more fake)")

        rejected, _, toward = _value_and_gradients(label, "G's loss", g_loss, *_logits(batch_size, 2.0, -2.0))
        unsure = _value_and_gradients(label, "G's loss", g_loss, *_logits(batch_size, 2.0, 0.0))[0]
        if not unsure < rejected:
            raise fail(label, f"G's loss is {rejected:.4g} when D rejects the fakes (fake logits -2) and {unsure:.4g} when D is unsure (0); it should be lower when D is unsure")
        if not toward < 0:
            raise fail(label, "when D rejects the fakes, the gradient of G's loss does not push the fake logits up")

        penalty = getattr(built, "discriminator_penalty", None)
        if penalty is not None:
            _check_penalty(label, penalty, batch_size)
    return built


def _logits(batch_size: int, real: float, fake: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Logits near ``real`` and ``fake`` with a little spread, so that batch statistics are not degenerate."""
    spread = 0.1 * torch.linspace(-1, 1, batch_size)
    return real + spread, fake + spread


def _value_and_gradients(
    label: str, what: str, function: Callable[[torch.Tensor, torch.Tensor], Any], real: torch.Tensor, fake: torch.Tensor
) -> tuple[float, float, float]:
    """The loss at (real, fake) and the sums of its gradients on the real and the fake logits."""
    leaves = real.clone().requires_grad_(True), fake.clone().requires_grad_(True)
    real, fake = leaves[0] * 1.0, leaves[1] * 1.0  # not leaves, like the outputs of D a loss is given
    kept = real.detach().clone(), fake.detach().clone()
    value = t.tensor(label, what, function(real, fake))
    if value.dim() != 0:
        raise fail(label, f"{what} has shape {tuple(value.shape)}; it must be a 0-dimensional tensor (take the .mean())")
    t.floating(label, what, value)
    t.finite(label, what, value)
    if not torch.equal(real.detach(), kept[0]) or not torch.equal(fake.detach(), kept[1]):
        raise fail(label, f"{what} changed the logits it was given (an in-place operation)")
    if not value.requires_grad:
        raise fail(label, f"{what} does not depend on the logits through autograd (was it computed from .item() or under no_grad?)")
    real_grad, fake_grad = torch.autograd.grad(value, leaves, allow_unused=True)
    sums = []
    for name, grad in (("real", real_grad), ("fake", fake_grad)):
        if grad is not None:
            t.finite(label, f"the gradient of {what} with respect to the {name} logits", grad)
        sums.append(0.0 if grad is None else grad.sum().item())
    return value.item(), sums[0], sums[1]


def _check_penalty(label: str, penalty: Callable[..., Any], batch_size: int) -> None:
    critic = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    real, fake = torch.rand(batch_size, 1, 4, 4) * 2 - 1, torch.rand(batch_size, 1, 4, 4) * 2 - 1
    value = t.tensor(label, "discriminator_penalty(...)", penalty(lambda x: critic(x).reshape(-1), real, fake))
    if value.dim() != 0:
        raise fail(label, f"discriminator_penalty(...) has shape {tuple(value.shape)}; it must be a 0-dimensional tensor")
    t.finite(label, "discriminator_penalty(...)", value)
    if value.requires_grad:
        value.backward()
        t.gradients_finite(label, "discriminator_penalty(...)", critic)
