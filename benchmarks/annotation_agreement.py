"""How far do two annotators agree on the gold set's indicator values?

Compares ``labelled_cases/annotations/gold.jsonl`` (first annotator) with
``gold_second.jsonl`` (a second, independent annotator on a subset) and
prints, per indicator and overall, raw agreement and Cohen's kappa over the
three values (−1, 0, +1). It bounds what any extractor can be expected to
reach against the gold set.

    python benchmarks/annotation_agreement.py [FIRST SECOND]

e.g. ``frozen.jsonl frozen_second.jsonl`` for the frozen evaluation set. FIRST may name several
files joined by commas: ``gold.jsonl,dev.jsonl,train.jsonl,frozen.jsonl skill_second.jsonl`` measures
``skill_and_initiative``, whose first annotation is spread over the four sets.
An indicator that only one of the two files values (``skill_and_initiative``
was added to the first annotations in 2026-12; its agreement is measured on
its own double annotation) is left out and named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

ANNOTATIONS = Path(__file__).resolve().parents[1] / "labelled_cases" / "annotations"


def read(names: str) -> dict[str, dict]:
    """The records of one annotation file, or of several joined by commas, by case id."""
    return {r["id"]: r for name in names.split(",")
            for r in map(json.loads, (ANNOTATIONS / name).read_text(encoding="utf-8").splitlines()) if r}


def shared_indicators(first: dict[str, dict], second: dict[str, dict]) -> tuple[list[str], list[str]]:
    """The indicator ids every record of both files values, in the first file's order; and the ids left out."""
    valued = [set(r["indicators"]) for r in (*first.values(), *second.values())]
    every = set.intersection(*valued) if valued else set()
    order = list(next(iter(first.values()))["indicators"]) if first else []
    order += [i for r in second.values() for i in r["indicators"] if i not in order]
    return [i for i in order if i in every], [i for i in dict.fromkeys(order) if i not in every]


def main() -> None:
    import sys

    names = sys.argv[1:3] if len(sys.argv) >= 3 else ["gold.jsonl", "gold_second.jsonl"]
    first, second = read(names[0]), read(names[1])
    shared = sorted(set(first) & set(second))
    indicators, left_out = shared_indicators(first, second)
    rows, all_a, all_b = [], [], []
    for ident in indicators:
        a = [first[c]["indicators"][ident] for c in shared]
        b = [second[c]["indicators"][ident] for c in shared]
        all_a += a
        all_b += b
        kappa = cohen_kappa_score(a, b, labels=[-1, 0, 1]) if len(set(a) | set(b)) > 1 else float("nan")
        nonzero = sum(1 for x, y in zip(a, b) if x or y)
        rows.append({"indicator": ident, "agreement": sum(x == y for x, y in zip(a, b)) / len(a),
                     "kappa": kappa, "non-zero by either": nonzero})
    table = pd.DataFrame(rows).sort_values("kappa")
    print(f"{len(shared)} cases annotated twice ({sum(first[c]['lang'] == 'zh' for c in shared)} zh, "
          f"{sum(first[c]['lang'] == 'en' for c in shared)} en)\n")
    if left_out:
        print(f"valued in only one of the files, left out: {', '.join(left_out)}\n")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    overall = cohen_kappa_score(all_a, all_b, labels=[-1, 0, 1])
    both_nonzero = [(x, y) for x, y in zip(all_a, all_b) if x or y]
    print(f"\noverall: agreement {sum(x == y for x, y in zip(all_a, all_b)) / len(all_a):.3f}, "
          f"Cohen's kappa {overall:.3f}; on values non-zero for either annotator "
          f"{sum(x == y for x, y in both_nonzero) / len(both_nonzero):.3f} agree")


if __name__ == "__main__":
    main()
