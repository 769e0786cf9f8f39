import numpy as np
import pandas as pd
import pytest
from classifier_standin import IDS, TokenExtractor

from workstatus import classifier

EMPLOYEE_TEXT = "骑手 +work_assigned +refusal_penalised +fixed_pay +schedule_controlled +registered_business"


@pytest.mark.parametrize("kind", ["multinomial", "two_stage"])
def test_shap_contributions_add_up_to_the_explained_output(cases, kind):
    model = classifier.fit_status_model(cases, {"kind": kind}, extractor=TokenExtractor())
    for decision in model.decide_texts(cases["text"].head(12).tolist()):
        total = decision.base_value + sum(c.shap for c in decision.contributions)
        assert total == pytest.approx(decision.explained_value, abs=1e-6)


def test_the_centred_logit_explained_is_the_one_the_probabilities_imply(fitted):
    decision = fitted.decide_texts([EMPLOYEE_TEXT])[0]
    logs = np.log(list(decision.probabilities.values()))
    k = classifier.STATUSES.index(decision.most_probable)
    assert decision.explained_value == pytest.approx(logs[k] - logs.mean(), abs=1e-6)


def test_every_indicator_gets_a_contribution_with_its_evidence(fitted):
    decision = fitted.decide_texts([EMPLOYEE_TEXT])[0]
    named = {c.indicator: c for c in decision.contributions}
    assert set(IDS) <= set(named)
    assert [s.text for s in named["fixed_pay"].evidence] == ["+fixed_pay"]


def test_below_the_threshold_the_status_is_undetermined_and_probabilities_stay(fitted):
    cautious = classifier.StatusModel(**(fitted.get_params() | {"threshold": 1.01}))
    cautious.__dict__.update({k: v for k, v in fitted.__dict__.items() if k.endswith("_")})
    decision = cautious.decide_texts([EMPLOYEE_TEXT], explain=False)[0]
    assert decision.status == "undetermined"
    assert sum(decision.probabilities.values()) == pytest.approx(1.0)
    assert decision.most_probable == "employee"


def test_above_the_threshold_the_most_probable_status_is_decided(fitted):
    decision = fitted.decide_texts([EMPLOYEE_TEXT], explain=False)[0]
    assert decision.status == "employee"
    assert decision.contributions == () and decision.similar == ()


def test_similar_cases_share_the_indicators_they_list(fitted, cases):
    decision = fitted.decide_texts([EMPLOYEE_TEXT])[0]
    assert 1 <= len(decision.similar) <= 5
    by_id = cases.set_index("id")
    for similar in decision.similar:
        assert len(similar.shared) >= 3
        assert set(similar.shared) <= {t[1:] for t in by_id.loc[similar.id, "text"].split() if t.startswith("+")}
        assert by_id.loc[similar.id, "jurisdiction"] == "CN"  # the same legal-test family comes first
    assert [s.similarity for s in decision.similar] == sorted((s.similarity for s in decision.similar), reverse=True)


def test_a_near_empty_case_has_no_similar_cases_rather_than_a_perfect_match_on_nothing(fitted):
    decision = fitted.decide_texts(["骑手 +work_assigned"])[0]
    assert decision.similar == ()


def test_indicator_rows_without_text_are_decided_like_the_text(fitted):
    row = TokenExtractor().fit([]).extract(EMPLOYEE_TEXT).row
    from_rows = fitted.decide_rows(pd.DataFrame([row]).assign(jurisdiction="CN"), explain=False)[0]
    from_text = fitted.decide_texts([EMPLOYEE_TEXT], explain=False)[0]
    assert from_rows.probabilities == pytest.approx(from_text.probabilities)


def test_a_chinese_text_without_jurisdiction_is_taken_as_cn_and_english_gets_shared_weights(fitted):
    zh, en = fitted.decide_texts([EMPLOYEE_TEXT, "rider +work_assigned"], explain=False)
    assert (zh.jurisdiction, zh.family) == ("CN", "cn")
    assert (en.jurisdiction, en.family) == (None, "other")


def test_the_jurisdiction_changes_the_probabilities_through_family_weights(fitted):
    row = TokenExtractor().fit([]).extract("rider +work_assigned +contract_denies_employment").row
    frame = pd.DataFrame([row, row]).assign(jurisdiction=["CN", "GB"])
    cn, gb = fitted.decide_rows(frame, explain=False)
    assert cn.probabilities != pytest.approx(gb.probabilities)


def test_probabilities_of_the_two_stage_model_sum_to_one(cases):
    model = classifier.fit_status_model(cases, {"kind": "two_stage"}, extractor=TokenExtractor())
    assert model.predict_proba(cases).sum(axis=1) == pytest.approx(np.ones(len(cases)))


def test_a_label_outside_the_statuses_is_an_error(cases):
    bad = cases.assign(label=["worker"] + cases["label"].tolist()[1:])
    with pytest.raises(ValueError, match="labels worker are not statuses; expected one of employee"):
        classifier.fit_status_model(bad, extractor=TokenExtractor())


def test_input_without_text_or_indicator_columns_is_an_error(fitted):
    with pytest.raises(ValueError, match="neither a 'text' column nor the indicator columns"):
        fitted.predict_proba(pd.DataFrame({"jurisdiction": ["CN"]}))


def test_the_model_clones_and_keeps_its_parameters(fitted):
    from sklearn.base import clone

    assert clone(fitted).get_params()["threshold"] == fitted.threshold


def test_a_case_with_no_family_is_not_steered_to_the_cases_of_unnamed_countries():
    """'other' (no jurisdiction, or a country outside the named families) is no legal test: for such a
    case the most similar cases come first, whatever their family; a named family still comes first."""
    from workstatus.classifier._similar import SimilarIndex, nearest_cases

    ids = [f"i{k}" for k in range(4)]
    reference = pd.DataFrame({"id": ["tw", "cn", "uy", "gb"], "label": "employee", "jurisdiction": ["TW", "CN", "UY", "GB"],
                              "i0": [1, 1, 1, 1], "i1": [1, 1, 1, 1], "i2": [1, 1, 1, 1], "i3": [0, 1, -1, 1]})
    query = np.array([[1.0, 1.0, 1.0, 1.0]])
    index = SimilarIndex(reference, ids)
    for family in (None, "other"):
        chunk = index.nearest(query, [family], 4)[0]
        one = nearest_cases(reference, pd.Series(query[0], index=ids), ids, 4, family=family)
        assert [c.id for c in chunk] == [c.id for c in one] == ["cn", "gb", "tw", "uy"]
    assert [c.id for c in index.nearest(query, ["uk_ie"], 4)[0]] == ["gb", "cn", "tw", "uy"]


def test_every_parameter_the_model_shares_with_its_row_classifier_reaches_it(cases):
    """A setting given to the model (C, the split, the folds …) is the one its row classifier fits with."""
    settings = {"kind": "two_stage", "C": 3.0, "interaction_scale": 0.2, "form_scale": 0.5, "min_family_cases": 4,
                "class_weight": "balanced", "calibrate": False, "inner_folds": 3, "random_state": 7,
                "text_scale": 0.5, "text_features": 300, "cn_split": "rule"}
    model = classifier.StatusModel(extractor=TokenExtractor(), signed=False, **settings)
    model.fit(cases.drop(columns=["label"]), cases["label"])
    given = model.estimator_.get_params()
    assert {k: given[k] for k in settings} == settings
    assert given["towards"] is None and given["indicators"] == model.indicators_
