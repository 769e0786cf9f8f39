"""Does a change to the pipeline leave every answer as it was?

Assesses a fixed set of inputs through the one pipeline (``assess_records``)
with explanations and obligations, and writes the JSON of every assessment
and of its extraction, one line per input; or compares a fresh run with such
a dump and prints every difference. A float that differs by less than 1e-9
is reported apart (it is rounding from another order of summation, not a
change of answer); anything else is a difference.

The inputs: every labelled case (``labelled_cases/real``, through the
project's reader), the texts of the annotation sets, the shared corpora when
present (the official Chinese cases and the platform terms), long texts
built by joining real cases, texts dense in cue words, an empty text and a
few questionnaires, each with a profile and without one, with and without
explanations.

    python benchmarks/same_output.py --write /tmp/base.jsonl     # before a change
    python benchmarks/same_output.py --compare /tmp/base.jsonl   # after it: exit 1 on any difference
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this tree, not the one an editable install points at; a PYTHONPATH tree still comes first (an older tree to compare)
sys.path.append(str(ROOT))
CORPORA = Path("/work/shared/corpora")
PROFILE = {"monthly_wage": 6500, "region": "110000", "as_of": "2025-07-01"}
#: fields that depend on the day the check runs (an assessment without a profile applies today's rules)
DATED = ("as_of",)
TOLERANCE = 1e-9


def inputs() -> list[dict]:
    """The records assessed, each a pipeline record (id, text or answers, lang, jurisdiction)."""
    from workstatus.labelled_cases import read_case_file

    records = []
    for path in sorted(glob.glob(str(ROOT / "labelled_cases" / "real" / "*.jsonl"))):
        for _, case in read_case_file(path):
            records.append({"id": case.id, "text": case.text, "lang": case.lang, "jurisdiction": case.jurisdiction})
    for name in ("gold.jsonl", "frozen.jsonl", "gold_second.jsonl", "frozen_second.jsonl"):
        path = ROOT / "labelled_cases" / "annotations" / name
        if path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                if line.strip():
                    raw = json.loads(line)
                    records.append({"id": f"{name}:{n}:{raw.get('id')}", "text": raw.get("text", "")})
    for path in sorted((CORPORA / "cn-official-labour-cases").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        records.append({"id": f"corpus:{path.stem}", "text": raw.get("keyFacts") or ""})
    for path in sorted((CORPORA / "ota-platform-worker-terms").rglob("*.md")):
        records.append({"id": f"terms:{path.name}", "text": path.read_text(encoding="utf-8")})
    texts = [r["text"] for r in records if r.get("text")]
    zh = [t for t in texts if any("\u4e00" <= c <= "\u9fff" for c in t[:50])]
    en = [t for t in texts if t not in zh]
    records += [
        {"id": "long:zh", "text": "".join(zh[:80])},
        {"id": "long:en", "text": " ".join(en[:60])},
        {"id": "dense:kou", "text": "扣款" * 3000},
        {"id": "dense:zh", "text": "骑手必须服从系统派单，拒单扣款，超时罚款，每天在线10小时。" * 200},
        {"id": "dense:en", "text": "The driver must accept every trip and is deactivated for low ratings. " * 200},
        {"id": "empty", "text": ""},
        {"id": "answers:a", "answers": {"work_assigned": "yes", "refusal_penalised": "yes", "own_business": "no"}},
        {"id": "answers:b", "answers": {"own_business": "yes", "registered_business": "yes", "bears_costs": "yes"}},
        {"id": "answers:c", "answers": {}},
    ]
    return records


def runs(records: list[dict]):
    """(name, records, keyword arguments of assess_records) of every pass."""
    return [
        ("explain+profile", records, {"explain": True, "profile": PROFILE}),
        ("explain", records[::3], {"explain": True, "profile": None}),
        ("fast+profile", records[::2], {"explain": False, "profile": PROFILE}),
    ]


def dump(chunk: int = 128) -> list[dict]:
    """One JSON-ready line per input per pass."""
    from workstatus import assess_records, load_model

    model = load_model()
    out = []
    for name, records, options in runs(inputs()):
        for start in range(0, len(records), chunk):
            part = records[start:start + chunk]
            for record, outcome in zip(part, assess_records(part, model=model, **options)):
                line = {"run": name, "id": record["id"]}
                if hasattr(outcome, "assessment"):
                    line["assessment"] = outcome.assessment.model_dump(mode="json")
                    line["extraction"] = outcome.extraction.model_dump(mode="json")
                    if options["profile"] is None:
                        for key in DATED:
                            line["assessment"].pop(key, None)
                else:
                    line["error"] = outcome.model_dump(mode="json")
                out.append(line)
    return out


def differences(old, new, where: str = ""):
    """Yield ``(kind, where, old, new)`` for every difference; kind is ``"float"`` below the tolerance, else ``"value"``."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if key not in old or key not in new:
                yield "value", f"{where}.{key}", old.get(key, "<missing>"), new.get(key, "<missing>")
            else:
                yield from differences(old[key], new[key], f"{where}.{key}")
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            yield "value", f"{where} (length)", len(old), len(new)
        for n, (a, b) in enumerate(zip(old, new)):
            yield from differences(a, b, f"{where}[{n}]")
    elif isinstance(old, float) and isinstance(new, float) and not (math.isnan(old) and math.isnan(new)):
        if old != new:
            yield ("float" if abs(old - new) < TOLERANCE else "value"), where, old, new
    elif old != new and not (isinstance(old, float) and isinstance(new, float)):
        yield "value", where, old, new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write a dump here")
    group.add_argument("--compare", type=Path, help="compare a fresh run with this dump")
    parser.add_argument("--show", type=int, default=20, help="differences printed (default 20)")
    args = parser.parse_args()
    start = time.perf_counter()
    lines = dump()
    seconds = time.perf_counter() - start
    if args.write:
        args.write.write_text("".join(json.dumps(l, ensure_ascii=False, sort_keys=True) + "\n" for l in lines),
                              encoding="utf-8")
        print(f"{len(lines)} assessments written to {args.write} in {seconds:.1f} s")
        return 0
    old = [json.loads(l) for l in args.compare.read_text(encoding="utf-8").splitlines()]
    found = {"value": 0, "float": 0}
    largest = 0.0
    shown = 0
    if len(old) != len(lines):
        print(f"{len(old)} lines in the dump, {len(lines)} now")
        found["value"] += 1
    changed: dict[str, int] = {}
    for a, b in zip(old, lines):
        for kind, where, x, y in differences(a, b, f"{b['run']}:{b['id']}"):
            found[kind] += 1
            if kind == "value":
                changed[b["id"]] = changed.get(b["id"], 0) + 1
            if kind == "float":
                largest = max(largest, abs(x - y))
            elif shown < args.show:
                shown += 1
                print(f"DIFF {where}: {str(x)[:120]!r} → {str(y)[:120]!r}")
    print(f"{len(lines)} assessments in {seconds:.1f} s: {found['value']} differences; "
          f"{found['float']} floats differ by less than {TOLERANCE:g} (largest {largest:.3g})")
    if changed:
        print(f"inputs that changed ({len(changed)}): " + ", ".join(f"{k} ({v})" for k, v in list(changed.items())[:30]))
    return 1 if found["value"] else 0


if __name__ == "__main__":
    sys.exit(main())
