"""The chunk-wide decision path gives exactly what the per-row computations it replaced give."""

import numpy as np
import pandas as pd
import pytest
from classifier_standin import TokenExtractor

from workstatus import classifier
from workstatus.classifier import _wording
from workstatus.classifier._design import wording_vectorizer
from workstatus.classifier._similar import SimilarIndex, nearest_cases
from workstatus.classifier._wording import WordingCoder

TRAINING = [
    "骑手必须服从系统派单，拒单扣款，每天在线10小时。",
    "The driver must accept every trip and is deactivated for low ratings.",
    "张某在平台注册为个体工商户，自行决定接单时间，自备车辆。",
    "She set her own prices, invoiced the company and hired helpers.",
    "站点站长排班，底薪加提成，统一着装。",
    "Couriers wear the uniform; the app monitors every route.",
] * 2
AWKWARD = [
    "",
    "   ",
    "a",
    "  two\t\tspaces\n\nand   lines  ",
    "全角\u3000空格 与 tab\t混排",
    "astral 😀 characters 𠀀 outside the BMP",
    "a lone surrogate \ud800 in the middle",
    "Ünïcödé lower CASE and 2021-03-04 digits",
    "符号★◆※只有 unseen 字符",
    "某某公司和张某签订协议，约定底薪3000元。" * 40,
]


def test_the_numpy_wording_tf_idf_is_scikit_learns_float_for_float(monkeypatch):
    vectorizer = wording_vectorizer(300).fit(TRAINING)
    assert WordingCoder.fits(vectorizer)
    texts = AWKWARD + TRAINING + ["".join(TRAINING)]
    expected = vectorizer.transform(texts).toarray()
    assert np.array_equal(WordingCoder(vectorizer).transform(texts).toarray(), expected)
    # a long text crosses the segments the coder works in, and tallies across them
    monkeypatch.setattr(_wording, "_SEGMENT", 37)
    monkeypatch.setattr(_wording, "_GROUP", 3)
    assert np.array_equal(WordingCoder(vectorizer).transform(texts).toarray(), expected)


def test_a_vectorizer_the_coder_cannot_reproduce_is_left_to_scikit_learn():
    vectorizer = wording_vectorizer(50).set_params(ngram_range=(1, 4)).fit(TRAINING)
    assert not WordingCoder.fits(vectorizer)


@pytest.fixture(scope="module")
def hybrid(cases):
    texts = [t + (" 站点 排班" if label == "employee" else " 平台 抢单") for t, label in zip(cases["text"], cases["label"])]
    return classifier.fit_status_model(cases.assign(text=texts), {"text_scale": 4.0, "text_features": 200},
                                       extractor=TokenExtractor())


def test_a_chunk_is_decided_as_each_of_its_cases_alone(hybrid, cases):
    texts = cases["text"].head(40).tolist() + ["站点 +work_assigned +fixed_pay tenure=30", "nothing stated", ""]
    together = hybrid.decide_texts(texts)
    alone = [hybrid.decide_texts([t])[0] for t in texts]
    # the same answers; floats may differ in the last bits, a matrix product over another number of rows
    assert [_rounded(d.model_dump()) for d in together] == [_rounded(d.model_dump()) for d in alone]
    assert any(d.similar for d in together)


def _rounded(value):
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return round(value, 9) if isinstance(value, float) else value


def test_rows_and_extractions_of_the_same_cases_get_the_same_decisions(hybrid, cases):
    texts = cases["text"].head(20).tolist()
    extractor = TokenExtractor().fit([])
    rows = pd.DataFrame([extractor.extract(t).row for t in texts]).assign(jurisdiction="CN", text=texts)
    from_rows = hybrid.decide_rows(rows)
    from_texts = hybrid.decide_texts(texts, ["CN"] * len(texts))
    for a, b in zip(from_rows, from_texts):
        assert a.model_dump(exclude={"contributions"}) == b.model_dump(exclude={"contributions"})
        assert [(c.indicator, c.shap, c.value) for c in a.contributions] == [
            (c.indicator, c.shap, c.value) for c in b.contributions]


