"""The arithmetic of a run's training steps: float32, or mixed precision on a GPU.

Under ``bf16`` the forward passes run in bfloat16 autocast; its range is float32's, so gradients
need no scaling. Under ``fp16`` (GPUs without bfloat16) they run in float16 autocast, and each loss
is multiplied by a scale before its backward pass so that small gradients do not round to zero;
the optimiser step divides it out again and is skipped when a gradient overflowed, and the scale
adapts (:class:`torch.amp.GradScaler`). The scale is training state: it is saved with the run.

Schemes get this through :meth:`ganzoo.SchemeContext.update` and
:meth:`ganzoo.SchemeContext.input_gradient`; a scheme that calls ``backward()`` itself trains
correctly in fp32 and bf16, and unscaled (so with a risk of vanishing gradients) in fp16.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from typing import Any

import torch

KINDS = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


class Precision:
    """How training steps compute on ``device_type``: ``kind`` is ``"fp32"``, ``"bf16"`` or
    ``"fp16"``."""

    def __init__(self, kind: str = "fp32", device_type: str = "cpu") -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown precision {kind!r}; use one of {', '.join(KINDS)}")
        self.kind, self.device_type = kind, device_type
        self.scaler = torch.amp.GradScaler(device_type) if kind == "fp16" else None

    @property
    def name(self) -> str:
        """As a run's config records it: ``fp32``, ``bf16-mixed`` or ``fp16-mixed``."""
        return self.kind if self.kind == "fp32" else f"{self.kind}-mixed"

    def autocast(self) -> AbstractContextManager[Any]:
        """The context for forward passes."""
        dtype = KINDS[self.kind]
        return contextlib.nullcontext() if dtype is None else torch.autocast(self.device_type, dtype=dtype)

    def update(self, loss: torch.Tensor, optimizer: torch.optim.Optimizer) -> None:
        """One step of ``optimizer`` down the gradient of ``loss`` (its old gradients cleared)."""
        optimizer.zero_grad(set_to_none=True)
        if self.scaler is None:
            loss.backward()
            optimizer.step()
            return
        self.scaler.scale(loss).backward()
        self.scaler.step(optimizer)
        self.scaler.update()

    def input_gradient(self, outputs: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        """The gradient of ``outputs.sum()`` with respect to ``inputs``, itself differentiable (for
        gradient penalties such as R1); computed on the scaled sum under fp16, then unscaled."""
        if self.scaler is None:
            (gradient,) = torch.autograd.grad(outputs.sum(), inputs, create_graph=True)
            return gradient
        (scaled,) = torch.autograd.grad(self.scaler.scale(outputs.sum()), inputs, create_graph=True)
        return scaled / self.scaler.get_scale()

    def state_dict(self) -> dict[str, Any]:
        """The loss scale and its growth counter under fp16 (JSON values); nothing otherwise."""
        return {} if self.scaler is None else self.scaler.state_dict()

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Take back a saved scale; one saved under another precision does not apply and is
        ignored (a run may resume in another precision)."""
        if self.scaler is not None and state:
            self.scaler.load_state_dict(state)
