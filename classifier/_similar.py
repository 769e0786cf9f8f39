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


#: a similar case shares at least this many stated (non-silent, same-valued) indicators with the query
MIN_SHARED = 3


def nearest_cases(reference: pd.DataFrame, row: pd.Series, indicators, k: int, *,
                  matrix: np.ndarray | None = None, family: str | None = None) -> list[SimilarCase]:
    """The ``k`` reference cases most similar to ``row``.

    Only cases sharing at least :data:`MIN_SHARED` indicators with the same
    non-silent value are candidates (so a near-empty row has no similar
    cases, never a similarity of 1.00 on an empty overlap). Cases of the same
    legal-test ``family`` come first, then by similarity, ties by id.
    """
    if k <= 0 or reference is None or not len(reference):
        return []
    from workstatus.classifier._vocab import jurisdiction_family

    indicators = list(indicators)
    if matrix is None:
        matrix = reference[indicators].to_numpy(dtype=float)
    query = np.array([float(row.get(i, 0) or 0) for i in indicators])
    similarity, same = signed_jaccard(matrix, query)
    shared = same.sum(axis=1)
    ids = reference["id"].astype(str).to_numpy()
    if family is not None and "jurisdiction" in reference:
        other = np.array([jurisdiction_family(j) != family for j in reference["jurisdiction"]])
    else:
        other = np.zeros(len(reference), dtype=bool)
    order = [j for j in np.lexsort((ids, -similarity, other)) if shared[j] >= MIN_SHARED][:k]
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
