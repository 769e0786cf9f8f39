"""Training: cross-validated comparison, selection, calibration, abstention, the final model and its card."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone

from classifier._analysis import (
    form_indicator_cases,
    form_weights,
    gold_comparison,
    learning_curve,
    misclassified,
    nested_estimate,
    reliability_bins,
    row_factory,
    wording_weights,
)
from classifier._baselines import MajorityBaseline, RuleBaseline, TextNgramBaseline
from classifier._cv import case_groups, out_of_fold, summarise
from classifier._design import NUMERIC_FACTS
from classifier._estimators import status_index
from classifier._metrics import choose_threshold, coverage_curve
from classifier._model import StatusModel
from classifier._vocab import STATUSES, detect_language, infer_jurisdiction, jurisdiction_family

DEFAULT_CONFIG = {"kind": "multinomial", "C": 0.3, "interaction_scale": 1.0, "form_scale": 1.0,
                  "min_family_cases": 10, "class_weight": None, "threshold": 0.5}
TARGETS = {"binary_accuracy": 0.90, "macro_f1": 0.80, "ece": 0.05}
FORM_SHRUNK_SCALE = 0.3
# Tried per linear family on the same folds; the card says that picking the best of them is mildly optimistic.
LINEAR_GRID = tuple({"C": c, "interaction_scale": s, "class_weight": w}
                    for c in (0.1, 0.3) for s in (0.5, 1.0, 2.0) for w in (None, "balanced"))
# The hybrid (indicators + wording) is tried at these settings; a larger
# text_scale lets the wording weigh more against the indicators.
HYBRID_GRID = tuple({"C": 0.3, "interaction_scale": 0.5, "class_weight": "balanced", "text_scale": t}
                    for t in (4.0, 8.0, 12.0))
SELECTION_TOLERANCE = 0.01
#: the model families that decide on the indicators alone; ``hybrid`` adds the wording
INDICATOR_FAMILIES = ("multinomial", "two_stage", "boosted")


@dataclass
class TrainingResult:
    """What :func:`train` produced: the fitted model, the figures, and where they were written."""

    model: StatusModel
    metrics: dict
    card: str
    written: list[Path] = field(default_factory=list)


def case_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cases with ``lang`` filled in (detected) and ``jurisdiction`` inferred when missing."""
    frame = frame.reset_index(drop=True).copy()
    given = frame["lang"] if "lang" in frame else [None] * len(frame)
    frame["lang"] = [l if isinstance(l, str) else detect_language(t) for l, t in zip(given, frame["text"])]
    given_j = frame["jurisdiction"] if "jurisdiction" in frame else [None] * len(frame)
    frame["jurisdiction"] = [infer_jurisdiction(j, l) for j, l in zip(given_j, frame["lang"])]
    return frame


def extract_rows(extractor, texts: list[str]) -> pd.DataFrame:
    """Indicator rows of ``texts`` from a fitted extractor, as a DataFrame."""
    rows = extractor.transform(texts)
    if not isinstance(rows, pd.DataFrame):
        rows = pd.DataFrame(rows, columns=[str(c) for c in extractor.get_feature_names_out()])
    return rows.reset_index(drop=True)


def fit_status_model(frame: pd.DataFrame, config: dict | None = None, *, extractor=None) -> StatusModel:
    """Fit a :class:`StatusModel` on case records (deterministic for the same cases and config)."""
    frame = case_frame(frame)
    params = DEFAULT_CONFIG | (config or {})
    model = StatusModel(extractor=extractor, **params)
    return model.fit(frame, frame["label"].tolist(), groups=case_groups(frame))


