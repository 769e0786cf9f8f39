"""Fit the learned indicator reader from the annotation files, after choosing its thresholds by grouped CV.

    python3 benchmarks/fit_reader.py            # CV, choose the thresholds, refit features/reader/ (deterministic)
    python3 benchmarks/fit_reader.py --grid     # CV of the C values of GRID only (prints, writes nothing)

The pool is ``gold.jsonl``, ``dev.jsonl`` and ``train.jsonl`` of
``labelled_cases/annotations/`` (never ``frozen.jsonl``: that set is scored
once, by ``extraction_quality.py --frozen --learned``). Cases are grouped as
the status model groups them (``classifier.case_groups``: same case number,
near-identical texts), so no group sits on both sides of a split.

The cues were written from the errors of ``gold.jsonl`` and ``dev.jsonl``, so
on those cases they are near their annotation and say little about new texts;
``train.jsonl`` was annotated after the last cue was written. The CV figure
that chooses the settings is therefore the one on the ``train.jsonl`` cases
(out of fold), printed beside the figure on the whole pool. Each indicator's
threshold is the one of :data:`THRESHOLDS` whose out-of-fold rows give the
best F1 on those cases, or none (the cues alone) when no threshold beats the
cues; the figure printed as "nested" chooses them on the other folds only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workstatus.features import IndicatorExtractor, load_catalogue  # noqa: E402
from workstatus.features._learned import READER_DIR, LearnedReader, apply_reader, save_reader  # noqa: E402

ANNOTATIONS = ROOT / "labelled_cases" / "annotations"
POOL = ("gold.jsonl", "dev.jsonl", "train.jsonl")
#: the cases whose cells choose the settings: annotated after every cue was written
HONEST = "train.jsonl"
#: the model's settings; C compared by ``--grid`` (C = 3, 10, 30 gave 0.565 / 0.567 / 0.568 on train.jsonl at threshold 0.5)
SETTINGS = {"C": 10.0, "threshold": 0.5, "min_cases": 8, "min_df": 2}
GRID = [{"C": c} for c in (3.0, 10.0, 30.0)]
#: the thresholds tried per indicator; an indicator the reader improves at none of them is left to the cues
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)
OFF = math.inf


def read_pool(names=POOL, folder: Path = ANNOTATIONS) -> list[dict]:
    """The annotated cases of the pool, each with the name of its file."""
    records = []
    for name in names:
        path = folder / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line) | {"_file": name})
    return records


def fit(records: list[dict], settings: dict, ids) -> LearnedReader:
    values = np.array([[int(r["indicators"].get(i, 0)) for i in ids] for r in records], dtype=int)
    return LearnedReader(**settings).fit([r["text"] for r in records], values, ids)


def groups_of(records: list[dict]) -> np.ndarray:
    import pandas as pd

    from workstatus.classifier import case_groups
    from workstatus.labelled_cases import load_cases

    cases = load_cases(origin="real")
    numbers = cases.set_index("id")["case_number"].to_dict() if "case_number" in cases else {}
    frame = pd.DataFrame({"id": [r["id"] for r in records], "text": [r["text"] for r in records],
                          "case_number": [numbers.get(r["id"]) for r in records]})
    return case_groups(frame)


def group_folds(groups: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold of each case: groups shuffled by ``seed``, dealt round-robin into ``k`` folds."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {g: int(order[j]) % k for j, g in enumerate(unique)}
    return np.array([fold_of[g] for g in groups])


def cross_validate(records, settings_list, ids, *, folds=5, seed=0, progress=print):
    """Out-of-fold rows of cues alone, and of cues + learned for each setting and each of :data:`THRESHOLDS`.

    Returns ``(fold, cue_rows, {(setting index, threshold): rows})``; the cue rows are extracted once.
    """
    cue = IndicatorExtractor().fit()
    extractions = [cue.extract(r["text"], lang=r.get("lang")) for r in records]
    cue_rows = np.array([[x.row[i] for i in ids] for x in extractions], dtype=int)
    fold = group_folds(groups_of(records), folds, seed)
    out = {(s, t): cue_rows.copy() for s in range(len(settings_list)) for t in THRESHOLDS}
    for f in range(folds):
        train = [r for r, g in zip(records, fold) if g != f]
        test = np.where(fold == f)[0]
        for s, settings in enumerate(settings_list):
            started = time.perf_counter()
            reader = fit(train, settings, ids)
            for t in THRESHOLDS:
                reader.threshold = t
                for i in test:
                    row = apply_reader(extractions[i], reader, cue.lexicons_).row
                    out[(s, t)][i] = [row[k] for k in ids]
            progress(f"fold {f + 1}/{folds} {settings} {time.perf_counter() - started:.1f}s")
    return fold, cue_rows, out


def choose_thresholds(rows: dict, cue_rows: np.ndarray, gold: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per indicator, the threshold whose out-of-fold rows give the best F1 on ``mask`` (ties: the higher
    threshold), or :data:`OFF` when none beats the cues alone."""
    chosen = np.full(gold.shape[1], OFF)
    for k in range(gold.shape[1]):
        best = prf(*counts(cue_rows[mask, k], gold[mask, k]))[2]
        for t in sorted(rows, reverse=True):
            f1 = prf(*counts(rows[t][mask, k], gold[mask, k]))[2]
            if f1 > best + 1e-9:
                best, chosen[k] = f1, t
    return chosen


def rows_at(thresholds: np.ndarray, rows: dict, cue_rows: np.ndarray) -> np.ndarray:
    """The out-of-fold rows with each indicator read at its own threshold."""
    out = cue_rows.copy()
    for k, t in enumerate(thresholds):
        if t != OFF:
            out[:, k] = rows[t][:, k]
    return out


