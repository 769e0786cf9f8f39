"""Training: cross-validated comparison, selection, calibration, abstention, the final model and its figures."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone

from workstatus.classifier._design import NUMERIC_FACTS
from workstatus.classifier._estimators import status_index
from workstatus.classifier._fit import DEFAULT_CONFIG, case_frame, case_groups, fit_status_model
from workstatus.classifier._persist import save_model
from workstatus.classifier._vocab import STATUSES, jurisdiction_family
from workstatus.classifier.training._analysis import (
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
from workstatus.classifier.training._baselines import MajorityBaseline, RuleBaseline, TextNgramBaseline
from workstatus.classifier.training._cv import Corpus
from workstatus.classifier.training._reader_rows import cross_fitted_rows, uses_reader
from workstatus.classifier.training._metrics import choose_threshold, coverage_curve, selective_accuracy
from workstatus.classifier.training._report import HYBRID_GRID, TARGETS, CrossValidation, TrainingOptions, TrainingReport

FORM_SHRUNK_SCALE = 0.3
SELECTION_TOLERANCE = 0.01
SELECTION_REASON = (f"highest cross-validated macro-F1 among the models that can ship, each as it would ship (China's "
                    "second stage by LEGAL.md 1b's rule where the rule is kept for it; ties within "
                    f"{SELECTION_TOLERANCE} go to the simpler linear model, whose SHAP values are exact in logit space)")
MIN_CASES = 6
#: the extractor ``train`` uses by default; with ``learned`` it runs the learned reader (``features/reader/``),
#: whose rows are then cross-fitted (``_reader_rows.py``)
DEFAULT_EXTRACTOR = {"learned": True}
GROUPING = "case id; same case_number; near-identical texts (char 5-gram Jaccard ≥ 0.8)"
SPREAD = "sd over the repetitions of the pooled out-of-fold predictions"


def extract_rows(extractor, texts: list[str]) -> pd.DataFrame:
    """Indicator rows of ``texts`` from a fitted extractor, as a DataFrame."""
    rows = extractor.transform(texts)
    if not isinstance(rows, pd.DataFrame):
        rows = pd.DataFrame(rows, columns=[str(c) for c in extractor.get_feature_names_out()])
    return rows.reset_index(drop=True)


def candidate_models(towards: dict) -> dict[str, dict]:
    """The compared models: three baselines and the model families (eligible to ship, each with its base ``config``)."""
    base = {k: v for k, v in DEFAULT_CONFIG.items() if k not in ("kind", "threshold")}
    return {
        "majority": {"make": MajorityBaseline, "eligible": False,
                     "description": "baseline: always the most frequent status"},
        "tfidf_char_lr": {"make": TextNgramBaseline, "eligible": False,
                          "description": "baseline: TF-IDF character 1–3-grams of the raw text → logistic regression"},
        "rule_count": {"make": lambda: RuleBaseline(towards), "eligible": False,
                       "description": "baseline: hand-set rule, (employment-leaning − independence-leaning) ≥ 3 → employee, ≤ −1 → independent"},
        "multinomial": {"eligible": True, "config": {"kind": "multinomial", **base},
                        "description": "multinomial logistic regression, shared + L2-penalised jurisdiction-family weights"},
        "two_stage": {"eligible": True, "config": {"kind": "two_stage", **base},
                      "description": "ordinal two-stage (continuation-ratio) logistic: employee vs not, then third category vs independent"},
        "hybrid": {"eligible": True, "config": {"kind": "multinomial", **(base | HYBRID_GRID[1])},
                   "description": "multinomial logistic regression on the indicator design plus the wording of the text "
                                  "(TF-IDF character 1–3-grams, names masked, digits folded)"},
    }


def no_cv_config(asked: dict | None, towards: dict | None = None) -> dict:
    """What ``train --no-cv`` fits: the shipped model's configuration, or a named family's base configuration.

    ``asked`` empty: exactly the shipped configuration (so anyone can refit the
    shipped model on their own cases in seconds). ``{"kind": name}`` with a
    family of :func:`candidate_models` (``multinomial``, ``two_stage``,
    ``hybrid``): that family's base configuration; other keys
    override.
    """
    from workstatus.classifier import read_manifest

    asked = dict(asked or {})
    name = asked.pop("kind", None)
    if name is None:
        try:
            base = dict(read_manifest()["config"])
        except (OSError, KeyError, ValueError):
            base = dict(DEFAULT_CONFIG)
        return base | asked
    families = {k: v for k, v in candidate_models(towards or {}).items() if v["eligible"]}
    if name not in families:
        raise ValueError(f"--kind {name!r} is not a model family; expected one of {', '.join(families)}")
    return DEFAULT_CONFIG | families[name]["config"] | asked


def train(cases: pd.DataFrame, options: TrainingOptions | None = None) -> TrainingReport:
    """Cross-validate the candidates on ``cases``, keep the best, fit it on all of them, write model and figures.

    Parameters
    ----------
    cases
        Labelled real case records, one row per case (``id``, ``text``,
        ``label``; ``lang``, ``jurisdiction``, ``case_number``, ``sector``,
        ``court_outcome`` when known), e.g. ``labelled_cases.load_cases(origin="real")``.
    options
        How to train (default :class:`TrainingOptions`).

    Returns
    -------
    TrainingReport
        The final model, its figures and the files written into ``options.out``
        (the model's files and ``manifest.json`` by :func:`classifier.save_model`,
        then ``metrics.json``); the model card is drawn from
        :meth:`TrainingReport.to_metrics` by ``reports.model_card.write_model_card``.
    """
    options = options or TrainingOptions()
    frame = case_frame(_checked(cases))
    towards, catalogue_version = _catalogue(options)
    extractor = options.extractor
    if extractor is None:
        from workstatus.features import IndicatorExtractor

        extractor = IndicatorExtractor(**DEFAULT_EXTRACTOR)
    groups = case_groups(frame)
    # the learned reader's rows are cross-fitted: no case is read by a reader fitted on its annotation
    rows = cross_fitted_rows(frame, groups, extractor, progress=options.progress) if uses_reader(extractor) else None
    corpus = cv = None
    if options.cv:
        corpus = _corpus(frame, groups, extractor, options, rows)
        cv = _cross_validate(corpus, towards, options)
        config = cv.selected["config"]
    else:
        config = no_cv_config(options.config, towards)
    options.progress(f"fitting the final {config['kind']} model on all {len(frame)} cases")
    given = frame if rows is None else pd.concat([frame, rows], axis=1)
    model = fit_status_model(given, config, extractor=extractor)
    report = TrainingReport(model=model, n_cases=int(len(frame)), n_groups=int(len(set(groups))),
                            n_indicators=len(towards), counts=_counts(frame), catalogue_version=catalogue_version,
                            targets=TARGETS, selected_config=config, cv=cv)
    if cv is not None:
        report = dataclasses.replace(
            report, form_cases=form_indicator_cases(model, corpus, cv.oof), form_weights=form_weights(model),
            wording_weights=wording_weights(model, corpus.X.drop(columns=["id", "lang"])))
    if options.out is not None:
        report = _write(report, Path(options.out), options)
    return report


def _checked(cases: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(cases, pd.DataFrame):
        raise TypeError(f"cases: expected a DataFrame of case records (labelled_cases.load_cases), "
                        f"got {type(cases).__name__}")
    missing = [c for c in ("id", "text", "label") if c not in cases]
    if missing:
        raise ValueError(f"cases lack the column(s) {', '.join(missing)}; expected case records with id, text, label")
    if "origin" in cases and (cases["origin"] != "real").any():
        raise ValueError(f"{int((cases['origin'] != 'real').sum())} of the cases are not real; the model is trained "
                         "and scored on real cases only (labelled_cases.load_cases(origin='real'))")
    if len(cases) < MIN_CASES:
        raise ValueError(f"found {len(cases)} labelled real cases; training needs at least {MIN_CASES} "
                         "(add cases to labelled_cases/real/)")
    status_index(cases["label"].tolist())
    return cases


def _catalogue(options: TrainingOptions) -> tuple[dict, str]:
    towards, version = options.towards, options.catalogue_version
    if towards is None or version is None:
        from workstatus.features import load_catalogue

        catalogue = load_catalogue()
        towards = towards or {i: catalogue[i].towards for i in catalogue.ids}
        version = version or str(catalogue.version)
    return dict(towards), version


def _corpus(frame: pd.DataFrame, groups: np.ndarray, extractor, options: TrainingOptions,
            rows: pd.DataFrame | None = None) -> Corpus:
    """The indicators once, for every fold of every model: the cross-fitted ``rows`` when the extractor
    runs the learned reader, else extracted here (the cues learn nothing)."""
    if rows is None:
        options.progress(f"extracting indicators from {len(frame)} cases")
        texts = frame["text"].tolist()
        rows = extract_rows(clone(extractor).fit(texts), texts)
    X = pd.concat([frame[["id", "text", "lang", "jurisdiction"]], rows], axis=1)
    return Corpus(frame=frame, rows=rows, X=X, y=frame["label"].to_numpy(dtype=object), groups=groups,
                  indicators=tuple(c for c in rows.columns if c not in NUMERIC_FACTS),
                  folds=options.folds, repeats=options.repeats, seed=options.seed)


def _cross_validate(corpus: Corpus, towards: dict, options: TrainingOptions) -> CrossValidation:
    """Compare the candidates, keep one, settle its form scale and threshold, and measure it every way the card shows."""
    progress = options.progress
    grids = {"multinomial": options.linear_grid, "two_stage": options.linear_grid, "hybrid": options.hybrid_grid}
    candidates = {name: spec for name, spec in candidate_models(towards).items()
                  if not spec["eligible"] or name in options.families}
    comparison, tuning, tuned, oofs = _compare(corpus, candidates, grids, progress)
    best = _simplest_best(_as_shipped(corpus, tuned, oofs, progress), list(tuned))
    config = dict(tuned[best])
    form_shrinkage, chosen_oof = _shrink_form(corpus, best, config, comparison[best]["overall"], oofs[best], progress)
    if form_shrinkage["kept"]:
        config["form_scale"] = FORM_SHRUNK_SCALE
    china_split, chosen_oof = _split_china(corpus, best, config, chosen_oof, progress)
    config["cn_split"] = "rule" if china_split["kept"] else "learned"
    progress(f"cross-validating {best} without jurisdiction families (ablation)")
    pooled_oof = corpus.out_of_fold(row_factory(corpus.indicators, **(config | {"min_family_cases": 10**9})))
    ablation = {"with_families": corpus.summarise(chosen_oof), "pooled_only": corpus.summarise(pooled_oof)}
    pooled_proba = chosen_oof.reshape(-1, 3)
    pooled_target = np.tile(status_index(corpus.y), chosen_oof.shape[0])
    curve = coverage_curve(pooled_target, pooled_proba)
    pick = choose_threshold(curve)
    config["threshold"] = pick["threshold"]
    nested = None
    if best in tuning:
        progress(f"nested cross-validation of the {best} settings (selection-corrected estimate)")
        nested = nested_estimate(corpus, grids[best], tuned[best] | {"form_scale": config["form_scale"]})
    progress("learning curve")
    curve_points = learning_curve(corpus, config, fractions=options.learning_fractions, repeats=min(corpus.repeats, 3))
    progress("gold annotations")
    gold = gold_comparison(corpus, config, options.gold)
    return CrossValidation(
        settings={"folds": corpus.folds, "repeats": corpus.repeats, "seed": corpus.seed,
                  "grouping": GROUPING, "spread": SPREAD},
        tuning=tuning, comparison=comparison, form_shrinkage=form_shrinkage, china_split=china_split,
        jurisdiction_ablation=ablation,
        coverage_accuracy={"curve": curve, "chosen": pick,
                           "selective": selective_accuracy(pooled_target, pooled_proba)},
        selected={"name": best, "reason": SELECTION_REASON, "config": config},
        chosen=_chosen_figures(corpus, chosen_oof, config["threshold"]),
        reliability=reliability_bins(pooled_target, pooled_proba),
        errors=misclassified(corpus, chosen_oof),
        out_of_fold=_mean_probabilities(corpus, chosen_oof),
        nested=nested, learning_curve=curve_points, gold=gold, oof=chosen_oof,
    )


def _compare(corpus: Corpus, candidates: dict, grids: dict, progress) -> tuple[dict, dict, dict, dict]:
    """Cross-validate every candidate at every setting of its grid; each is shown at its best setting.

    Returns the comparison (model → figures), the tuning (family → every
    setting with its macro-F1, for families tried at several), the best
    setting of each eligible family, and each model's out-of-fold probabilities.
    """
    comparison, tuning, tuned, oofs = {}, {}, {}, {}
    for name, spec in candidates.items():
        runs = []
        for extra in grids.get(name, ({},)):
            progress(f"cross-validating {name} {extra or ''}".rstrip())
            settings = spec.get("config", {}) | extra
            make = row_factory(corpus.indicators, **settings) if spec["eligible"] else spec["make"]
            oof = corpus.out_of_fold(make)
            runs.append((corpus.summarise(oof)["macro_f1"]["mean"], settings, oof))
        _macro_f1, settings, oof = max(runs, key=lambda run: run[0])
        if spec["eligible"]:
            tuned[name] = settings
        if len(runs) > 1:
            tuning[name] = [{"config": cfg, "macro_f1": value} for value, cfg, _ in runs]
        oofs[name] = oof
        comparison[name] = _describe(corpus, spec, oof) | ({"config": settings} if spec["eligible"] else {})
    return comparison, tuning, tuned, oofs


def _as_shipped(corpus: Corpus, tuned: dict, oofs: dict, progress) -> dict:
    """Each eligible family's overall figures in the form it would ship: China's non-employee cases split by
    LEGAL.md 1b's rule where :func:`_split_china` would keep the rule for it, else as learned. The families are
    compared so, not as a form none of them ships in."""
    shipped = {}
    for name, config in tuned.items():
        figures, _ = _split_china(corpus, name, dict(config), oofs[name], progress)
        shipped[name] = {"overall": figures["overall"]["rule" if figures["kept"] else "learned"]}
    return shipped


def _simplest_best(comparison: dict, eligible: list[str]) -> str:
    """``eligible`` runs from the simplest model; the first within tolerance of the best macro-F1."""
    top = max(comparison[n]["overall"]["macro_f1"]["mean"] for n in eligible)
    return next(n for n in eligible if comparison[n]["overall"]["macro_f1"]["mean"] >= top - SELECTION_TOLERANCE)


def _shrink_form(corpus: Corpus, best: str, config: dict, unshrunk: dict, unshrunk_oof: np.ndarray,
                 progress) -> tuple[dict, np.ndarray]:
    """The kept family with the form indicators shrunk, kept when not worse beyond the tolerance (courts look
    through form); returns the figures and the out-of-fold probabilities of the version kept."""
    progress(f"cross-validating {best} with form indicators shrunk (scale {FORM_SHRUNK_SCALE})")
    shrunk_oof = corpus.out_of_fold(row_factory(corpus.indicators, **(config | {"form_scale": FORM_SHRUNK_SCALE})))
    shrunk = corpus.summarise(shrunk_oof)
    keep = bool(shrunk["macro_f1"]["mean"] >= unshrunk["macro_f1"]["mean"] - SELECTION_TOLERANCE)
    figures = {"form_scale": FORM_SHRUNK_SCALE, "unshrunk": unshrunk, "shrunk": shrunk, "kept": keep}
    return figures, (shrunk_oof if keep else unshrunk_oof)


def _split_china(corpus: Corpus, best: str, config: dict, learned_oof: np.ndarray, progress) -> tuple[dict, np.ndarray]:
    """The kept family with China's non-employee cases split by LEGAL.md 1b's rule (``classifier._china``), kept when
    its Chinese three-way macro-F1 is at least the learned split's; returns the figures and the kept version's
    out-of-fold probabilities."""
    from workstatus.classifier._china import BASIS, FAMILY

    progress(f"cross-validating {best} with China's second stage by LEGAL.md 1b's rule")
    rule_oof = corpus.out_of_fold(row_factory(corpus.indicators, **(config | {"cn_split": "rule"})))
    family = np.array([jurisdiction_family(j) == FAMILY for j in corpus.frame["jurisdiction"]])
    learned, rule = corpus.summarise(learned_oof, mask=family), corpus.summarise(rule_oof, mask=family)
    keep = bool(rule["macro_f1"]["mean"] >= learned["macro_f1"]["mean"])
    figures = {"basis": BASIS, "n_cases": int(family.sum()), "learned": learned, "rule": rule,
               "overall": {"learned": corpus.summarise(learned_oof), "rule": corpus.summarise(rule_oof)},
               "kept": keep}
    return figures, (rule_oof if keep else learned_oof)


def _describe(corpus: Corpus, spec: dict, oof: np.ndarray) -> dict:
    langs = corpus.frame["lang"]
    return {"description": spec["description"], "eligible": spec["eligible"],
            "overall": corpus.summarise(oof),
            "by_language": {lang: corpus.summarise(oof, mask=(langs == lang).to_numpy())
                            for lang in sorted(langs.unique())}}


def _chosen_figures(corpus: Corpus, oof: np.ndarray, threshold: float) -> dict:
    frame = corpus.frame
    masks = {
        "by_language": frame["lang"],
        "by_status": frame["label"],
        "by_sector": frame["sector"].fillna("(none)") if "sector" in frame else pd.Series(["(none)"] * len(frame)),
        "by_family": pd.Series([jurisdiction_family(j) for j in frame["jurisdiction"]]),
    }
    chosen = {"overall": corpus.summarise(oof, threshold=threshold)}
    for key, values in masks.items():
        chosen[key] = {str(v): corpus.summarise(oof, mask=(values == v).to_numpy(), threshold=threshold)
                       for v in sorted(values.unique())}
    return chosen


def _mean_probabilities(corpus: Corpus, oof: np.ndarray) -> list[dict]:
    frame, y = corpus.frame, corpus.y
    mean = oof.mean(axis=0)
    return [
        {"id": frame["id"].iloc[i], "lang": frame["lang"].iloc[i], "jurisdiction": frame["jurisdiction"].iloc[i],
         "label": y[i], "probabilities": {s: round(float(p), 4) for s, p in zip(STATUSES, mean[i])}}
        for i in range(len(frame))
    ]


def _write(report: TrainingReport, out: Path, options: TrainingOptions) -> TrainingReport:
    """Save the model and its manifest, then ``metrics.json`` (which names the saved model)."""
    overall = report.cv.chosen["overall"] if report.cv is not None else {}
    headline = {k: overall.get(k) for k in ("accuracy", "macro_f1", "binary_accuracy", "brier", "ece")}
    manifest = save_model(report.model, out, metrics=headline, config=report.selected_config,
                          catalogue_version=report.catalogue_version, n_cases=report.n_cases, today=options.today)
    report = dataclasses.replace(report, manifest={k: manifest[k] for k in ("sha256", "version", "date")})
    metrics = out / "metrics.json"
    metrics.write_text(json.dumps(report.to_metrics(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    model_files = manifest["files"] if "files" in manifest else [manifest["file"]]
    return dataclasses.replace(report, written=(*(out / name for name in model_files), out / "manifest.json", metrics))


def _counts(frame: pd.DataFrame) -> dict:
    table = pd.crosstab(frame["lang"].fillna("?"), frame["label"].fillna("?"))
    return {lang: {s: int(table.loc[lang].get(s, 0)) for s in STATUSES} for lang in table.index}
