"""The gold set annotates real cases, copied exactly, with every indicator valued."""

import json

import pytest

from workstatus.labelled_cases import CASES_DIR, load_cases

GOLD = CASES_DIR / "annotations" / "gold.jsonl"


@pytest.fixture(scope="module")
def gold():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_gold_set_is_large_enough_in_both_languages(gold):
    langs = [g["lang"] for g in gold]
    assert len(gold) >= 60
    assert langs.count("zh") >= 25 and langs.count("en") >= 25


def test_every_gold_text_is_the_exact_text_of_a_real_case(gold):
    real = load_cases(origin="real").set_index("id")
    for record in gold:
        assert record["id"] in real.index, record["id"]
        assert real.loc[record["id"], "text"] == record["text"], record["id"]


def test_every_record_values_the_same_indicators_with_minus_one_zero_or_one(gold):
    ids = set(gold[0]["indicators"])
    assert len(ids) >= 26
    for record in gold:
        assert set(record["indicators"]) == ids, record["id"]
        assert set(record["indicators"].values()) <= {-1, 0, 1}, record["id"]
