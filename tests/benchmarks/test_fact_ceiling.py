"""benchmarks/fact_ceiling.py --oof-out: one line per case of the hand row's out-of-fold predictions."""

import json

import numpy as np
import pandas as pd
import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def ceiling():
    return load_script("fact_ceiling")


def test_each_case_gets_its_mean_prediction_and_the_misses_are_counted(ceiling, tmp_path):
    from workstatus.classifier import STATUSES

    employee, third, independent = (STATUSES.index(s) for s in ("employee", "third_category", "independent"))
    frame = pd.DataFrame({"id": ["a", "b"], "lang": ["en", "zh"]})
    oof = np.zeros((2, 2, 3))
    oof[:, 0, employee] = 0.8          # case a: employee in both repetitions
    oof[:, 0, independent] = 0.2
    oof[0, 1, third], oof[0, 1, independent] = 0.6, 0.4   # case b: third in one repetition,
    oof[1, 1, third], oof[1, 1, independent] = 0.3, 0.7   # independent in the other and on average
    path = tmp_path / "oof.jsonl"

    misses = ceiling.write_oof(path, frame, np.array(["uk_ie", "cn"]), np.array(["employee", "third_category"]), oof)

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert [r["predicted"] for r in rows] == ["employee", "independent"]
    assert rows[1]["per_repeat"] == ["third_category", "independent"]
    assert rows[1]["proba"]["independent"] == pytest.approx(0.55)
    assert misses == 1
    assert "text" not in rows[0] and "indicators" not in rows[0]
