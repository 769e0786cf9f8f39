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


def read_mapping(source: str, what: str = "questionnaire answers") -> dict:
    """A mapping from a YAML or JSON file, refused in one line when it is too big, aliased or nested too deeply.

    YAML aliases (``*name``) are refused outright: answers never need them,
    and a few hundred bytes of them expand into gigabytes.
    """
    import json

    import yaml

    from workstatus.limits import MAX_MAPPING_BYTES, MAX_NESTING
    from workstatus.obligations._yaml import load_yaml

    path = Path(source)
    if path.is_file() and path.stat().st_size > MAX_MAPPING_BYTES:
        fail(f"{source}: {path.stat().st_size:,} bytes, over the limit of {MAX_MAPPING_BYTES:,} for {what}")
    text = read_text(source)
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text)
    except RecursionError:
        fail(f"{source}: nested too deeply to be {what}")
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        fail(f"{source}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'} "
             f"({str(err).splitlines()[0][:200]})")
    if not isinstance(data, dict):
        fail(f"{source}: expected a mapping for {what}, got {type(data).__name__}")
    if _depth(data) > MAX_NESTING:
        fail(f"{source}: nested more than {MAX_NESTING} levels deep; {what} are a flat mapping")
    return data


def _depth(value, level: int = 0) -> int:
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
    if level > 1000 or children is None:
        return level
    return max((_depth(v, level + 1) for v in children), default=level + 1)
