"""Self-audit quality and speed on real platform agreements, against the project's own clause annotations.

Reads the worker-facing terms where they lie (``--corpus``, default
``../shared/corpora`` beside the repository; never copied here) and the
annotations in ``benchmarks/data/audit_annotations.jsonl`` (keyed by file and
clause number; indicator ids of ``features/catalogue.yaml``). Prints
clause-level precision and recall per language and origin, for the audit's
clause reader (its rules) and for the old path (every span of
the plain extraction, definitions and boilerplate included). Then the audit's items (each change
it lists, with the clauses it quotes) that a compliance officer would act on:
how many quote a clause that states the item; and the audit time per agreement
beside the old path's time (one model call per counterfactual, each
re-reading the whole text), both measured in this run; the last row is the
largest agreements joined and cut at 150 KB, the size the audit must take in
under 3 s.

    python benchmarks/audit_quality.py [--corpus DIR] [--ota-git DIR] [--repeats N] [--only REGEX] [--skip REGEX]
                                       [--pooled-only]

``--only``/``--skip`` select the agreements whose "set file" matches. The blind and untuned sets (``BLIND``:
``ota_heldout_2``, ``ota_heldout_3``, ``judgment_heldout``, ``judgment_untuned``) are left out unless ``--only``
names them (``--only ota_heldout_3 --pooled-only``); ``--pooled-only`` prints no per-agreement row, for a blind
figure printed once.

An entry with a ``source`` (the Open Terms Archive entries: ``ota_heldout_2``, ``ota_heldout_3``, ``ota_train`` and
the former ``ota_heldout``, now ``tuned``) is read from a git mirror of the Open Terms Archive repository it names (``--ota-git``, default
``../.mirror/OpenTermsArchive+p2b-compliance-versions/repo`` beside the checkout), as ``git show
<snapshot_commit>:<path>``; when the mirror or the commit is absent, a note says so and the other sets still score.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "benchmarks" / "data" / "audit_annotations.jsonl"
TERMS = "ota-platform-worker-terms"
OTA_GIT = REPO.parent / ".mirror" / "OpenTermsArchive+p2b-compliance-versions" / "repo"
BLIND = ("ota_heldout_2", "ota_heldout_3", "judgment_heldout", "judgment_untuned")  # never printed unless named


def selected(entry: dict, only: str | None, skip: str | None) -> bool:
    """Whether an entry is scored: its "set file" matches ``only`` and not ``skip``; a blind set only when named.

    A blind or untuned set (``BLIND``) is left out unless ``only`` is given and matches it, so that no run prints
    its figure by default.
    """
    key_text = f"{entry.get('set', entry['origin'])} {entry['file']}"
    if only is None:
        return entry.get("set", entry["origin"]) not in BLIND and not (skip and re.search(skip, key_text))
    return bool(re.search(only, key_text)) and not (skip and re.search(skip, key_text))


def text_at_commit(source: dict, git_dir: Path) -> tuple[str | None, str]:
    """An agreement's text as ``git show <snapshot_commit>:<path>`` gives it, or None and why not.

    Parameters
    ----------
    source : dict
        The entry's ``source``: ``snapshot_commit`` and ``path`` inside the repository.
    git_dir : Path
        A git directory (a bare mirror or a checkout) of that repository.

    Returns
    -------
    (text, "") when the file is there; (None, a note naming the directory, the commit and the fix) when
    the mirror, the commit or git itself is absent.
    """
    commit, path = source["snapshot_commit"], source["path"]
    repository = source.get("repository", "the source repository")
    fix = f"pass --ota-git DIR, a git directory of {repository} holding commit {commit[:7]}"
    if not Path(git_dir).is_dir():
        return None, f"not scored: no git mirror at {git_dir}; {fix}"
    try:
        shown = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{path}"], capture_output=True)
    except OSError as err:
        return None, f"not scored: git could not be run ({err}); install git or leave this set out"
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["git show failed"]
        return None, f"not scored: {git_dir} has no {commit[:7]}:{path} ({reason[0]}); {fix}"
    return shown.stdout.decode("utf-8"), ""


def entry_text(entry: dict, terms: Path, git_dir: Path) -> tuple[str | None, str]:
    """An annotated agreement's text (from the project, the corpus folder ``terms`` or a git mirror), or None and why."""
    if "source" in entry:
        return text_at_commit(entry["source"], git_dir)
    path = (REPO / entry["file"]) if entry["origin"] in ("synthetic", "judgment") else terms / entry["file"]
    if not path.is_file():
        return None, "not found, skipped"
    return path.read_text(encoding="utf-8"), ""


