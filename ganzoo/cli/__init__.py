"""The ``ganzoo`` command line.

Importing this package must stay cheap: ``ganzoo --help`` and ``ganzoo list`` never import torch.
Commands that train or sample import the training machinery inside their functions.
"""

from __future__ import annotations

from typing import Annotated

import typer

import ganzoo
from ganzoo.cli import evaluating, exporting, interpolating, listing, reporting, sampling, scaffolding, training, zoo
from ganzoo.console import err, out, warn
from ganzoo.errors import GanzooError

app = typer.Typer(
    name="ganzoo",
    help="A plugin-based GAN zoo for PyTorch: list the zoo, train a model, sample from it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: typer's rich help shows flags as if they took a <bool> value
)
app.command("list")(listing.list_entries)
app.command("info")(listing.info)
app.command("plugins")(listing.plugins)
app.command("train")(training.train)
app.command("sample")(sampling.sample)
app.command("interpolate")(interpolating.interpolate)
app.command("new-plugin")(scaffolding.new_plugin)
app.command("evaluate")(evaluating.evaluate)
app.command("report")(reporting.report)
app.command("export")(exporting.export)
CORE_COMMANDS = frozenset(command.name for command in app.registered_commands)


def _print_version(value: bool) -> None:
    if not value:
        return
    out.print(f"ganzoo {ganzoo.__version__}", highlight=False)
    for plugin in zoo.current().plugins:
        if plugin.status == "loaded":
            out.print(f"  {plugin.name}: {plugin.distribution or plugin.module} {plugin.version or ''}".rstrip(), highlight=False)
    raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the versions of ganzoo and its plugins.")] = False,
) -> None:
    """A plugin-based GAN zoo for PyTorch: list the zoo, train a model, sample from it."""


def _add_plugin_commands() -> None:
    """Add the loaded plugins' commands. A name that a core command or an earlier plugin's command
    already has is skipped with a warning, and taken out of the plugin's commands with a note, so
    that ``ganzoo plugins`` lists only the commands that run."""
    owners = dict.fromkeys(CORE_COMMANDS, "ganzoo itself")
    for plugin in zoo.current().plugins:
        for name, command in list(plugin.commands.items()) if plugin.status == "loaded" else ():
            if name in owners:
                reason = f"command {name!r} is already taken by {owners[name]}; skipped"
                warn(f"plugin {plugin.name!r}: {reason}")
                plugin.skip_command(name, reason)
                continue
            owners[name] = plugin.provider.describe()
            app.command(name)(command)


def main() -> None:
    """Entry point of the ``ganzoo`` script: user errors become one red line and exit status 2."""
    try:
        _add_plugin_commands()
        app()
    except GanzooError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("[bold red]interrupted[/]")
        raise SystemExit(130) from None
