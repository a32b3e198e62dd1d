"""A test-only ganzoo plugin of training schemes beyond one G and one D, written against the public
API alone (``import ganzoo``). ``tests/test_schemes.py`` installs it as a real distribution.

- ``test-two-domain``: a generator and a discriminator per domain of an unpaired two-domain dataset,
  from one latent (as in CoGAN); one Adam over both generators as two parameter groups with their
  own rates, and an SGD for each discriminator. ``generate`` takes the option ``domain``.
- ``test-memory``: one G and one D, with state of its own that every step changes and that steers
  training: a step counter, a float, a tensor buffer and a pool of past fakes.
- ``test-pix2pix``: an image-to-image architecture (G takes the field ``input``, D judges
  (output, input) pairs) on paired 8×8 images, trained by the core's default scheme.
- schemes that break the rules, for the core to refuse.
"""

from __future__ import annotations

import torch
from torch import nn

import ganzoo

DOMAINS = {"sample": (1.0, 1.0), "other": (-1.0, 0.5)}  # each domain's centre in the plane
SPREAD = 0.1


# --- parts ------------------------------------------------------------------------------------


def two_domains(data_dir=None, split="train"):
    """Two unpaired domains of points in the plane: ``sample`` and ``other`` are drawn independently."""

    def draw(n, generator, device):
        return {name: torch.tensor(centre, device=device) + SPREAD * torch.randn(n, 2, generator=generator, device=device)
                for name, centre in DOMAINS.items()}

    spec = ganzoo.DataSpec((2,), (-2.0, 2.0), fields={"other": ganzoo.Field((2,), (-2.0, 2.0))})
    return ganzoo.SampledData(draw, spec, "two unpaired blobs: sample near (1, 1), other near (-1, 0.5)")


def paired_squares(data_dir=None, split="train", count=64):
    """Pairs of 1×8×8 images: a random black-and-white pattern (``input``) and its mirror image (``sample``)."""
    generator = torch.Generator().manual_seed(7)
    inputs = (torch.rand(count, 1, 8, 8, generator=generator) > 0.5).float() * 2 - 1
    spec = ganzoo.DataSpec((1, 8, 8), (-1.0, 1.0), fields={"input": ganzoo.Field((1, 8, 8), (-1.0, 1.0))})
    return ganzoo.InMemoryData(inputs.flip(-1), None, spec, f"{count} random 8×8 patterns and their mirror images",
                               fields={"input": inputs})


def mlp(inputs, outputs, hidden, last=None):
    layers = [nn.Linear(inputs, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, outputs)]
    return nn.Sequential(*layers, *([last] if last is not None else []))


def point_mlps(spec, latent_dim, hidden=16):
    if len(spec.shape) != 1:
        raise ganzoo.IncompatibleParts("test-point-mlps takes vectors")
    return ganzoo.Networks(mlp(latent_dim, spec.shape[0], hidden), mlp(spec.shape[0], 1, hidden))


class PairGenerator(nn.Module):
    def __init__(self, shape, hidden):
        super().__init__()
        self.shape = shape
        size = int(torch.Size(shape).numel())
        self.body = mlp(size, size, hidden, nn.Tanh())

    def forward(self, image):
        return self.body(image.flatten(1)).view(-1, *self.shape)


class PairDiscriminator(nn.Module):
    """Judges an (output, input) pair: it must be given both."""

    def __init__(self, shape, hidden):
        super().__init__()
        size = int(torch.Size(shape).numel())
        self.body = mlp(2 * size, 1, hidden)

    def forward(self, image, condition):
        assert image.shape == condition.shape, (image.shape, condition.shape)
        return self.body(torch.cat([image.flatten(1), condition.flatten(1)], 1))


def pair_mlps(spec, latent_dim, hidden=32):
    if "input" not in spec.fields or spec.fields["input"].shape != spec.shape:
        raise ganzoo.IncompatibleParts("test-pair-mlps needs an 'input' field of the samples' shape")
    return ganzoo.Networks(PairGenerator(spec.shape, hidden), PairDiscriminator(spec.shape, hidden),
                           generator_input="input", condition="input")


class Logistic:
    """The non-saturating GAN loss on logits."""

    def discriminator_loss(self, real_logits, fake_logits):
        return nn.functional.softplus(-real_logits).mean() + nn.functional.softplus(fake_logits).mean()

    def generator_loss(self, fake_logits, real_logits=None):
        return nn.functional.softplus(-fake_logits).mean()


# --- schemes ----------------------------------------------------------------------------------


def logits(module, x):
    return module(x).reshape(-1)


