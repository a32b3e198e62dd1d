"""``ganzoo fetch-mnist``: get the full sets onto disk once, so that later runs need no network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ganzoo import GanzooError, console


def fetch_mnist(
    dataset: Annotated[str, typer.Argument(help="mnist or fashion-mnist.")] = "mnist",
    data_dir: Annotated[Path | None, typer.Option(help="Look here first (as ganzoo train --data-dir does).")] = None,
) -> None:
    """Find the full MNIST or Fashion-MNIST files, or download and verify them into the cache."""
    from ganzoo.download import Unavailable
    from ganzoo_mnist import datasets, sources

    chosen = {"mnist": sources.MNIST, "fashion-mnist": sources.FASHION_MNIST}.get(dataset)
    if chosen is None:
        raise GanzooError(f"fetch-mnist knows mnist and fashion-mnist, not {dataset!r}")
    for split in sources.SPLITS:
        try:
            data = datasets.load_full(chosen, data_dir, split)
        except Unavailable as exc:
            hint = datasets.GET_MNIST if chosen is sources.MNIST else datasets.GET_FASHION_MNIST
            raise GanzooError(f"{exc}. {hint}") from None
        console.out.print(f"{chosen.title} {split}: {len(data):,} images, {data.source}", highlight=False, soft_wrap=True)
