import numpy as np
import pandas as pd
from classifier_standin import TOWARDS

from workstatus import classifier
from workstatus.classifier._calibration import expected_calibration_error, fit_temperature
from workstatus.classifier.training import RuleBaseline, choose_threshold, repeated_group_splits, score


def test_republished_cases_and_near_identical_texts_share_a_group():
    frame = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "text": ["The rider was dispatched orders by the app every day.", "Something else entirely, a streamer.",
                 "The rider was dispatched orders by the app every day!", "A third text about a driver."],
        "case_number": ["(2020)京01民终1号", None, None, "（2020）京01民终1号"],
    })
    groups = classifier.case_groups(frame)
    assert groups[0] == groups[2] == groups[3]
    assert groups[1] != groups[0]


def test_grouped_cv_never_puts_a_group_on_both_sides():
    y = np.array(["employee", "third_category", "independent"] * 20)
    groups = np.repeat(np.arange(20), 3)
    for _repeat, train, test in repeated_group_splits(y, groups, folds=5, repeats=2):
        assert not set(groups[train]) & set(groups[test])


def test_repeated_splits_cover_every_case_once_per_repetition():
    y = np.array(["employee", "independent"] * 15)
    groups = np.arange(30)
    seen = {0: [], 1: []}
    for repeat, _train, test in repeated_group_splits(y, groups, folds=3, repeats=2):
        seen[repeat].extend(test)
    assert sorted(seen[0]) == sorted(seen[1]) == list(range(30))


def test_temperature_scaling_softens_overconfident_scores():
    rng = np.random.default_rng(0)
    target = rng.integers(0, 3, 300)
    scores = rng.normal(size=(300, 3)) * 5
    scores[np.arange(300), target] += 2
    assert fit_temperature(scores, target) > 1


def test_ece_is_zero_for_perfectly_calibrated_certainty():
    proba = np.eye(3)[[0, 1, 2, 0]]
    assert expected_calibration_error(proba, np.array([0, 1, 2, 0])) == 0.0


def test_the_threshold_is_the_lowest_that_reaches_the_target_accuracy():
    curve = [{"threshold": 0.4, "coverage": 1.0, "accuracy": 0.8},
             {"threshold": 0.6, "coverage": 0.8, "accuracy": 0.91},
             {"threshold": 0.8, "coverage": 0.6, "accuracy": 0.95}]
    assert choose_threshold(curve, target_accuracy=0.9)["threshold"] == 0.6


def test_the_rule_baseline_counts_directions_against_its_thresholds():
    rows = pd.DataFrame([{"work_assigned": 1, "fixed_pay": 1, "monitored": 1, "own_business": 0},
                         {"work_assigned": 1, "fixed_pay": 0, "monitored": 0, "own_business": 0},
                         {"work_assigned": 0, "fixed_pay": -1, "monitored": 0, "own_business": 1}])
    assert RuleBaseline(TOWARDS).fit(rows).predict(rows).tolist() == ["employee", "third_category", "independent"]


def test_score_reports_binary_accuracy_of_employee_against_the_rest():
    proba = np.array([[0.1, 0.8, 0.1], [0.8, 0.1, 0.1]])
    result = score(np.array([2, 0]), proba)
    assert (result["accuracy"], result["binary_accuracy"]) == (0.5, 1.0)


def test_selective_accuracy_decides_the_most_confident_share_first():
    from workstatus.classifier.training._metrics import selective_accuracy

    target = np.array([0, 0, 1, 2])
    proba = np.array([[0.9, 0.05, 0.05],   # right, most confident
                      [0.2, 0.7, 0.1],     # wrong on both targets
                      [0.3, 0.4, 0.3],     # right 3-way, least confident
                      [0.1, 0.1, 0.8]])    # right
    points = {p["coverage"]: p for p in selective_accuracy(target, proba, coverages=(0.5, 1.0))}
    assert points[0.5]["n"] == 2 and points[0.5]["accuracy"] == 1.0 and points[0.5]["threshold"] == 0.8
    assert points[1.0]["binary_accuracy"] == 0.75 and points[1.0]["accuracy"] == 0.75
