"""Fit the learned clause gate (``features/gate/``) on every annotated agreement; its rule chosen leave-one-agreement-out.

Reads the annotations of ``benchmarks/data/audit_annotations.jsonl`` and the
agreements where they lie (``--corpus``, default ``../shared/corpora``; the
real terms are never copied here). Every clause of an annotated agreement is a
training clause: the indicators its annotation lists, or none. The gate's
models have fixed settings (C = 10, terms in two clauses); each language's
rule and threshold are chosen by leave-one-agreement-out over the agreements
it is fitted on (:func:`choose`: the pooled F0.5 of the language's
clause-level items, precision weighing more than recall, over the grid
:data:`GRID`, whose ``off`` leaves the language to the rules). Deterministic:
the same files give the same bytes.

    python benchmarks/fit_clause_gate.py [--corpus DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "benchmarks" / "data" / "audit_annotations.jsonl"
TERMS = "ota-platform-worker-terms"
#: the (rule, threshold) pairs the choice is made among, fixed before any agreement is scored
GRID = ((("off", 0.0),) + tuple(("both", t) for t in (0.005, 0.01, 0.02, 0.03, 0.05, 0.08))
        + tuple(("relevance", t) for t in (0.2, 0.3, 0.4, 0.5))
        + tuple(("indicator", t) for t in (0.02, 0.03, 0.05, 0.08, 0.1)))
BETA = 0.5


@dataclass
class Annotated:
    """One annotated agreement: its entry, text, clauses, the cue extraction and what the rules keep of it."""

    entry: dict
    text: str
    clauses: tuple
    cues: object  # the cue-only Extraction, as the audit reads an agreement
    gold: set  # (clause number, indicator, sign)

    @property
    def stated(self) -> list[set[str]]:
        by_clause: dict[str, set[str]] = {}
        for number, ident, _ in self.gold:
            by_clause.setdefault(number, set()).add(ident)
        return [by_clause.get(c.number, set()) for c in self.clauses]


def gold_of(entry: dict) -> set[tuple[str, str, int]]:
    return {(number, ident, int(v)) for number, stated in entry["clauses"].items() for ident, v in stated.items()}


def entry_path(entry: dict, corpus: Path) -> Path:
    return (REPO / entry["file"]) if entry["origin"] in ("synthetic", "judgment") else corpus / TERMS / entry["file"]


#: sets kept out of the gate's fitting and of every choice made for it: its blind test (benchmarks/data/README.md)
HELD_OUT_SETS = ("judgment_heldout",)


def load_annotated(corpus: Path, extractor) -> list[Annotated]:
    """Every annotated agreement the gate may learn from, in the annotation file's order (a missing file is an
    error); the agreements of :data:`HELD_OUT_SETS` are left out."""
    from workstatus.features import read_clauses

    out = []
    for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry.get("set") in HELD_OUT_SETS:
            continue
        path = entry_path(entry, corpus)
        if not path.is_file():
            raise SystemExit(f"{path}: not found; the gate is fitted on every annotated agreement — pass --corpus DIR "
                             f"holding {TERMS}/")
        text = path.read_text(encoding="utf-8")
        out.append(Annotated(entry, text, read_clauses(text).clauses, extractor.extract(text, cues_only=True),
                             gold_of(entry)))
    return out


def fit_gate(files: list[Annotated], settings: dict | None = None):
    from workstatus.features import load_catalogue
    from workstatus.features._clause_gate import ClauseGate

    clauses = [c for f in files for c in f.clauses]
    stated = [s for f in files for s in f.stated]
    return ClauseGate(settings=settings).fit(clauses, stated, load_catalogue().ids)


def items(reading) -> set[tuple[str, str, int]]:
    """The clause-level items of a reading: (clause number, indicator, sign) of every kept span."""
    out = set()
    for span in reading.extraction.evidence:
        if span.polarity is None or span.attributed or span.start < 0:
            continue
        clause = reading.agreement.at(span.start)
        if clause is not None:
            out.add((clause.number, span.indicator, int(span.polarity)))
    return out


def f_beta(hit: int, predicted: int, gold: int) -> float:
    p, r = (hit / predicted if predicted else 0.0), (hit / gold if gold else 0.0)
    return (1 + BETA ** 2) * p * r / (BETA ** 2 * p + r) if p + r else 0.0


def choose(files: list[Annotated]) -> dict[str, tuple[str, float]]:
    """Per language, the (rule, threshold) of :data:`GRID` with the best pooled F0.5 of that language's
    agreements, each scored by a gate fitted on all the others (ties: the earlier in the grid, ``off`` first)."""
    from workstatus.features import filter_agreement, load_catalogue
    from workstatus.features._clause_gate import clause_lang

    ids = load_catalogue().ids
    tally = {(lang, setting): [0, 0, 0] for lang in {f.entry["lang"] for f in files} for setting in GRID}
    for i, held in enumerate(files):
        gate = fit_gate(files[:i] + files[i + 1:])
        by_number = {c.number: c for c in held.clauses}
        scored, candidates = {}, []
        for number, ident, sign in items(filter_agreement(held.cues, ids)):
            if number not in scored:
                scored[number] = gate.probabilities(by_number[number])
            candidates.append(((number, ident, sign), scored[number], clause_lang(by_number[number])))
        for rule, threshold in GRID:
            kept = {key for key, p, lang in candidates if gate.score(p, key[1], rule) >= threshold}
            t = tally[(held.entry["lang"], (rule, threshold))]
            t[0], t[1], t[2] = t[0] + len(kept & held.gold), t[1] + len(kept), t[2] + len(held.gold)
    langs = sorted({lang for lang, _ in tally})
    return {lang: max(GRID, key=lambda s: (f_beta(*tally[(lang, s)]), -GRID.index(s))) for lang in langs}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora",
                        help="folder holding ota-platform-worker-terms/ (default ../shared/corpora)")
    parser.add_argument("--out", type=Path, default=REPO / "features" / "gate", help="where to write the gate")
    args = parser.parse_args(argv)
    import workstatus
    from workstatus.features._clause_gate import save_gate

    files = load_annotated(args.corpus, workstatus.load_model().extractor_)
    settings = choose(files)
    gate = fit_gate(files, settings)
    trained_on = {"annotations": "benchmarks/data/audit_annotations.jsonl",
                  "agreements": [f.entry["file"] for f in files], "clauses": sum(len(f.clauses) for f in files),
                  "choice": f"per language, the rule and threshold of the grid with the best pooled F{BETA} "
                            "leave-one-agreement-out"}
    save_gate(gate, args.out, trained_on=trained_on)
    print(f"gate: {settings}; {trained_on['clauses']} clauses of {len(files)} agreements; "
          f"{int(gate.active_[1:].sum())} indicators with a model; written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
