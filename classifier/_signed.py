"""Logistic regression whose indicator weights follow doctrine by construction.

An employment-leaning indicator that is stated may only push towards
``employee`` and away from ``independent``; its denial, the opposite; an
independence-leaning indicator mirrors that. The weights of the other design
columns (numeric facts, jurisdiction families, the wording) are free.

The model is the L2-penalised (multinomial) logistic regression of
scikit-learn's ``LogisticRegression`` — ``C`` times the weighted log-loss plus
half the squared norm of the weights — fitted with bounds on the weights by
scipy's L-BFGS-B. One class is the reference, its logit fixed at 0 (third
category when it was seen): then "towards employee" is a weight ≥ 0 in the
employee row and "away from independent" a weight ≤ 0 in the independent row,
for every family copy of the column, so the sign holds in every jurisdiction
family and after temperature scaling. The result is a fitted
``LogisticRegression``, so scoring, SHAP and persistence are unchanged.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight

#: the direction a positive-signed column must push each class's logit, relative to the reference class
TOWARDS = {0: 1.0, 2: -1.0}  # employee up, independent down (statuses are 0, 1, 2 in STATUSES order)


def signed_logistic(Z: np.ndarray, y: np.ndarray, signs: np.ndarray, *, C: float, class_weight=None,
                    towards: dict[int, float] = TOWARDS, reference: int = 1, max_iter: int = 5000) -> LogisticRegression:
    """A ``LogisticRegression`` fitted with sign bounds.

    Parameters
    ----------
    Z
        The design, ``(n, d)``.
    y
        Class indices (0, 1, 2 for the statuses; 0 and 1 for a binary stage).
    signs
        One per column: +1 pushes each class ``k`` in the direction
        ``towards[k]`` (relative to the reference class), −1 the opposite way,
        0 free.
    towards
        For the classes other than the reference: +1 (a positive-signed
        column may only raise its logit) or −1 (only lower it). A binary stage
        uses ``{1: +1}`` with reference 0.
    reference
        The class whose logit is fixed at 0; when it was not seen in ``y`` the
        lowest class seen takes its place.
    """
    Z = np.asarray(Z, dtype=float)
    y = np.asarray(y)
    classes = np.unique(y)
    if classes.size < 2:
        raise ValueError("signed_logistic needs at least two classes in y")
    ref = reference if reference in classes else int(classes[0])
    free = [int(k) for k in classes if k != ref]
    n, d = Z.shape
    weight = compute_sample_weight(class_weight, y) if class_weight is not None else np.ones(n)
    Y = (y[:, None] == classes[None, :]).astype(float)
    column = {int(k): j for j, k in enumerate(classes)}

    bounds = []
    for k in free:
        direction = towards.get(k, 0.0) * np.sign(signs)
        bounds += [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in direction]
        bounds.append((None, None))  # the intercept

    def unpack(theta):
        blocks = theta.reshape(len(free), d + 1)
        W = np.zeros((classes.size, d))
        b = np.zeros(classes.size)
        for row, k in zip(blocks, free):
            W[column[k]], b[column[k]] = row[:d], row[d]
        return W, b

    def objective(theta):
        W, b = unpack(theta)
        logits = Z @ W.T + b
        loss = -(weight * (Y * log_softmax(logits, axis=1)).sum(axis=1)).sum()
        G = (softmax(logits, axis=1) - Y) * weight[:, None]
        grad_W = C * (G.T @ Z) + W
        grad_b = C * G.sum(axis=0)
        grad = np.concatenate([np.append(grad_W[column[k]], grad_b[column[k]]) for k in free])
        return C * loss + 0.5 * float((W ** 2).sum()), grad

    start = np.zeros(len(free) * (d + 1))
    result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": max_iter, "maxfun": 4 * max_iter})
    W, b = unpack(result.x)
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    model.classes_ = classes
    if classes.size == 2:  # scikit-learn's binary form: one row, the logit of the second class
        model.coef_, model.intercept_ = (W[1] - W[0])[None, :], np.array([b[1] - b[0]])
    else:
        model.coef_, model.intercept_ = W, b
    model.n_features_in_ = d
    model.n_iter_ = np.array([result.nit])
    return model


def column_signs(sources: np.ndarray, names: np.ndarray, towards: dict[str, str]) -> np.ndarray:
    """+1, −1 or 0 for each design column: which way doctrine lets it push.

    ``towards`` maps an indicator id to ``"employment"`` or ``"independence"``
    (the catalogue's ``towards``); a ``…=stated`` column of an
    employment-leaning indicator is +1 and its ``…=denied`` column −1, and
    the reverse for an independence-leaning one. Every other column is 0.
    """
    signs = np.zeros(len(sources))
    for j, (source, name) in enumerate(zip(sources, names)):
        lean = {"employment": 1.0, "independence": -1.0}.get(towards.get(str(source), ""), 0.0)
        if not lean:
            continue
        base = str(name).split("|", 1)[0]
        if base.endswith("=stated"):
            signs[j] = lean
        elif base.endswith("=denied"):
            signs[j] = -lean
    return signs
