"""Cross-fitted indicator rows: the learned reader never reads a case it was fitted on.

With the cues alone, extraction learns nothing, so the rows are extracted
once. The learned reader (``features/_learned.py``) is fitted on the
annotated cases; the shipped one would give a case whose annotation trained
it a row near its annotation, and the status model would learn (and its
cross-validation would measure) rows no new text gets. So:

* a case of the annotation pool (``gold``, ``dev``, ``train``) gets the row of
  a reader fitted on the pool without the cases of its fold (folds of whole
  case groups, :func:`classifier.case_groups`);
* every other case (the frozen set, cases never annotated) gets the row of a
  reader fitted on the whole pool, as a new text does at run time.

Every reader has the shipped reader's settings and per-indicator thresholds.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone

POOL_FILES = ("gold.jsonl", "dev.jsonl", "train.jsonl")
READER_FOLDS = 5


def uses_reader(extractor) -> bool:
    """True when ``extractor`` is an ``IndicatorExtractor`` that runs the learned reader."""
    from workstatus.features import IndicatorExtractor

    return isinstance(extractor, IndicatorExtractor) and getattr(extractor, "learned", False) is True


def read_pool(folder: Path | None = None) -> list[dict]:
    """The annotated cases the reader is fitted on (never ``frozen.jsonl``)."""
    from workstatus import labelled_cases

    folder = Path(folder) if folder is not None else labelled_cases.CASES_DIR / "annotations"
    records = []
    for name in POOL_FILES:
        path = folder / name
        if path.is_file():
            records.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return records


def cross_fitted_rows(frame: pd.DataFrame, groups: np.ndarray, extractor, *, pool: list[dict] | None = None,
                      folds: int = READER_FOLDS, seed: int = 0, progress=lambda message: None) -> pd.DataFrame:
    """The indicator rows of ``frame``'s texts (columns of ``extractor.get_feature_names_out()``), cross-fitted.

    Parameters
    ----------
    frame
        Case records with ``id`` and ``text``.
    groups
        One group per case of ``frame`` (:func:`classifier.case_groups`).
    extractor
        An ``IndicatorExtractor(learned=True)``; its cues give every row, its
        reader's settings and thresholds every fitted reader.
    pool
        Annotated records (``id``, ``text``, ``indicators``); default :func:`read_pool`.
    """
    from workstatus.features._learned import LearnedReader, apply_reader, shipped_reader

    cues = clone(extractor).set_params(learned=False).fit()
    shipped = shipped_reader()
    pool = read_pool() if pool is None else pool
    ids = tuple(cues.catalogue_.ids)
    names = [str(n) for n in cues.get_feature_names_out()]
    texts = frame["text"].fillna("").astype(str).tolist()
    langs = frame["lang"].tolist() if "lang" in frame else [None] * len(frame)
    progress(f"extracting indicators from {len(frame)} cases (cues)")
    extractions = [cues.extract(t, lang=l if isinstance(l, str) else None) for t, l in zip(texts, langs)]

    def fitted(records: list[dict]) -> LearnedReader:
        values = np.array([[int(r["indicators"].get(i, 0)) for i in ids] for r in records], dtype=int)
        reader = LearnedReader(**_settings(shipped)).fit([r["text"] for r in records], values, ids)
        reader.thresholds_ = _thresholds(shipped, ids)
        return reader

    annotated = {r["id"]: k for k, r in enumerate(pool)}
    ids_of_frame = frame["id"].astype(str).tolist()
    in_pool = np.array([i in annotated for i in ids_of_frame])
    unique = sorted({str(g) for g, inside in zip(groups, in_pool) if inside})
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of_group = {g: int(order[j]) % folds for j, g in enumerate(unique)}
    fold = np.array([fold_of_group[str(g)] if inside else -1 for g, inside in zip(groups, in_pool)])
    held_out = {f: {ids_of_frame[i] for i in np.where(fold == f)[0]} for f in range(folds)}
    rows = [None] * len(frame)
    for f in [-1, *range(folds)]:
        members = np.where(fold == f)[0]
        if len(members) == 0:
            continue
        progress(f"fitting the learned reader {'on the whole pool' if f < 0 else f'without fold {f + 1}/{folds}'} "
                 f"for {len(members)} cases")
        reader = fitted([r for r in pool if f < 0 or r["id"] not in held_out[f]])
        for i in members:
            row = apply_reader(extractions[i], reader, cues.lexicons_).row
            rows[i] = [row[n] for n in names]
    return pd.DataFrame(np.array(rows, dtype=np.float64).reshape(len(frame), len(names)), columns=names)


def _settings(reader) -> dict:
    params = reader.get_params()
    return params | {"zh_ngrams": tuple(params["zh_ngrams"]), "en_ngrams": tuple(params["en_ngrams"])}


def _thresholds(reader, ids) -> np.ndarray | None:
    thresholds = getattr(reader, "thresholds_", None)
    if thresholds is None:
        return None
    by_id = dict(zip(reader.ids_, thresholds))
    return np.array([by_id.get(i, np.inf) for i in ids], dtype=np.float64)
