import json

import numpy as np
import pytest
from classifier_standin import TOWARDS, TokenExtractor, make_cases, write_jsonl

import classifier


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("train")
    write_jsonl(folder / "cases.jsonl", make_cases(45, seed=3))
    out = folder / "model"
    result = classifier.train(folder / "cases.jsonl", out=out, folds=2, repeats=1, extractor=TokenExtractor(),
                              towards=TOWARDS, catalogue_version="test",
                              linear_grid=({"C": 1.0, "interaction_scale": 0.5}, {"C": 0.3, "interaction_scale": 1.0}),
                              learning_fractions=(0.5, 1.0),
                              families=("multinomial", "two_stage"))
    return result, out


def test_training_writes_model_manifest_card_and_figures(trained):
    _result, out = trained
    assert sorted(p.name for p in out.iterdir()) == ["MODEL_CARD.md", "manifest.json", "metrics.json", "model.joblib"]


def test_the_card_compares_the_baselines_with_the_indicator_models(trained):
    result, _out = trained
    for name in ("majority", "tfidf_char_lr", "rule_count", "multinomial", "two_stage"):
        assert f"`{name}`" in result.card


def test_the_kept_model_is_an_explainable_indicator_model(trained):
    result, out = trained
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["kind"] in ("multinomial", "two_stage")
    assert manifest["config"]["threshold"] == result.model.threshold


def test_the_threshold_comes_from_the_coverage_accuracy_curve(trained):
    result, _out = trained
    curve = {p["threshold"] for p in result.metrics["coverage_accuracy"]["curve"]}
    assert result.model.threshold in curve


def test_training_without_cv_is_the_same_fit_as_fit_status_model(tmp_path):
    write_jsonl(tmp_path / "cases.jsonl", make_cases(30, seed=4))
    result = classifier.train(tmp_path / "cases.jsonl", cv=False, extractor=TokenExtractor(), towards=TOWARDS,
                              catalogue_version="test")
    import labelled_cases

    frame = labelled_cases.load_cases(tmp_path / "cases.jsonl")
    again = classifier.fit_status_model(frame, result.metrics["selected_config"], extractor=TokenExtractor())
    assert np.allclose(again.predict_proba(frame), result.model.predict_proba(frame))


def test_the_tuned_setting_is_also_estimated_by_nested_cross_validation(trained):
    result, _out = trained
    nested = result.metrics["nested"]
    assert len(nested["picks"]) == 2
    assert 0.0 <= nested["summary"]["macro_f1"]["mean"] <= 1.0


def test_a_kept_hybrid_reads_the_wording_and_its_card_says_how_much(tmp_path):
    write_jsonl(tmp_path / "cases.jsonl", make_cases(45, seed=4))
    result = classifier.train(tmp_path / "cases.jsonl", out=tmp_path / "model", folds=2, repeats=1,
                              extractor=TokenExtractor(), towards=TOWARDS, catalogue_version="test",
                              hybrid_grid=({"C": 0.3, "class_weight": "balanced", "text_scale": 4.0,
                                            "text_features": 200},),
                              learning_fractions=(1.0,), families=("hybrid",))
    assert result.metrics["selected"]["name"] == "hybrid"
    assert result.model.estimator_.design_.wording_terms().size == 200
    assert "## The wording block" in result.card and "The wording dominates the explanations" in result.card
    assert "Why, as far as the measurements say" in result.card
    share = result.metrics["wording_weights"]["share"]["mean"]
    assert 0 < share < 1
    loaded = classifier.load_model(tmp_path / "model")
    decision = loaded.decide_texts(["骑手 +work_assigned +fixed_pay"])[0]
    assert "wording" in {c.indicator for c in decision.contributions}
