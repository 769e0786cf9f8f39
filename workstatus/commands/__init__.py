"""CLI commands, one module per command group.

Each module defines ``register(app)``; it parses arguments, calls one pure
function of a package, and maps the package's errors to ``fail``. Heavy
imports stay inside the command functions so that ``workstatus --help``
starts fast.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    """Register every command module found in this package, in name order."""
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        importlib.import_module(f"{__name__}.{module.name}").register(app)
