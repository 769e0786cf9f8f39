"""Fitting a :class:`StatusModel` on case records: the case frame, the case groups, the deterministic fit.

This is all of training that the runtime model needs (the shipped model is
rebuilt with it in the tests); cross-validation, model selection and the
card's figures live in :mod:`classifier.training`.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from workstatus.classifier._model import StatusModel
from workstatus.classifier._vocab import detect_language, infer_jurisdiction

#: the configuration of ``workstatus train --no-cv`` and the base of every compared model
DEFAULT_CONFIG = {"kind": "multinomial", "C": 0.3, "interaction_scale": 1.0, "form_scale": 1.0,
                  "min_family_cases": 10, "class_weight": None, "threshold": 0.5}
NEAR_DUPLICATE_JACCARD = 0.8


def case_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cases with ``lang`` filled in (detected) and ``jurisdiction`` inferred when missing."""
    frame = frame.reset_index(drop=True).copy()
    given = frame["lang"] if "lang" in frame else [None] * len(frame)
    frame["lang"] = [l if isinstance(l, str) else detect_language(t) for l, t in zip(given, frame["text"])]
    given_j = frame["jurisdiction"] if "jurisdiction" in frame else [None] * len(frame)
    frame["jurisdiction"] = [infer_jurisdiction(j, l) for j, l in zip(given_j, frame["lang"])]
    return frame


def fit_status_model(frame: pd.DataFrame, config: dict | None = None, *, extractor=None) -> StatusModel:
    """Fit a :class:`StatusModel` on case records (deterministic for the same cases and config)."""
    frame = case_frame(frame)
    params = DEFAULT_CONFIG | (config or {})
    model = StatusModel(extractor=extractor, **params)
    return model.fit(frame, frame["label"].tolist(), groups=case_groups(frame))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    return re.sub(r"[\W_]+", "", text)


def _shingles(text: str, k: int = 5) -> set[str]:
    return {text[i:i + k] for i in range(max(len(text) - k + 1, 1))}


def case_groups(frame: pd.DataFrame, *, near_duplicate: float = NEAR_DUPLICATE_JACCARD) -> np.ndarray:
    """One group label per case: cases that share a ``case_number`` or have near-identical texts share a group.

    Near-identical: Jaccard similarity of the character 5-gram sets of the
    normalised texts (NFKC, lower case, no punctuation or spaces) ≥ ``near_duplicate``.
    """
    n = len(frame)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    keys: dict[str, int] = {}
    if "case_number" in frame:
        for i, number in enumerate(frame["case_number"]):
            if isinstance(number, str) and _normalise(number):
                key = _normalise(number)
                if key in keys:
                    union(i, keys[key])
                else:
                    keys[key] = i
    if "text" in frame:
        shingles = [_shingles(_normalise(t)) for t in frame["text"]]
        sizes = np.array([len(s) for s in shingles])
        for i in range(n):
            for j in range(i + 1, n):
                small, large = sorted((sizes[i], sizes[j]))
                if small / large < near_duplicate:
                    continue  # Jaccard ≤ min/max of the sizes
                inter = len(shingles[i] & shingles[j])
                if inter / (sizes[i] + sizes[j] - inter) >= near_duplicate:
                    union(i, j)
    ids = frame["id"].astype(str).tolist() if "id" in frame else [str(i) for i in range(n)]
    return np.array([ids[find(i)] for i in range(n)], dtype=object)
