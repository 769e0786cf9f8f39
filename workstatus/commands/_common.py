"""What every command shares: reading input, failing with one clear line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer

EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one line on stderr and exit with ``code``."""
    typer.echo(f"workstatus: {message}", err=True)
    raise typer.Exit(code)


def read_text(source: str) -> str:
    """Read a UTF-8 text from a path, or from standard input when ``source`` is ``-``."""
    if source == "-":
        data = sys.stdin.buffer.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            fail(f"standard input: not UTF-8 text ({err.reason} at byte {err.start})")
    path = Path(source)
    if not path.is_file():
        fail(f"{source}: no such file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        fail(f"{source}: not UTF-8 text ({err.reason} at byte {err.start})")
