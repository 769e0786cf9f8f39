"""Scores of probabilistic status predictions: the figures of the model card and of ``evaluate``."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from workstatus.classifier._calibration import brier_score, expected_calibration_error
from workstatus.classifier._vocab import STATUSES

THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.34, 0.96, 0.01))


def score(target: np.ndarray, proba: np.ndarray, threshold: float | None = None) -> dict:
    """Accuracy, macro-F1, binary accuracy, per-status figures, confusion, calibration and abstention.

    ``accuracy`` and ``macro_f1`` use the most probable status and ignore
    abstention; ``undetermined_rate`` and ``accuracy_when_determined`` apply
    ``threshold`` to the highest probability. Confusion: rows = true,
    columns = predicted, order employee, third_category, independent.
    """
    target = np.asarray(target, dtype=int)
    proba = np.asarray(proba, dtype=float)
    n = len(target)
    if n == 0:
        return {"n": 0}
    pred = proba.argmax(axis=1)
    labels = [0, 1, 2]
    precision, recall, f1, support = precision_recall_fscore_support(
        target, pred, labels=labels, zero_division=0
    )
    present = sorted(set(target.tolist()))
    result = {
        "n": int(n),
        "accuracy": float(np.mean(pred == target)),
        "macro_f1": float(f1_score(target, pred, labels=present, average="macro", zero_division=0)),
        "binary_accuracy": float(np.mean((pred == 0) == (target == 0))),
        "per_class": {
            s: {"precision": float(precision[k]), "recall": float(recall[k]), "f1": float(f1[k]),
                "support": int(support[k])}
            for k, s in enumerate(STATUSES)
        },
        "confusion": confusion_matrix(target, pred, labels=labels).tolist(),
        "brier": brier_score(proba, target),
        "ece": expected_calibration_error(proba, target),
    }
    if threshold is not None:
        determined = proba.max(axis=1) >= threshold
        result["threshold"] = float(threshold)
        result["undetermined_rate"] = float(1 - determined.mean())
        result["accuracy_when_determined"] = (
            float(np.mean(pred[determined] == target[determined])) if determined.any() else None
        )
    return result


def coverage_curve(target: np.ndarray, proba: np.ndarray, grid=THRESHOLD_GRID) -> list[dict]:
    """Coverage (share decided) and accuracy when decided, for each threshold on the highest probability."""
    target = np.asarray(target, dtype=int)
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == target
    curve = []
    for t in grid:
        decided = confidence >= t
        curve.append({
            "threshold": float(t),
            "coverage": float(decided.mean()),
            "accuracy": float(correct[decided].mean()) if decided.any() else None,
        })
    return curve


SELECTIVE_COVERAGES = (0.5, 0.7, 0.9, 1.0)


def selective_accuracy(target: np.ndarray, proba: np.ndarray, coverages=SELECTIVE_COVERAGES) -> list[dict]:
    """Selective prediction: decide only the most confident share of cases, and score what is decided.

    For each coverage ``c``, the ``c`` share of cases with the highest top
    probability is decided; ``binary_accuracy`` is employee-or-not accuracy and
    ``accuracy`` the three-way accuracy on them, ``threshold`` the lowest top
    probability decided.
    """
    target = np.asarray(target, dtype=int)
    confidence = proba.max(axis=1)
    pred = proba.argmax(axis=1)
    order = np.argsort(-confidence, kind="stable")
    points = []
    for c in coverages:
        keep = order[:max(1, int(round(c * len(order))))]
        points.append({
            "coverage": float(c), "n": int(len(keep)), "threshold": float(confidence[keep].min()),
            "binary_accuracy": float(np.mean((pred[keep] == 0) == (target[keep] == 0))),
            "accuracy": float(np.mean(pred[keep] == target[keep])),
        })
    return points


def choose_threshold(curve: list[dict], *, target_accuracy: float = 0.90, min_coverage: float = 0.5) -> dict:
    """The lowest threshold whose accuracy when decided reaches ``target_accuracy`` with coverage ≥ ``min_coverage``.

    When none does, the threshold with the best accuracy among those keeping
    ``min_coverage``; the returned dict says which rule applied.
    """
    feasible = [p for p in curve if p["accuracy"] is not None and p["coverage"] >= min_coverage]
    if not feasible:
        return {"threshold": curve[0]["threshold"], "rule": "no threshold keeps the minimum coverage; lowest used"} | curve[0]
    reaching = [p for p in feasible if p["accuracy"] >= target_accuracy]
    if reaching:
        point = min(reaching, key=lambda p: p["threshold"])
        rule = f"lowest threshold with accuracy when decided ≥ {target_accuracy:.2f} and coverage ≥ {min_coverage:.2f}"
    else:
        point = max(feasible, key=lambda p: (p["accuracy"], -p["threshold"]))
        rule = (f"no threshold reaches accuracy {target_accuracy:.2f} with coverage ≥ {min_coverage:.2f}; "
                "the most accurate one that keeps that coverage")
    return dict(point) | {"rule": rule}
