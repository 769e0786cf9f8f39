"""The gold set and the frozen evaluation set annotate real cases, copied exactly, with every indicator valued."""

import hashlib
import json

import pytest

from workstatus.labelled_cases import CASES_DIR, load_cases

ANNOTATIONS = CASES_DIR / "annotations"
GOLD = ANNOTATIONS / "gold.jsonl"
FROZEN = ANNOTATIONS / "frozen.jsonl"


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module", params=["gold.jsonl", "gold_second.jsonl", "frozen.jsonl", "frozen_second.jsonl", "dev.jsonl",
                                                  "train.jsonl"])
def annotated(request):
    return _read(ANNOTATIONS / request.param)


@pytest.fixture(scope="module")
def gold():
    return _read(GOLD)


def test_the_gold_set_is_large_enough_in_both_languages(gold):
    langs = [g["lang"] for g in gold]
    assert len(gold) >= 60
    assert langs.count("zh") >= 25 and langs.count("en") >= 25


def test_every_annotated_text_is_the_exact_text_of_a_real_case(annotated):
    real = load_cases(origin="real").set_index("id")
    for record in annotated:
        assert record["id"] in real.index, record["id"]
        assert real.loc[record["id"], "text"] == record["text"], record["id"]


def test_every_record_values_the_same_indicators_with_minus_one_zero_or_one(annotated):
    ids = set(annotated[0]["indicators"])
    assert len(ids) >= 26
    for record in annotated:
        assert set(record["indicators"]) == ids, record["id"]
        assert set(record["indicators"].values()) <= {-1, 0, 1}, record["id"]


def test_the_frozen_set_is_fresh_large_and_unchanged_since_it_was_frozen():
    frozen = _read(FROZEN)
    langs = [r["lang"] for r in frozen]
    assert len(frozen) >= 120 and langs.count("zh") >= 25 and langs.count("en") >= 25
    assert not {r["id"] for r in frozen} & {r["id"] for r in _read(GOLD)}, "the frozen set shares cases with the gold set"
    recorded = (ANNOTATIONS / "frozen.sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256(FROZEN.read_bytes()).hexdigest() == recorded, (
        "frozen.jsonl changed after it was frozen: the frozen set is not edited (GOLD.md, 'Frozen evaluation set')")


def test_the_development_set_shares_no_case_with_the_frozen_or_gold_sets():
    dev = {r["id"] for r in _read(ANNOTATIONS / "dev.jsonl")}
    assert len(dev) >= 80
    assert not dev & {r["id"] for r in _read(FROZEN)}, "cues are tuned on the development set: it must not touch the frozen set"
    assert not dev & {r["id"] for r in _read(GOLD)}


def test_the_learned_reader_is_fitted_on_no_case_of_the_frozen_set():
    """The reader learns from gold, dev and train.jsonl (features/_learned.py); the frozen set stays unseen."""
    frozen = {r["id"] for r in _read(FROZEN)}
    for name in ("gold.jsonl", "dev.jsonl", "train.jsonl"):
        assert not {r["id"] for r in _read(ANNOTATIONS / name)} & frozen, name
