"""BEGAN's equilibrium: the proportional control of k_t, and the convergence measure M.

D minimises L(x) − k_t·L(G(z)). k_t says how much D is asked to push the fakes' energy up: it
rises while G's samples are reconstructed better than γ times the real pictures are (D is losing
ground) and falls otherwise, so that the run settles where E[L(G(z))] = γ·E[L(x)]. The paper
calls γ the diversity ratio: a lower γ makes D care more about reconstructing real pictures, and
G's samples sharper but less varied.
"""

from __future__ import annotations

import torch


def balance(real_energy: torch.Tensor, fake_energy: torch.Tensor, gamma: float) -> torch.Tensor:
    """γ·L(x) − L(G(z)): positive while the fakes are reconstructed too well."""
    return gamma * real_energy - fake_energy


def next_k(k: torch.Tensor, balance: torch.Tensor, lambda_k: float) -> torch.Tensor:
    """k_{t+1} = clip(k_t + λ_k·(γ·L(x) − L(G(z))), 0, 1)."""
    return (k + lambda_k * balance).clamp(0.0, 1.0)


def convergence(real_energy: torch.Tensor, balance: torch.Tensor) -> torch.Tensor:
    """M_global = L(x) + |γ·L(x) − L(G(z))|: low when D reconstructs real pictures well and the
    two players are in equilibrium; it falls as a run converges."""
    return real_energy + balance.abs()
