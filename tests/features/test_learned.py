"""The learned reader: loaded without pickle, every value it sets has its sentence, refits are deterministic."""

from __future__ import annotations

import json
import pickle
import shutil

import numpy as np
import pytest

from workstatus import features
from workstatus.features import _learned
from workstatus.features._learned import (
    ARRAYS_FILE, READER_DIR, LearnedReader, ReaderIntegrityError, apply_reader, is_learned, load_reader, save_reader,
)

TEXTS = [
    "公司与他签订了合作协议。他每天到站点打卡，由站长排班，超时送达要罚款。公司主张他可以自由接单。",
    "The company provided him with a van bearing its logo and paid him a monthly wage. The company's business was "
    "the delivery of parcels, and he delivered parcels for it five days a week for three years.",
    "He owned his own truck and paid for its fuel and repairs; he invoiced the firm for each load and charged VAT.",
    "hello world",
    "",
]


@pytest.fixture(scope="module")
def learned() -> features.IndicatorExtractor:
    return features.IndicatorExtractor(learned=True).fit()


def tiny_sample():
    ids = ("fixed_pay", "own_business")
    texts = ["He was paid a monthly wage by the company.", "她每月领取固定工资。", "He ran his own shop with helpers.",
             "他有自己的店铺，自己雇人。", "The company paid him a monthly salary.", "He operated his own business.",
             "公司按月支付工资。", "他自己经营个体店。"]
    values = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1]])
    return texts, values, ids


def test_the_shipped_reader_loads_from_json_and_npz_only():
    reader = load_reader()
    assert sorted(p.name for p in READER_DIR.iterdir()) == ["reader.json", "reader.npz"]
    assert reader.ids_ == features.load_catalogue().ids
    assert reader.coef_.shape == (2 * len(reader.ids_), len(reader.vocabulary_))
    with np.load(READER_DIR / ARRAYS_FILE, allow_pickle=False) as archive:  # raises on an object array
        assert all(archive[name].dtype.kind in "biuf" for name in archive.files)


def test_a_planted_pickle_is_refused(tmp_path):
    folder = tmp_path / "reader"
    shutil.copytree(READER_DIR, folder)
    (folder / "weights.bin").write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(ReaderIntegrityError, match="pickle"):
        load_reader(folder)


def test_arrays_that_differ_from_the_json_are_refused(tmp_path):
    texts, values, ids = tiny_sample()
    folder = save_reader(LearnedReader(min_df=1, min_cases=2).fit(texts, values, ids), tmp_path / "reader")
    other = save_reader(LearnedReader(min_df=1, min_cases=2, C=1.0).fit(texts, values, ids), tmp_path / "other")
    shutil.copy(other / ARRAYS_FILE, folder / ARRAYS_FILE)
    with pytest.raises(ReaderIntegrityError, match="sha256"):
        load_reader(folder)


