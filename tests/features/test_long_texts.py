"""Long and repetitive texts: the evidence stays bounded, the row and what each party says do not change."""

from workstatus.features import IndicatorExtractor
from workstatus.features._matching import SPANS_PER_INDICATOR

CUE = "骑手拒单就扣款。"
CONTRACT = "协议约定骑手拒单就扣款。"


def _extract(text):
    return IndicatorExtractor().fit().extract(text)


def test_a_cue_repeated_a_thousand_times_keeps_a_bounded_evidence_and_the_same_row():
    once, many = _extract(CUE), _extract(CUE * 1000)
    assert many.row == once.row
    stated = [i for i, v in once.row.items() if v == 1]
    assert stated
    for ident in stated:
        assert 1 <= len(many.spans_for(ident)) <= SPANS_PER_INDICATOR
    assert all(s.sentence == many.text[s.sentence_start:s.sentence_end] for s in many.evidence)


def test_what_the_contract_says_survives_the_cap_when_it_comes_after_it():
    text = CUE * 200 + CONTRACT
    x = _extract(text)
    contract = x.said("contract")
    assert contract and contract == _extract(CONTRACT).said("contract")
    assert x.said("fact") == _extract(CUE).said("fact")
    assert any(s.says == "contract" and s.start >= len(CUE) * 200 for s in x.evidence)


def test_one_cue_without_punctuation_gives_sentences_of_at_most_600_characters():
    x = _extract("扣款" * 20_000)
    assert x.evidence and all(len(s.sentence) <= 600 for s in x.evidence)
    assert len(x.evidence) <= 2 * SPANS_PER_INDICATOR