class TwoDomainScheme(ganzoo.Scheme):
    """A generator and a discriminator per domain, both generators fed the same latent batch.

    Optimisers: ``generators``, one Adam with a parameter group per generator, domain b's at
    ``b_rate`` times domain a's; ``d_a`` and ``d_b``, an SGD each.
    """

    averaged = ("g_a", "g_b")
    exported = ("g_a", "g_b")
    sampling_options = {"domain": "which domain to draw: a (the samples, default) or b (the other field)"}

    def __init__(self, context, b_rate=0.25):
        super().__init__(context)
        recipe = context.recipe
        a, b = context.build_networks(), context.build_networks()
        self.g_a = self.add_module("g_a", a.generator)
        self.g_b = self.add_module("g_b", b.generator)
        self.d_a = self.add_module("d_a", a.discriminator)
        self.d_b = self.add_module("d_b", b.discriminator)
        groups = [{"params": a.generator.parameters(), "lr": recipe.lr_g},
                  {"params": b.generator.parameters(), "lr": recipe.lr_g * b_rate}]
        self.opt_g = self.add_optimizer("generators", context.optimizer(groups, lr=recipe.lr_g, kind="adam"))
        self.opt_da = self.add_optimizer("d_a", context.optimizer(a.discriminator.parameters(), lr=recipe.lr_d, kind="sgd"))
        self.opt_db = self.add_optimizer("d_b", context.optimizer(b.discriminator.parameters(), lr=recipe.lr_d, kind="sgd"))
        self._last = ()

    def train_step(self, step, total_steps):
        c = self.context
        batch = c.next_batch()
        z = c.latent(batch["sample"].shape[0])
        fakes = {"a": self.g_a(z), "b": self.g_b(z)}
        d_losses = []
        for domain, real in (("a", batch["sample"]), ("b", batch["other"])):
            d, optimizer = getattr(self, f"d_{domain}"), getattr(self, f"opt_d{domain}")
            loss = c.loss.discriminator_loss(logits(d, real), logits(d, fakes[domain].detach()))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            d_losses.append(loss.detach())
        frozen = [self.modules["d_a"], self.modules["d_b"]]
        for d in frozen:
            d.requires_grad_(False)
        g_loss = sum(c.loss.generator_loss(logits(d, fakes[k]), None) for d, k in zip(frozen, "ab"))
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        for d in frozen:
            d.requires_grad_(True)
        self._last = (*d_losses, g_loss.detach())

    def logs(self):
        d_a, d_b, g = torch.stack(self._last).tolist()
        return {"d_a_loss": d_a, "d_b_loss": d_b, "g_loss": g}

    def generator_inputs(self):
        return {"latent": ganzoo.Field((self.context.recipe.latent_dim,), (float("-inf"), float("inf")))}

    @torch.no_grad()
    def generate(self, inputs, *, modules, domain="a"):
        if domain not in ("a", "b"):
            raise ganzoo.GanzooError(f"domain must be a or b, got {domain!r}")
        return modules[f"g_{domain}"](inputs["latent"])


