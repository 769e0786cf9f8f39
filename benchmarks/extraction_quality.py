"""Extraction quality: the extractor against the hand-annotated gold set and the sentence table.

    python3 benchmarks/extraction_quality.py [--gold PATH] [--sentences PATH] [--errors]
    python3 benchmarks/extraction_quality.py --frozen
    python3 benchmarks/extraction_quality.py --frozen --learned

``--learned`` scores the cues alone and then the cues with the learned reader
(``features/reader/``, see ``features/_learned.py``) in the same run. The
reader was fitted on ``gold``, ``dev`` and ``train.jsonl``: on those its
figure is a training figure; on the frozen set it is the measure.

``--frozen`` scores the frozen evaluation set (``annotations/frozen.jsonl``,
see ``GOLD.md``): the honest figure, on cases no cue was tuned on. It never
lists errors: whoever tunes the lexicons must not read them.

For every indicator and overall (micro), per language: precision, recall and
F1 of the NON-ZERO values. A wrong polarity counts twice: as a false positive
(the value given) and a false negative (the value missed). Numeric facts:
how often a stated fact is found, and the mean absolute error when found.
Then the accuracy on the sentence table (synthetic test sentences, reported
separately: they were written with the lexicon in mind and say little).

The gold set is the held-out measure: fix general cues from its errors, never
cues that memorise one of its texts.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workstatus.features import NUMERIC_FACTS, IndicatorExtractor, load_catalogue  # noqa: E402

GOLD = ROOT / "labelled_cases" / "annotations" / "gold.jsonl"
SENTENCES = ROOT / "labelled_cases" / "annotations" / "sentences.csv"
FROZEN = ROOT / "labelled_cases" / "annotations" / "frozen.jsonl"


def score(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (NaN when undefined)."""
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if fp + fn else math.nan)
    return precision, recall, f1


def compare(gold: int, predicted: int) -> tuple[int, int, int]:
    """(tp, fp, fn) of one cell, scoring only non-zero values."""
    if gold == predicted:
        return (1, 0, 0) if gold != 0 else (0, 0, 0)
    return (0, int(predicted != 0), int(gold != 0))


def evaluate_gold(path: Path, extractor: IndicatorExtractor, show_errors: bool) -> None:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = load_catalogue().ids
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    facts: dict[tuple[str, str], list[float]] = defaultdict(list)
    found: Counter = Counter()
    errors = []
    for record in records:
        lang = record.get("lang")
        row = extractor.extract(record["text"], lang=lang).row
        for indicator in ids:
            gold = int(record["indicators"].get(indicator, 0))
            tp, fp, fn = compare(gold, int(row[indicator]))
            for key in ((lang, indicator), (lang, "ALL"), ("all", indicator), ("all", "ALL")):
                counts[key].update(tp=tp, fp=fp, fn=fn)
            if fp or fn:
                errors.append((record["id"], indicator, gold, int(row[indicator])))
        for name in NUMERIC_FACTS:
            gold = record.get("numeric", {}).get(name)
            if gold is None:
                continue
            for key in ((lang, name), ("all", name)):
                found[(key, "stated")] += 1
                if not math.isnan(row[name]):
                    found[(key, "found")] += 1
                    facts[key].append(abs(row[name] - gold))
    languages = sorted({r.get("lang") for r in records})
    print(f"gold set: {path.relative_to(ROOT)} — {len(records)} texts "
          + ", ".join(f"{lang}: {sum(r.get('lang') == lang for r in records)}" for lang in languages))
    header = f"{'indicator':28s}" + "".join(f" | {lang:>4s} P    R    F1  (n)" for lang in languages + ["all"])
    print(header)
    print("-" * len(header))
    for indicator in list(ids) + ["ALL"]:
        cells = []
        for lang in languages + ["all"]:
            c = counts[(lang, indicator)]
            p, r, f = score(c["tp"], c["fp"], c["fn"])
            support = c["tp"] + c["fn"]
            cells.append(f" | {_f(p)} {_f(r)} {_f(f)} ({support:3d})")
        label = "micro (all indicators)" if indicator == "ALL" else indicator
        print(f"{label:28s}" + "".join(cells))
    print()
    print("numeric facts: found when stated, mean absolute error when found")
    for name in NUMERIC_FACTS:
        parts = []
        for lang in languages + ["all"]:
            stated = found[((lang, name), "stated")]
            hit = found[((lang, name), "found")]
            mae = sum(facts[(lang, name)]) / len(facts[(lang, name)]) if facts[(lang, name)] else math.nan
            parts.append(f"{lang}: {hit}/{stated} MAE {_f(mae, 1)}")
        print(f"  {name:14s} " + "; ".join(parts))
    if show_errors:
        print("\nerrors (id, indicator, gold, predicted):")
        for error in errors:
            print("  ", *error)


def evaluate_sentences(path: Path, extractor: IndicatorExtractor) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    by_kind: Counter = Counter()
    right: Counter = Counter()
    for row in rows:
        ok = extractor.extract(row["text"]).row[row["indicator"]] == int(row["expected"])
        for key in (row["kind"], f"lang={row['lang']}", "all"):
            by_kind[key] += 1
            right[key] += ok
    print(f"\nsentence table: {path.relative_to(ROOT)} — synthetic test sentences (written before tuning)")
    for key in sorted(by_kind, key=lambda k: (k == "all", k)):
        print(f"  {key:14s} {right[key]:4d}/{by_kind[key]:<4d} accuracy {right[key] / by_kind[key]:.3f}")


def _f(value: float, digits: int = 2) -> str:
    return " nan" if math.isnan(value) else f"{value:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--sentences", type=Path, default=SENTENCES)
    parser.add_argument("--errors", action="store_true", help="list every wrong cell of the gold set")
    parser.add_argument("--frozen", action="store_true",
                        help="score the frozen evaluation set instead of the gold set (no errors are listed)")
    parser.add_argument("--learned", action="store_true",
                        help="score the cues alone, then the cues with the learned reader, in the same run")
    args = parser.parse_args()
    if args.frozen:
        if args.errors:
            parser.error("--errors is refused with --frozen: the frozen set's errors are not read while tuning")
        args.gold = FROZEN
    args.gold = args.gold.resolve()  # a path relative to the working folder is named relative to the project
    extractors = [("cues alone", IndicatorExtractor().fit())]
    if args.learned:
        extractors.append(("cues + learned reader", IndicatorExtractor(learned=True).fit()))
    for name, extractor in extractors:
        if args.learned:
            print(f"\n=== {name} ===")
        if args.gold.is_file():
            evaluate_gold(args.gold, extractor, args.errors)
        else:
            print(f"gold set {args.gold} does not exist yet; only the sentence table is measured.")
        if args.sentences.is_file():
            evaluate_sentences(args.sentences, extractor)


if __name__ == "__main__":
    main()
