"""China's second stage by LEGAL.md 1b's rule: the rule, the probabilities, the decision's split, persistence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from classifier_standin import IDS, TokenExtractor

from workstatus import classifier
from workstatus.classifier._china import ChinaRule, split_probabilities, split_rates


def _rows(*facts: dict) -> np.ndarray:
    out = np.zeros((len(facts), len(IDS)))
    for r, given in enumerate(facts):
        for indicator, value in given.items():
            out[r, IDS.index(indicator)] = value
    return out


@pytest.mark.parametrize("facts, third", [
    ({"work_assigned": 1, "price_set_by_enterprise": 1}, True),  # two management facts, none of own account
    ({"work_assigned": 1, "price_set_by_enterprise": 1, "own_business": 1}, False),  # an own-account fact
    ({"work_assigned": 1, "price_set_by_enterprise": -1}, False),  # the worker sets the price
    ({"work_assigned": 1, "personal_service": -1, "monitored": 1}, False),  # free to send a substitute
    ({"work_assigned": 1}, False),  # one management fact only
    ({"method_prescribed": 1, "uniform_branding": 1, "training_required": 1}, False),  # one kind: how the work is done
    ({"method_prescribed": 1, "time_limits": 1}, True),
    ({"time_limits": 1, "rating_discipline": 1}, True),  # each rule or sanction is a fact of its own
    ({"work_assigned": -1, "monitored": -1}, False),  # denied management is no management
    ({"fixed_pay": 1, "exclusivity": 1, "main_income_source": 1}, False),  # dependence, not management
])
def test_the_rule_counts_distinct_management_facts_and_any_own_account_fact(facts, third):
    assert ChinaRule(IDS).third(_rows(facts))[0] == third


def test_the_rules_facts_name_side_and_kind_in_the_tables_order():
    facts = ChinaRule(IDS).facts(_rows({"own_business": 1, "work_assigned": 1, "uniform_branding": 1})[0])
    assert [(IDS[k], side, kind) for k, _, side, kind in facts] == [
        ("work_assigned", "management", "assigns_work"), ("uniform_branding", "management", "prescribes_method"),
        ("own_business", "own_account", "own_business")]


def test_split_rates_are_smoothed_shares_of_third_category_by_the_rules_answer():
    says_third = np.array([True, True, True, False, False])
    is_third = np.array([True, True, False, False, False])
    assert split_rates(says_third, is_third) == pytest.approx(((2 + 1) / (3 + 2), (0 + 1) / (2 + 2)))


def test_the_split_keeps_p_employee_and_divides_the_rest_by_the_rate():
    proba = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.1, 0.1, 0.8]])
    member = np.array([True, True, False])
    out = split_probabilities(proba, member, np.array([True, False, True]), (0.9, 0.2))
    np.testing.assert_allclose(out[:, 0], proba[:, 0])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[0, 1:], [0.8 * 0.9, 0.8 * 0.1])
    np.testing.assert_allclose(out[1, 1:], [0.4 * 0.2, 0.4 * 0.8])
    np.testing.assert_allclose(out[2], proba[2])  # not of the family: as the model gave it


@pytest.fixture(scope="module")
def pair(cases):
    learned = classifier.fit_status_model(cases, {"threshold": 0.4}, extractor=TokenExtractor())
    ruled = classifier.fit_status_model(cases, {"threshold": 0.4, "cn_split": "rule"}, extractor=TokenExtractor())
    return learned, ruled


def test_a_chinese_case_keeps_the_models_p_employee_and_other_cases_are_untouched(pair, cases):
    learned, ruled = pair
    p, q = learned.predict_proba(cases), ruled.predict_proba(cases)
    cn = (cases["jurisdiction"] == "CN").to_numpy()
    np.testing.assert_allclose(q[:, 0], p[:, 0])
    np.testing.assert_allclose(q[~cn], p[~cn])
    assert not np.allclose(q[cn], p[cn])
    np.testing.assert_allclose(q.sum(axis=1), 1.0)
    rates = ruled.estimator_.split_rates_
    third = ChinaRule(ruled.indicators_).third(ruled.rows(cases)[list(ruled.indicators_)].to_numpy()[cn])
    expected = np.where(third, rates[0], rates[1])
    np.testing.assert_allclose(q[cn, 1] / (1 - q[cn, 0]), expected)


def test_the_decision_says_which_facts_split_it_with_their_sentences(pair):
    _, ruled = pair
    text = "骑手 +work_assigned +time_limits -fixed_pay +contract_denies_employment"
    decision = ruled.decide_texts([text])[0]
    split = decision.split
    assert split.outcome == "third_category" and split.management == 2 and split.own_account == 0
    assert [(f.indicator, f.side, f.kind) for f in split.facts] == [
        ("work_assigned", "management", "assigns_work"), ("time_limits", "management", "rules_sanctions:time_limits")]
    assert all(f.evidence and f.evidence[0].indicator == f.indicator for f in split.facts)
    assert split.p_third == pytest.approx(ruled.estimator_.split_rates_[0])
    with_own = ruled.decide_texts([text + " +own_business"])[0].split
    assert with_own.outcome == "independent" and with_own.own_account == 1
    assert ruled.decide_texts(["rider +work_assigned +time_limits"], "GB")[0].split is None  # not a Chinese case
    learned_split = pair[0].decide_texts([text])[0].split
    assert learned_split is None


def test_a_split_case_is_explained_as_not_employment_and_the_signs_follow_doctrine(pair):
    _, ruled = pair
    decision = ruled.decide_texts(["骑手 +own_business +work_assigned -schedule_controlled"])[0]
    assert decision.most_probable != "employee"
    assert decision.explained_output.startswith("minus the centred logit of employee")
    total = decision.base_value + sum(c.shap for c in decision.contributions)
    assert total == pytest.approx(decision.explained_value)
    shap = {c.indicator: c.shap for c in decision.contributions}
    assert shap["work_assigned"] <= 0  # employment-leaning, stated: pushes towards employment
    assert shap["own_business"] >= 0 and shap["schedule_controlled"] >= 0
    employee = ruled.decide_texts(["骑手 " + " ".join(f"+{i}" for i in IDS[:12])])[0]
    assert employee.most_probable == "employee" and employee.explained_output.startswith("centred logit of employee")


def test_the_split_rates_survive_saving_and_loading(pair, cases, tmp_path):
    _, ruled = pair
    classifier.save_model(ruled, tmp_path, config={"kind": "multinomial", "cn_split": "rule"},
                          catalogue_version="test", n_cases=len(cases))
    loaded = classifier.load_model(tmp_path)
    assert loaded.estimator_.split_rates_ == pytest.approx(ruled.estimator_.split_rates_)
    np.testing.assert_allclose(loaded.predict_proba(cases), ruled.predict_proba(cases))
    assert loaded.decide_texts(["骑手 +work_assigned +time_limits"])[0].split is not None


def test_an_unknown_split_is_refused_with_the_choices(cases):
    """Fitting says it as loading a model file does (test_persistence pins the same words)."""
    with pytest.raises(ValueError, match="cn_split 'by_sector' is not a way to split; expected one of learned, rule"):
        classifier.fit_status_model(cases, {"cn_split": "by_sector"}, extractor=TokenExtractor())


def test_rows_of_a_family_without_columns_of_its_own_are_split_by_their_given_family(cases):
    pooled = classifier.fit_status_model(cases, {"cn_split": "rule", "min_family_cases": 10**6},
                                         extractor=TokenExtractor())
    rows = pooled.rows(cases)
    design = pooled.estimator_.design_.transform(rows)
    assert not pooled.estimator_.split_rows(design).any()  # the design alone cannot tell the family
    q = pooled.estimator_.predict_proba(rows)  # the rows can
    p = pooled.estimator_.predict_proba(None, design=design)
    cn = (cases["jurisdiction"] == "CN").to_numpy()
    assert not np.allclose(q[cn], p[cn]) and np.allclose(q[~cn], p[~cn])
    assert isinstance(pooled.estimator_.split_rates_, tuple) and pd.notna(pooled.estimator_.split_rates_[0])

