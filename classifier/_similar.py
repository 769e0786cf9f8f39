"""Similar cases: the nearest real training cases in indicator space."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workstatus.classifier._results import SimilarCase


def signed_jaccard(reference: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Similarity of tri-state rows: indicators with the same non-zero value, over indicators non-zero in either.

    Two rows that are both silent on everything have similarity 0.

    Returns
    -------
    similarity, same
        ``(m,)`` similarities and the ``(m, k)`` mask of shared non-zero values.
    """
    same = (reference == query) & (query != 0)
    either = (reference != 0) | (query != 0)
    denominator = either.sum(axis=1)
    similarity = np.divide(same.sum(axis=1), denominator, out=np.zeros(len(reference)), where=denominator > 0)
    return similarity, same


def nearest_cases(reference: pd.DataFrame, row: pd.Series, indicators, k: int, *,
                  matrix: np.ndarray | None = None) -> list[SimilarCase]:
    """The ``k`` reference cases most similar to ``row`` (ties broken by id).

    ``matrix`` is ``reference[indicators]`` as floats, when the caller already has it.
    """
    if k <= 0 or reference is None or not len(reference):
        return []
    indicators = list(indicators)
    if matrix is None:
        matrix = reference[indicators].to_numpy(dtype=float)
    query = np.array([float(row.get(i, 0) or 0) for i in indicators])
    similarity, same = signed_jaccard(matrix, query)
    ids = reference["id"].astype(str).to_numpy()
    order = np.lexsort((ids, -similarity))[:k]
    out = []
    for j in order:
        record = reference.iloc[j]
        out.append(SimilarCase(
            id=str(record["id"]), label=str(record["label"]),
            court_outcome=_text(record.get("court_outcome")), source_title=_text(record.get("source_title")),
            source_url=_text(record.get("source_url")), jurisdiction=_text(record.get("jurisdiction")),
            similarity=round(float(similarity[j]), 4),
            shared=tuple(i for i, s in zip(indicators, same[j]) if s),
        ))
    return out


def _text(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
