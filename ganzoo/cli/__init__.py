"""The ``ganzoo`` command line.

Importing this package must stay cheap: ``ganzoo --help`` and ``ganzoo list`` never import torch.
Commands that train or sample import the training machinery inside their functions.
"""

from __future__ import annotations

import typer

from ganzoo.cli import interpolating, listing, sampling, training
from ganzoo.console import err
from ganzoo.errors import GanzooError

app = typer.Typer(
    name="ganzoo",
    help="A plugin-based GAN zoo for PyTorch: list the zoo, train a model, sample from it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("list")(listing.list_entries)
app.command("info")(listing.info)
app.command("plugins")(listing.plugins)
app.command("train")(training.train)
app.command("sample")(sampling.sample)
app.command("interpolate")(interpolating.interpolate)


def main() -> None:
    """Entry point of the ``ganzoo`` script: user errors become one red line and exit status 2."""
    try:
        app()
    except GanzooError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("[bold red]interrupted[/]")
        raise SystemExit(130) from None