def gold_items(entry) -> set[tuple[str, str, int]]:
    """An annotation entry's items: (clause number, indicator, sign), the unit every audit figure counts."""
    return {(number, ident, int(v)) for number, stated in entry["clauses"].items() for ident, v in stated.items()}


def audit_items(text: str, model, gold: set) -> tuple[int, int, int]:
    """(items the audit lists, those whose first quoted clause states them, those whose every quoted clause does)."""
    from workstatus.audit import audit

    n = first = every = 0
    for change in audit(text, model=model).changes:
        cited = [(e.clause, change.indicator, e.polarity) for e in change.evidence if e.clause is not None]
        n += 1
        first += bool(cited) and cited[0] in gold
        every += bool(cited) and all(c in gold for c in cited)
    return n, first, every


def _predicted(spans, agreement) -> set[tuple[str, str, int]]:
    out = set()
    for span in spans:
        if span.polarity is None or span.attributed or span.start < 0:
            continue
        clause = agreement.at(span.start)
        if clause is not None:
            out.add((clause.number, span.indicator, int(span.polarity)))
    return out


def _old_audit(text, model):
    """The audit as it was: one full decide (text re-read) per counterfactual and per greedy trial."""
    from workstatus import assess

    base = assess(text, model=model)
    extraction = model.extractor_.extract(text)
    practices = [i.id for i in base.indicators if i.value == 1 and i.towards == "employment"]

    def decide(removed):
        row = dict(extraction.row)
        row.update({i: -1 for i in removed})
        return model.decide([extraction.model_copy(update={"row": row})], explain=False)[0]

    for ident in practices:
        decide({ident})
    removed, remaining = [], list(practices)
    while remaining and len(removed) < 8:
        trials = {i: decide({*removed, i}) for i in remaining}
        best = max(trials, key=lambda i: trials[i].probabilities["independent"])
        removed.append(best)
        remaining.remove(best)
        if trials[best].status == "independent":
            break


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora",
                        help="folder holding ota-platform-worker-terms/ (default ../shared/corpora)")
    parser.add_argument("--ota-git", type=Path, default=OTA_GIT,
                        help="git directory of OpenTermsArchive/p2b-compliance-versions, for the entries with a "
                             "source (default ../.mirror/OpenTermsArchive+p2b-compliance-versions/repo)")
    parser.add_argument("--repeats", type=int, default=1, help="timing repeats (the best is printed)")
    parser.add_argument("--no-timing", action="store_true", help="quality only, no audit timings")
    parser.add_argument("--only", default=None, help="score only agreements whose 'set file' matches this regex")
    parser.add_argument("--skip", default=None, help="leave out agreements whose 'set file' matches this regex")
    parser.add_argument("--pooled-only", action="store_true", help="no per-agreement rows (for blind sets)")
    args = parser.parse_args(argv)
    terms = args.corpus / TERMS
    if not terms.is_dir():
        print(f"skipped: {terms} not found; pass --corpus DIR holding {TERMS}/")
        return 0
    import workstatus
    from workstatus.audit import audit
    from workstatus.features import filter_agreement, load_catalogue, read_clauses

    model = workstatus.load_model()
    ids = load_catalogue().ids
    entries = [json.loads(line) for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    tallies: dict[tuple[str, str, str], list[int]] = {}
    items: dict[tuple[str, str], list[int]] = {}
    print(f"{'file':58} {'clauses':>7} {'gold':>5}  {'rules P':>7} {'R':>5}"
          f"  {'old P':>6} {'R':>5}")
    for entry in entries:
        if not selected(entry, args.only, args.skip):
            continue
        text, why = entry_text(entry, terms, args.ota_git)
        if text is None:
            print(f"{entry['file']}: {why}")
            continue
        agreement = read_clauses(text)
        extraction = model.extractor_.extract(text)
        cues = model.extractor_.extract(text, cues_only=True)  # as the audit reads an agreement
        gold = gold_items(entry)
        row = [entry["file"][-58:], len(agreement.clauses), len(gold)]
        for path_name, spans in (("rules", filter_agreement(cues, ids).extraction.evidence),
                                 ("old", extraction.evidence)):
            predicted = _predicted(spans, agreement)
            hit = len(predicted & gold)
            key = (entry["lang"], entry.get("set", entry["origin"]), path_name)
            t = tallies.setdefault(key, [0, 0, 0])
            t[0] += hit
            t[1] += len(predicted)
            t[2] += len(gold)
            row += [hit / len(predicted) if predicted else 0.0, hit / len(gold) if gold else 0.0]
        if not args.pooled_only:
            print(f"{row[0]:58} {row[1]:>7} {row[2]:>5}  {row[3]:>7.2f} {row[4]:>5.2f}  {row[5]:>6.2f} {row[6]:>5.2f}")
        t = items.setdefault((entry["lang"], entry.get("set", entry["origin"])), [0, 0, 0])
        for k, count in enumerate(audit_items(text, model, gold)):
            t[k] += count
    print("\nclause-level, pooled (a hit is the clause, the indicator and its sign):")
    print("  (set: heldout = annotated blind and never tuned on; tuned = cues were fixed from its errors; "
          "synthetic = the project's own test agreements; judgment = agreements restated by the project from the "
          "terms published judgments quote: real terms, the project's words; judgment_heldout / judgment_untuned = restated "
          "so, never tuned on; rules = the audit's reading)")
    if any(origin.startswith("ota_heldout") for _, origin, _ in tallies):
        print("  (ota_heldout_2, ota_heldout_3 = real agreements of the Open Terms Archive read from its git mirror, "
              "annotated blind and never tuned on)")
    if any(origin == "ota_train" for _, origin, _ in tallies):
        print("  (ota_train = real agreements of the Open Terms Archive read from its git mirror, annotated blind to "
              "the tool as training material: their errors may be read, so theirs is no held-out figure)")
    for (lang, origin, path_name), (hit, pred, gold) in sorted(tallies.items()):
        print(f"  {lang} {origin:9} {path_name:5}  precision {hit / pred if pred else 0:.2f} ({hit}/{pred})"
              f"  recall {hit / gold if gold else 0:.2f} ({hit}/{gold})")
    print("\naudit items (a change the audit lists: its first quoted clause states it / every quoted clause does; "
          "the audit reads with its rules):")
    for (lang, origin), (n, first, every) in sorted(items.items()):
        print(f"  {lang} {origin:9} items {n:3}  first clause right {first / n if n else 0:.2f} ({first}/{n})"
              f"  every clause right {every / n if n else 0:.2f} ({every}/{n})")
    if not any(lang == "zh" and origin in ("heldout", "tuned") for lang, origin, _ in tallies):
        print("  zh real: no real Chinese agreement is in the corpus yet; the zh figures are on the project's own "
              "text (synthetic) and on terms from judgments restated by the project (judgment)")

    if args.no_timing:
        return 0
    print("\naudit time per agreement (seconds, model loaded; best of --repeats):")
    print(f"{'file':58} {'KB':>5} {'audit':>6} {'old path':>9}")
    audit(read_clauses.__doc__ or "x", model=model)  # warm: the first explanation imports shap
    texts = [(str(path.relative_to(terms)), path.read_text(encoding="utf-8")) for path in sorted(terms.glob("*/*.md"))]
    joined = ""
    for _, text in sorted(texts, key=lambda t: -len(t[1])):
        joined += text + "\n\n"
        if len(joined.encode()) >= 150 * 1024:
            break
    texts.append(("the largest ones joined, cut at 150 KB", joined.encode()[:150 * 1024].decode(errors="ignore")))
    for label, text in texts:
        times = {}
        for name, run in (("audit", lambda: audit(text, model=model)), ("old", lambda: _old_audit(text, model))):
            best = float("inf")
            for _ in range(max(1, args.repeats)):
                start = time.perf_counter()
                run()
                best = min(best, time.perf_counter() - start)
            times[name] = best
        print(f"{label[-58:]:58} {len(text.encode()) / 1024:>5.0f} {times['audit']:>6.2f}"
              f" {times['old']:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
