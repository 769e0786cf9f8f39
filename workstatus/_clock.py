"""The date rules apply at when the caller names none: defaulted here only, for the API, the CLI and the service."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """Today's date (tests replace this one function to fix the clock)."""
    return dt.date.today()
