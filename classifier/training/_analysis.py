"""Analyses behind the model card: learning curve, nested CV, gold indicators, form indicators, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from workstatus.classifier._design import NUMERIC_FACTS
from workstatus.classifier._estimators import RowStatusClassifier, status_index
from workstatus.classifier._vocab import FORM_INDICATORS, STATUSES
from workstatus.classifier.training._cv import Corpus, out_of_fold, repeated_group_splits, summarise
from workstatus.classifier.training._metrics import score


def row_factory(indicators, *, towards: dict | None = None, **params) -> Callable[[], RowStatusClassifier]:
    """A maker of fresh :class:`RowStatusClassifier` with the settings of a model ``config``.

    A ``threshold`` is dropped; ``signed`` (default True, as in
    :class:`~classifier.StatusModel`) bounds the indicator weights to the
    directions of ``towards`` (default: the catalogue's), so that
    cross-validation scores the model that is shipped.
    """
    params = {k: v for k, v in params.items() if k != "threshold"}
    if params.pop("signed", True):
        if towards is None:
            from workstatus.features import load_catalogue

            catalogue = load_catalogue()
            towards = {i: catalogue[i].towards for i in catalogue.ids}
        params["towards"] = {i: towards[i] for i in indicators if i in towards}
    return lambda: RowStatusClassifier(indicators=tuple(indicators), **params)


def reliability_bins(target, proba, bins=10) -> list[dict]:
    """Confidence of the most probable status against its share correct, in equal-width bins."""
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == target
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    return [{"bin": [float(edges[b]), float(edges[b + 1])], "n": int((which == b).sum()),
             "confidence": float(confidence[which == b].mean()), "accuracy": float(correct[which == b].mean())}
            for b in range(bins) if (which == b).any()]


def misclassified(corpus: Corpus, oof: np.ndarray, limit: int = 40) -> dict:
    """The cases whose mean out-of-fold prediction is wrong, the most confident errors first."""
    frame, y = corpus.frame, corpus.y
    mean = oof.mean(axis=0)
    pred = mean.argmax(axis=1)
    target = status_index(y)
    wrong = np.flatnonzero(pred != target)
    rows = []
    for i in sorted(wrong, key=lambda i: -mean[i, pred[i]])[:limit]:
        record = frame.iloc[i]
        rows.append({"id": record["id"], "lang": record["lang"], "jurisdiction": record["jurisdiction"],
                     "sector": record.get("sector"), "label": y[i], "predicted": STATUSES[pred[i]],
                     "p_predicted": round(float(mean[i, pred[i]]), 3), "p_label": round(float(mean[i, target[i]]), 3)})
    return {"n_wrong": int(len(wrong)), "n": int(len(target)), "cases": rows}


def learning_curve(corpus: Corpus, config: dict, *, fractions: tuple[float, ...], repeats: int) -> list[dict]:
    """Cross-validated figures of ``config`` trained on each share ``fractions`` of every training fold."""
    points = []
    n_train = len(corpus.y) * (corpus.folds - 1) / corpus.folds
    for fraction in fractions:
        oof = corpus.out_of_fold(row_factory(corpus.indicators, **config), repeats=repeats, train_fraction=fraction)
        summary = corpus.summarise(oof)
        points.append({"fraction": fraction, "n_train": int(round(n_train * fraction)),
                       "accuracy": summary["accuracy"], "macro_f1": summary["macro_f1"],
                       "binary_accuracy": summary["binary_accuracy"]})
    return points


def nested_estimate(corpus: Corpus, grid: tuple[dict, ...], base: dict) -> dict:
    """One repetition of nested CV: in each outer training set the setting is chosen by inner CV.

    Temperature does not change the most probable status, so the inner
    selection (by macro-F1) runs uncalibrated; the outer model is calibrated.
    """
    indicators, X, groups, folds, seed = corpus.indicators, corpus.X, corpus.groups, corpus.folds, corpus.seed
    y = np.asarray(corpus.y, dtype=object)
    target = status_index(y)
    oof = np.full((1, len(y), 3), np.nan)
    picks = []
    for _r, train, test in repeated_group_splits(y, groups, folds=folds, repeats=1, seed=seed + 1000):
        X_train, y_train, g_train = X.iloc[train], y[train], np.asarray(groups)[train]
        best_score, best_settings = -1.0, None
        for extra in grid:
            settings = base | extra
            inner = out_of_fold(row_factory(indicators, **(settings | {"calibrate": False})), X_train, y_train,
                                g_train, folds=folds, repeats=1, seed=seed)
            value = score(target[train], inner[0])["macro_f1"]
            if value > best_score:
                best_score, best_settings = value, settings
        picks.append({k: best_settings.get(k) for k in ("C", "interaction_scale", "class_weight", "text_scale")
                      if k in best_settings})
        model = row_factory(indicators, **best_settings)().fit(X_train, y_train, groups=g_train)
        oof[0, test] = model.predict_proba(X.iloc[test])
    return {"summary": summarise(oof, y), "picks": picks}


def load_gold(path=None) -> pd.DataFrame | None:
    """Hand-annotated indicator rows (``labelled_cases/annotations/gold.jsonl``), one row per id; None when absent."""
    from workstatus import labelled_cases

    path = Path(path) if path is not None else labelled_cases.CASES_DIR / "annotations" / "gold.jsonl"
    if not path.is_file():
        return None
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                row = {"id": item["id"], **{k: int(v) for k, v in (item.get("indicators") or {}).items()}}
                row |= {k: (np.nan if v is None else float(v)) for k, v in (item.get("numeric") or {}).items()}
                records.append(row)
    return pd.DataFrame(records)


def gold_comparison(corpus: Corpus, config: dict, gold: str | Path | None = None) -> dict:
    """The same cross-validation on the gold cases, with extracted and with hand-annotated indicators."""
    frame, X, y, groups, indicators = corpus.frame, corpus.X, corpus.y, corpus.groups, list(corpus.indicators)
    repeats, seed = corpus.repeats, corpus.seed
    annotated = load_gold(gold)
    if annotated is None or not len(annotated):
        return {"available": False, "reason": "labelled_cases/annotations/gold.jsonl not found or empty"}
    annotated = annotated.drop_duplicates("id").set_index("id")
    keep = frame["id"].isin(annotated.index).to_numpy()
    if keep.sum() < 10 or len(set(y[keep])) < 2:
        return {"available": False, "reason": f"only {int(keep.sum())} gold rows match real case ids"}
    X_gold = X[keep].reset_index(drop=True).copy()
    hand = annotated.loc[X_gold["id"]].reset_index(drop=True)
    for column in indicators:
        X_gold[column] = hand[column].fillna(0).astype(int) if column in hand else 0
    for column in NUMERIC_FACTS:
        if column in X_gold:
            X_gold[column] = hand[column] if column in hand else np.nan
    sub_y, sub_groups = y[keep], groups[keep]
    folds = min(corpus.folds, int(np.bincount(status_index(sub_y)).max()))
    make = row_factory(indicators, **config)
    extracted = out_of_fold(make, X[keep].reset_index(drop=True), sub_y, sub_groups, folds=folds, repeats=repeats, seed=seed)
    gold_oof = out_of_fold(make, X_gold, sub_y, sub_groups, folds=folds, repeats=repeats, seed=seed)
    agreement = float((X[keep].reset_index(drop=True)[indicators].to_numpy() == X_gold[indicators].to_numpy()).mean())
    return {"available": True, "n": int(keep.sum()), "folds": folds,
            "indicator_agreement": agreement,
            "extracted": summarise(extracted, sub_y), "hand_annotated": summarise(gold_oof, sub_y)}


def form_indicator_cases(model, corpus: Corpus, oof: np.ndarray) -> dict:
    """Chinese cases whose text carries a form indicator: what the model does with them.

    Returns a summary (how often the employee label is still found, how big
    the form indicators' SHAP is next to the other indicators') and one row per case.
    """
    frame, rows = corpus.frame, corpus.rows
    form = [f for f in FORM_INDICATORS if f in rows]
    flagged = (rows[form] > 0).any(axis=1) & (frame["lang"] == "zh")
    index = np.flatnonzero(flagged.to_numpy())
    if not len(index):
        return {"summary": {"n": 0}, "cases": []}
    mean = oof.mean(axis=0)
    subset = pd.concat([rows.iloc[index].reset_index(drop=True),
                        frame[["jurisdiction", "text"]].iloc[index].reset_index(drop=True)], axis=1)
    decisions = model.decide_rows(subset, explain=True)
    cases, form_abs, other_abs, wording_abs = [], [], [], []
    for i, decision in zip(index, decisions):
        shap_of = {c.indicator: round(c.shap, 3) for c in decision.contributions if c.indicator in form}
        form_abs += [abs(c.shap) for c in decision.contributions if c.indicator in form and c.value > 0]
        other_abs += [abs(c.shap) for c in decision.contributions
                      if c.indicator not in form and c.indicator not in ("jurisdiction", "wording")
                      and c.value not in (0, 0.0)]
        wording_abs += [abs(c.shap) for c in decision.contributions if c.indicator == "wording"]
        label = frame["label"].iloc[i]
        cases.append({
            "id": frame["id"].iloc[i], "label": label,
            "court_outcome": frame["court_outcome"].iloc[i] if "court_outcome" in frame else None,
            "form_present": [f for f in form if rows[f].iloc[i] > 0],
            "cv_predicted": STATUSES[int(mean[i].argmax())], "cv_p_label": round(float(mean[i, STATUSES.index(label)]), 3),
            "final_decided": decision.most_probable, "form_shap": shap_of,
            "explained_output": decision.explained_output,
        })
    employees = [c for c in cases if c["label"] == "employee"]
    summary = {
        "n": len(cases),
        "by_label": {s: sum(c["label"] == s for c in cases) for s in STATUSES},
        "employee_found_cv": sum(c["cv_predicted"] == "employee" for c in employees),
        "n_employee": len(employees),
        "cv_accuracy": float(np.mean([c["cv_predicted"] == c["label"] for c in cases])),
        "mean_abs_shap_form_stated": float(np.mean(form_abs)) if form_abs else None,
        "mean_abs_shap_other_nonzero": float(np.mean(other_abs)) if other_abs else None,
        "mean_abs_shap_wording": float(np.mean(wording_abs)) if wording_abs else None,
    }
    cases.sort(key=lambda c: (-len(c["form_present"]), "registered_business" not in c["form_present"], c["id"]))
    return {"summary": summary, "cases": cases}


def form_weights(model) -> dict:
    """The weight of each stated form indicator on the explained output of each status (linear models)."""
    estimator = model.estimator_
    names = list(estimator.design_.feature_names_out_)
    out = {}
    for status in STATUSES:
        w, _ = estimator.linear_output(status)
        out[status] = {f"{f}=stated": round(float(w[names.index(f"{f}=stated")]) * estimator.form_scale, 3)
                       for f in FORM_INDICATORS if f"{f}=stated" in names}
    return out


def wording_weights(model, cases: pd.DataFrame | None = None, top: int = 15) -> dict | None:
    """The n-grams whose weights push hardest towards each status, and the wording's share of the explanations.

    ``cases``: the training rows with their ``text``; the share is the mean over
    them of |SHAP of the wording| / Σ |SHAP| (final model, towards its decided
    status). None for a model without wording.
    """
    estimator = model.estimator_
    terms = estimator.design_.wording_terms()
    if not len(terms):
        return None
    columns = np.flatnonzero(estimator.design_.sources_ == "wording")
    out = {}
    for status in STATUSES:
        w, _ = estimator.linear_output(status)
        order = np.argsort(-w[columns])[:top]
        out[status] = [str(terms[j]) for j in order]
    result = {"n_terms": int(len(terms)), "top": out}
    if cases is not None and len(cases):
        shares = []
        for decision in model.decide_rows(cases, explain=True):
            total = sum(abs(c.shap) for c in decision.contributions)
            shares.append(sum(abs(c.shap) for c in decision.contributions if c.indicator == "wording") / total
                          if total else 0.0)
        result["share"] = {"mean": float(np.mean(shares)), "median": float(np.median(shares))}
    return result
