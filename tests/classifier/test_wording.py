"""The wording block: a model that reads the text's n-grams beside the indicators."""

import numpy as np
import pandas as pd
import pytest
from classifier_standin import TokenExtractor

from workstatus import classifier
from workstatus.classifier._design import IndicatorDesign, wording

HYBRID = {"kind": "multinomial", "text_scale": 8.0, "text_features": 300, "class_weight": "balanced"}
# The wording learns the marker words below; the indicator tokens are the same in both texts.
PLATFORM = "众包 平台 抢单 自由上线 +work_assigned"
STATION = "站点 站长 排班 底薪 +work_assigned"


@pytest.fixture(scope="module")
def worded(cases):
    cases = cases.copy()
    # A wording cue the indicators do not carry: third-category records mention crowd-sourcing.
    cues = {"employee": " 站点 站长 排班 底薪", "third_category": " 众包 平台 抢单 自由上线", "independent": " 自带 车辆 自行 定价"}
    cases["text"] = [t + cues[label] for t, label in zip(cases["text"], cases["label"])]
    return cases


@pytest.fixture(scope="module")
def hybrid(worded):
    return classifier.fit_status_model(worded, HYBRID, extractor=TokenExtractor())


def test_wording_masks_anonymised_names_and_folds_digits():
    assert wording("张某于2021年3月入职，某某公司支付3000元") == "某于0年0月入职，某公司支付0元"
    assert wording("Paid £1,250 in MAY") == "paid £0,0 in may"


def test_the_design_adds_wording_columns_only_when_asked(worded):
    rows = TokenExtractor().fit([]).transform(worded["text"].tolist()).assign(
        jurisdiction=worded["jurisdiction"].to_numpy(), text=worded["text"].to_numpy())
    plain = IndicatorDesign().fit(rows)
    with_text = IndicatorDesign(text_scale=2.0, text_features=50).fit(rows)
    extra = with_text.transform(rows).shape[1] - plain.transform(rows).shape[1]
    assert extra == len(with_text.wording_terms()) == 50
    assert (with_text.sources_ == "wording").sum() == 50
    assert not len(plain.wording_terms())


def test_the_wording_separates_texts_whose_indicators_are_the_same(hybrid):
    platform, station = hybrid.decide_texts([PLATFORM, STATION], explain=False)
    assert platform.probabilities["third_category"] > station.probabilities["third_category"]
    assert station.probabilities["employee"] > platform.probabilities["employee"]


def test_shap_with_the_wording_still_adds_up_to_the_explained_output(hybrid, worded):
    for decision in hybrid.decide_texts(worded["text"].head(12).tolist() + [PLATFORM]):
        total = decision.base_value + sum(c.shap for c in decision.contributions)
        assert total == pytest.approx(decision.explained_value, abs=1e-6)


def test_the_wording_is_one_contribution_listing_its_strongest_ngrams(hybrid):
    decision = hybrid.decide_texts([PLATFORM])[0]
    named = {c.indicator: c for c in decision.contributions}
    assert "wording" in named
    word = named["wording"]
    assert word.value is None and word.evidence == ()
    assert 0 < len(word.terms) <= 8
    pushes = [abs(t.shap) for t in word.terms]
    assert pushes == sorted(pushes, reverse=True)
    assert all(t.term.strip() in wording(PLATFORM) for t in word.terms)  # char_wb pads words with spaces
    assert word.model_dump(mode="json")["terms"][0]["term"] == word.terms[0].term


def test_decide_reads_the_text_each_extraction_carries(hybrid):
    extraction = TokenExtractor().fit([]).extract(PLATFORM)
    via_extraction = hybrid.decide([extraction], explain=False)[0]
    via_text = hybrid.decide_texts([PLATFORM], explain=False)[0]
    via_frame = hybrid.predict_proba(pd.DataFrame({"text": [PLATFORM]}))[0]
    assert via_extraction.probabilities == pytest.approx(via_text.probabilities)
    assert list(via_extraction.probabilities.values()) == pytest.approx(via_frame)


def test_a_questionnaire_without_text_is_decided_on_its_indicators(hybrid):
    row = TokenExtractor().fit([]).extract(STATION).row
    decision = hybrid.decide_rows(pd.DataFrame([row]).assign(jurisdiction="CN"))[0]
    assert sum(decision.probabilities.values()) == pytest.approx(1.0)
    named = {c.indicator: c for c in decision.contributions}
    assert named["wording"].terms == ()
    total = decision.base_value + sum(c.shap for c in decision.contributions)
    assert total == pytest.approx(decision.explained_value, abs=1e-6)


def test_a_saved_hybrid_loads_and_predicts_the_same(hybrid, tmp_path):
    classifier.save_model(hybrid, tmp_path, config=HYBRID, catalogue_version="test", n_cases=90)
    loaded = classifier.load_model(tmp_path)
    texts = [PLATFORM, STATION, "rider +own_business"]
    assert np.allclose(loaded.predict_proba(texts), hybrid.predict_proba(texts))
