"""What the extractor reads: languages, negation, claims, conflicts, facts, evidence."""

from __future__ import annotations

import glob
import json
import math
import random
from pathlib import Path

import pytest

from workstatus import features
from workstatus.features import NUMERIC_FACTS, IndicatorExtractor, detect_language

CORPUS = Path("/work/shared/corpora/cn-official-labour-cases")


def test_silence_and_denial_stay_different(extract):
    """A text that says riders may refuse freely is not the same as one that says nothing."""
    denied, silent = extract(["骑手可以自由拒单，不受任何处罚。", "骑手负责配送。"])
    assert denied["refusal_penalised"] == -1
    assert silent["refusal_penalised"] == 0


def test_a_prohibition_of_refusing_is_the_indicator_itself(extract):
    (row,) = extract(["骑手不得拒单，否则将被罚款。"])
    assert row["refusal_penalised"] == 1


@pytest.mark.parametrize(
    "text, indicator",
    [
        ("Drivers are not required to log in at set times.", "schedule_controlled"),
        ("No fines are imposed on couriers.", "performance_penalties"),
        ("公司未对徐某上线接单时间提出要求。", "schedule_controlled"),
        ("平台不对配送过程进行监控。", "monitored"),
    ],
)
def test_a_negator_before_a_cue_flips_it(extract, text, indicator):
    (row,) = extract([text])
    assert row[indicator] == -1


def test_negation_stays_within_its_clause(extract):
    (row,) = extract(["骑手不是员工，公司对骑手进行实时监控。"])
    assert row["monitored"] == 1


def test_a_negator_inside_a_condition_does_not_negate_the_sanction(extract):
    (row,) = extract(["不接单就封号。"])
    assert row["unilateral_termination"] == 1


def test_a_negation_distributes_over_an_english_list(extract):
    (row,) = extract(["She received no holiday pay, sick pay or pension contributions."])
    assert row["staff_treatment"] == -1


@pytest.mark.parametrize(
    "text, indicator",
    [
        ("公司主张骑手可以自由安排上线时间。", "schedule_controlled"),
        ("某公司辩称其从未对刘某进行考勤管理。", "schedule_controlled"),
        ("Uber argued that drivers were free to log on whenever they wished.", "schedule_controlled"),
        ("The company contended that riders could decline orders without consequence.", "refusal_penalised"),
    ],
)
def test_a_party_claim_is_evidence_marked_attributed_but_sets_no_value(extractor, text, indicator):
    extraction = extractor.extract(text)
    assert extraction.row[indicator] == 0
    assert extraction.spans_for(indicator) and all(s.attributed for s in extraction.spans_for(indicator))


def test_a_claim_ends_at_a_contrast(extract):
    (row,) = extract(["公司主张骑手可以自由拒单，但实际上骑手拒单会被罚款。"])
    assert row["refusal_penalised"] == 1


def test_a_court_finding_is_not_a_party_claim(extractor):
    extraction = extractor.extract("法院认为，公司通过平台对骑手进行实时监控。")
    assert extraction.row["monitored"] == 1


def test_in_a_conflict_the_stated_fact_wins_over_a_denial(extract):
    """The agreement says drivers may decline; the facts say refusals are penalised: +1."""
    (row,) = extract(["The Partner may accept or decline any delivery request at its sole discretion. "
                      "Drivers who decline too many trips are deactivated."])
    assert row["refusal_penalised"] == 1


def test_traditional_characters_are_read_like_simplified_ones(extract):
    traditional, simplified = extract(["騎手不得拒單，否則將被罰款。", "骑手不得拒单，否则将被罚款。"])
    assert traditional == pytest.approx(simplified, nan_ok=True)
    assert traditional["refusal_penalised"] == 1


def test_offsets_of_traditional_text_index_the_original(extractor):
    text = "公司通過GPS實時監控司機位置。"
    for span in extractor.extract(text).evidence:
        assert text[span.start:span.end] == span.text


def test_a_mixed_text_is_read_with_both_lexicons(extract):
    (row,) = extract(["骑手须按照排班上线。Drivers may set their own prices."])
    assert row["schedule_controlled"] == 1 and row["price_set_by_enterprise"] == -1


def test_the_language_is_detected_per_text():
    assert detect_language("骑手不得拒单") == "zh"
    assert detect_language("Drivers may decline trips.") == "en"


def test_the_extraction_reports_the_dominant_language(extractor):
    assert extractor.extract("骑手须按照排班上线，每天打卡。Shift.").lang == "zh"


def test_an_explicit_language_limits_the_lexicon(extractor):
    text = "骑手须按照排班上线。The app tracks my location all the time."
    assert extractor.extract(text, lang="zh").row["monitored"] == 0
    assert extractor.extract(text).row["monitored"] == 1


def test_an_empty_text_yields_a_silent_row(extractor):
    extraction = extractor.extract("")
    assert extraction.evidence == ()
    assert all(v == 0 for k, v in extraction.row.items() if k not in NUMERIC_FACTS)
    assert all(math.isnan(extraction.row[k]) for k in NUMERIC_FACTS)


