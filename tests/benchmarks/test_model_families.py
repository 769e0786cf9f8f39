"""benchmarks/model_families.py: doctrine aggregates and the monotone boosting candidate."""

import numpy as np
import pandas as pd
import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def families():
    return load_script("model_families")


@pytest.fixture(scope="module")
def catalogue():
    from workstatus.features import load_catalogue

    catalogue = load_catalogue()
    return list(catalogue.ids), {i: catalogue[i].towards for i in catalogue.ids}


def _rows(ids, values: dict, n=1):
    rows = pd.DataFrame({i: [values.get(i, 0)] * n for i in ids})
    rows["jurisdiction"] = "CN"
    return rows


def test_the_aggregates_count_control_and_weigh_paper_against_practice(families, catalogue):
    ids, _ = catalogue
    paper = families.with_aggregates(_rows(ids, {"contract_denies_employment": 1}))
    assert paper["agg_paper_only"].item() == 1 and paper["agg_practice_over_paper"].item() == 0
    managed = families.with_aggregates(_rows(ids, {"contract_denies_employment": 1, "work_assigned": 1,
                                                   "monitored": 1, "fixed_pay": 1}))
    together = ["agg_control_2", "agg_practice_over_paper", "agg_control_dependence"]
    assert managed[together].to_numpy().tolist() == [[1, 1, 1]]
    assert managed["agg_paper_only"].item() == 0 and managed["agg_control_4"].item() == 0
    # a denied control fact is not a control fact; a denied personal service is an own-account fact
    own = families.with_aggregates(_rows(ids, {"work_assigned": -1, "monitored": 1, "personal_service": -1,
                                               "own_business": 1}))
    assert own["agg_control_2"].item() == 0 and own["agg_own_account_2"].item() == 1


def test_every_aggregate_has_a_direction(families):
    assert {direction for direction, _ in families.AGGREGATES.values()} <= {"employment", "independence"}


def test_monotone_boosting_never_moves_a_probe_against_doctrine(families, catalogue):
    ids, towards = catalogue
    rng = np.random.default_rng(0)
    n = 240
    X = pd.DataFrame(rng.choice([-1, 0, 0, 1], size=(n, len(ids))), columns=ids)
    X["jurisdiction"] = rng.choice(["CN", "GB", "US"], size=n)
    lean = X[[i for i in ids if towards[i] == "employment"]].sum(axis=1) + rng.normal(0, 2, n)
    y = np.where(lean > 1, "employee", np.where(rng.random(n) < 0.4, "third_category", "independent"))
    model = families.MonotoneBoosting(tuple(ids), towards, cn_split="learned").fit(X, y)
    base = X.sample(30, random_state=1).reset_index(drop=True)
    for indicator in ids:
        low, high = base.copy(), base.copy()
        low[indicator], high[indicator] = -1, 1
        p_low, p_high = model.predict_proba(low), model.predict_proba(high)
        sign = 1 if towards[indicator] == "employment" else -1
        assert (sign * (p_high[:, 0] - p_low[:, 0]) >= -1e-12).all(), indicator
        assert (sign * (p_high[:, 2] - p_low[:, 2]) <= 1e-12).all(), indicator


def test_paired_differences_are_taken_repeat_by_repeat(families, capsys):
    y = np.array(["employee", "independent", "third_category", "employee"], dtype=object)
    frame = pd.DataFrame({"jurisdiction": ["CN", "CN", "GB", "GB"]})
    right = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]], dtype=float)
    wrong_once = right.copy()
    wrong_once[3] = [0, 0, 1]  # an employee taken for independent, in one repeat of two
    oofs = {"shipped settings": np.stack([right, right]), "candidate": np.stack([right, wrong_once])}
    got = families.paired(oofs, y, frame)["candidate"]
    assert got["binary_accuracy"]["mean"] == pytest.approx(-0.125)  # −0.25 in one repeat, 0 in the other
    assert got["cn_macro_f1"] == {"mean": 0.0, "sd": 0.0}  # the changed case is not Chinese
    assert "candidate − shipped settings" in capsys.readouterr().out
