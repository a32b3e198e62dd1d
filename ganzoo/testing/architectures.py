"""``check_architecture``: a generator/discriminator pair keeps the contract the trainer relies on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import torch
from torch.nn.functional import softplus

from ganzoo.errors import IncompatibleParts
from ganzoo.parts import LATENT, DataSpec, Networks
from ganzoo.testing import _tensors as t
from ganzoo.testing._resolve import build, fail
from ganzoo.testing.tiny import TINY_SPEC, random_samples

if TYPE_CHECKING:
    from ganzoo.plugins import Zoo


def check_architecture(
    architecture: Any,
    spec: DataSpec = TINY_SPEC,
    *,
    zoo: Zoo | None = None,
    options: Mapping[str, Any] | None = None,
    latent_dim: int = 16,
    batch_size: int = 8,
    check_range: bool | None = None,
) -> Networks:
    """Build ``architecture`` for data of ``spec`` on CPU and check that it can be trained.

    - the factory returns :class:`ganzoo.Networks` whose modules live on the CPU;
    - G maps ``(batch_size, latent_dim)`` (or the data field it takes, such as an input image) to
      ``(batch_size, *spec.shape)`` finite floats, in train
      and in eval mode; for images (and wherever ``check_range`` is true) inside ``spec.value_range``;
    - D gives one finite logit per sample, shaped ``(B,)`` or ``(B, 1)``;
    - one optimiser step on a cross-entropy loss changes D's weights, then one changes G's, and
      every gradient on the way is finite.

    A conditional pair is called with random labels, a pair conditioned on a data field with
    random values of that field. :class:`ganzoo.IncompatibleParts` raised by
    the factory is passed on (the architecture declines this ``spec``), as is a conditional pair
    asked to model data without classes. Returns the networks, after their two steps.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        networks, label = build(
            "architecture", architecture, spec, latent_dim, zoo=zoo, options=options,
            is_built=lambda part: isinstance(part, Networks),
        )
        label = f"{label} on {spec.describe()} data"
        if not isinstance(networks, Networks):
            raise fail(label, f"the factory returned {type(networks).__name__}, not ganzoo.Networks")
        for role, module in (("generator", networks.generator), ("discriminator", networks.discriminator)):
            if not isinstance(module, torch.nn.Module):
                raise fail(label, f"the {role} is a {type(module).__name__}, not a torch.nn.Module")
            elsewhere = {str(x.device) for x in [*module.parameters(), *module.buffers()] if x.device.type != "cpu"}
            if elsewhere:
                raise fail(label, f"the factory put the {role} on {', '.join(sorted(elsewhere))}; build on the CPU and let ganzoo move it")
            if not any(p.requires_grad for p in module.parameters()):
                raise fail(label, f"the {role} has no trainable parameters")
        if networks.conditional and spec.num_classes is None:
            raise IncompatibleParts(f"{label}: a conditional architecture needs data with classes")
        _check_forward(networks, spec, label, latent_dim, batch_size, check_range)
        _check_training_step(networks, spec, label, latent_dim, batch_size)
    return networks


def _inputs(networks: Networks, spec: DataSpec, latent_dim: int, batch_size: int) -> tuple[tuple[torch.Tensor, ...], torch.Tensor | None]:
    """Random arguments for G (latent noise, classes, or data fields such as an input image) and
    the condition D is given with them, if any."""
    fields = spec.all_fields()
    needed = [*networks.generator_fields(), *([networks.condition] if networks.condition is not None else [])]
    batch = {LATENT: torch.randn(batch_size, latent_dim)}
    for name in dict.fromkeys(needed):
        field = fields.get(name)
        if field is None:
            continue
        if field.num_classes is not None and not field.shape:
            batch[name] = torch.randint(field.num_classes, (batch_size,))
        else:
            low, high = field.value_range
            batch[name] = torch.rand(batch_size, *field.shape) * (high - low) + low
    condition = batch[networks.condition] if networks.condition is not None else None
    return tuple(batch[name] for name in networks.generator_fields()), condition


