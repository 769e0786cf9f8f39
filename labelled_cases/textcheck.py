"""Check rewritten case texts against their sources before they enter the corpus.

    python -m workstatus.labelled_cases.textcheck REWRITES.jsonl --sources DIR [--originals FILE.jsonl ...]

For every record (``id``, ``text``, ``lang``) it prints the longest run shared
with each source it can find, the reasoning cues and the length of the facts,
and ``FAIL`` where a rule of the dataset card is broken:

* a run longer than 12 Chinese characters or 8 English words shared with the
  source page (``DIR/<id>.txt``), with the earlier text of the case (which
  copied the source), or with the tribunal's words (``court_outcome``);
* a reasoning cue or verdict phrase in the text (see ``_quality``);
* fewer facts than a case needs to be judged (120 characters, 60 words).

Source pages are kept outside the repository: they are others' words.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workstatus.labelled_cases._quality import MAX_SHARED, longest_shared_run, reasoning_cues, verdict_phrases

MIN_FACTS = {"zh": 120, "en": 60}


def facts_length(text: str, lang: str) -> int:
    """Characters without spaces (zh) or words (en)."""
    return len("".join(text.split())) if lang == "zh" else len(text.split())


def check(record: dict, sources: Path | None, originals: dict[str, dict]) -> dict:
    """The checks for one rewritten record, as a dict (``ok`` says whether it passes)."""
    lang, text = record.get("lang") or "zh", record["text"]
    compared = {}
    original = originals.get(record["id"], {})
    if original.get("text"):
        compared["old_text"] = original["text"]
    if original.get("court_outcome"):
        compared["court_outcome"] = original["court_outcome"]
    if sources is not None:
        own = [sources / f"{record['id']}.txt", *sorted(sources.glob(f"{record['id']}.*.txt"))]
        for path in own:
            if path.is_file():
                compared[path.name] = path.read_text(encoding="utf-8")
    runs = {name: longest_shared_run(text, other, lang) for name, other in compared.items()}
    cues = sorted(set(reasoning_cues(text)) | set(verdict_phrases(text)))
    length = facts_length(text, lang)
    problems = [f"{name} shares {n}: {run!r}" for name, (n, run) in runs.items() if n > MAX_SHARED[lang]]
    problems += [f"cue {c!r}" for c in cues]
    if length < MIN_FACTS[lang]:
        problems.append(f"only {length} {'characters' if lang == 'zh' else 'words'} of facts")
    source_runs = [n for name, (n, _) in runs.items() if name != "court_outcome"]
    return {
        "id": record["id"],
        "ok": not problems,
        "longest_shared_run": max(source_runs, default=0),
        "facts_length": length,
        "problems": problems,
    }


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rewrites", type=Path)
    parser.add_argument("--sources", type=Path, help="folder of source excerpts, <id>.txt or <id>.<part>.txt")
    parser.add_argument("--originals", type=Path, nargs="*", default=[], help="the corpus files before the rewrite")
    args = parser.parse_args(argv)
    originals = {record["id"]: record for path in args.originals for record in _records(path)}
    failed = 0
    for record in _records(args.rewrites):
        if record.get("dropped"):
            print(f"DROP  {record['id']}: {record['dropped']}")
            continue
        result = check(record, args.sources, originals)
        failed += not result["ok"]
        status = "ok  " if result["ok"] else "FAIL"
        print(f"{status}  {result['id']}  run={result['longest_shared_run']}  facts={result['facts_length']}")
        for problem in result["problems"]:
            print(f"        {problem}")
    print(f"{failed} failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
