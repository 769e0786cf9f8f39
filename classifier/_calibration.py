"""Temperature scaling and calibration metrics.

Temperature scaling divides the raw scores (logits) by one fitted number per
score. It keeps the model linear in its inputs, so SHAP values of the
calibrated output stay exact (they are the uncalibrated ones divided by T).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import expit, log_softmax


def fit_temperature(scores: np.ndarray, target: np.ndarray) -> float:
    """The temperature minimising the log loss of ``scores / T``.

    Parameters
    ----------
    scores
        ``(n, k)`` class scores for a softmax, or ``(n,)`` logits of a binary outcome.
    target
        Class indices ``(n,)`` for a softmax, or 0/1 outcomes for a binary logit.
    """
    scores = np.asarray(scores, dtype=float)
    target = np.asarray(target)
    if scores.shape[0] < 5 or not np.isfinite(scores).all():
        return 1.0

    if scores.ndim == 1:
        sign = np.where(target == 1, 1.0, -1.0)

        def loss(log_t):
            return -np.mean(np.log(np.clip(expit(sign * scores / np.exp(log_t)), 1e-12, None)))
    else:
        index = np.arange(len(target))

        def loss(log_t):
            return -np.mean(log_softmax(scores / np.exp(log_t), axis=1)[index, target])

    result = minimize_scalar(loss, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(result.x))


def brier_score(proba: np.ndarray, target: np.ndarray) -> float:
    """Multi-class Brier score: mean over cases of the squared distance to the one-hot truth (0 best, 2 worst)."""
    proba = np.asarray(proba, dtype=float)
    onehot = np.zeros_like(proba)
    onehot[np.arange(len(target)), np.asarray(target)] = 1.0
    return float(np.mean(np.sum((proba - onehot) ** 2, axis=1)))


def expected_calibration_error(proba: np.ndarray, target: np.ndarray, bins: int = 10) -> float:
    """Top-label ECE: |accuracy − confidence| of the most probable class, averaged over equal-width confidence bins, weighted by their size."""
    proba = np.asarray(proba, dtype=float)
    confidence = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == np.asarray(target)).astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(total)