class MemoryScheme(ganzoo.Scheme):
    """One G and one D, and state of the scheme's own that every step changes and that steers training:

    - ``count``, the steps taken: which slot of the pool the next fake goes to, and how much of the
      pool is filled;
    - ``level``, a float, a running average of D's loss that weighs G's feature-matching term;
    - ``running``, a tensor buffer, a running mean of the fakes: the target of that term;
    - ``pool``, a tensor of past fakes (one per step, picked with the run's noise) that D judges
      alongside the fresh ones, as CycleGAN's image pool.

    ``forget`` names state that :meth:`load_state_dict` ignores: a broken scheme, for the tests to
    see a resume go wrong.
    """

    def __init__(self, context, pool_size=16, forget=()):
        super().__init__(context)
        recipe = context.recipe
        networks = context.build_networks()
        self.generator = self.add_module("generator", networks.generator)
        self.discriminator = self.add_module("discriminator", networks.discriminator)
        self.frozen = networks.discriminator
        self.opt_g = self.add_optimizer("generator", context.optimizer(networks.generator.parameters(), lr=recipe.lr_g))
        self.opt_d = self.add_optimizer("discriminator", context.optimizer(networks.discriminator.parameters(), lr=recipe.lr_d))
        self.forget = frozenset(forget)
        self.count = 0
        self.level = 0.5
        self.running = torch.zeros(context.spec.shape, device=context.device)
        self.pool = torch.zeros(pool_size, *context.spec.shape, device=context.device)
        self._last = ()

    def train_step(self, step, total_steps):
        c = self.context
        real = c.next_batch()["sample"]
        n = real.shape[0]
        fake = self.generator(c.latent(n))
        filled = min(self.count, len(self.pool))
        judged = torch.cat([fake.detach(), self.pool[:filled]])
        d_loss = c.loss.discriminator_loss(logits(self.discriminator, real), logits(self.discriminator, judged))
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()
        self.frozen.requires_grad_(False)
        matching = (fake.mean(0) - self.running).pow(2).sum()
        g_loss = c.loss.generator_loss(logits(self.frozen, fake), None) + self.level * matching
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        self.frozen.requires_grad_(True)
        with torch.no_grad():
            pick = torch.randint(n, (), generator=c.noise, device=c.device)
            self.pool[self.count % len(self.pool)] = fake[pick]
            self.running.mul_(0.9).add_(fake.mean(0), alpha=0.1)
        self.level = 0.9 * self.level + 0.1 * float(d_loss.detach())
        self.count += 1
        self._last = (d_loss.detach(), g_loss.detach(), matching.detach())

    def logs(self):
        d, g, matching = torch.stack(self._last).tolist()
        return {"d_loss": d, "g_loss": g, "matching": matching, "level": self.level, "count": self.count,
                "pool": self.pool.abs().sum().item()}

    def state_dict(self):
        return {"count": self.count, "level": self.level, "running": self.running, "pool": self.pool}

    def load_state_dict(self, state):
        state = {key: value for key, value in state.items() if key not in self.forget}
        self.count = int(state.get("count", self.count))
        self.level = float(state.get("level", self.level))
        if "running" in state:
            self.running.copy_(state["running"])
        if "pool" in state:
            self.pool.copy_(state["pool"])

    def generator_inputs(self):
        return {"latent": ganzoo.Field((self.context.recipe.latent_dim,), (float("-inf"), float("inf")))}

    @torch.no_grad()
    def generate(self, inputs, *, modules):
        return modules["generator"](inputs["latent"])


class GhostAveraged(TwoDomainScheme):
    averaged = ("g_a", "g_ghost")


class GhostExported(TwoDomainScheme):
    exported = ("g_a", "g_ghost")


class UnsavableState(MemoryScheme):
    def state_dict(self):
        return {**super().state_dict(), "history": {1, 2, 3}}  # a set: neither a tensor nor JSON


# --- registration -----------------------------------------------------------------------------


@ganzoo.hookimpl
def ganzoo_register_datasets(register):
    register("test-two-domains", two_domains, description="Two unpaired blobs in the plane.")
    register("test-paired-squares", paired_squares, description="8×8 patterns and their mirror images.")


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register("test-point-mlps", point_mlps, description="Tiny MLPs for points.")
    register("test-pair-mlps", pair_mlps, description="Image-to-image MLPs; D judges (output, input) pairs.")


@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("test-logistic", Logistic, description="The non-saturating GAN loss.")


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register("test-two-domain", TwoDomainScheme, description="A generator and a discriminator per domain.")
    register("test-memory", MemoryScheme, description="State of its own: a counter, a float, a buffer and a pool.")
    register("test-ghost-averaged", GhostAveraged, description="Averages a module it does not declare.")
    register("test-ghost-exported", GhostExported, description="Exports a module it does not declare.")
    register("test-unsavable-state", UnsavableState, description="Keeps a set in its state.")


POINTS = dict(architecture="test-point-mlps", loss="test-logistic", dataset="test-two-domains", latent_dim=2, batch_size=32)


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register("test-two-domain", ganzoo.Recipe(
        **POINTS, scheme="test-two-domain", steps=200, lr_g=4e-3, lr_d=2e-2, lr_schedule="linear", ema=0.9,
        log_every=20, sample_every=100, checkpoint_every=100), description="Two domains, three optimisers.")
    register("test-memory", ganzoo.Recipe(
        **POINTS, scheme="test-memory", steps=40, lr_g=2e-3, lr_d=2e-3, log_every=5, sample_every=1_000,
        checkpoint_every=1_000), description="A scheme with state of its own.")
    register("test-pix2pix", ganzoo.Recipe(
        architecture="test-pair-mlps", loss="test-logistic", dataset="test-paired-squares", batch_size=16, steps=20,
        lr_g=1e-3, lr_d=1e-3, log_every=10, sample_every=1_000, checkpoint_every=1_000), description="Image to image.")
    for scheme in ("test-ghost-averaged", "test-ghost-exported"):
        register(scheme, ganzoo.Recipe(**POINTS, scheme=scheme, steps=2), description="Refused.")
    register("test-unsavable-state", ganzoo.Recipe(**POINTS, scheme="test-unsavable-state", steps=2), description="Refused.")
