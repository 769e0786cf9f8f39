"""What :func:`~classifier.training.train` is told (``TrainingOptions``) and what it returns (``TrainingReport``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workstatus.classifier._model import StatusModel

#: the model families that decide on the indicators alone; ``hybrid`` adds the wording
INDICATOR_FAMILIES = ("multinomial", "two_stage")
MODEL_FAMILIES = (*INDICATOR_FAMILIES, "hybrid")
TARGETS = {"binary_accuracy": 0.90, "macro_f1": 0.80, "ece": 0.05}
# Tried per linear family on the same folds; the card says that picking the best of them is mildly optimistic.
LINEAR_GRID = tuple({"C": c, "interaction_scale": s, "class_weight": w}
                    for c in (0.1, 0.3) for s in (0.5, 1.0, 2.0) for w in (None, "balanced"))
# The hybrid (indicators + wording) is tried at these settings; a larger
# text_scale lets the wording weigh more against the indicators.
HYBRID_GRID = tuple({"C": 0.3, "interaction_scale": 0.5, "class_weight": "balanced", "text_scale": t}
                    for t in (4.0, 8.0, 12.0))
LEARNING_FRACTIONS = (0.2, 0.4, 0.6, 0.8, 1.0)


def _quiet(message: str) -> None:
    """The default progress sink: says nothing."""


@dataclass(frozen=True)
class TrainingOptions:
    """How :func:`~classifier.training.train` runs; the defaults are those of ``workstatus train``.

    Attributes
    ----------
    out
        Folder for the model's files and ``manifest.json`` (:func:`classifier.save_model`)
        and ``metrics.json``; nothing is written when None. The model card is drawn from the
        report by ``reports.model_card.write_model_card``.
    folds, repeats, seed
        Grouped stratified ``folds``-fold cross-validation, repeated
        ``repeats`` times; ``seed`` of the fold assignment.
    cv
        False: fit ``config`` over :data:`~classifier.training.DEFAULT_CONFIG`
        directly, without cross-validation or figures.
    config
        The configuration fitted when ``cv`` is False (e.g. ``{"kind": "two_stage"}``).
    families
        The model families compared (the baselines always are); a subset of
        :data:`MODEL_FAMILIES`.
    linear_grid, hybrid_grid
        Settings tried for each linear indicator family and for the hybrid.
    learning_fractions
        Shares of each training fold used for the learning curve.
    gold
        Hand-annotated indicator rows; default ``labelled_cases/annotations/gold.jsonl`` when present.
    extractor, towards, catalogue_version
        Default: ``features.IndicatorExtractor(**DEFAULT_EXTRACTOR)`` of ``_train.py`` (with the
        learned reader, its rows are cross-fitted: ``_reader_rows.py``) and the catalogue's
        directions and version.
    progress
        Called with one line per step.
    today
        The date written in the manifest (default: today).
    """

    out: Path | None = None
    folds: int = 5
    repeats: int = 5
    seed: int = 0
    cv: bool = True
    config: Mapping[str, Any] = field(default_factory=dict)
    families: tuple[str, ...] = MODEL_FAMILIES
    linear_grid: tuple[dict, ...] = LINEAR_GRID
    hybrid_grid: tuple[dict, ...] = HYBRID_GRID
    learning_fractions: tuple[float, ...] = LEARNING_FRACTIONS
    gold: Path | None = None
    extractor: Any = None
    towards: Mapping[str, str] | None = None
    catalogue_version: str | None = None
    progress: Callable[[str], None] = _quiet
    today: dt.date | None = None

    def __post_init__(self):
        if self.folds < 2:
            raise ValueError(f"folds={self.folds}: cross-validation needs at least 2 folds")
        if self.repeats < 1:
            raise ValueError(f"repeats={self.repeats}: cross-validation needs at least 1 repetition")
        unknown = [f for f in self.families if f not in MODEL_FAMILIES]
        if unknown or not self.families:
            raise ValueError(f"families={tuple(self.families)!r}: expected one or more of {', '.join(MODEL_FAMILIES)}")
        if not self.linear_grid or not self.hybrid_grid or not self.learning_fractions:
            raise ValueError("linear_grid, hybrid_grid and learning_fractions need at least one entry each")


@dataclass(frozen=True)
class CrossValidation:
    """The cross-validated figures of a training run.

    Every field but ``oof`` is JSON data, written to ``metrics.json`` under
    the same name (``settings`` as ``cv``); the figures of each model and
    group are :func:`~classifier.training.summarise` summaries (mean and sd
    over the repetitions).
    """

    settings: dict                #: folds, repeats, seed, how cases were grouped, what the ± means
    tuning: dict                  #: family → every setting tried with its macro-F1
    comparison: dict              #: model → description, eligible, overall and by-language figures
    form_shrinkage: dict          #: the kept family with the form indicators shrunk, and whether that was kept
    china_split: dict             #: Chinese cases: the learned split against LEGAL.md 1b's rule, and which was kept
    jurisdiction_ablation: dict   #: with and without jurisdiction families
    coverage_accuracy: dict       #: the coverage–accuracy curve and the chosen threshold
    selected: dict                #: name, reason and configuration of the kept model
    chosen: dict                  #: the kept model's figures, overall and by language, status, sector, family
    reliability: list             #: reliability-diagram bins
    errors: dict                  #: the most confident errors
    out_of_fold: list             #: each case's mean out-of-fold probabilities
    nested: dict | None           #: selection-corrected estimate (None when the kept family was not tuned)
    learning_curve: list
    gold: dict                    #: extracted against hand-annotated indicators
    oof: np.ndarray = field(repr=False)  #: the kept model's out-of-fold probabilities, (repeats, cases, 3); not written


@dataclass(frozen=True)
class TrainingReport:
    """What :func:`~classifier.training.train` produced: the fitted model, its figures, the files written."""

    model: StatusModel
    n_cases: int
    n_groups: int
    n_indicators: int
    counts: dict                  #: language → status → cases
    catalogue_version: str
    targets: dict
    selected_config: dict         #: the configuration the final model was fitted with
    cv: CrossValidation | None = None     #: None when trained without cross-validation
    form_cases: dict | None = None        #: (with cv) Chinese cases with a stated form indicator
    form_weights: dict | None = None      #: (with cv) weights of the stated form indicators
    wording_weights: dict | None = None   #: (with cv) the n-grams each status leans on; None without wording
    manifest: dict | None = None          #: sha256, version and date of the saved model (when written)
    written: tuple[Path, ...] = ()

    def to_metrics(self) -> dict:
        """The figures as JSON data, in the layout of ``metrics.json`` (what ``reports.model_card`` renders)."""
        out: dict = {"n_cases": self.n_cases, "n_groups": self.n_groups, "counts": self.counts,
                     "catalogue_version": self.catalogue_version, "n_indicators": self.n_indicators,
                     "targets": self.targets}
        cv = self.cv
        if cv is None:
            out["cv"] = None
        else:
            out |= {"cv": cv.settings, "tuning": cv.tuning, "comparison": cv.comparison,
                    "form_shrinkage": cv.form_shrinkage, "china_split": cv.china_split,
                    "jurisdiction_ablation": cv.jurisdiction_ablation,
                    "coverage_accuracy": cv.coverage_accuracy, "selected": cv.selected, "chosen": cv.chosen,
                    "reliability": cv.reliability, "errors": cv.errors, "out_of_fold": cv.out_of_fold}
            if cv.nested is not None:
                out["nested"] = cv.nested
            out |= {"learning_curve": cv.learning_curve, "gold": cv.gold}
        out["selected_config"] = self.selected_config
        extractor = getattr(self.model, "extractor_", None)
        if extractor is not None and hasattr(extractor, "get_params"):
            out["extractor"] = {k: v for k, v in extractor.get_params(deep=False).items()
                                if v is None or isinstance(v, (bool, int, float, str))}
        if cv is not None:
            out |= {"form_cases": self.form_cases, "form_weights": self.form_weights,
                    "wording_weights": self.wording_weights}
        if self.manifest is not None:
            out["manifest"] = self.manifest
        return jsonable(out)


def jsonable(value):
    """``value`` with numpy scalars and arrays as plain Python, NaN as None, keys as strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    return value
