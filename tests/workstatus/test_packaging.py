"""Installing workstatus adds one importable name to an environment, and the facade never loads a folder
under its bare name (which would clash with other distributions and load a module twice)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBPACKAGES = ("features", "classifier", "obligations", "reports", "labelled_cases")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    tree = tmp_path_factory.mktemp("src") / "workstatus"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "tests", "benchmarks"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(tree)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"pip wheel failed: {done.stderr[-2000:]}")
    return zipfile.ZipFile(next(out.glob("workstatus-*.whl")))


def test_the_wheel_installs_only_the_workstatus_name(wheel):
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"workstatus"}


def test_the_wheel_carries_each_subpackage_with_its_data(wheel):
    names = set(wheel.namelist())
    for package in SUBPACKAGES:
        assert f"workstatus/{package}/__init__.py" in names
    assert "workstatus/classifier/model/model.json" in names
    assert {"workstatus/features/reader/reader.json", "workstatus/features/reader/reader.npz"} <= names  # the learned reader
    assert any(n.startswith("workstatus/features/lexicon") or n.endswith("catalogue.yaml") for n in names)
    assert any(n.startswith("workstatus/obligations/") and n.endswith(".yaml") for n in names)
    assert {"workstatus/service/static/docs.html", "workstatus/service/static/docs.js"} <= names  # the service's own files


def test_an_assessment_loads_no_bare_top_level_name(tmp_path):
    code = (
        "import sys, workstatus\n"
        "workstatus.assess('骑手必须服从系统派单，拒单扣款。', profile={'monthly_wage': 6000})\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {SUBPACKAGES!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert done.stdout.strip() == "[]"
