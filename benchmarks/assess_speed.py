"""How fast is assessment, and does memory stay flat as rows grow?

Prints cases per second and peak memory for ``assess_many`` without SHAP and
with SHAP, and for ``workstatus batch`` over N-row CSV files, beside a
baseline measured in the same run: a TF-IDF (character n-grams) logistic
regression pipeline, trained on the same real cases, predicting the same texts.

Texts are built from the real corpus by sampling and shuffling its sentences,
so their length and vocabulary are realistic (a few hundred characters).

    python benchmarks/assess_speed.py                 # quick: 2,000 texts, batch 10,000 rows
    python benchmarks/assess_speed.py --full          # batch on 10,000 and 100,000 rows
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# this tree, not the one an editable install points at; a PYTHONPATH tree still comes first (an older tree to compare)
sys.path.append(str(ROOT))


def realistic_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` texts of 2–6 sentences sampled from the real cases."""
    from workstatus import labelled_cases

    frame = labelled_cases.load_cases()
    sentences = [s for t in frame["text"] for s in re.split(r"(?<=[。！？.!?])\s*", t) if len(s) > 8]
    rng = random.Random(seed)
    return ["".join(rng.sample(sentences, rng.randint(2, 6))) for _ in range(n)]


def measure(label: str, fn, n: int) -> dict:
    """Time one run untraced (tracing slows Python code unevenly), then trace a second run for the peak.

    Wall-clock and CPU time are both given: on a shared machine the CPU time of this one process
    is the steadier figure (other processes stretch the wall clock, not it).
    """
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"what": label, "cases": n, "seconds": round(seconds, 2), "cases/s": round(n / seconds, 1),
            "cases/CPU s": round(n / cpu, 1), "peak MiB (Python heap)": round(peak / 2**20, 1)}


def baseline(texts: list[str]):
    """TF-IDF character n-grams + logistic regression, trained on the real cases."""
    from workstatus import labelled_cases
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    frame = labelled_cases.load_cases()
    pipe = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2),
                         LogisticRegression(max_iter=2000))
    pipe.fit(frame["text"], frame["label"])
    return lambda: pipe.predict_proba(texts)


def batch_run(rows: int, texts: list[str], workdir: Path, jobs: int) -> dict:
    """``workstatus batch`` on a CSV of ``rows`` rows, in a child process; its peak RSS is the memory figure."""
    source = workdir / f"in_{rows}.csv"
    pd.DataFrame({"id": range(rows), "text": [texts[i % len(texts)] for i in range(rows)],
                  "monthly_wage": 6000, "region": "110000", "as_of": "2025-07-01"}).to_csv(source, index=False)
    out = workdir / f"out_{rows}.csv"
    code = (
        "import resource, sys, time; from workstatus.cli import main; t=time.perf_counter();"
        f"sys.argv=['workstatus','batch','{source}','--out','{out}','--quiet','--jobs','{jobs}'];"
        "\ntry:\n main()\nexcept SystemExit:\n pass\n"
        "s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime, time.perf_counter()-t, s.ru_maxrss, c.ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workdir, check=True)
    cpu, seconds, rss_self, rss_children = done.stdout.split()[-4:]
    peak = max(int(rss_self), int(rss_children)) / 1024
    out.unlink()
    source.unlink()
    return {"what": f"workstatus batch (jobs={jobs})", "cases": rows, "seconds": round(float(seconds), 1),
            "cases/s": round(rows / float(seconds), 1), "CPU s (all processes)": round(float(cpu), 1),
            "peak MiB (process RSS)": round(peak, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=2000, help="texts for assess_many (default 2000)")
    parser.add_argument("--batch-rows", default="2000,10000", help="comma-separated row counts for batch")
    parser.add_argument("--full", action="store_true", help="batch on 10,000 and 100,000 rows")
    parser.add_argument("--jobs", default="1", help="comma-separated process counts for batch, e.g. 1,2")
    args = parser.parse_args()
    if args.full:
        args.batch_rows = "10000,100000"

    import workstatus

    model = workstatus.load_model()
    texts = realistic_texts(args.texts)
    # one-time costs (each language's cue scanner, the wording coder, similar-case index) are not per case
    list(workstatus.assess_many(texts[:200], explain=True, model=model))
    print(f"{len(texts)} texts, mean length {sum(map(len, texts)) / len(texts):.0f} characters; model {model.version}")
    results = [
        measure("baseline: TF-IDF char n-grams + logistic regression", baseline(texts), len(texts)),
        measure("assess_many(explain=False)",
                lambda: list(workstatus.assess_many(texts, explain=False, model=model)), len(texts)),
        measure("assess_many(explain=True) (SHAP + similar cases)",
                lambda: list(workstatus.assess_many(texts[: max(len(texts) // 4, 1)], explain=True, model=model)),
                max(len(texts) // 4, 1)),
    ]
    table = pd.DataFrame(results)
    table["× baseline (CPU)"] = (table["cases/CPU s"] / table["cases/CPU s"].iloc[0]).round(2)
    print(table.to_string(index=False))
    print("\nbatch (CSV in, CSV out, with reasons and expected liability); memory is the whole process:")
    with tempfile.TemporaryDirectory() as tmp:
        rows = [batch_run(int(n), texts, Path(tmp), int(jobs)) for n in args.batch_rows.split(",")
                for jobs in args.jobs.split(",")]
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