def _real_texts() -> list[str]:
    texts = [json.loads(p.read_text(encoding="utf-8"))["keyFacts"] for p in sorted(CORPUS.glob("*.json"))]
    for path in sorted(glob.glob(str(Path(__file__).parents[2] / "labelled_cases" / "real" / "*.jsonl"))):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_every_evidence_span_slices_the_original_text_exactly(extractor):
    """Property over real texts, with random traditional/full-width/upper-case noise."""
    rng = random.Random(7)
    noise = str.maketrans({"单": "單", "罚": "罰", "时": "時", "，": ",", "1": "１", "a": "A", "e": "E"})
    texts = _real_texts() or ["骑手不得拒单，否则将被罚款。"]
    for text in texts:
        for variant in (text, text.translate(noise) if rng.random() < 0.5 else text.upper()):
            extraction = extractor.extract(variant)
            for span in extraction.evidence:
                assert variant[span.start:span.end] == span.text
                assert variant[span.sentence_start:span.sentence_end] == span.sentence
                assert span.sentence_start <= span.start <= span.end <= span.sentence_end


@pytest.mark.parametrize(
    "text, fact, value",
    [
        ("每天工作10小时，每周6天。", "weekly_hours", 60.0),
        ("I work 40 hours a week.", "weekly_hours", 40.0),
        ("自2019年4月起一直在站点工作，至2021年3月离职。", "tenure_months", 23.0),
        ("他工作了两年。", "tenure_months", 24.0),
        ("He worked for the company for 3 years.", "tenure_months", 36.0),
        ("She earned 80% of her income from the platform.", "income_share", 0.8),
        ("这是我唯一的收入来源。", "income_share", 1.0),
    ],
)
def test_numeric_facts_are_read_when_stated(extractor, text, fact, value):
    extraction = extractor.extract(text)
    assert extraction.row[fact] == pytest.approx(value, abs=0.6)
    (span,) = extraction.spans_for(fact)[:1]
    assert span.value == pytest.approx(value, abs=0.6) and span.polarity is None


@pytest.mark.parametrize(
    "text, fact",
    [("每天工作10小时。", "weekly_hours"), ("这是他的主要收入来源。", "income_share"), ("合同为期1年。", "tenure_months")],
)
def test_numeric_facts_stay_nan_unless_clearly_stated(extractor, text, fact):
    assert math.isnan(extractor.extract(text).row[fact])


def test_a_five_megabyte_text_finishes(extractor):
    """No pattern backtracks catastrophically: the scan is linear (not timed, it must just finish)."""
    sample = "".join(_real_texts()) or "骑手每天必须在线10小时，超时就扣钱，拒单将被封号。"
    text = (sample * (5_000_000 // len(sample) + 1))[:5_000_000]
    extraction = extractor.extract(text)
    assert len(text) == 5_000_000 and extraction.evidence


def test_a_long_text_without_punctuation_finishes(extractor):
    assert extractor.extract("不" * 1_000_000 + "拒单罚款").row["refusal_penalised"] in (-1, 1)


def test_an_extraction_keeps_its_text_but_never_prints_it(extractor):
    text = "张三身份证号110101199001011234。骑手不得拒单。"  # the number is in a sentence that is no evidence
    extraction = extractor.extract(text)
    assert extraction.text == text
    assert "110101199001011234" not in repr(extraction)
    assert features.read_answers({"work_assigned": "yes"}).text == ""


@pytest.mark.parametrize("text, indicator, says", [
    ("《配送服务协议》约定，骑手须服从站点派单。", "work_assigned", "contract"),
    ("站长每天给骑手派单。", "work_assigned", "fact"),
    ("公司主张骑手可以自由拒单。", "refusal_penalised", "claim"),
    ("The agreement provided that the driver must wear the company uniform.", "uniform_branding", "contract"),
    ("Under the contract, the courier was free to send a substitute.", "personal_service", "contract"),
    ("The drivers wore the company uniform every day.", "uniform_branding", "fact"),
])
def test_each_span_says_whether_it_is_a_fact_a_contract_term_or_a_claim(extractor, text, indicator, says):
    spans = extractor.extract(text).spans_for(indicator)
    assert spans and {s.says for s in spans} == {says}


def test_the_paper_and_the_practice_are_kept_apart(extractor):
    extraction = extractor.extract("双方签订《合作协议》，约定骑手可自主决定是否接单。实际上，站长每天给骑手派单。")
    assert extraction.said("contract")["work_assigned"] == -1
    assert extraction.said("fact")["work_assigned"] == 1


@pytest.mark.parametrize("text, word", [("Drivers who decline jobs are penalised.", "penalised"),
                                        ("Riders are monitored by GPS tracking.", "monitored")])
def test_evidence_never_ends_or_starts_inside_a_word(extractor, text, word):
    for span in extractor.extract(text).evidence:
        assert span.start == 0 or not text[span.start - 1].isalnum()
        assert span.end == len(text) or not text[span.end].isalnum()
    assert any(s.text.endswith(word) for s in extractor.extract(text).evidence)
