"""Does ``workstatus batch`` stay flat in memory to a million rows? Measured, not extrapolated.

Writes N short rows (one or two sentences sampled from the real cases, with a
wage and a region so that obligations are computed) to a CSV outside the
repository, runs ``workstatus batch`` on it in a child process, and samples
the resident memory (RSS) of that process and all its workers every few
seconds. Prints, for each N: rows per second, CPU seconds of the whole
process tree, and the tree's RSS at the start, middle and end of the run with
its peak, so that a run of 1,000,000 rows stands beside one of 100,000 rows
of the same script in the same session.

    python benchmarks/batch_memory.py --rows 100000,1000000 --jobs 2 --fast
    nice -n 19 python benchmarks/batch_memory.py --rows 1000000 --jobs 2 --fast --every 10

The input and output files go to a temporary folder under ``--workdir``
(default: the system's), deleted afterwards; ``--trace FILE`` keeps every
sample (seconds, RSS, PSS, processes) as CSV.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this tree, not the one an editable install points at; a PYTHONPATH tree still comes first (an older tree to compare)
sys.path.append(str(ROOT))
PAGE = os.sysconf("SC_PAGE_SIZE")


def short_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct-enough short texts: one or two sentences sampled from the real cases."""
    from workstatus import labelled_cases

    frame = labelled_cases.load_cases()
    sentences = [s for t in frame["text"] for s in re.split(r"(?<=[。！？.!?])\s*", t) if len(s) > 8]
    rng = random.Random(seed)
    return ["".join(rng.sample(sentences, rng.randint(1, 2))) for _ in range(n)]


def write_input(path: Path, rows: int, texts: list[str]) -> None:
    """A CSV of ``rows`` rows, written as a stream (the generator holds no million-row frame)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "text", "monthly_wage", "region", "as_of"])
        for i in range(rows):
            out.writerow([i, texts[i % len(texts)], 6000, "110000", "2025-07-01"])


def tree_rss(root: int) -> tuple[int, int, int]:
    """(RSS and PSS in bytes of ``root`` and every descendant, number of processes), read from /proc.

    RSS counts a page shared by a forked worker and its parent in both; PSS splits it between them,
    so the PSS sum is what the tree holds and the RSS sum an upper bound.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))  # field 4: the parent's pid
        except (OSError, IndexError, ValueError):
            continue
    total, proportional, count, todo = 0, 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                proportional += next(int(line.split()[1]) * 1024 for line in handle if line.startswith(b"Pss:"))
            count += 1
        except (OSError, IndexError, ValueError, StopIteration):
            pass
        todo.extend(children.get(pid, ()))
    return total, proportional, count


def run(rows: int, texts: list[str], workdir: Path, jobs: int, fast: bool, every: float, trace: Path | None) -> dict:
    source, out = workdir / f"batch_memory_{rows}.csv", workdir / f"batch_memory_{rows}.out.csv"
    write_input(source, rows, texts)
    command = [sys.executable, "-m", "workstatus", "batch", str(source), "--out", str(out), "--quiet", "--force",
               "--jobs", str(jobs)] + (["--fast"] if fast else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int, int]] = []
    while child.poll() is None:
        rss, pss, count = tree_rss(child.pid)
        if count:
            samples.append((time.perf_counter() - start, rss, pss, count))
        try:
            child.wait(timeout=every)
        except subprocess.TimeoutExpired:
            pass
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    error = child.stderr.read() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"workstatus batch exited {child.returncode}: {error.strip()[-500:]}")
    with out.open(encoding="utf-8") as handle:
        written = sum(1 for _ in handle) - 1
    source.unlink()
    out.unlink()
    if trace is not None:
        with trace.open("a", encoding="utf-8") as handle:
            handle.writelines(f"{rows},{t:.1f},{rss},{pss},{count}\n" for t, rss, pss, count in samples)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # the first sample is the interpreter starting; "start" is the first one with the workers running
    running = [s for s in samples if s[3] >= jobs + (1 if jobs > 1 else 0)] or samples
    mib = lambda value: round(value / 2**20)  # noqa: E731
    start_, middle, end = running[0], running[len(running) // 2], running[-1]
    return {
        "rows": rows, "written": written, "jobs": jobs, "fast": fast, "seconds": round(seconds, 1),
        "rows/s": round(rows / seconds, 1), "CPU s (tree)": round(cpu, 1),
        "RSS start/middle/end MiB": f"{mib(start_[1])}/{mib(middle[1])}/{mib(end[1])}",
        "RSS peak MiB": mib(max(s[1] for s in samples)),
        "PSS start/middle/end MiB": f"{mib(start_[2])}/{mib(middle[2])}/{mib(end[2])}",
        "PSS peak MiB": mib(max(s[2] for s in samples)), "samples": len(samples),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="100000", help="comma-separated row counts (default 100000)")
    parser.add_argument("--jobs", type=int, default=2, help="batch --jobs (default 2)")
    parser.add_argument("--fast", action="store_true", help="batch --fast: no SHAP reasons, no similar cases")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between RSS samples (default 5)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary folder goes (default: the system's)")
    parser.add_argument("--trace", type=Path, default=None, help="append every sample to this CSV (rows, seconds, RSS bytes, PSS bytes, processes)")
    args = parser.parse_args()
    texts = short_texts(5000)
    print(f"{len(texts)} distinct short texts, mean length {sum(map(len, texts)) / len(texts):.0f} characters; "
          f"jobs={args.jobs} fast={args.fast}; RSS is the whole process tree (batch process and its workers)",
          flush=True)
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for rows in (int(n) for n in args.rows.split(",")):
            result = run(rows, texts, Path(tmp), args.jobs, args.fast, args.every, args.trace)
            results.append(result)
            print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    import pandas as pd

    print(pd.DataFrame(results).to_string(index=False))


if __name__ == "__main__":
    main()
