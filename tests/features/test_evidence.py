"""Spans and extractions built without validation (``_evidence.trusted``) are those validation builds."""

from __future__ import annotations

import pytest

from workstatus import features
from workstatus.features import Extraction, Span
from workstatus.features._learned import is_learned

TEXTS = [  # synthetic sentences, written for this test
    "公司与他签订了合作协议。他每天到站点打卡，由站长排班，超时送达要罚款。公司主张他可以自由接单。他在公司工作了两年。",
    "The company provided him with a van bearing its logo and paid him a monthly wage. The agreement states that he "
    "may not work for competitors. He worked 40 hours a week for three years and the company argued he was free.",
    "骑手可以自由拒单，不受任何处罚。",
    "骑手每天早上八点到站点报到，站长通过平台软件给他派单，每月按接单量发工资，公司为他购买了意外保险。骑手穿着公司统一的"
    "工作服，使用公司配发的电动车送餐，每月休息四天，请假需要站长批准。他在这家公司送餐三年，没有其他收入来源。",
]


@pytest.fixture(scope="module")
def learned() -> features.IndicatorExtractor:
    return features.IndicatorExtractor(learned=True).fit()


def _validated(record):
    """The record as validation builds it from the fields its maker passed."""
    given = {name: record.__dict__[name] for name in record.__pydantic_fields_set__}
    if isinstance(record, Extraction):
        given["evidence"] = tuple(_validated(span) for span in record.evidence)
        return Extraction(**given)
    return Span(**given)


def _same(record, validated) -> None:
    assert record == validated
    assert list(record.__dict__) == list(validated.__dict__)
    assert [type(v) for v in record.__dict__.values()] == [type(v) for v in validated.__dict__.values()]
    assert record.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert record.model_dump_json() == validated.model_dump_json()


@pytest.mark.parametrize("text", TEXTS)
def test_the_spans_of_cues_and_of_the_reader_are_those_validation_builds(learned, text):
    for extraction in (learned.extract(text, cues_only=True), learned.extract(text)):
        assert extraction.evidence
        validated = _validated(extraction)
        _same(extraction, validated)
        for span, checked in zip(extraction.evidence, validated.evidence):
            _same(span, checked)


def test_the_texts_hold_spans_of_the_reader(learned):
    assert any(is_learned(span) for text in TEXTS for span in learned.extract(text).evidence)


def test_a_trusted_span_copied_with_an_update_leaves_the_original_as_it_was(learned):
    span = learned.extract(TEXTS[0]).evidence[0]
    before = set(span.__pydantic_fields_set__)
    copied = span.model_copy(update={"says": "contract"})
    assert copied.says == "contract" and "source" not in before
    assert span.__pydantic_fields_set__ == before
