"""Scoring a trained model on a file of labelled case records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workstatus.classifier._estimators import status_index
from workstatus.classifier.training._metrics import score

EVALUATION_KEYS = ("n", "accuracy", "macro_f1", "binary_accuracy", "per_class", "confusion",
                   "undetermined_rate", "accuracy_when_determined")


def evaluate_frame(model, frame: pd.DataFrame) -> dict:
    """The figures of ``workstatus evaluate``, exactly :data:`EVALUATION_KEYS`.

    ``accuracy`` and ``macro_f1`` use the most probable status (abstention
    ignored); ``undetermined_rate`` and ``accuracy_when_determined`` apply the
    model's threshold. ``confusion``: rows = true, columns = predicted, order
    employee, third_category, independent.
    """
    if not len(frame):
        raise ValueError("no valid case records to score")
    keep = [c for c in ("id", "text", "lang", "jurisdiction") if c in frame]
    proba = model.predict_proba(frame[keep].reset_index(drop=True))
    result = score(status_index(frame["label"].tolist()), proba, threshold=float(model.threshold))
    return {key: result[key] for key in EVALUATION_KEYS}


def read_evaluation_cases(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """Valid records of a ``.jsonl`` file and one message per bad record (file, line, id).

    The records are read and validated as case records (``labelled_cases``'
    reader); ``id``, ``text`` and ``label`` are required, ``lang`` and
    ``jurisdiction`` are used when present, and every other key is ignored.
    """
    from workstatus.labelled_cases import CaseFormatError, read_case_file

    rows, problems = [], []
    for _, record in read_case_file(path, require=("id", "text", "label"), on_error="yield",
                                    only=("id", "text", "label", "lang", "jurisdiction")):
        if isinstance(record, CaseFormatError):
            problems.append(str(record))
            continue
        rows.append({"id": record.id, "text": record.text, "label": record.label, "lang": record.lang,
                     "jurisdiction": record.jurisdiction})
    return pd.DataFrame(rows, columns=["id", "text", "label", "lang", "jurisdiction"]), problems
