"""The labelled cases workstatus learns from, read through one validating loader.

Records live in JSON Lines files: ``real/*.jsonl`` holds decided cases with
their published sources, ``synthetic/*.jsonl`` cases written here (never
counted with the real ones), ``annotations/`` the hand-annotated gold set of
the indicator extractor. See ``README.md`` beside this file (the dataset card).
"""

from workstatus.labelled_cases._quality import check_corpus
from workstatus.labelled_cases._loader import (
    CARD,
    CASES_DIR,
    STATUSES,
    CaseFormatError,
    CaseRecord,
    load_cases,
    read_case_file,
    summary,
    summary_markdown,
    card_counts,
    update_card,
)

__all__ = [
    "CARD",
    "CASES_DIR",
    "STATUSES",
    "CaseFormatError",
    "CaseRecord",
    "load_cases",
    "read_case_file",
    "summary",
    "summary_markdown",
    "card_counts",
    "check_corpus",
    "update_card",
]
