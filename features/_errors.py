"""The errors of the ``features`` package."""

from __future__ import annotations


class FeaturesError(ValueError):
    """A problem with the input of the extractor, the catalogue or the lexicon.

    Every message names what was received, what was expected, and the fix.
    """


class FeaturesTypeError(FeaturesError, TypeError):
    """The input has the wrong type (``None``, bytes, a number, a bare string…)."""


class CatalogueError(FeaturesError):
    """The catalogue or a lexicon file is malformed; the message names the file and entry."""
