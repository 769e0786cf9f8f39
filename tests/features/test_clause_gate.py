"""The learned clause gate: boilerplate and definitions state nothing, a free refusal stays a denial, no pickle."""

import pickle
import shutil

import numpy as np
import pytest

from workstatus.features import FeaturesError, IndicatorExtractor, filter_agreement, load_catalogue, read_clauses
from workstatus.features._clause_gate import (
    ARRAYS_FILE, GATE_DIR, STATE_FILE, ClauseGate, GateIntegrityError, load_gate, save_gate, shipped_gate,
)

EN = """# Driver Terms

## 1. Definitions

1.1 "Fare" means the price the Company sets for a Trip, which the Passenger pays through the app.

1.2 "Tip" means an amount a Passenger may add; a Driver who refuses a tip is not penalised.

## 2. The work

2.1 The Driver may decline any trip without effect on the Driver's rating or access to trips.

2.2 The Company monitors the Driver's location through the app during every Trip.

## 3. Trademarks

3.1 The Driver must use the Company's trademarks and logo only in the manner the Company prescribes.

## 4. Governing law

4.1 This Agreement is governed by the laws of England and the courts of London have exclusive jurisdiction.
"""
ZH = """第一条 定义
本协议中“订单”是指用户通过平台发布、由平台统一派单的配送需求。
第二条 接单
乙方可以自由拒单，拒单不影响乙方的派单和评分。
第三条 争议解决
本协议适用中华人民共和国法律，争议由甲方所在地人民法院管辖。
"""


@pytest.fixture(scope="module")
def extractor():
    return IndicatorExtractor()


def _clause(text, number):
    return read_clauses(text).by_number()[number]


@pytest.mark.parametrize("number", ["1.1", "1.2", "3.1", "4.1"])
def test_an_english_definition_trademark_or_governing_law_clause_passes_for_no_indicator(number):
    gate = shipped_gate()
    clause = _clause(EN, number)
    assert clause.kind in ("definition", "boilerplate")
    assert [i for i in gate.ids_ if gate.passes(clause, i)] == []


@pytest.mark.parametrize("text", [EN, ZH])
def test_the_gated_reading_keeps_nothing_of_definitions_and_boilerplate_though_cues_fire_there(text, extractor):
    agreement = read_clauses(text)
    extraction = extractor.extract(text, cues_only=True)
    outside = {agreement.at(s.start).number for s in extraction.evidence
               if agreement.at(s.start).kind in ("definition", "boilerplate")}
    assert outside  # the plain extraction reads the definition's and the boilerplate's cues
    read = filter_agreement(extraction, load_catalogue().ids, gate=shipped_gate())
    assert read.extraction.evidence
    assert not {read.clause_of(s).number for s in read.extraction.evidence} & outside


def test_a_clause_that_watches_the_worker_passes_for_monitored():
    assert shipped_gate().passes(_clause(EN, "2.2"), "monitored")
    assert not shipped_gate().passes(_clause(EN, "4.1"), "monitored")


def test_a_clause_letting_the_worker_decline_freely_is_a_denial_not_refusal_penalised(extractor):
    ids = load_catalogue().ids
    zh = filter_agreement(extractor.extract(ZH, cues_only=True), ids, gate=shipped_gate())
    assert zh.extraction.row["refusal_penalised"] == -1
    en = filter_agreement(extractor.extract(EN, cues_only=True), ids, gate=shipped_gate())
    assert en.extraction.row["refusal_penalised"] != 1
    assert en.extraction.row["monitored"] == 1


def test_the_shipped_gate_loads_from_json_and_npz_only_and_saves_back_the_same_bytes(tmp_path):
    with np.load(GATE_DIR / ARRAYS_FILE, allow_pickle=False) as archive:  # raises on an object array
        assert set(archive.files) == {"idf", "coef", "intercept", "active"}
    saved = save_gate(load_gate(), tmp_path / "gate", trained_on=load_gate().trained_on_)
    for name in (STATE_FILE, ARRAYS_FILE):
        assert (saved / name).read_bytes() == (GATE_DIR / name).read_bytes()


def test_a_planted_pickle_is_refused(tmp_path):
    folder = shutil.copytree(GATE_DIR, tmp_path / "gate")
    (folder / "weights.bin").write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(GateIntegrityError, match="pickle"):
        load_gate(folder)


def _tiny():
    clauses = read_clauses(EN).clauses + read_clauses(ZH).clauses
    stated = [{"monitored"} if "monitors" in c.text else ({"refusal_penalised"} if "拒单" in c.text else set())
              for c in clauses]
    return clauses, stated


def test_arrays_that_differ_from_the_json_are_refused(tmp_path):
    clauses, stated = _tiny()
    folder = save_gate(ClauseGate(min_df=1, min_clauses=1).fit(clauses, stated, ["monitored", "refusal_penalised"]),
                       tmp_path / "a")
    other = save_gate(ClauseGate(min_df=1, min_clauses=1, C=1.0).fit(clauses, stated, ["monitored", "refusal_penalised"]),
                      tmp_path / "b")
    (folder / ARRAYS_FILE).write_bytes((other / ARRAYS_FILE).read_bytes())
    with pytest.raises(GateIntegrityError, match="sha256"):
        load_gate(folder)


def test_a_refit_is_deterministic_and_reads_back_the_same(tmp_path):
    clauses, stated = _tiny()
    ids = ["monitored", "refusal_penalised"]
    first = save_gate(ClauseGate(min_df=1, min_clauses=1).fit(clauses, stated, ids), tmp_path / "a")
    second = save_gate(ClauseGate(min_df=1, min_clauses=1).fit(clauses, stated, ids), tmp_path / "b")
    assert (first / ARRAYS_FILE).read_bytes() == (second / ARRAYS_FILE).read_bytes()
    assert (first / STATE_FILE).read_bytes() == (second / STATE_FILE).read_bytes()
    fitted, loaded = ClauseGate(min_df=1, min_clauses=1).fit(clauses, stated, ids), load_gate(first)
    for clause in clauses:
        assert np.allclose(fitted.probabilities(clause), loaded.probabilities(clause), atol=1e-6)


def test_an_unknown_language_or_rule_names_what_is_expected():
    with pytest.raises(FeaturesError, match="expected a language of en, zh and a rule of both"):
        ClauseGate(settings={"fr": ("both", 0.02)})


def test_a_span_whose_indicator_the_gate_has_no_model_of_is_set_aside_with_its_reason(extractor):
    clauses, stated = _tiny()
    gate = ClauseGate(min_df=1, min_clauses=1).fit(clauses, stated, ["refusal_penalised"])  # no model of monitoring
    read = filter_agreement(extractor.extract(EN, cues_only=True), load_catalogue().ids, gate=gate)
    assert read.extraction.row["monitored"] == 0
    assert ("monitored", "2.2", "gate") in {(s.indicator, c.number, why) for s, c, why in read.set_aside}
    assert filter_agreement(extractor.extract(EN, cues_only=True), load_catalogue().ids).extraction.row["monitored"] == 1
