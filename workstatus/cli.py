"""The ``workstatus`` command line: a thin layer over the packages' functions."""

from __future__ import annotations

import typer

from workstatus import __version__
from workstatus.commands import register_all

app = typer.Typer(
    name="workstatus",
    help="Decide the employment status of platform and flexible workers, "
    "and the social insurance that follows from it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"workstatus {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """workstatus: indicators, status and obligations from a description of the facts."""


register_all(app)


def main() -> None:
    """Entry point of the console script."""
    app()
