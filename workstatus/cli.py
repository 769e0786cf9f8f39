"""The ``workstatus`` command line: a thin layer over the packages' functions."""

from __future__ import annotations

from pathlib import Path

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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: every failure ends in one line on stderr, never a traceback.

    The commands report the errors they expect themselves (exit code 2);
    anything else is a bug, reported by its type only, so that no case text
    held in an exception's message reaches the terminal (exit code 70).
    """
    import os
    import sys

    before = os.umask(0o077)  # every file and folder a command writes (reports, tables, demos) is its owner's only
    try:
        app(args=argv, prog_name="workstatus")
    except KeyboardInterrupt:
        typer.echo("workstatus: interrupted", err=True)
        sys.exit(130)
    except RecursionError:
        typer.echo("workstatus: the input is nested too deeply to be read", err=True)
        sys.exit(2)
    except MemoryError:
        typer.echo("workstatus: out of memory; give a smaller input (see the limits in the README's Security section)",
                   err=True)
        sys.exit(2)
    except Exception as err:  # noqa: BLE001 — the last line of defence; its message may hold case text
        where = err.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        place = f" in {Path(where.tb_frame.f_code.co_filename).name}:{where.tb_lineno}" if where else ""
        typer.echo(f"workstatus: internal error ({type(err).__name__}{place}); this is a bug: please report it "
                   "with the command you ran", err=True)
        sys.exit(70)
    finally:
        os.umask(before)  # a caller in the same process (a test, a notebook) keeps its own