def nested_rows(fold: np.ndarray, rows: dict, cue_rows: np.ndarray, gold: np.ndarray, honest: np.ndarray) -> np.ndarray:
    """Each fold's rows at thresholds chosen on the other folds' honest cases (a selection-corrected figure)."""
    out = cue_rows.copy()
    for f in np.unique(fold):
        picked = choose_thresholds(rows, cue_rows, gold, honest & (fold != f))
        here = fold == f
        out[here] = rows_at(picked, rows, cue_rows)[here]
    return out


def counts(pred: np.ndarray, gold: np.ndarray) -> tuple[int, int, int]:
    tp = int(((pred == gold) & (gold != 0)).sum())
    fp = int(((pred != gold) & (pred != 0)).sum())
    fn = int(((pred != gold) & (gold != 0)).sum())
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, pred: np.ndarray, gold: np.ndarray, masks: dict) -> str:
    cells = []
    for label, mask in masks.items():
        p, r, f = prf(*counts(pred[mask], gold[mask]))
        cells.append(f"{label} P {p:.2f} R {r:.2f} F1 {f:.3f}")
    return f"{name:34s} " + " | ".join(cells)


def per_indicator(pred: np.ndarray, cue: np.ndarray, gold: np.ndarray, ids, top: int = 10) -> list[str]:
    support = (gold != 0).sum(axis=0)
    lines = [f"{'indicator':28s} {'n':>4s} {'cues F1':>8s} {'+learned F1':>12s}"]
    for k in np.argsort(-support, kind="stable")[:top]:
        lines.append(f"{ids[k]:28s} {support[k]:4d} {prf(*counts(cue[:, k], gold[:, k]))[2]:8.3f} "
                     f"{prf(*counts(pred[:, k], gold[:, k]))[2]:12.3f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="compare the C values of GRID (prints, fits nothing)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=READER_DIR, help="folder of the fitted reader")
    args = parser.parse_args()
    ids = load_catalogue().ids
    records = read_pool()
    if not records:
        parser.error(f"no annotation files {', '.join(POOL)} in {ANNOTATIONS}")
    settings_list = [SETTINGS | g for g in GRID] if args.grid else [SETTINGS]
    gold = np.array([[int(r["indicators"].get(i, 0)) for i in ids] for r in records], dtype=int)
    langs = np.array([r.get("lang") for r in records])
    honest = np.array([r["_file"] == HONEST for r in records])
    fold, cue, rows = cross_validate(records, settings_list, ids, folds=args.folds, seed=args.seed,
                                     progress=lambda m: print("…", m, file=sys.stderr))
    masks = {f"{HONEST} ({honest.sum()})": honest, "en": honest & (langs == "en"), "zh": honest & (langs == "zh"),
             f"whole pool ({len(records)})": np.ones(len(records), bool)}
    print(f"{args.folds}-fold grouped CV on {len(records)} annotated cases (seed {args.seed}); figures on the "
          f"{HONEST} cases are out of fold and the only ones the cues were not written from")
    print(report("cues alone", cue, gold, masks))
    for s, settings in enumerate(settings_list):
        for t in THRESHOLDS:
            print(report(f"+ learned C={settings['C']:g} t={t} (all ids)", rows[(s, t)], gold, masks))
        by_t = {t: rows[(s, t)] for t in THRESHOLDS}
        nested = nested_rows(fold, by_t, cue, gold, honest)
        print(report(f"+ learned C={settings['C']:g} per-id t (nested)", nested, gold, masks))
    if args.grid:
        return
    by_t = {t: rows[(0, t)] for t in THRESHOLDS}
    thresholds = choose_thresholds(by_t, cue, gold, honest)
    chosen = rows_at(thresholds, by_t, cue)
    nested = nested_rows(fold, by_t, cue, gold, honest)
    print(f"\nper indicator (the 10 commonest on {HONEST}; out of fold, thresholds chosen on these cells):")
    for line in per_indicator(chosen[honest], cue[honest], gold[honest], ids):
        print("  " + line)
    reader = fit(records, SETTINGS, ids)
    reader.thresholds_ = thresholds
    # a model that never sets a value (too few cases, or an indicator left to the cues) ships as zeros
    used = reader.active_ & np.repeat(np.isfinite(thresholds), 2)
    reader.coef_ = np.where(used[:, None], reader.coef_, 0.0)
    files = {name: hashlib.sha256((ANNOTATIONS / name).read_bytes()).hexdigest()
             for name in POOL if (ANNOTATIONS / name).is_file()}
    tp_fp_fn = counts(nested[honest], gold[honest])
    cv_figure = dict(zip(("precision", "recall", "f1"), (round(v, 4) for v in prf(*tp_fp_fn))))
    save_reader(reader, args.out, trained_on={
        "files": files, "n_cases": len(records), "folds": args.folds, "seed": args.seed,
        "cv_on": HONEST, "cv_nested": cv_figure,
        "cv_cues_alone": dict(zip(("precision", "recall", "f1"),
                                  (round(v, 4) for v in prf(*counts(cue[honest], gold[honest]))))),
        "thresholds": {i: (None if t == OFF else t) for i, t in zip(ids, thresholds)}})
    used = [(i, t) for i, t in zip(ids, thresholds) if t != OFF]
    print(f"\nfitted on {len(records)} cases ({', '.join(files)}): {len(reader.vocabulary_)} terms; the reader "
          f"reads {len(used)} of {len(ids)} indicators: " + ", ".join(f"{i} ({t})" for i, t in used))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
