"""Errors of the obligations package: each names what was received, what was expected, and the fix."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from pydantic import ValidationError

_DATE_KEY = re.compile(r"datetime\.date\((\d+), (\d+), (\d+)\)")  # how pydantic writes a date key in a location


class ObligationsError(ValueError):
    """Base class: a request the obligations rules cannot answer as asked."""


class ParameterError(ObligationsError):
    """A parameter file breaks the format; the message names the file and the key."""


class ProfileError(ObligationsError):
    """A status, profile or period is not valid input for the rules."""


def first_error(err: ValidationError) -> tuple[tuple[str | int, ...], str]:
    """The first error of ``err``: where it is, and a sentence saying what came and what was expected.

    A missing or malformed key moves from the location into the sentence, so the location
    names the mapping that holds it. Callers add their own words for the location.
    """
    first = err.errors(include_url=False)[0]
    loc = tuple(_DATE_KEY.sub(lambda m: dt.date(*map(int, m.groups())).isoformat(), p) if isinstance(p, str) else p
                for p in first["loc"])
    kind, ctx, value = first["type"], first.get("ctx", {}), first.get("input")
    message = first["msg"].removeprefix("Value error, ")
    if kind == "missing":
        return loc[:-1], f"key {loc[-1]!r} is missing; add it"
    if kind == "union_tag_not_found":
        return loc, f"key {ctx['discriminator']} is missing; add it"
    if kind == "union_tag_invalid":
        return loc, f"{ctx['discriminator'][1:-1]} {ctx['tag']!r} is unknown; expected one of {ctx['expected_tags']}"
    if loc[-1:] == ("[key]",):
        return loc[:-2], f"key {loc[-2]!r}: {message}"
    shown = str(value) if isinstance(value, Decimal) else repr(value)
    shown = shown if len(shown) <= 60 else f"{shown[:57]}..."  # a whole mapping or list would not fit on one line
    got = "" if kind == "value_error" or value is None or isinstance(value, dict) else f" (got {shown})"
    return loc, message + got