def candidate_models(indicators, towards) -> dict[str, dict]:
    """The compared models: three baselines and the indicator model families (eligible to ship)."""
    base = {k: v for k, v in DEFAULT_CONFIG.items() if k not in ("kind", "threshold")}
    return {
        "majority": {"make": MajorityBaseline, "eligible": False,
                     "description": "baseline: always the most frequent status"},
        "tfidf_char_lr": {"make": TextNgramBaseline, "eligible": False,
                          "description": "baseline: TF-IDF character 1–3-grams of the raw text → logistic regression"},
        "rule_count": {"make": lambda: RuleBaseline(towards), "eligible": False,
                       "description": "baseline: hand-set rule, (employment-leaning − independence-leaning) ≥ 3 → employee, ≤ −1 → independent"},
        "multinomial": {"make": row_factory(indicators, kind="multinomial", **base), "eligible": True,
                        "config": {"kind": "multinomial", **base},
                        "description": "multinomial logistic regression, shared + L2-penalised jurisdiction-family weights"},
        "two_stage": {"make": row_factory(indicators, kind="two_stage", **base), "eligible": True,
                      "config": {"kind": "two_stage", **base},
                      "description": "ordinal two-stage (continuation-ratio) logistic: employee vs not, then third category vs independent"},
        "boosted": {"make": row_factory(indicators, kind="boosted", **base), "eligible": True,
                    "config": {"kind": "boosted", **base},
                    "description": "HistGradientBoostingClassifier (80 trees, depth 3) on the indicator columns + family intercepts"},
        "hybrid": {"make": row_factory(indicators, kind="multinomial", **(base | HYBRID_GRID[1])), "eligible": True,
                   "config": {"kind": "multinomial", **(base | HYBRID_GRID[1])},
                   "description": "multinomial logistic regression on the indicator design plus the wording of the text "
                                  "(TF-IDF character 1–3-grams, names masked, digits folded)"},
    }


