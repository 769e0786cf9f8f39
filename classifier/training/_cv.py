"""Grouped, repeated, stratified cross-validation of status models (the groups: :func:`classifier.case_groups`)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from workstatus.classifier._estimators import status_index
from workstatus.classifier.training._metrics import score


def repeated_group_splits(y, groups, *, folds: int = 5, repeats: int = 5,
                          seed: int = 0) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Yield ``(repeat, train_index, test_index)``: ``repeats`` × stratified group k-fold.

    No group is ever on both sides of a split. The number of folds is cut to
    the number of groups when there are fewer.
    """
    target = status_index(y)
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    k = max(2, min(folds, n_groups))
    for r in range(repeats):
        splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed + r)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*least populated class.*")
            for train, test in splitter.split(np.zeros(len(target)), target, groups):
                yield r, train, test


def out_of_fold(make: Callable[[], object], X: pd.DataFrame, y, groups, *, folds=5, repeats=5,
                seed=0, train_fraction: float = 1.0) -> np.ndarray:
    """Out-of-fold probabilities, shape ``(repeats, n, 3)``, of a fresh ``make()`` per fold.

    ``train_fraction`` < 1 trains on a stratified random share of each
    training fold (for learning curves).
    """
    target = status_index(y)
    y = np.asarray(y, dtype=object)
    groups = np.asarray(groups)
    out = np.full((repeats, len(target), 3), np.nan)
    rng = np.random.default_rng(seed)
    for r, train, test in repeated_group_splits(y, groups, folds=folds, repeats=repeats, seed=seed):
        if train_fraction < 1.0:
            keep = []
            for k in np.unique(target[train]):
                members = train[target[train] == k]
                size = max(1, int(round(len(members) * train_fraction)))
                keep.extend(rng.choice(members, size=size, replace=False))
            train = np.sort(np.array(keep))
        model = make()
        try:
            model.fit(X.iloc[train], y[train], groups=groups[train])
        except TypeError:
            model.fit(X.iloc[train], y[train])
        out[r, test] = model.predict_proba(X.iloc[test])
    return out


def summarise(oof: np.ndarray, y, *, mask: np.ndarray | None = None, threshold: float | None = None) -> dict:
    """Scores of each repetition's pooled out-of-fold predictions, as mean and sd over repetitions.

    Scalars become ``{"mean": …, "sd": …}``; the confusion matrix is the mean
    over repetitions; per-status figures are means.
    """
    target = status_index(y)
    if mask is not None:
        oof, target = oof[:, mask], target[mask]
    runs = [score(target, oof[r], threshold) for r in range(oof.shape[0])]
    if not runs or runs[0].get("n", 0) == 0:
        return {"n": 0}
    summary: dict = {"n": runs[0]["n"], "repeats": len(runs)}
    for key in ("accuracy", "macro_f1", "binary_accuracy", "brier", "ece",
                "undetermined_rate", "accuracy_when_determined"):
        values = [r.get(key) for r in runs if r.get(key) is not None]
        if values:
            summary[key] = {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0}
    summary["confusion"] = np.mean([r["confusion"] for r in runs], axis=0).round(2).tolist()
    summary["per_class"] = {
        s: {m: float(np.mean([r["per_class"][s][m] for r in runs])) for m in ("precision", "recall", "f1", "support")}
        for s in runs[0]["per_class"]
    }
    return summary


@dataclass(frozen=True)
class Corpus:
    """The cases as the cross-validation sees them, and how they are split.

    ``frame``: the case records (``lang`` and ``jurisdiction`` filled in);
    ``rows``: their extracted indicator rows; ``X``: id, text, lang,
    jurisdiction and the rows, the input of every compared model; ``y``: the
    labels; ``groups``: one group per case (no group on both sides of a split);
    ``indicators``: the indicator columns of ``rows`` (numeric facts excluded).
    """

    frame: pd.DataFrame
    rows: pd.DataFrame
    X: pd.DataFrame
    y: np.ndarray
    groups: np.ndarray
    indicators: tuple[str, ...]
    folds: int = 5
    repeats: int = 5
    seed: int = 0

    def out_of_fold(self, make: Callable[[], object], *, repeats: int | None = None,
                    train_fraction: float = 1.0) -> np.ndarray:
        """:func:`out_of_fold` of ``make`` on these cases and splits (``repeats`` overrides the corpus's)."""
        return out_of_fold(make, self.X, self.y, self.groups, folds=self.folds,
                           repeats=self.repeats if repeats is None else repeats, seed=self.seed,
                           train_fraction=train_fraction)

    def summarise(self, oof: np.ndarray, *, mask: np.ndarray | None = None,
                  threshold: float | None = None) -> dict:
        """:func:`summarise` of ``oof`` against these labels."""
        return summarise(oof, self.y, mask=mask, threshold=threshold)
