"""benchmarks/audit_gate.py never reads a blind set, never fits on the agreement it scores, and its gate is readable."""

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from benchmark_scripts import registered_script


@pytest.fixture(scope="module")
def audit_gate():
    with registered_script("audit_gate") as module:
        yield module


def test_the_blind_and_untuned_sets_are_never_read(audit_gate):
    read = []

    def entry_text(entry, terms, git_dir):
        read.append(entry["file"])
        return None, "not found, skipped"

    quality = SimpleNamespace(entry_text=entry_text, TERMS="terms")
    entries = [{"file": name, "origin": "real", "set": name} for name in (*audit_gate.BLIND, "tuned")]
    args = SimpleNamespace(corpus=Path("corpus"), ota_git=Path("mirror"))
    assert audit_gate._read(entries, quality, None, (), args) == []
    assert read == ["tuned"]


def test_leave_one_out_never_fits_on_the_agreement_it_scores(audit_gate):
    agreements = [(name, "tuned", "", set(), []) for name in ("Bolt.md", "BEAT/Terms.md", "FREE NOW/Terms.md")]
    splits = audit_gate._splits(agreements, None)
    assert [test for _, test in splits] == [[0], [1], [2]]
    assert all(k not in train for train, (k,) in splits)
    assert audit_gate._splits(agreements, "BEAT|FREE NOW") == [([0], [1, 2])]


def _row(*features, kept=True):
    return sys.modules["audit_gate"].Candidate(("1", "x", 1), kept, features)


def test_the_gate_keeps_what_its_features_mark_as_annotated_and_names_them(audit_gate):
    rows = [_row("word:shall", "verdict=kept") for _ in range(6)] + [_row("word:customer", "verdict=kept")
                                                                     for _ in range(6)]
    gate = audit_gate.Gate(C=10.0, threshold=0.5).fit(rows, [1] * 6 + [0] * 6)
    assert gate.keeps([_row("word:shall"), _row("word:customer")]).tolist() == [True, False]
    assert {name for name, _ in gate.heaviest(2)} == {"word:shall", "word:customer"}


def test_without_the_verdict_the_rules_verdict_is_no_column_and_a_rare_feature_neither(audit_gate):
    rows = [_row("word:shall", "verdict=kept"), _row("word:shall", "verdict=kept"), _row("word:once")]
    assert set(audit_gate.Gate(C=1.0, threshold=0.5).fit(rows, [1, 0, 1]).columns_) == {"word:shall", "verdict=kept"}
    assert set(audit_gate.Gate(C=1.0, threshold=0.5, verdict=False).fit(rows, [1, 0, 1]).columns_) == {"word:shall"}
