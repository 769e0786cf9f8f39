"""The learned clause gate measured leave-one-agreement-out, beside the clause reader's rules, in the same run.

For each annotated agreement (``benchmarks/data/audit_annotations.jsonl``),
a gate is fitted on the other ten, its rule and threshold chosen by a
leave-one-agreement-out inside those ten (``fit_clause_gate.choose``: nothing
is set on the agreement being scored), and the agreement is read with the
rules alone and with the rules and that gate. Prints clause-level precision
and recall (a hit is the clause, the indicator and its sign) per agreement,
per language and set, and pooled; then the audit's items (each
employment-leaning indicator the reading sets, with the first clause it
would quote: the one the gate trusts most, as the audit orders them): how many quote first a clause that states them; then the time
the gate adds to reading a 150 KB agreement. Read ``benchmarks/data/README.md``
for what each set's figure means.

    python benchmarks/audit_gate.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from fit_clause_gate import REPO, TERMS, choose, fit_gate, items, load_annotated


def audit_items(reading, catalogue) -> list[tuple[str | None, str]]:
    """(first quoted clause, indicator) of each change the audit would list: an employment-leaning indicator at +1."""
    out = []
    for ident, value in reading.extraction.row.items():
        if value != 1 or ident not in catalogue.ids or catalogue[ident].towards != "employment":
            continue
        first = next(iter(reading.ranked(s for s in reading.extraction.evidence if s.indicator == ident
                                         and s.polarity == 1)), None)
        clause = reading.clause_of(first) if first is not None else None
        out.append((clause.number if clause else None, ident))
    return out


def _pr(hit: int, predicted: int, gold: int) -> str:
    return (f"P {hit / predicted if predicted else 0:.2f} ({hit}/{predicted})"
            f"  R {hit / gold if gold else 0:.2f} ({hit}/{gold})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora",
                        help="folder holding ota-platform-worker-terms/ (default ../shared/corpora)")
    args = parser.parse_args(argv)
    if not (args.corpus / TERMS).is_dir():
        print(f"skipped: {args.corpus / TERMS} not found; pass --corpus DIR holding {TERMS}/")
        return 0
    import workstatus
    from workstatus.features import filter_agreement, load_catalogue

    catalogue = load_catalogue()
    files = load_annotated(args.corpus, workstatus.load_model().extractor_)
    tallies: dict[tuple[str, str, str], list[int]] = {}
    item_tallies: dict[tuple[str, str, str], list[int]] = {}
    missed: dict[str, int] = {}
    print(f"{'file':52} {'gold':>4}  {'rules P':>7} {'R':>5}  {'gate P':>6} {'R':>5}  chosen (inner LOFO)")
    for i, held in enumerate(files):
        others = files[:i] + files[i + 1:]
        settings = choose(others)
        gate = fit_gate(others, settings)
        lang, group = held.entry["lang"], held.entry["set"]
        row = []
        for name, reading in (("rules", filter_agreement(held.cues, catalogue.ids)),
                              ("gate", filter_agreement(held.cues, catalogue.ids, gate=gate))):
            predicted = items(reading)
            hit = len(predicted & held.gold)
            for key in ((lang, group, name), (lang, "all", name), ("all", "all", name)):
                t = tallies.setdefault(key, [0, 0, 0])
                t[0], t[1], t[2] = t[0] + hit, t[1] + len(predicted), t[2] + len(held.gold)
            row += [hit / len(predicted) if predicted else 0.0, hit / len(held.gold) if held.gold else 0.0]
            listed = audit_items(reading, catalogue)
            right = sum(any((number, ident) == g[:2] and g[2] == 1 for g in held.gold) for number, ident in listed)
            t = item_tallies.setdefault((lang, group, name), [0, 0])
            t[0], t[1] = t[0] + len(listed), t[1] + right
            if name == "gate":
                for number, ident, sign in held.gold - predicted:
                    missed[ident] = missed.get(ident, 0) + 1
        print(f"{held.entry['file'][-52:]:52} {len(held.gold):>4}  {row[0]:>7.2f} {row[1]:>5.2f}  {row[2]:>6.2f}"
              f" {row[3]:>5.2f}  {' '.join(f'{lang} {r} {t:g}' for lang, (r, t) in settings.items())}")
    print("\nclause-level, leave-one-agreement-out (rules = the clause reader as shipped before the gate):")
    for (lang, group, name), t in sorted(tallies.items()):
        print(f"  {lang:3} {group:9} {name:5}  {_pr(*t)}")
    print("\naudit items (an employment-leaning indicator at +1: its first quoted clause states it):")
    for (lang, group, name), (n, right) in sorted(item_tallies.items()):
        print(f"  {lang:3} {group:9} {name:5}  items {n:3}  first clause right {right / n if n else 0:.2f} ({right}/{n})")
    print("\nwhat the gate misses most (gold items not kept, by indicator):",
          ", ".join(f"{k} {v}" for k, v in sorted(missed.items(), key=lambda kv: -kv[1])[:8]))

    print("\nreading a 150 KB agreement (the largest ones joined; best of 3; the gate fitted on all agreements):")
    terms = sorted((p.read_text(encoding="utf-8") for p in (args.corpus / TERMS).glob("*/*.md")), key=len, reverse=True)
    joined = "\n\n".join(terms).encode()[:150 * 1024].decode(errors="ignore")
    extraction = workstatus.load_model().extractor_.extract(joined, cues_only=True)
    gate = fit_gate(files, choose(files))
    for name, kwargs in (("rules", {}), ("rules + gate", {"gate": gate})):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            filter_agreement(extraction, catalogue.ids, **kwargs)
            best = min(best, time.perf_counter() - start)
        print(f"  {name:13} {best:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
