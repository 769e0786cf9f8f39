"""How far do two readers of the same agreements agree, clause by clause?

    python benchmarks/audit_agreement.py [SECOND]

Compares ``benchmarks/data/audit_annotations.jsonl`` (the first reading) with a second, independent reading of
some of its agreements (default ``benchmarks/data/audit_annotations_second.jsonl``). An item is a clause, an
indicator and its sign, as ``audit_quality.py`` scores them. It prints counts only, never a clause or an item,
so it may be run on a blind set: the agreement of two people says nothing of the tool's errors. Per agreement
and pooled: the items of each reading, the items both give, their F1 (2·both / (first + second)), the items
both give with either sign, and the clauses either reads as stating anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_quality import gold_items as items  # noqa: E402  (an entry's items, as every audit figure counts them)

DATA = Path(__file__).resolve().parent / "data"


def read(path: Path) -> dict[str, dict]:
    """The entries of an annotation file, by file name."""
    return {entry["file"]: entry for entry in map(json.loads, filter(str.strip, path.open(encoding="utf-8")))}


def agreement(first: set, second: set) -> dict[str, float | int]:
    """Counts of two readings' items, and the F1 of one against the other (symmetric)."""
    unsigned = {(c, i) for c, i, _ in first} & {(c, i) for c, i, _ in second}
    both = len(first & second)
    return {"first": len(first), "second": len(second), "both": both, "either_sign": len(unsigned),
            "f1": 2 * both / (len(first) + len(second)) if first or second else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("second", nargs="?", type=Path, default=DATA / "audit_annotations_second.jsonl")
    args = parser.parse_args()
    first, second = read(DATA / "audit_annotations.jsonl"), read(args.second)
    missing = sorted(set(second) - set(first))
    if missing:
        raise SystemExit(f"{len(missing)} agreements of the second reading have no first reading: {missing[0]}")
    pooled_first, pooled_second = set(), set()
    print(f"{'agreement':<48}{'first':>7}{'second':>8}{'both':>6}{'F1':>6}{'any sign':>10}{'clauses 1/2/both':>18}")
    for name, entry in second.items():
        a, b = items(first[name]), items(entry)
        pooled_first |= {(f"{name}#{c}", i, v) for c, i, v in a}
        pooled_second |= {(f"{name}#{c}", i, v) for c, i, v in b}
        got = agreement(a, b)
        clauses = set(first[name]["clauses"]), set(entry["clauses"])
        print(f"{name.split(':')[-1][:47]:<48}{got['first']:>7}{got['second']:>8}{got['both']:>6}{got['f1']:>6.2f}"
              f"{got['either_sign']:>10}{len(clauses[0]):>8}/{len(clauses[1])}/{len(clauses[0] & clauses[1])}")
    got = agreement(pooled_first, pooled_second)
    print(f"{'pooled':<48}{got['first']:>7}{got['second']:>8}{got['both']:>6}{got['f1']:>6.2f}{got['either_sign']:>10}")


if __name__ == "__main__":
    main()
