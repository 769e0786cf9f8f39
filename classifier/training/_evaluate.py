"""Scoring a trained model on a file of labelled case records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workstatus.classifier._estimators import status_index
from workstatus.classifier._vocab import STATUSES
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

    Only ``id``, ``text`` and ``label`` are required and checked; ``lang``
    (``zh``/``en``) and ``jurisdiction`` are used when present; every other
    key is ignored.
    """
    import json

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    rows, problems = [], []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{line_no}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{where}: not valid JSON ({err.msg}, column {err.colno})")
                continue
            if not isinstance(raw, dict):
                problems.append(f"{where}: expected a JSON object, got {type(raw).__name__}")
                continue
            ident = raw.get("id", "?")
            missing = [k for k in ("id", "text", "label") if not isinstance(raw.get(k), str) or not raw[k].strip()]
            if missing:
                problems.append(f"{where}: record {ident!r} lacks {', '.join(missing)}")
                continue
            if raw["label"] not in STATUSES:
                problems.append(f"{where}: record {ident!r}: label {raw['label']!r} is not a status; "
                                f"expected one of {', '.join(STATUSES)}")
                continue
            lang = raw.get("lang") if raw.get("lang") in ("zh", "en") else None
            jurisdiction = raw.get("jurisdiction") if isinstance(raw.get("jurisdiction"), str) else None
            rows.append({"id": raw["id"], "text": raw["text"], "label": raw["label"], "lang": lang,
                         "jurisdiction": jurisdiction})
    return pd.DataFrame(rows, columns=["id", "text", "label", "lang", "jurisdiction"]), problems
