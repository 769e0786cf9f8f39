"""Errors of the obligations package: each names what was received, what was expected, and the fix."""

from __future__ import annotations


class ObligationsError(ValueError):
    """Base class: a request the obligations rules cannot answer as asked."""


class ParameterError(ObligationsError):
    """A parameter file breaks the format; the message names the file and the key."""


class ProfileError(ObligationsError):
    """A status, profile or period is not valid input for the rules."""
