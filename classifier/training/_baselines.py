"""Baselines the indicator models must beat, in the same cross-validation.

``MajorityBaseline``
    always the most frequent training status, with the training frequencies as probabilities.
``TextNgramBaseline``
    TF-IDF of character 1–3-grams (works for Chinese and English alike) into
    a multinomial logistic regression; reads the raw ``text`` only.
``RuleBaseline``
    a hand-set rule, fitted to nothing: score = Σ over indicators of
    value × direction (+1 towards employment, −1 towards independence);
    score ≥ ``employee_at`` → employee, score ≤ ``independent_at`` →
    independent, otherwise third category.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from workstatus.classifier._estimators import status_index
from workstatus.classifier._vocab import STATUSES


class MajorityBaseline(ClassifierMixin, BaseEstimator):
    """Predict the most frequent training status."""

    def fit(self, X, y, groups=None):
        counts = np.bincount(status_index(y), minlength=3).astype(float)
        self.classes_ = np.array(STATUSES, dtype=object)
        self.prior_ = counts / counts.sum()
        return self

    def predict_proba(self, X):
        return np.tile(self.prior_, (len(X), 1))

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class TextNgramBaseline(ClassifierMixin, BaseEstimator):
    """TF-IDF character n-grams of the raw text into logistic regression."""

    def __init__(self, *, C=10.0, max_features=20000):
        self.C = C
        self.max_features = max_features

    def fit(self, X, y, groups=None):
        target = status_index(y)
        self.classes_ = np.array(STATUSES, dtype=object)
        self.pipeline_ = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True,
                            min_df=2, max_features=self.max_features),
            LogisticRegression(C=self.C, max_iter=5000),
        ).fit(_texts(X), target)
        return self

    def predict_proba(self, X):
        model = self.pipeline_[-1]
        out = np.full((len(X), 3), 1e-6)
        out[:, model.classes_] = self.pipeline_.predict_proba(_texts(X))
        return out / out.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class RuleBaseline(ClassifierMixin, BaseEstimator):
    """Count employment-leaning minus independence-leaning indicators, then cut at fixed thresholds.

    Parameters
    ----------
    towards
        Indicator id → ``"employment"`` or ``"independence"``.
    employee_at, independent_at
        The hand-set cut-offs.
    confidence
        Probability given to the status the rule picks (the rest is shared
        equally), so that the rule can be scored for calibration too.
    """

    def __init__(self, towards=None, *, employee_at=3, independent_at=-1, confidence=0.7):
        self.towards = towards
        self.employee_at = employee_at
        self.independent_at = independent_at
        self.confidence = confidence

    def fit(self, X, y=None, groups=None):
        if not self.towards:
            raise ValueError("RuleBaseline needs towards={indicator id: 'employment' | 'independence'}")
        self.classes_ = np.array(STATUSES, dtype=object)
        return self

    def score_rows(self, X: pd.DataFrame) -> np.ndarray:
        score = np.zeros(len(X))
        for ind, direction in self.towards.items():
            if ind in X:
                v = pd.to_numeric(X[ind], errors="coerce").fillna(0).to_numpy()
                score += v if direction == "employment" else -v
        return score

    def predict_proba(self, X):
        score = self.score_rows(X)
        pick = np.where(score >= self.employee_at, 0, np.where(score <= self.independent_at, 2, 1))
        out = np.full((len(X), 3), (1 - self.confidence) / 2)
        out[np.arange(len(X)), pick] = self.confidence
        return out

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def _texts(X) -> list[str]:
    if isinstance(X, pd.DataFrame):
        if "text" not in X:
            raise ValueError("the text baseline needs a 'text' column")
        return X["text"].fillna("").astype(str).tolist()
    return [str(t) for t in X]
