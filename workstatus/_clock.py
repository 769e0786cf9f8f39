"""The date rules apply at when the caller names none: defaulted here only, for the API, the CLI and the service."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """Today's date (tests replace this one function to fix the clock)."""
    return dt.date.today()


def as_of(day: dt.date | str | None = None) -> dt.date | str:
    """The date the rules apply at: ``day`` when the caller names one (a string is validated where it is
    used), else today."""
    return today() if day is None else day
