"""Rows per second and peak memory per worker: the local engine with ``--jobs 2`` against Dask with 2 workers.

Both engines run the same batch (a CSV of realistic texts in, a Parquet table
out, with a profile so that the expected liability is computed), each in a
fresh child process so that neither inherits the other's warm model. For the
local engine the per-worker peak is the largest pool process (``RUSAGE_CHILDREN``);
for Dask each worker reports its own peak RSS before the cluster closes. The
client's own peak (planning the partitions, joining the parts) is printed too.

    python benchmarks/dask_engine.py                       # 100,000 rows --fast, then 2,000 rows with SHAP reasons
    python benchmarks/dask_engine.py --rows 5000 --explain-rows 500    # a quick run

The figures feed ``benchmarks/DASK_PLAN.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from assess_speed import realistic_texts  # noqa: E402  (the same texts as the speed benchmark)

LOCAL = """
import json, resource, sys, time
from functools import partial
from workstatus import _assess
from workstatus.batch import PROFILE_FIELDS, BatchOptions, run_batch
source, out, explain, workers = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
start = time.perf_counter()
summary = run_batch(source, out, _assess.assess_chunk, BatchOptions(profile_columns={f: f for f in PROFILE_FIELDS}),
                    jobs=workers, worker_init=partial(_assess.init_worker, None, explain),
                    identity={"fast": not explain})
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": summary.rows, "errors": summary.errors,
                  "client_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mib": [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]}))
"""

DASK = """
import json, resource, sys, time
from workstatus.batch import PROFILE_FIELDS, BatchOptions
from workstatus.engines.dask import connect, run_dask_batch
if __name__ == "__main__":  # Dask's worker processes re-import this script: only the parent runs the batch
    source, out, explain, workers = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
    start = time.perf_counter()
    with connect("local", workers=workers) as client:
        up = time.perf_counter()
        summary = run_dask_batch(source, out, BatchOptions(profile_columns={f: f for f in PROFILE_FIELDS}),
                                 client=client, explain=explain, progress_bar=False)
        seconds = time.perf_counter() - start
        peaks = client.run(lambda: __import__("resource").getrusage(0).ru_maxrss / 1024)
    print(json.dumps({"seconds": seconds, "cluster_start": up - start, "rows": summary.rows, "errors": summary.errors,
                      "client_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_mib": sorted(peaks.values())}))
"""


def write_input(path: Path, rows: int, texts: list[str]) -> Path:
    pd.DataFrame({"id": range(rows), "text": [texts[i % len(texts)] for i in range(rows)],
                  "monthly_wage": 6000, "region": "110000", "as_of": "2025-07-01"}).to_csv(path, index=False)
    return path


def run(engine: str, source: Path, workdir: Path, explain: bool, workers: int) -> dict:
    """One batch in a fresh child process; its own measurements, as JSON on its last line."""
    out = workdir / f"out_{engine}.parquet"
    script = workdir / f"run_{engine}_engine.py"  # not dask.py: that name would shadow dask itself
    script.write_text(LOCAL if engine == "local" else DASK)
    done = subprocess.run([sys.executable, str(script), str(source), str(out), "1" if explain else "0", str(workers)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{engine} run failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    table = pd.read_parquet(out)
    figures["output"] = table
    return figures


def compare(rows: int, explain: bool, workers: int, texts: list[str]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        source = write_input(workdir / "in.csv", rows, texts)
        local, dask = (run(engine, source, workdir, explain, workers) for engine in ("local", "dask"))
    same = local.pop("output").equals(dask.pop("output"))
    mode = "with SHAP reasons" if explain else "--fast"
    lines = []
    for name, figures in ((f"local --jobs {workers}", local), (f"dask, {workers} workers", dask)):
        lines.append({
            "engine": name, "rows": rows, "mode": mode, "seconds": round(figures["seconds"], 1),
            "rows/s": round(rows / figures["seconds"], 1),
            "ms/row/worker": round(1000 * figures["seconds"] * workers / rows, 2),
            "cluster start s": round(figures.get("cluster_start", 0.0), 1),
            "peak MiB per worker": " / ".join(f"{m:.0f}" for m in figures["worker_mib"]),
            "client peak MiB": round(figures["client_mib"]),
            "same output": same,
        })
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the --fast comparison (default 100,000)")
    parser.add_argument("--explain-rows", type=int, default=2_000,
                        help="rows of the comparison with SHAP reasons (default 2,000; 0 skips it)")
    parser.add_argument("--workers", type=int, default=2, help="local --jobs and Dask workers (default 2)")
    args = parser.parse_args()
    texts = realistic_texts(2000)
    print(f"{len(texts)} distinct texts, mean length {sum(map(len, texts)) / len(texts):.0f} characters")
    results = compare(args.rows, False, args.workers, texts)
    if args.explain_rows:
        results += compare(args.explain_rows, True, args.workers, texts)
    print(pd.DataFrame(results).to_string(index=False))
    print("\nms/row/worker = seconds × workers / rows: the per-row cost of one worker, start-up included.")


if __name__ == "__main__":
    main()