def test_linear_shap_values_are_those_of_shaps_linear_explainer(hybrid, cases):
    import shap

    estimator = hybrid.estimator_
    rows = hybrid.rows(cases.head(30))
    statuses = ["employee", "third_category", "independent"] * 10
    base, values, output = estimator.explain_design(rows, statuses)
    Z = estimator.design_.transform(rows)
    reference = estimator.no_facts_reference(Z)
    for n, status in enumerate(statuses):  # one background row per case: the same case with no facts
        explainer = shap.LinearExplainer(estimator.linear_output(status), reference[n:n + 1])
        assert np.allclose(values[n], explainer.shap_values(Z[n:n + 1])[0], rtol=0, atol=1e-12)
        assert np.isclose(base[n], float(np.ravel(explainer.expected_value)[0]), rtol=0, atol=1e-12)
    assert np.allclose(base + values.sum(axis=1), output)


def test_the_reference_of_a_case_is_the_same_case_with_no_facts(hybrid, cases):
    estimator = hybrid.estimator_
    rows = hybrid.rows(cases.head(30))
    Z = estimator.design_.transform(rows)
    silent = rows.copy()
    facts = [c for c in silent.columns if c in estimator.design_.sources_ and c not in ("jurisdiction", "text")]
    silent[facts] = np.nan
    silent[[c for c in facts if c in hybrid.indicators_]] = 0
    expected = estimator.design_.transform(silent)
    wording = estimator.design_.sources_ == "wording"
    R = estimator.no_facts_reference(Z)
    assert np.array_equal(R[:, ~wording], expected[:, ~wording])
    assert np.array_equal(R[:, wording], np.broadcast_to(estimator.background_[:, wording], R[:, wording].shape))


def test_the_similar_cases_of_a_chunk_are_those_of_each_row(hybrid, cases):
    reference, indicators = hybrid.reference_, hybrid.indicators_
    index = SimilarIndex(reference, indicators)
    rows = hybrid.rows(cases.head(30))
    queries = np.array([[float(rows[i].iloc[n] or 0) for i in indicators] for n in range(len(rows))])
    families = ["cn", "uk_ie", "other"] * 10
    chunk = index.nearest(queries, families, 5)
    assert sum(map(len, chunk)) > 0
    for n, found in enumerate(chunk):
        assert found == nearest_cases(reference, rows.iloc[n], indicators, 5, family=families[n])


def _validated(record):
    """The record as validation makes it from its own fields, nested records included."""
    return type(record).model_validate(record.model_dump())


def test_records_built_without_validation_are_those_validation_builds(hybrid, cases):
    texts = cases["text"].head(30).tolist() + ["站点 +work_assigned +fixed_pay tenure=30", "nothing stated"]
    decisions = hybrid.decide_texts(texts) + hybrid.decide_texts(texts, explain=False)
    assert any(c.terms for d in decisions for c in d.contributions) and any(d.similar for d in decisions)
    for decision in decisions:
        again = _validated(decision)
        assert decision == again and decision.model_dump_json() == again.model_dump_json()
        for record in (*decision.contributions, *decision.similar, *(t for c in decision.contributions for t in c.terms)):
            assert record == _validated(record)
            assert {k: type(v) for k, v in record} == {k: type(v) for k, v in _validated(record)}


def test_the_top_terms_of_a_chunk_are_the_strongest_pushes_ties_in_column_order():
    from workstatus.classifier._model import WORDING_TERMS, _top_terms_chunk

    rng = np.random.default_rng(0)
    values = rng.choice([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0], size=(40, 30))
    present = rng.random((40, 30)) < 0.6
    present[0] = False  # a text with no n-gram of the vocabulary
    for row in (1, 17, 39):  # fewer n-grams than are listed, between and after texts with more
        present[row, :3] = True
        present[row, 3:] = False
    values[20:25] = 1.0  # every push equal: the first columns are listed
    present[30], present[31] = np.arange(30) < WORDING_TERMS, np.arange(30) < 2  # exactly as many as are listed,
    values[30, :WORDING_TERMS] = [2.0] * (WORDING_TERMS - 1) + [0.5]  # the weakest last, then a short text
    values[31, :2] = 4.0  # whose pushes are stronger
    terms = np.array([f"t{j}" for j in range(30)], dtype=object)
    for row, listed in zip(range(40), _top_terms_chunk(values, terms, present)):
        shown = [j for j in range(30) if present[row, j] and values[row, j] != 0]
        expected = sorted(shown, key=lambda j: -abs(values[row, j]))[:WORDING_TERMS]  # stable: ties by column
        assert [(t.term, t.shap) for t in listed] == [(terms[j], values[row, j]) for j in expected]