def test_a_refit_on_a_tiny_sample_is_deterministic_and_reads_back_the_same(tmp_path):
    texts, values, ids = tiny_sample()
    first = save_reader(LearnedReader(min_df=1, min_cases=2).fit(texts, values, ids), tmp_path / "a")
    second = save_reader(LearnedReader(min_df=1, min_cases=2).fit(texts, values, ids), tmp_path / "b")
    for name in ("reader.json", "reader.npz"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    reader = load_reader(first)
    values_read = reader.values(reader.probabilities(["他每月领取固定工资。", "He ran his own shop."]))
    assert values_read.tolist() == [[1, 0], [0, 1]]


def test_every_learned_value_has_a_sentence_inside_the_text(learned, extractor):
    seen = 0
    for text in TEXTS:
        extraction = learned.extract(text)
        for span in extraction.evidence:
            assert text[span.start:span.end] == span.text
            assert text[span.sentence_start:span.sentence_end] == span.sentence
            assert span.sentence_start <= span.start <= span.end <= span.sentence_end
            if is_learned(span):
                seen += 1
                assert span.cue == f"learned:{span.indicator}:{span.polarity:+d}"
                assert span.sentence.strip() and span.says in ("fact", "contract", "claim")
        cues_only = extractor.extract(text)
        for indicator, value in extraction.row.items():
            if indicator in features.NUMERIC_FACTS or value == cues_only.row[indicator]:
                continue
            # a value the reader set: a learned, unattributed span of that polarity backs it
            assert cues_only.row[indicator] == 0
            assert any(is_learned(s) and s.polarity == value and not s.attributed
                       for s in extraction.spans_for(indicator)), (indicator, text)
    assert seen > 0


def test_a_claim_never_sets_a_value(extractor, monkeypatch):
    monkeypatch.setattr(_learned, "MIN_KNOWN_TERMS", 0)  # the tiny reader knows a few terms only
    texts, values, ids = tiny_sample()
    reader = LearnedReader(min_df=1, min_cases=2).fit(texts, values, ids)
    claimed = extractor.extract("公司主张他每月领取固定工资。")
    read = apply_reader(claimed.model_copy(update={"row": claimed.row | {"fixed_pay": 0}}), reader, extractor.lexicons_)
    assert read.row["fixed_pay"] == 0
    spans = [s for s in read.spans_for("fixed_pay") if is_learned(s)]
    assert spans and all(s.attributed and s.says == "claim" for s in spans)


def test_the_reader_is_off_by_default_and_its_setting_is_a_parameter(learned):
    assert features.IndicatorExtractor().get_params()["learned"] is False
    assert learned.get_params()["learned"] is True
    assert json.dumps(learned.get_params())  # saved with the model as JSON
    with pytest.raises(features.FeaturesTypeError, match="learned"):
        features.IndicatorExtractor(learned="yes").fit()


def test_the_learned_extractor_keeps_the_cue_values(learned, extractor):
    """The reader only fills cells the cues left silent."""
    for text in TEXTS:
        cue_row, learned_row = extractor.extract(text).row, learned.extract(text).row
        assert all(learned_row[i] == v for i, v in cue_row.items() if i not in features.NUMERIC_FACTS and v != 0)


def test_a_text_too_short_for_the_reader_is_left_to_the_cues(learned, extractor):
    for text in ("The company.", "hello world", "Hello, I am writing to say the weather is nice today.", "公司。"):
        assert learned.extract(text).row == extractor.extract(text).row


def test_the_marked_term_of_a_tie_does_not_depend_on_the_process_hash_seed():
    """Two terms of a sentence that weigh the same: the mark is the first in vocabulary order, in every process
    (it was the first in set order, which changes with PYTHONHASHSEED, so reports differed run to run)."""
    texts, values, ids = tiny_sample()
    reader = LearnedReader(min_df=1, min_cases=2).fit(texts, values, ids)
    text = "He was paid a monthly wage by the company."
    sentences = reader.sentences(text, _learned.normalise(text))
    k = ids.index("fixed_pay")
    row = reader.coef_[2 * k]
    j = np.unique(sentences[1][0][0])
    row[j] = 0.0
    first, second = sorted(j)[:2]
    row[[first, second]] = 1.0
    reader.idf_[[first, second]] = 2.0
    terms = sorted(reader.vocabulary_, key=reader.vocabulary_.get)
    assert reader.top_term(sentences, 0, k, 1) == terms[first]


def _real_texts(n: int) -> list[str]:
    from workstatus import labelled_cases

    frame = labelled_cases.load_cases()
    return list(frame["text"][:n]) + TEXTS + ["Paid weekly.Not on Sunday! A monthly wage; 每月工资。Ｆｕｌｌ-ｗｉｄｔｈ 工資 app 10 小時。"]


def test_the_rows_read_from_coded_terms_are_the_rows_of_the_term_strings():
    """The reader codes a text's terms once (numpy) and derives its sentences' rows from them; each row is,
    float for float, the one built from ``terms()`` of the text or of the sentence alone, and each marked place is
    where the term first stands in its sentence."""
    import re
    from collections import Counter

    reader = _learned.shipped_reader()
    terms = sorted(reader.vocabulary_, key=reader.vocabulary_.get)
    for text in _real_texts(60):
        norm = _learned.normalise(text)
        j, v = reader._cells(Counter(_learned.terms(text)))
        known, probabilities = reader.read(text)
        assert known == len(j)
        assert np.array_equal(probabilities, _learned._sigmoid(v @ reader.coef_.T[j] + reader.intercept_).reshape(-1, 2))
        bounds, cells, places = reader.sentences(text, norm)
        for (start, end), (j, v), (firsts, lasts) in zip(bounds, cells, places):
            expected_j, expected_v = reader._cells(Counter(_learned.terms(text[start:end])))
            assert np.array_equal(j, expected_j) and np.array_equal(v, expected_v)
            for column, first, last in zip(j.tolist(), firsts.tolist(), lasts.tolist()):
                words = terms[column].split(" ")
                found = re.search(r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(map(re.escape, words)) + r"(?![a-z0-9])"
                                  if words[0].isascii() else re.escape(terms[column]), norm[start:end])
                assert (first, last) == (start + found.start(), start + found.end())


def test_the_reader_reads_facts_not_the_names_of_parties():
    # synthetic: a company's name and a masked party recur beside the fact they would otherwise stand for
    ids = ("bears_costs",)
    texts = ["Drivers for Zorblat Cars paid for their own fuel. In 2019 Zorblat Cars fixed the fares.",
             "The drivers of Zorblat Cars bore the costs of insurance, and Zorblat Cars set the rota.",
             "The company paid for the van and the fuel, and the drivers bore no costs.",
             "宋某自己承担油费，宋某的车由自己保养。", "宋某自己承担车辆保险费。", "公司承担全部费用。"]
    values = np.array([[1], [1], [-1], [1], [1], [-1]])
    reader = LearnedReader(min_df=2, min_cases=1).fit(texts, values, ids)
    assert "costs" in reader.vocabulary_ and "承担" in reader.vocabulary_
    names = [t for t in reader.vocabulary_ if "zorblat" in t or "某" in t or "2019" in t or t == "宋"]
    assert names == []


def test_the_shipped_reader_knows_no_party_it_was_fitted_on():
    vocabulary = load_reader().vocabulary_
    parties = {"addison", "pimlico", "fedex", "deliveroo", "citysprint", "uber"}
    assert not [t for t in vocabulary if "某" in t or parties & set(t.split(" "))]
    assert "vat" in vocabulary or "gst" in vocabulary  # the acronyms of a registration are facts, and stay


def test_the_hash_table_of_the_vocabulary_finds_the_columns_a_sorted_look_up_finds():
    """The term coder looks keys up in an open-addressing table; every key, held or not, gets the column of a
    binary search of the sorted keys."""
    from workstatus.features._term_coder import _KeyTable

    coder = _learned.shipped_reader()._coder()
    rng = np.random.default_rng(0)
    held = rng.choice(coder.keys, 5000)
    absent = rng.integers(0, 2 ** 62, 5000) | 1
    keys = np.concatenate([held, absent, held + 1, coder.keys[:3]])
    found = np.searchsorted(coder.keys, keys)
    found[found == len(coder.keys)] = 0
    expected = np.where(coder.keys[found] == keys, coder.columns[found], -1)
    assert np.array_equal(coder._table.columns(keys), expected)
    assert coder._table.longest >= 1  # the shipped vocabulary has collisions, so the probing is exercised
    tiny = _KeyTable([5, 21, 37], [0, 1, 2])  # synthetic keys
    assert tiny.columns(np.array([37, 5, 6, 21], dtype=np.int64)).tolist() == [2, 0, -1, 1]
    assert _KeyTable([], []).columns(np.array([3], dtype=np.int64)).tolist() == [-1]


def test_the_reader_reads_the_text_the_cues_prepared_and_no_other(learned):
    """The prepared text of the cues spares the reader its own normalising, and one that is not the
    extraction's own text (an extraction edited in between) is never read in its place."""
    prepared = [learned.prepare(text) for text in TEXTS]
    cues = [learned.extract(text, cues_only=True) for text in prepared]
    alone = learned.read_many(cues)
    assert learned.read_many(cues, prepared) == alone
    assert [learned.extract(text) for text in TEXTS] == alone
    swapped = prepared[1:] + prepared[:1]
    assert learned.read_many(cues, swapped) == alone
    assert any(is_learned(span) for extraction in alone for span in extraction.evidence)
