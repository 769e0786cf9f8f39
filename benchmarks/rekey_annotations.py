"""Re-key audit annotations after the clause reader's numbering changed: by text, mechanically, no new judgement.

Each old clause number (as ``features/_clauses.py`` and ``clauses.yaml`` at
``--old-rev`` numbered the file) goes to the clause of the current reader that
holds the old clause's text: its start offset, and its whole text, lie inside
the new clause. The calls of old clauses that land in one new clause are
merged; a sign conflict, or an old clause whose text the new one does not
hold, is printed and stops the run. Clause numbers quoted in the entry's note
are mapped the same way. Prints the mapping; writes the file with ``--write``.

    python benchmarks/rekey_annotations.py --old-rev REV [--corpus DIR] [--ota-git DIR] [--write] FILE_SUFFIX...

An entry with a ``source`` is read from the git mirror, as ``audit_quality.py`` reads it (only the clause
reader runs on it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "benchmarks" / "data" / "audit_annotations.jsonl"
TERMS = "ota-platform-worker-terms"


def _old_reader(rev: str, folder: Path):
    """The clause reader as it was at ``rev``, loaded from a copy of its two files."""
    for name in ("_clauses.py", "clauses.yaml"):
        text = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:features/{name}"], check=True,
                              capture_output=True, text=True).stdout
        (folder / name).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("_old_clauses", folder / "_clauses.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["_old_clauses"] = module
    spec.loader.exec_module(module)
    return module.read_clauses


def rekey(entry: dict, text: str, old_read) -> tuple[dict, dict[str, str], list[str]]:
    """(new clauses, old number → new number, problems) for one entry."""
    from workstatus.features import read_clauses

    new = read_clauses(text)
    mapping, problems = {}, []
    for number, old in old_read(text).by_number().items():
        held = new.at(old.start)
        if held is None or old.end > held.end or old.text.strip() not in held.text:
            if number in entry["clauses"]:
                problems.append(f"{number}: no new clause holds its text")
            continue
        mapping[number] = held.number
    clauses: dict[str, dict[str, int]] = {}
    for number, stated in entry["clauses"].items():
        if number not in mapping:
            problems.append(f"{number}: annotated, but the old reader has no such clause")
            continue
        into = clauses.setdefault(mapping[number], {})
        for ident, value in stated.items():
            if into.get(ident, value) != value:
                problems.append(f"{number} -> {mapping[number]}: {ident} has both signs")
            into[ident] = value
    order = [c.number for c in new.clauses]
    return {k: dict(sorted(clauses[k].items())) for k in sorted(clauses, key=order.index)}, mapping, problems


def map_note(note: str, mapping: dict[str, str]) -> str:
    """The note with every old clause number it quotes replaced by the new one."""
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys) + r"(?![\w¶#.(])")
    return pattern.sub(lambda m: mapping[m.group(0)], note)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suffixes", nargs="+", help="the entries to re-key, by the end of their file name")
    parser.add_argument("--old-rev", required=True, help="the commit whose reader the entries are keyed by")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--ota-git", type=Path, default=None,
                        help="git directory for the entries with a source (default as audit_quality.py)")
    parser.add_argument("--write", action="store_true", help="write the re-keyed entries back")
    args = parser.parse_args(argv)
    lines = ANNOTATIONS.read_text(encoding="utf-8").splitlines()
    out, failed = [], False
    with tempfile.TemporaryDirectory() as folder:
        old_read = _old_reader(args.old_rev, Path(folder))
        for line in lines:
            entry = json.loads(line)
            if not any(entry["file"].endswith(s) for s in args.suffixes):
                out.append(line)
                continue
            if "source" in entry:
                from audit_quality import OTA_GIT, text_at_commit

                text, why = text_at_commit(entry["source"], args.ota_git or OTA_GIT)
                if text is None:
                    print(f"{entry['file']}: {why}")
                    return 1
            else:
                base = REPO if entry["origin"] in ("synthetic", "judgment") else args.corpus / TERMS
                text = (base / entry["file"]).read_text(encoding="utf-8")
            clauses, mapping, problems = rekey(entry, text, old_read)
            moved = {k: mapping[k] for k in entry["clauses"] if mapping.get(k, k) != k}
            print(f"{entry['file']}: {len(entry['clauses'])} clauses -> {len(clauses)}; moved: {moved or 'none'}")
            for problem in problems:
                print(f"  PROBLEM {problem}")
            failed = failed or bool(problems)
            entry = dict(entry, clauses=clauses, note=map_note(entry["note"], mapping))
            out.append(json.dumps(entry, ensure_ascii=False))
    if failed:
        print("not written: fix the problems first")
        return 1
    if args.write:
        ANNOTATIONS.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
