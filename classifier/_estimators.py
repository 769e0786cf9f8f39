"""Row-level status classifiers: indicator rows (+ jurisdiction) → calibrated probabilities.

Two families share one design (:class:`~classifier._design.IndicatorDesign`):

``multinomial``
    L2-penalised multinomial logistic regression.
``two_stage``
    An ordinal, continuation-ratio model that follows how a Chinese court
    decides: stage 1, employee (劳动关系) or not; stage 2, among the cases that
    are not employment, third category or independent. P(employee) = σ(s₁),
    P(third) = (1 − σ(s₁)) σ(s₂), P(independent) = (1 − σ(s₁)) (1 − σ(s₂)).
Both are linear, so every indicator's weight can be bounded in sign
(:mod:`classifier._signed`) and explained exactly. A tree ensemble was a
third family until 2026-12: its multiclass fit cannot be held to the
doctrine's signs, and restoring it without pickle needed sklearn's private
tree structures.

Every family is calibrated by temperature scaling fitted on inner
cross-validated scores of the training set (grouped when groups are given).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

import numpy as np
from scipy.special import expit, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from workstatus.classifier._design import JURISDICTION_SOURCE, WORDING_SOURCE, IndicatorDesign, _families
from workstatus.classifier._vocab import STATUSES

# Fitting's own imports (folds, the signed and calibration optimisers) stay inside the
# functions that fit: deciding with a loaded model needs none of them, and they cost a cold
# ``workstatus assess`` half a second.

KINDS = ("multinomial", "two_stage")
#: how a Chinese case that is not employment is split: by the model, or by LEGAL.md 1b's rule (``_china.py``)
CN_SPLITS = ("learned", "rule")


def check_cn_split(cn_split: str) -> None:
    """Refuse a way of splitting a Chinese case that is not one of :data:`CN_SPLITS`: on fitting, and on
    loading a model file (one error, one wording)."""
    if cn_split not in CN_SPLITS:
        raise ValueError(f"cn_split {cn_split!r} is not a way to split; expected one of {', '.join(CN_SPLITS)}")
_ABSENT = -30.0  # score of a status never seen in training
#: what the contributions of a Chinese case split by the rule explain: that it is not employment
NOT_EMPLOYEE = "not_employee"


@dataclass(frozen=True)
class ConstantCore:
    """The core of a multinomial model trained on one status: that status scores 0, every other ``_ABSENT``."""

    status: int  #: the status's index in :data:`STATUSES`


@dataclass(frozen=True)
class LogisticCore:
    """The core of a multinomial model: a fitted logistic regression over the status indices it saw."""

    model: Any  #: ``LogisticRegression`` (free or sign-bounded weights), ``classes_`` indices into STATUSES


@dataclass(frozen=True)
class ConstantStage:
    """A stage of the two-stage model whose training cases all gave one answer: one logit for every row."""

    score: float


#: a stage of the two-stage model: a fitted binary logistic regression, or a constant logit
Stage = Union[Any, ConstantStage]


@dataclass(frozen=True)
class TwoStageCore:
    """The core of the continuation-ratio model: two binary stages, each scored as a logit."""

    employee: Stage  #: stage 1: employee (1) or not
    third: Stage  #: stage 2, among the cases that are not employment: third category (1) or independent


Core = Union[ConstantCore, LogisticCore, TwoStageCore]


def single_thread():
    """A context that holds OpenMP/BLAS to one thread, restoring the caller's limits on exit.

    The libraries are inspected once per process (``threadpool_limits`` inspects them on every call,
    which cost 2.8 ms per call, more than the scoring it guarded); the limits are still set and
    restored per call, so the caller's own threads are left as they were.
    """
    return _thread_controller().limit(limits=1)


@lru_cache(maxsize=1)
def _thread_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def status_index(y) -> np.ndarray:
    """Statuses as indices 0, 1, 2 in the order of :data:`STATUSES`; anything else is an error."""
    y = np.asarray(y, dtype=object)
    bad = sorted({str(v) for v in y if v not in STATUSES})
    if bad:
        raise ValueError(f"labels {', '.join(bad)} are not statuses; expected one of {', '.join(STATUSES)}")
    return np.array([STATUSES.index(v) for v in y], dtype=int)


class RowStatusClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated status classifier over indicator rows.

    Parameters
    ----------
    kind
        ``"multinomial"`` or ``"two_stage"``.
    C
        Inverse L2 penalty of the logistic models.
    interaction_scale, form_scale, min_family_cases, indicators
        Passed to :class:`~classifier._design.IndicatorDesign`.
    class_weight
        None, or ``"balanced"`` to weigh each status inversely to its frequency
        (raises recall of the rarer statuses, at some cost in calibration).
    calibrate
        Fit temperatures on inner cross-validated scores.
    inner_folds
        Folds of that inner cross-validation.
    random_state
        Seed of the inner folds.
    text_scale, text_features
        The wording block of :class:`~classifier._design.IndicatorDesign`
        (0: indicators only).
    towards
        Indicator id → ``"employment"`` or ``"independence"`` (the catalogue's
        ``towards``). When given, the model bounds the sign of every
        indicator column (:mod:`classifier._signed`): a stated
        employment-leaning indicator may only push towards employee and away
        from independent, in every family, and so on.
    cn_split
        ``"learned"``: a Chinese case's three probabilities are the model's.
        ``"rule"``: its P(employee) is the model's and the rest is split
        between third category and independent by LEGAL.md 1b's rule on its
        facts, at the rates the rule earned on the training cases
        (:mod:`classifier._china`).
    """

    def __init__(self, kind="multinomial", *, C=1.0, interaction_scale=0.5, form_scale=1.0,
                 min_family_cases=10, indicators=None, class_weight=None, calibrate=True, inner_folds=5,
                 random_state=0, text_scale=0.0, text_features=4000, towards=None, cn_split="learned"):
        self.kind = kind
        self.C = C
        self.interaction_scale = interaction_scale
        self.form_scale = form_scale
        self.min_family_cases = min_family_cases
        self.indicators = indicators
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.inner_folds = inner_folds
        self.random_state = random_state
        self.text_scale = text_scale
        self.text_features = text_features
        self.towards = towards
        self.cn_split = cn_split

    # -- fitting ---------------------------------------------------------
    def fit(self, X, y, groups=None):
        # One thread: these models are small, and OpenMP/BLAS threads fighting
        # other processes for two cores made fits many times slower.
        with single_thread():
            return self._fit(X, y, groups)

    def _fit(self, X, y, groups):
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not a model family; expected one of {', '.join(KINDS)}")
        check_cn_split(self.cn_split)
        target = status_index(y)
        self.classes_ = np.array(STATUSES, dtype=object)
        self.design_ = IndicatorDesign(
            indicators=self.indicators, interaction_scale=self.interaction_scale,
            form_scale=self.form_scale, min_family_cases=self.min_family_cases,
            family_copies=True, text_scale=self.text_scale, text_features=self.text_features,
        ).fit(X)
        Z = self.design_.transform(X)
        self.background_ = Z.mean(axis=0, keepdims=True)
        self.core_ = self._fit_core(Z, target)
        self.temperature_ = self._fit_temperatures(Z, target, groups) if self.calibrate else self._unit_temperature()
        self.split_rates_ = self._fit_split(Z, target, _families(X)) if self.cn_split == "rule" else None
        return self

    def _fit_split(self, Z, target, families) -> tuple[float, float]:
        """P(third | the rule says third), P(third | it says independent) on the family's non-employee training cases."""
        from workstatus.classifier._china import split_rates

        member = self._members(Z, families) & (target != 0)
        third_by_rule = self.china_rule().third(self.design_.indicator_values(Z[member]))
        return split_rates(third_by_rule, target[member] == 1)

    def china_rule(self):
        """LEGAL.md 1b's rule over this model's indicator columns (built once)."""
        from workstatus.classifier._china import ChinaRule

        cached = self.__dict__.get("_china_rule")
        if cached is None:
            cached = self.__dict__["_china_rule"] = ChinaRule(self.design_.indicators_)
        return cached

    def split_rows(self, Z, families=None) -> np.ndarray:
        """Which rows the rule splits: those of the Chinese family, when the model splits by the rule."""
        if getattr(self, "split_rates_", None) is None:
            return np.zeros(len(Z), dtype=bool)
        return self._members(Z, families)

    def _members(self, Z, families) -> np.ndarray:
        from workstatus.classifier._china import FAMILY

        if families is not None:
            return np.asarray(families, dtype=object) == FAMILY
        return self.design_.family_members(Z, FAMILY)

    def _fit_core(self, Z, target) -> Core:
        from workstatus.classifier._signed import signed_logistic

        signs = self._signs()
        if self.kind == "multinomial":
            present = np.unique(target)
            if present.size == 1:
                return ConstantCore(present[0])
            if signs is not None:
                return LogisticCore(signed_logistic(Z, target, signs, C=self.C, class_weight=self.class_weight))
            return LogisticCore(logistic_regression(self.C, self.class_weight).fit(Z, target))
        # two_stage — stage 1: employee (1) or not; stage 2: third category (1) or independent, both raised
        # by a stated employment-leaning indicator
        stage1 = _fit_binary(Z, (target == 0).astype(int), self.C, self.class_weight, signs)
        rest = target != 0
        stage2 = _fit_binary(Z[rest], (target[rest] == 1).astype(int), self.C, self.class_weight, signs)
        return TwoStageCore(employee=stage1, third=stage2)

    def _signs(self):
        """The sign bound of each design column (None: the weights are free)."""
        if self.towards is None:
            return None
        from workstatus.classifier._signed import column_signs

        return column_signs(self.design_.sources_, self.design_.feature_names_out_, dict(self.towards))

    def _unit_temperature(self):
        return (1.0, 1.0) if self.kind == "two_stage" else (1.0,)

    def _fit_temperatures(self, Z, target, groups):
        from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

        from workstatus.classifier._calibration import fit_temperature

        n_groups = len(np.unique(groups)) if groups is not None else len(target)
        n_splits = min(self.inner_folds, int(np.bincount(target).max()), n_groups)
        if len(target) < 20 or n_splits < 2:
            return self._unit_temperature()
        if groups is not None:
            splitter = StratifiedGroupKFold(n_splits, shuffle=True, random_state=self.random_state)
            splits = splitter.split(Z, target, groups)
        else:
            splits = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state).split(Z, target)
        raw = np.zeros((len(target), 2 if self.kind == "two_stage" else 3))
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*least populated class.*")
            splits = list(splits)
        for train, test in splits:
            inner = clone(self).set_params(calibrate=False)
            inner.design_ = self.design_
            inner.core_ = inner._fit_core(Z[train], target[train])
            raw[test] = inner._raw_scores(Z[test])
        if self.kind == "two_stage":
            rest = target != 0
            t1 = fit_temperature(raw[:, 0], (target == 0).astype(int))
            t2 = fit_temperature(raw[rest, 1], (target[rest] == 1).astype(int)) if rest.sum() >= 5 else 1.0
            return (t1, t2)
        return (fit_temperature(raw, target),)

    # -- scoring ---------------------------------------------------------
    def _raw_scores(self, Z):
        core = self.core_
        if isinstance(core, ConstantCore):
            out = np.full((len(Z), 3), _ABSENT)
            out[:, core.status] = 0.0
            return out
        if isinstance(core, TwoStageCore):
            return np.column_stack([_binary_score(core.employee, Z), _binary_score(core.third, Z)])
        model = core.model
        with single_thread():
            raw = model.decision_function(Z)
        if raw.ndim == 1:
            raw = np.column_stack([-raw / 2, raw / 2])
        out = np.full((len(Z), 3), _ABSENT)
        out[:, model.classes_] = raw
        return out

    def _proba_from_raw(self, raw):
        if self.kind == "two_stage":
            p1 = expit(raw[:, 0] / self.temperature_[0])
            p2 = expit(raw[:, 1] / self.temperature_[1])
            return np.column_stack([p1, (1 - p1) * p2, (1 - p1) * (1 - p2)])
        return softmax(raw / self.temperature_[0], axis=1)

    def predict_proba(self, X, *, design=None, families=None):
        """Calibrated probabilities, columns in the order of :data:`STATUSES`.

        ``design``: ``self.design_.transform(X)`` when the caller already has it; ``families``: the rows'
        legal-test families (read from ``X``, or from the design's family columns, when not given).
        """
        Z = self.design_.transform(X) if design is None else design
        if families is None and X is not None and getattr(self, "split_rates_", None) is not None:
            families = _families(X)
        return self.split_proba(Z, families)[0]

    def split_proba(self, Z, families=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The probabilities of design rows, with the rule's split: ``(proba, split, third)``.

        ``split`` marks the rows the rule splits (none unless the model splits by the rule), ``third``
        those of them it calls third category.
        """
        proba = self._proba_from_raw(self._raw_scores(Z))
        split = self.split_rows(Z, families)
        third = np.zeros(len(Z), dtype=bool)
        if split.any():
            from workstatus.classifier._china import split_probabilities

            third[split] = self.china_rule().third(self.design_.indicator_values(Z[split]))
            proba = split_probabilities(proba, split, third, self.split_rates_)
        return proba, split, third

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    # -- explaining ------------------------------------------------------
    def explained_output(self, status: str) -> str:
        """Which model output the SHAP values of a decision for ``status`` add up to.

        ``NOT_EMPLOYEE``: a Chinese case split by the rule, whose contributions explain why it is not
        employment (the split's own reasons are the rule's facts).
        """
        if status == NOT_EMPLOYEE:
            return (f"minus the {self.explained_output('employee').split(':')[0]}: what pushes away from a labour "
                    "relationship (third category or independent then follows LEGAL.md 1b's rule)")
        if self.kind == "two_stage":
            if status == "employee":
                return "stage-1 logit: log-odds of employee vs not employee (temperature-scaled)"
            sign = "" if status == "third_category" else "minus "
            return f"{sign}stage-2 logit: log-odds of third_category vs independent, given not employee (temperature-scaled)"
        return f"centred logit of {status}: log p({status}) minus the mean of the three log-probabilities"

    def linear_output(self, status: str) -> tuple[np.ndarray, float]:
        """Weights and intercept of the explained output over the design columns."""
        if status == NOT_EMPLOYEE:
            w, b = self.linear_output("employee")
            return -w, -b
        k = STATUSES.index(status)
        core = self.core_
        width = self.background_.shape[1]
        if isinstance(core, ConstantCore):
            b = np.full(3, _ABSENT)
            b[core.status] = 0.0
            return np.zeros(width), float(b[k] - b.mean())
        if isinstance(core, TwoStageCore):
            # employee: stage 1's logit; third category: stage 2's; independent: minus stage 2's
            stage, t, sign = ((core.employee, self.temperature_[0], 1.0) if k == 0
                              else (core.third, self.temperature_[1], 1.0 if k == 1 else -1.0))
            w, b = _binary_linear(stage, width)
            return sign * w / t, sign * b / t
        if isinstance(core, LogisticCore):
            model = core.model
            W = np.zeros((3, width))
            b = np.full(3, _ABSENT)
            if len(model.classes_) == 2:
                W[model.classes_[1]], b[model.classes_[1]] = model.coef_[0] / 2, model.intercept_[0] / 2
                W[model.classes_[0]], b[model.classes_[0]] = -model.coef_[0] / 2, -model.intercept_[0] / 2
            else:
                W[model.classes_], b[model.classes_] = model.coef_, model.intercept_
            t = self.temperature_[0]
            return (W[k] - W.mean(axis=0)) / t, float(b[k] - b.mean()) / t
        raise TypeError(f"unknown model core {type(core).__name__}")

    def explain_design(self, X, statuses, *, design=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Exact SHAP values over the design columns of the output that decides each row's status.

        ``design``: ``self.design_.transform(X)`` when the caller already has it.

        Returns
        -------
        base, values, output
            ``(n,)`` base values, ``(n, columns)`` SHAP values, ``(n,)`` the explained outputs;
            ``base + values.sum(1) == output`` up to rounding.
        """
        Z = np.asarray(self.design_.transform(X) if design is None else design, dtype=float)
        statuses = list(statuses)
        base, values, output = np.zeros(len(Z)), np.zeros_like(Z), np.zeros(len(Z))
        # a linear output's exact (interventional) SHAP values against a reference r are w·(x − r), its
        # base w·r + b: the operations of shap.LinearExplainer with one background row, without importing it
        R = self.no_facts_reference(Z)
        for status in set(statuses):
            rows = np.array([s == status for s in statuses])
            w, b = self.linear_output(status)
            values[rows] = (Z[rows] - R[rows]) * w
            base[rows] = R[rows] @ w + b
            output[rows] = Z[rows] @ w + b
        return base, values, output

    def no_facts_reference(self, Z: np.ndarray) -> np.ndarray:
        """The row each case is explained against: the same case with no facts.

        Every indicator silent and every numeric fact unknown (their columns, family copies included, are
        0 then), the case's own legal-test family, and the wording at the training mean. So the base value
        is what the model says of a case of that family with no facts, and a fact's contribution is its
        own columns' weights: a stated employment-leaning indicator never pushes away from ``employee``
        nor towards ``independent``, whichever family the case is in (against the training mean, the
        family copies of the other families, 0 in this row and not in the mean, pushed it back).
        """
        sources = self.design_.sources_
        R = np.zeros_like(Z)
        family = sources == JURISDICTION_SOURCE
        R[:, family] = Z[:, family]
        wording = sources == WORDING_SOURCE
        R[:, wording] = np.asarray(self.background_, dtype=float).reshape(-1)[wording]
        return R


def logistic_regression(C, class_weight=None):
    """The unfitted logistic model of the linear kinds (also what ``classifier._persist`` restores into)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight=class_weight, max_iter=5000)


def _fit_binary(Z, yb, C, class_weight=None, signs=None) -> Stage:
    if not len(yb):
        return ConstantStage(0.0)
    if yb.min() == yb.max():
        return ConstantStage(30.0 if yb[0] == 1 else -30.0)
    if signs is not None:
        from workstatus.classifier._signed import signed_logistic

        return signed_logistic(Z, yb, signs, C=C, class_weight=class_weight, towards={1: 1.0}, reference=0)
    return logistic_regression(C, class_weight).fit(Z, yb)


def _binary_score(stage: Stage, Z):
    if isinstance(stage, ConstantStage):
        return np.full(len(Z), stage.score)
    return stage.decision_function(Z)


def _binary_linear(stage: Stage, width):
    if isinstance(stage, ConstantStage):
        return np.zeros(width), float(stage.score)
    return stage.coef_[0].copy(), float(stage.intercept_[0])
