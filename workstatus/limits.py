"""The documented limits on what one input may hold (README, section Security).

Beyond a limit an input is refused in one line; nothing is truncated silently.
"""

def _from_environment(name: str, default: int) -> int:
    import os

    raw = os.environ.get(name, "").replace("_", "").replace(",", "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        import warnings

        warnings.warn(f"{name}={os.environ[name]!r} is not a whole number of characters (e.g. 2000000); "
                      f"the default {default:,} applies", stacklevel=2)
        return default
    return int(raw)


MAX_TEXT_CHARS = _from_environment("WORKSTATUS_MAX_TEXT_CHARS", 500_000)
"""Characters in one case text: about ten long judgments. A longer text is refused, not cut.

Raise it with the environment variable ``WORKSTATUS_MAX_TEXT_CHARS`` (a 5 MB
text takes several seconds and a few hundred MiB)."""

MAX_ANSWERS = 500
"""Keys in one questionnaire (the catalogue has far fewer indicators)."""

MAX_MAPPING_BYTES = 1 << 20
"""Bytes in a questionnaire or profile file (YAML or JSON)."""

MAX_RECORD_BYTES = 16 << 20
"""Bytes in one row of a batch table (a CSV record or a JSON line); a longer row is an error row."""

MAX_NESTING = 20
"""Levels of nesting in a questionnaire or profile file (answers are flat; 20 leaves room for comments)."""
