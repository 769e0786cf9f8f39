"""The documented limits on what one input may hold (README, section Security).

Beyond a limit an input is refused in one line; nothing is truncated silently.
"""

MAX_TEXT_CHARS = 500_000
"""Characters in one case text: about ten long judgments. A longer text is refused, not cut."""

MAX_ANSWERS = 500
"""Keys in one questionnaire (the catalogue has far fewer indicators)."""

MAX_MAPPING_BYTES = 1 << 20
"""Bytes in a questionnaire or profile file (YAML or JSON)."""

MAX_RECORD_BYTES = 16 << 20
"""Bytes in one row of a batch table (a CSV record or a JSON line); a longer row is an error row."""

MAX_NESTING = 20
"""Levels of nesting in a questionnaire or profile file (answers are flat; 20 leaves room for comments)."""