def _call(module: torch.nn.Module, x: torch.Tensor, condition: torch.Tensor | None) -> Any:
    return module(x) if condition is None else module(x, condition)


def _logits(networks: Networks, x: torch.Tensor, condition: torch.Tensor | None, label: str) -> torch.Tensor:
    logits = t.tensor(label, "D's output", _call(networks.discriminator, x, condition))
    batch = x.shape[0]
    if tuple(logits.shape) not in ((batch,), (batch, 1)):
        raise fail(label, f"the discriminator gives an output of shape {tuple(logits.shape)} for {batch} samples; it must give one logit per sample, shaped ({batch},) or ({batch}, 1)")
    t.floating(label, "D's logits", logits)
    t.finite(label, "D's logits", logits)
    return logits.reshape(-1)


def _check_forward(networks: Networks, spec: DataSpec, label: str, latent_dim: int, batch_size: int, check_range: bool | None) -> None:
    expected = (batch_size, *spec.shape)
    bounded = spec.is_image if check_range is None else check_range
    for mode in ("train", "eval"):
        networks.generator.train(mode == "train")
        arguments, _ = _inputs(networks, spec, latent_dim, batch_size)
        with torch.no_grad():
            fake = t.tensor(label, "G's output", networks.generator(*arguments))
        if tuple(fake.shape) != expected:
            raise fail(label, f"in {mode} mode the generator maps inputs of shape {tuple(arguments[0].shape)} to samples of shape {tuple(fake.shape)}; expected {expected}")
        t.floating(label, f"G's samples in {mode} mode", fake)
        t.finite(label, f"G's samples in {mode} mode", fake)
        if bounded:
            t.in_range(label, f"G's samples in {mode} mode", fake, spec.value_range)
    networks.generator.train()
    with torch.no_grad():
        _logits(networks, random_samples(batch_size, spec, None), _inputs(networks, spec, latent_dim, batch_size)[1], label)


def _check_training_step(networks: Networks, spec: DataSpec, label: str, latent_dim: int, batch_size: int) -> None:
    G, D = networks.generator, networks.discriminator
    optimizer_g = torch.optim.Adam(G.parameters(), lr=1e-3)
    optimizer_d = torch.optim.Adam(D.parameters(), lr=1e-3)

    arguments, condition = _inputs(networks, spec, latent_dim, batch_size)
    real = random_samples(batch_size, spec, None)
    with torch.no_grad():
        fake = G(*arguments)
    d_loss = softplus(-_logits(networks, real, condition, label)).mean() + softplus(_logits(networks, fake, condition, label)).mean()
    if not d_loss.requires_grad:
        raise fail(label, "D's logits do not depend on its weights through autograd")
    before = t.snapshot(D)
    optimizer_d.zero_grad()
    d_loss.backward()
    t.gradients_finite(label, "after a discriminator step", D)
    optimizer_d.step()
    if not t.changed(D, before):
        raise fail(label, "one optimiser step on the discriminator's loss left its weights unchanged: no gradient reaches them")

    trainable = [p for p in D.parameters() if p.requires_grad]
    for p in trainable:
        p.requires_grad_(False)
    arguments, condition = _inputs(networks, spec, latent_dim, batch_size)
    g_loss = softplus(-_logits(networks, G(*arguments), condition, label)).mean()
    if not g_loss.requires_grad:
        raise fail(label, "no gradient flows from D's logits back to G: G's samples are detached from its weights")
    before = t.snapshot(G)
    optimizer_g.zero_grad()
    g_loss.backward()
    t.gradients_finite(label, "after a generator step", G)
    optimizer_g.step()
    for p in trainable:
        p.requires_grad_(True)
    if not t.changed(G, before):
        raise fail(label, "one optimiser step on the generator's loss left its weights unchanged: no gradient flows from D's logits back to G")
