"""How long does ``workstatus assess FILE`` take as a whole process, beside its floor?

Runs, interleaved and repeated (so that a noisy machine weighs on all alike):

* the floor: ``python -c "import sklearn, pandas"``;
* the TF-IDF + logistic-regression baseline's imports
  (``sklearn.feature_extraction.text``, ``sklearn.linear_model``, pandas);
* ``workstatus assess FILE`` (text output) on a short Chinese case, and on an English one;
* with ``--before DIR``, the same command from another source tree of
  workstatus (e.g. ``git archive <commit> | tar -x -C DIR``), run with
  ``PYTHONPATH=DIR``, so that before and after are measured in the same run.

Prints the median and the best wall-clock and CPU seconds of each, and which
heavy modules each ``assess`` imported (shap, matplotlib, pyarrow, jinja2).

    python benchmarks/cold_start.py [--repeat 7] [--before /tmp/before]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ZH = "骑手必须服从系统派单，拒单扣款，每天在线10小时。"
EN = "The driver must accept every trip offered by the app and is deactivated for low ratings."
HEAVY = ("shap", "matplotlib", "pyarrow", "jinja2", "numba", "sklearn.ensemble", "scipy.optimize")
_ASSESS = ("import sys; sys.argv = ['workstatus', 'assess', {path!r}]; from workstatus.cli import main\n"
           "try:\n    main()\nexcept SystemExit:\n    pass\n"
           "print('\\nHEAVY', *[m for m in {heavy!r} if m in sys.modules], file=sys.stderr)")


def run(code: str, env: dict | None = None, cwd: str | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stderr) of one ``python -c code`` process.

    ``cwd`` should be a neutral folder: ``python -c`` puts it first on ``sys.path``, so run from a
    checkout it would import that checkout instead of the ``PYTHONPATH`` tree.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd,
                          check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--before", type=Path, help="another workstatus source tree to time beside this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, text in (("zh", ZH), ("en", EN)):
            files[name] = Path(tmp) / f"case_{name}.txt"
            files[name].write_text(text, encoding="utf-8")
        contenders = {
            "floor: import sklearn, pandas": ("import sklearn, pandas", None),
            "baseline: TF-IDF + LR imports": ("import pandas, sklearn.feature_extraction.text, sklearn.linear_model", None),
        }
        trees = [("", None)]
        if args.before:
            env = dict(os.environ, PYTHONPATH=str(args.before.resolve()))
            trees.insert(0, ("before: ", env))
        for label, env in trees:
            for name, path in files.items():
                contenders[f"{label}workstatus assess ({name})"] = (_ASSESS.format(path=str(path), heavy=HEAVY), env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
        heavy: dict[str, str] = {}
        for _ in range(args.repeat):
            for name, (code, env) in contenders.items():
                wall, cpu, err = run(code, env, cwd=tmp)
                times[name].append((wall, cpu))
                if "HEAVY" in err:
                    heavy[name] = err.rsplit("HEAVY", 1)[1].strip() or "none"
    floor = statistics.median(w for w, _ in times["floor: import sklearn, pandas"])
    print(f"{args.repeat} runs each, interleaved; seconds (median / best)")
    print(f"{'':36s} {'wall':>13s} {'CPU':>13s} {'wall − floor':>13s}  heavy imports")
    for name, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"{name:36s} {statistics.median(walls):6.2f} / {min(walls):4.2f} {statistics.median(cpus):6.2f} / "
              f"{min(cpus):4.2f} {statistics.median(walls) - floor:+13.2f}  {heavy.get(name, '')}")


if __name__ == "__main__":
    main()
