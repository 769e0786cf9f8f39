"""benchmarks/annotation_agreement.py compares two annotations on the indicators both of them value."""

import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def agreement():
    return load_script("annotation_agreement")


def test_an_indicator_the_second_annotation_lacks_is_left_out_and_named(agreement):
    """The first annotations carry skill_and_initiative; the *_second files, annotated before it existed, do not."""
    first = {"a": {"indicators": {"monitored": 1, "fixed_pay": 0, "skill_and_initiative": -1}}}
    second = {"a": {"indicators": {"monitored": 1, "fixed_pay": -1}}}
    assert agreement.shared_indicators(first, second) == (["monitored", "fixed_pay"], ["skill_and_initiative"])


def test_the_shipped_annotation_pairs_compare_on_at_least_the_shared_vocabulary(agreement):
    for first, second in (("gold.jsonl", "gold_second.jsonl"), ("frozen.jsonl", "frozen_second.jsonl"),
                          ("train.jsonl", "train_second.jsonl")):
        shared, _ = agreement.shared_indicators(agreement.read(first), agreement.read(second))
        assert len(shared) >= 33, (first, second)


def test_the_skill_double_annotation_covers_its_cases_across_the_four_sets(agreement):
    """skill_and_initiative's first values are spread over gold, dev, train and frozen; its second file names 120."""
    first = agreement.read("gold.jsonl,dev.jsonl,train.jsonl,frozen.jsonl")
    second = agreement.read("skill_second.jsonl")
    assert set(second) <= set(first)
    shared, _ = agreement.shared_indicators(first, second)
    assert shared == ["skill_and_initiative"]
    assert {r["indicators"]["skill_and_initiative"] for r in second.values()} <= {-1, 0, 1}
