"""How far can better facts take the status? The shipped settings on extracted and on hand-annotated indicators.

    python3 benchmarks/fact_ceiling.py [--repeats N] [--hand-only] [--oof-out FILE]

Every real case is annotated by hand once (``labelled_cases/annotations``:
gold, dev, frozen and train together cover the corpus). This runs the same
grouped, stratified cross-validation of the shipped model's settings on the
same folds three times: on the indicators the cues find, on those the cues
and the learned reader find (cross-fitted, as training reads them: no case is
read by a reader fitted on its own annotation), and on the annotators' values
for the same cases, and prints the TF-IDF baseline of the same run beside them. The hand-annotated row is a ceiling for any extractor,
learned or not, under this model and these labels: a perfect reader of the
case texts reaches it, and no more. The last table gives the 3-way accuracy
per legal-test family beside the family's majority share, which shows where
the facts the summaries state do not carry the label. Nothing is tuned here.

``--oof-out FILE`` writes the hand-fact row's out-of-fold predictions, one
JSON line per case (id, lang, family, label, the status each repetition
predicted, the mean probabilities and their argmax), for reading the misses
case by case; it holds no text and no annotation. ``--hand-only`` runs the
hand-fact row alone (the same folds), for when only that row is wanted.

A value that is not a number in an annotation's ``numeric`` (one frozen
record has a note there) is read as unknown, as the extractor's own NaN.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SETS = ("gold", "dev", "frozen", "train")


def hand_rows(X, indicators, numeric):
    """``X`` with its indicator and numeric columns replaced by the hand annotations (one per case)."""
    annotated = {}
    for name in SETS:
        with (ROOT / "labelled_cases" / "annotations" / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    annotated[record["id"]] = record
    missing = [i for i in X["id"] if i not in annotated]
    if missing:
        raise SystemExit(f"{len(missing)} real cases have no annotation (e.g. {missing[0]}); "
                         f"expected every case in one of {', '.join(SETS)}")
    out = X.copy()
    for column in indicators:
        out[column] = [int(annotated[i]["indicators"].get(column, 0)) for i in X["id"]]
    for column in numeric:
        if column in out:
            values = [annotated[i]["numeric"].get(column) for i in X["id"]]
            out[column] = [float(v) if isinstance(v, (int, float)) else np.nan for v in values]
    return out


def write_oof(path, frame, family, y, oof) -> int:
    """Write one JSON line per case of the out-of-fold probabilities ``oof`` (repeats × n × 3); return the misses."""
    from workstatus.classifier import STATUSES

    mean = oof.mean(axis=0)
    misses = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for i, case_id in enumerate(frame["id"]):
            predicted = STATUSES[int(np.argmax(mean[i]))]
            misses += predicted != y[i]
            handle.write(json.dumps({
                "id": case_id, "lang": frame["lang"].iloc[i], "family": family[i], "label": y[i],
                "predicted": predicted, "per_repeat": [STATUSES[int(np.argmax(p))] for p in oof[:, i]],
                "proba": dict(zip(STATUSES, np.round(mean[i], 3).tolist())),
            }, ensure_ascii=False) + "\n")
    return misses


def main() -> None:
    import pandas as pd
    from sklearn.base import clone

    from workstatus import classifier, labelled_cases
    from workstatus.classifier import jurisdiction_family
    from workstatus.classifier.training import (
        TextNgramBaseline, case_frame, case_groups, extract_rows, out_of_fold, row_factory, summarise,
    )
    from workstatus.classifier.training._reader_rows import cross_fitted_rows
    from workstatus.features import NUMERIC_FACTS, IndicatorExtractor

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--hand-only", action="store_true", help="run the hand-fact row alone")
    parser.add_argument("--oof-out", metavar="FILE", help="write the hand-fact row's per-case out-of-fold predictions")
    args = parser.parse_args()
    frame = case_frame(labelled_cases.load_cases(origin="real"))
    y = frame["label"].to_numpy(dtype=object)
    groups = case_groups(frame)
    extractor = clone(IndicatorExtractor()).fit(frame["text"].tolist())
    rows = extract_rows(extractor, frame["text"].tolist())
    indicators = [c for c in rows.columns if c not in NUMERIC_FACTS]
    extracted = pd.concat([frame[["id", "text", "lang", "jurisdiction"]], rows], axis=1)
    hand = hand_rows(extracted, indicators, NUMERIC_FACTS)
    agreement = (extracted[indicators].to_numpy() == hand[indicators].to_numpy()).mean()
    config = classifier.read_manifest()["config"]
    lang = frame["lang"].to_numpy()
    if args.hand_only:
        learned, agree_learned = None, float("nan")
    else:
        learned_rows = cross_fitted_rows(frame, groups, IndicatorExtractor(learned=True))
        learned = pd.concat([frame[["id", "text", "lang", "jurisdiction"]], learned_rows[rows.columns]], axis=1)
        agree_learned = (learned[indicators].to_numpy() == hand[indicators].to_numpy()).mean()
    print(f"{len(frame)} real cases, {args.repeats}×5-fold grouped CV, the same folds for every row; indicator "
          f"cells that agree with the hand annotation: cues {agreement:.3f}, cues + reader {agree_learned:.3f}\n")
    header = f"{'model':<26}{'indicators':<16}{'binary':>8}{'macro-F1':>10}{'zh F1':>8}{'en F1':>8}{'ECE':>7}{'s':>6}"
    print(header)
    print("-" * len(header))
    family = np.array([jurisdiction_family(j) for j in frame["jurisdiction"]])
    families = [f for f, _ in Counter(family).most_common()]
    by_family = {}

    def show(name, source, make, X):
        start = time.perf_counter()
        oof = out_of_fold(make, X, y, groups, folds=5, repeats=args.repeats)
        every, zh, en = summarise(oof, y), summarise(oof, y, mask=lang == "zh"), summarise(oof, y, mask=lang == "en")
        print(f"{name:<26}{source:<16}{every['binary_accuracy']['mean']:>8.3f}{every['macro_f1']['mean']:>10.3f}"
              f"{zh['macro_f1']['mean']:>8.3f}{en['macro_f1']['mean']:>8.3f}{every['ece']['mean']:>7.3f}"
              f"{time.perf_counter() - start:>6.0f}")
        row = name if source == "(none)" else f"indicators: {source}"
        by_family[row] = {f: summarise(oof, y, mask=family == f)["accuracy"]["mean"] for f in families}
        return oof

    sources = (("hand", hand),) if args.hand_only else (("cues", extracted), ("cues + reader", learned), ("hand", hand))
    if not args.hand_only:
        show("TF-IDF baseline", "(none)", TextNgramBaseline, extracted)
    for source, X in sources:
        oof = show("shipped settings", source, row_factory(indicators, **config), X)
    if args.oof_out:
        misses = write_oof(args.oof_out, frame, family, y, oof)
        print(f"\nhand-fact out-of-fold predictions written to {args.oof_out}: {misses} of {len(y)} cases "
              f"misclassified by the mean over repetitions")

    # Where the ceiling is low: 3-way accuracy per legal-test family, beside the family's own majority share.
    print(f"\n3-way accuracy by legal-test family (same folds){'':<4}" + "".join(f"{f:>14}" for f in families))
    print(f"{'cases':<48}" + "".join(f"{(family == f).sum():>14}" for f in families))
    majority = {f: max(Counter(y[family == f]).values()) / (family == f).sum() for f in families}
    print(f"{'majority status of the family':<48}" + "".join(f"{majority[f]:>14.3f}" for f in families))
    for row, scores in by_family.items():
        print(f"{row:<48}" + "".join(f"{scores[f]:>14.3f}" for f in families))


if __name__ == "__main__":
    main()
