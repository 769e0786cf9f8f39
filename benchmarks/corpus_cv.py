"""Held-out quality of the shipped model's settings on one or more corpora, side by side.

Run: ``python3 benchmarks/corpus_cv.py [--cases DIR ...] [--repeats N]``.

Each corpus (default: ``labelled_cases/real``) is scored by repeated,
stratified, grouped 5-fold cross-validation (no case on both sides of a
split) with the shipped model's configuration, beside the TF-IDF character
n-gram baseline measured on the same folds in the same run. It prints macro-F1
and binary accuracy overall, per language, per status, per jurisdiction family
and on the binary target, and the confusion matrix.

Pass the corpus as it was before a change and as it is after (e.g.
``--cases /tmp/old_real labelled_cases/real``) to see what the change did to
the figures: the dataset card reports that difference.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


def score_corpus(path: Path | None, *, repeats: int, seed: int = 0) -> dict:
    import pandas as pd
    from sklearn.base import clone

    from workstatus import classifier
    from workstatus import labelled_cases
    from workstatus.classifier._design import NUMERIC_FACTS
    from workstatus.classifier._vocab import STATUSES
    from workstatus.classifier.training import (
        TextNgramBaseline,
        case_frame,
        case_groups,
        extract_rows,
        out_of_fold,
        row_factory,
    )

    frame = case_frame(labelled_cases.load_cases(path, origin="real"))
    manifest = json.loads((Path(classifier.__file__).parent / "model" / "manifest.json").read_text())
    config = manifest["config"]
    y = frame["label"].to_numpy(dtype=object)
    groups = case_groups(frame)
    # the rows the shipped model reads: the cues and, when it reads with it, the learned reader, cross-fitted as
    # training reads them (no case read by a reader fitted on its own annotation)
    extractor = classifier.load_model().extractor_
    if getattr(extractor, "learned", False):
        from workstatus.classifier.training._reader_rows import cross_fitted_rows

        rows = cross_fitted_rows(frame, groups, extractor)
    else:
        rows = extract_rows(clone(extractor).fit(frame["text"].tolist()), frame["text"].tolist())
    indicators = [c for c in rows.columns if c not in NUMERIC_FACTS]
    X = pd.concat([frame[["id", "text", "lang", "jurisdiction"]], rows], axis=1)
    models = {"shipped settings": row_factory(indicators, **config), "tf-idf baseline": TextNgramBaseline}
    out = {"path": str(path or "labelled_cases/real"), "n": len(frame), "models": {}}
    for name, make in models.items():
        oof = out_of_fold(make, X, y, groups, folds=5, repeats=repeats, seed=seed)
        out["models"][name] = subset_scores(oof, y, frame)
    out["statuses"] = list(STATUSES)
    return out


def subset_scores(oof: np.ndarray, y, frame) -> dict:
    """``summarise`` of out-of-fold probabilities on all cases, per language and per legal-test family of ``frame``."""
    from workstatus.classifier._vocab import jurisdiction_family
    from workstatus.classifier.training import summarise

    families = frame["jurisdiction"].map(jurisdiction_family).to_numpy()
    parts = {"all": summarise(oof, y)}
    for lang in sorted(set(frame["lang"])):
        parts[f"lang={lang}"] = summarise(oof, y, mask=(frame["lang"] == lang).to_numpy())
    for family in sorted(set(families)):
        parts[f"family={family}"] = summarise(oof, y, mask=families == family)
    return parts


def _fmt(summary: dict, key: str) -> str:
    value = summary.get(key)
    return f"{value['mean']:.3f}±{value['sd']:.3f}" if value else "  –  "


def print_scores(name: str, parts: dict, statuses) -> None:
    """One model's :func:`subset_scores` as a table, then its per-status F1 and confusion matrix."""
    print(f"\n  {name}")
    print(f"  {'subset':<24}{'n':>5}  {'macro-F1':>12}  {'binary acc.':>12}  {'accuracy':>12}  {'ECE':>12}")
    for subset, summary in parts.items():
        print(f"  {subset:<24}{summary['n']:>5}  {_fmt(summary, 'macro_f1'):>12}  "
              f"{_fmt(summary, 'binary_accuracy'):>12}  {_fmt(summary, 'accuracy'):>12}  {_fmt(summary, 'ece'):>12}")
    overall = parts["all"]
    print("  per status F1: " + ", ".join(f"{s} {v['f1']:.3f}" for s, v in overall["per_class"].items()))
    print("  confusion (rows = label, columns = predicted; " + ", ".join(statuses) + "):")
    for status, row in zip(statuses, np.asarray(overall["confusion"])):
        print(f"    {status:<16}" + "".join(f"{v:>8.1f}" for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, nargs="*", default=[None])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = [score_corpus(p, repeats=args.repeats) for p in args.cases]
    for result in results:
        print(f"\n== {result['path']}: {result['n']} real cases, {args.repeats}×5-fold grouped CV")
        for name, parts in result["models"].items():
            print_scores(name, parts, result["statuses"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
