"""Similar cases: the nearest real training cases in indicator space."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workstatus.classifier._results import SimilarCase, trusted
from workstatus.classifier._vocab import OTHER_FAMILY


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
    legal-test ``family`` come first (a named family: ``other`` is no legal test, so a case with no
    jurisdiction is not steered to the cases of unnamed countries), then by similarity, ties by id.
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
    if family not in (None, OTHER_FAMILY) and "jurisdiction" in reference:
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


class SimilarIndex:
    """The reference cases prepared once for similar-case queries of whole chunks.

    Gives what :func:`nearest_cases` gives, row for row, with the signed
    Jaccard of a whole chunk as two matrix products (the counts are small
    integers, so the products are exact) and each reference case's record
    read once, not per query.
    """

    def __init__(self, reference: pd.DataFrame, indicators):
        from workstatus.classifier._vocab import jurisdiction_family

        self.reference = reference
        self.indicators = tuple(indicators)
        matrix = reference[list(self.indicators)].to_numpy(dtype=float)
        #: tri-state references only; anything else is answered by nearest_cases itself
        self.exact = bool(np.isin(matrix, (-1.0, 0.0, 1.0)).all())
        self.matrix = matrix
        self.stated = (matrix == 1).astype(float)
        self.denied = (matrix == -1).astype(float)
        self.present = (matrix != 0).astype(float)
        self.present_count = self.present.sum(axis=1)
        ids = reference["id"].astype(str).to_numpy()
        self.id_rank = np.unique(ids, return_inverse=True)[1].ravel()
        self.families = ([jurisdiction_family(j) for j in reference["jurisdiction"]]
                         if "jurisdiction" in reference else None)
        self._other: dict[str, np.ndarray] = {}
        self.records = [
            dict(id=str(r["id"]), label=str(r["label"]), court_outcome=_text(r.get("court_outcome")),
                 source_title=_text(r.get("source_title")), source_url=_text(r.get("source_url")),
                 jurisdiction=_text(r.get("jurisdiction")))
            for r in reference.to_dict("records")
        ]

    def _other_family(self, family: str | None) -> np.ndarray:
        """Which reference cases are of another legal-test family than ``family``: none when ``family`` is
        unknown or ``other`` (no jurisdiction, or one outside the named families: a catch-all, not a test)."""
        if family in (None, OTHER_FAMILY) or self.families is None:
            return np.zeros(len(self.records), dtype=bool)
        if family not in self._other:
            self._other[family] = np.array([f != family for f in self.families], dtype=bool)
        return self._other[family]

    def nearest(self, queries: np.ndarray, families, k: int) -> list[list[SimilarCase]]:
        """The ``k`` most similar cases of each query row (``(n, len(indicators))`` values)."""
        n = len(queries)
        if k <= 0 or not len(self.records):
            return [[] for _ in range(n)]
        if not self.exact:
            return [nearest_cases(self.reference, pd.Series(q, index=self.indicators), self.indicators, k,
                                  matrix=self.matrix, family=f) for q, f in zip(queries, families)]
        stated, denied = (queries == 1).astype(float), (queries == -1).astype(float)
        present = (queries != 0).astype(float)
        shared = stated @ self.stated.T + denied @ self.denied.T          # (n, m): same non-zero value
        either = self.present_count[None, :] + present.sum(axis=1)[:, None] - present @ self.present.T
        similarity = np.divide(shared, either, out=np.zeros_like(shared), where=either > 0)
        out = []
        for i in range(n):
            candidates = np.flatnonzero(shared[i] >= MIN_SHARED)
            if not len(candidates):
                out.append([])
                continue
            other = self._other_family(families[i])
            order = candidates[np.lexsort((self.id_rank[candidates], -similarity[i, candidates],
                                           other[candidates]))][:k]
            query = queries[i]
            cases = []
            for j in order:
                same = (self.matrix[j] == query) & (query != 0)
                cases.append(trusted(SimilarCase, {
                    **self.records[j], "similarity": round(float(similarity[i, j]), 4),
                    "shared": tuple(ind for ind, s in zip(self.indicators, same.tolist()) if s)}))
            out.append(cases)
        return out


def _text(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
