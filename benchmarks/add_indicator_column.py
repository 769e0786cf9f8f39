"""Add one indicator's hand-annotated value to every annotation record, mechanically, printing no case.

    python benchmarks/add_indicator_column.py VALUES.jsonl INDICATOR [--write]

``VALUES.jsonl`` holds one line per case, ``{"id": …, INDICATOR: -1|0|1, "quote": …, "note": …}``
(a blind annotation of all the real cases, made before any cue for the indicator existed). The
value goes into ``indicators`` of the case's record in ``gold``, ``dev``, ``train`` and ``frozen``
(appended: the catalogue's order), and a non-empty ``note`` is added to the record's ``notes``
as ``INDICATOR: note`` (the frozen set's notes and quotes come blank). The ``*_second`` files are
left alone: their annotators never saw the indicator. Every other byte of a record is kept.

It reads the files as data and prints only counts (records per file, and values per file except for
the frozen set), so the frozen set's texts and values are not read by whoever runs it; with ``--write`` it rewrites the
four files and the frozen set's ``frozen.sha256``. It stops, writing nothing, when a record has
no value, a value is not −1/0/1, a case is valued twice, or a value names no annotated case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

ANNOTATIONS = Path(__file__).resolve().parents[1] / "labelled_cases" / "annotations"
SETS = ("gold", "dev", "train", "frozen")


def read_values(path: Path, indicator: str) -> dict[str, tuple[int, str]]:
    """Case id → (value, note) from a values file; a ``SystemExit`` naming the line on a bad one."""
    values: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        value = record.get(indicator)
        if value not in (-1, 0, 1) or isinstance(value, bool):
            raise SystemExit(f"{path}:{number}: {indicator} is {value!r}; expected -1, 0 or 1")
        if record["id"] in values:
            raise SystemExit(f"{path}:{number}: case {record['id']} is valued twice")
        values[record["id"]] = (value, str(record.get("note") or "").strip())
    return values


def with_value(record: dict, indicator: str, value: int, note: str) -> dict:
    """The record with ``indicator`` appended to its indicators and a non-empty note added to its notes."""
    out = dict(record)
    out["indicators"] = {k: v for k, v in record["indicators"].items() if k != indicator} | {indicator: value}
    if note:
        notes = str(record.get("notes") or "").strip()
        out["notes"] = f"{notes} {indicator}: {note}".strip() if notes else f"{indicator}: {note}"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("values", type=Path)
    parser.add_argument("indicator")
    parser.add_argument("--write", action="store_true", help="rewrite the four files and frozen.sha256")
    args = parser.parse_args()
    values = read_values(args.values, args.indicator)
    written, used = {}, set()
    for name in SETS:
        path = ANNOTATIONS / f"{name}.jsonl"
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        missing = [r["id"] for r in records if r["id"] not in values]
        if missing:
            raise SystemExit(f"{path.name}: {len(missing)} records have no {args.indicator} value; nothing written")
        lines = [json.dumps(with_value(r, args.indicator, *values[r["id"]]), ensure_ascii=False) for r in records]
        used |= {r["id"] for r in records}
        written[path] = "".join(line + "\n" for line in lines)
        if name == "frozen":  # not even its counts: nothing of the frozen set is read while cues are written
            print(f"{name}: {len(records)} records")
            continue
        counts = Counter(values[r["id"]][0] for r in records)
        print(f"{name}: {len(records)} records; {args.indicator} +1 {counts[1]}, -1 {counts[-1]}, 0 {counts[0]}")
    unused = sorted(set(values) - used)
    if unused:
        raise SystemExit(f"{len(unused)} values name no annotated case (e.g. {unused[0]}); nothing written")
    if not args.write:
        print("dry run: pass --write to rewrite the files")
        return
    for path, text in written.items():
        path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256((ANNOTATIONS / "frozen.jsonl").read_bytes()).hexdigest()
    (ANNOTATIONS / "frozen.sha256").write_text(f"{digest}  frozen.jsonl\n", encoding="utf-8")
    print(f"wrote {', '.join(p.name for p in written)} and frozen.sha256")


if __name__ == "__main__":
    main()
