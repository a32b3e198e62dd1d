"""CycleGAN's history of generated images (Zhu et al. 2017, section 4, after Shrivastava et al. 2017).

D is updated on a mix of the newest fakes and fakes from earlier steps, which damps oscillation:
until the pool holds ``size`` images, every fake is stored and shown to D as it is; once it is full,
each fake has an even chance of being shown as it is, or of taking the place of a stored fake
chosen uniformly, which is shown instead. The random draws come from the run's noise generator, so
that a run that stops and resumes draws the same; the images and how many are stored are saved with
the scheme's state.
"""

from __future__ import annotations

import torch


class ImagePool:
    def __init__(self, size: int, shape: tuple[int, ...], device: torch.device) -> None:
        if size < 0:
            raise ValueError(f"pool_size must be zero or more, got {size}")
        self.size = size
        self.images = torch.zeros(size, *shape, device=device)
        self.count = 0  # how many are stored, up to size

    def query(self, fakes: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        """The images D is shown for the batch ``fakes`` (detached), the pool updated. Draws the same
        random numbers whatever the pool holds, without waiting for the device."""
        fakes = fakes.detach()
        if self.size == 0:
            return fakes
        n = fakes.shape[0]
        device = self.images.device
        swap = torch.rand(n, generator=generator, device=device) > 0.5
        slots = torch.randint(self.size, (n,), generator=generator, device=device)
        shown = []
        for i in range(n):
            image = fakes[i].to(self.images.dtype)
            if self.count < self.size:  # still filling: store it, show it
                self.images[self.count] = image
                self.count += 1
                shown.append(image)
                continue
            slot = slots[i]
            stored = self.images[slot].clone()
            shown.append(torch.where(swap[i], stored, image))
            self.images[slot] = torch.where(swap[i], image, stored)
        return torch.stack(shown).to(fakes.dtype)

    def state_dict(self) -> dict[str, object]:
        return {"images": self.images, "count": self.count}

    def load_state_dict(self, images: torch.Tensor, count: int) -> None:
        if tuple(images.shape) != tuple(self.images.shape):
            raise ValueError(f"the saved pool holds images of shape {tuple(images.shape)}, this one {tuple(self.images.shape)}")
        self.images.copy_(images)
        self.count = int(count)