def train(cases=None, *, out: str | Path | None = None, folds: int = 5, repeats: int = 5, cv: bool = True,
          seed: int = 0, extractor=None, towards: dict | None = None, catalogue_version: str | None = None,
          gold: str | Path | None = None, config: dict | None = None,
          linear_grid: tuple[dict, ...] | None = None, learning_fractions: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8, 1.0),
          families: tuple[str, ...] = (*INDICATOR_FAMILIES, "hybrid"),
          hybrid_grid: tuple[dict, ...] | None = None,
          progress: Callable[[str], None] = lambda message: None, today: dt.date | None = None) -> TrainingResult:
    """Train on the real cases, cross-validate the candidates, keep the best, write model, manifest, card.

    Parameters
    ----------
    cases
        Case files or folders (default: ``labelled_cases/real``).
    out
        Folder for ``model.joblib``, ``manifest.json``, ``MODEL_CARD.md`` and
        ``metrics.json``; nothing is written when None.
    folds, repeats
        Grouped stratified k-fold, repeated.
    cv
        False: fit ``config`` (default :data:`DEFAULT_CONFIG`) directly, no figures.
    extractor, towards, catalogue_version
        Default: ``features.IndicatorExtractor()`` and the catalogue's
        directions and version.
    gold
        Hand-annotated indicator rows (default ``labelled_cases/annotations/gold.jsonl`` when present).
    linear_grid
        Settings tried for each linear indicator family (default :data:`LINEAR_GRID`).
    hybrid_grid
        Settings tried for the hybrid (default :data:`HYBRID_GRID`).
    learning_fractions
        Shares of each training fold used for the learning curve.
    families
        The indicator model families compared (the baselines always are).
    """
    import labelled_cases

    from classifier._card import render_card

    frame = case_frame(labelled_cases.load_cases(cases, origin="real"))
    if len(frame) < 6:
        raise ValueError(f"found {len(frame)} labelled real cases; training needs at least 6 (add cases to labelled_cases/real/)")
    if towards is None or catalogue_version is None:
        from features import load_catalogue

        catalogue = load_catalogue()
        towards = towards or {i: catalogue[i].towards for i in catalogue.ids}
        catalogue_version = catalogue_version or str(catalogue.version)
    if extractor is None:
        from features import IndicatorExtractor

        extractor = IndicatorExtractor()
    y = frame["label"].to_numpy(dtype=object)
    groups = case_groups(frame)
    metrics: dict = {
        "n_cases": int(len(frame)),
        "n_groups": int(len(set(groups))),
        "counts": _counts(frame),
        "catalogue_version": catalogue_version,
        "targets": TARGETS,
    }
    if cv:
        progress(f"extracting indicators from {len(frame)} cases")
        fitted = clone(extractor).fit(frame["text"].tolist())
        rows = extract_rows(fitted, frame["text"].tolist())
        indicators = [c for c in rows.columns if c not in NUMERIC_FACTS]
        X = pd.concat([frame[["id", "text", "lang", "jurisdiction"]], rows], axis=1)
        chosen_config = _cross_validate(frame, X, y, groups, indicators, towards, metrics,
                                        folds=folds, repeats=repeats, seed=seed, gold=gold, progress=progress,
                                        grids={"multinomial": linear_grid or LINEAR_GRID,
                                               "two_stage": linear_grid or LINEAR_GRID,
                                               "hybrid": hybrid_grid or HYBRID_GRID},
                                        learning_fractions=learning_fractions, families=families)
    else:
        chosen_config = DEFAULT_CONFIG | (config or {})
        metrics["cv"] = None
    progress(f"fitting the final {chosen_config['kind']} model on all {len(frame)} cases")
    model = fit_status_model(frame, chosen_config, extractor=extractor)
    metrics["selected_config"] = chosen_config
    if cv:
        metrics["form_cases"] = form_indicator_cases(model, frame, metrics.pop("_oof_chosen"), rows)
        metrics["form_weights"] = form_weights(model)
        metrics["wording_weights"] = wording_weights(model, X.drop(columns=["id", "lang"]))
    card = render_card(metrics)
    result = TrainingResult(model=model, metrics=metrics, card=card)
    if out is not None:
        from classifier._persist import save_model

        out = Path(out)
        headline = {k: metrics.get("chosen", {}).get("overall", {}).get(k)
                    for k in ("accuracy", "macro_f1", "binary_accuracy", "brier", "ece")}
        manifest = save_model(model, out, metrics=headline, config=chosen_config,
                              catalogue_version=catalogue_version, n_cases=len(frame), today=today)
        metrics["manifest"] = {"sha256": manifest["sha256"], "version": manifest["version"], "date": manifest["date"]}
        (out / "metrics.json").write_text(json.dumps(_jsonable(metrics), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (out / "MODEL_CARD.md").write_text(card, encoding="utf-8")
        result.written = [out / "model.joblib", out / "manifest.json", out / "metrics.json", out / "MODEL_CARD.md"]
    return result


def _cross_validate(frame, X, y, groups, indicators, towards, metrics, *, folds, repeats, seed, gold, progress,
                    grids, learning_fractions, families):
    candidates = {name: spec for name, spec in candidate_models(indicators, towards).items()
                  if not spec["eligible"] or name in families}
    metrics["cv"] = {"folds": folds, "repeats": repeats, "seed": seed,
                     "grouping": "case id; same case_number; near-identical texts (char 5-gram Jaccard ≥ 0.8)",
                     "spread": "sd over the repetitions of the pooled out-of-fold predictions"}
    comparison, oofs, tuning = {}, {}, {}

    def describe(name, spec, oof):
        return {"description": spec["description"], "eligible": spec["eligible"],
                "overall": summarise(oof, y),
                "by_language": {lang: summarise(oof, y, mask=(frame["lang"] == lang).to_numpy())
                                for lang in sorted(frame["lang"].unique())}}

    for name, spec in candidates.items():
        grid = grids.get(name, ({},))
        runs = []
        for extra in grid:
            progress(f"cross-validating {name} {extra or ''}".rstrip())
            settings = spec.get("config", {}) | extra
            make = row_factory(indicators, **settings) if spec["eligible"] else spec["make"]
            oof = out_of_fold(make, X, y, groups, folds=folds, repeats=repeats, seed=seed)
            runs.append((summarise(oof, y)["macro_f1"]["mean"], settings, oof))
        score_, settings, oof = max(runs, key=lambda run: run[0])
        if spec["eligible"]:
            candidates[name]["config"] = settings
        if len(runs) > 1:
            tuning[name] = [{"config": cfg, "macro_f1": sc} for sc, cfg, _ in runs]
        oofs[name] = oof
        comparison[name] = describe(name, spec, oof) | ({"config": settings} if spec["eligible"] else {})
    metrics["tuning"] = tuning
    eligible = [n for n, s in candidates.items() if s["eligible"]]
    top = max(comparison[n]["overall"]["macro_f1"]["mean"] for n in eligible)
    # ``eligible`` runs from the simplest model; take the first within tolerance of the best.
    best = next(n for n in eligible if comparison[n]["overall"]["macro_f1"]["mean"] >= top - SELECTION_TOLERANCE)
    config = dict(candidates[best]["config"])
    reason = (f"highest cross-validated macro-F1 among the models that can ship "
              f"(ties within {SELECTION_TOLERANCE} go to the simpler linear model, whose SHAP values are exact in logit space)")
    metrics["comparison"] = comparison
    # Form indicators shrunk: keep when not worse by more than the tolerance (courts look through form).
    progress(f"cross-validating {best} with form indicators shrunk (scale {FORM_SHRUNK_SCALE})")
    shrunk_oof = out_of_fold(row_factory(indicators, **(config | {"form_scale": FORM_SHRUNK_SCALE})),
                             X, y, groups, folds=folds, repeats=repeats, seed=seed)
    shrunk = summarise(shrunk_oof, y)
    keep_shrunk = shrunk["macro_f1"]["mean"] >= comparison[best]["overall"]["macro_f1"]["mean"] - SELECTION_TOLERANCE
    metrics["form_shrinkage"] = {"form_scale": FORM_SHRUNK_SCALE, "unshrunk": comparison[best]["overall"],
                                 "shrunk": shrunk, "kept": bool(keep_shrunk)}
    if keep_shrunk:
        config["form_scale"] = FORM_SHRUNK_SCALE
    chosen_oof = shrunk_oof if keep_shrunk else oofs[best]
    progress(f"cross-validating {best} without jurisdiction families (ablation)")
    pooled_oof = out_of_fold(row_factory(indicators, **(config | {"min_family_cases": 10**9})),
                             X, y, groups, folds=folds, repeats=repeats, seed=seed)
    metrics["jurisdiction_ablation"] = {"with_families": summarise(chosen_oof, y), "pooled_only": summarise(pooled_oof, y)}
    target = status_index(y)
    pooled_proba = chosen_oof.reshape(-1, 3)
    pooled_target = np.tile(target, chosen_oof.shape[0])
    curve = coverage_curve(pooled_target, pooled_proba)
    pick = choose_threshold(curve)
    config["threshold"] = pick["threshold"]
    metrics["coverage_accuracy"] = {"curve": curve, "chosen": pick}
    metrics["selected"] = {"name": best, "reason": reason, "config": config}
    masks = {
        "by_language": frame["lang"],
        "by_status": frame["label"],
        "by_sector": frame["sector"].fillna("(none)") if "sector" in frame else pd.Series(["(none)"] * len(frame)),
        "by_family": pd.Series([jurisdiction_family(j) for j in frame["jurisdiction"]]),
    }
    metrics["chosen"] = {"overall": summarise(chosen_oof, y, threshold=config["threshold"])}
    for key, values in masks.items():
        metrics["chosen"][key] = {str(v): summarise(chosen_oof, y, mask=(values == v).to_numpy(), threshold=config["threshold"])
                                  for v in sorted(values.unique())}
    metrics["reliability"] = reliability_bins(pooled_target, pooled_proba)
    metrics["errors"] = misclassified(frame, chosen_oof, y)
    mean = chosen_oof.mean(axis=0)
    metrics["out_of_fold"] = [
        {"id": frame["id"].iloc[i], "lang": frame["lang"].iloc[i], "jurisdiction": frame["jurisdiction"].iloc[i],
         "label": y[i], "probabilities": {s_: round(float(p), 4) for s_, p in zip(STATUSES, mean[i])}}
        for i in range(len(frame))
    ]
    metrics["_oof_chosen"] = chosen_oof
    if best in tuning:
        progress(f"nested cross-validation of the {best} settings (selection-corrected estimate)")
        metrics["nested"] = nested_estimate(indicators, grids[best], dict(candidates[best]["config"]) | {
            "form_scale": config["form_scale"]}, X, y, groups, folds=folds, seed=seed)
    progress("learning curve")
    metrics["learning_curve"] = learning_curve(indicators, config, X, y, groups, folds=folds,
                                                repeats=min(repeats, 3), seed=seed, fractions=learning_fractions)
    progress("gold annotations")
    metrics["gold"] = gold_comparison(frame, X, y, groups, indicators, config, gold, folds=folds,
                                       repeats=repeats, seed=seed)
    return config


def _counts(frame):
    table = pd.crosstab(frame["lang"].fillna("?"), frame["label"].fillna("?"))
    return {lang: {s: int(table.loc[lang].get(s, 0)) for s in STATUSES} for lang in table.index}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    return value
