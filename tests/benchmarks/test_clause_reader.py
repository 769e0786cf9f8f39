"""benchmarks/clause_reader.py never reads a blind set, its combination keeps every rule hit and its filter adds none."""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from benchmark_scripts import registered_script


@pytest.fixture(scope="module")
def clause_reader():
    with registered_script("clause_reader") as module:
        yield module


def test_the_blind_and_untuned_sets_are_never_read(clause_reader, monkeypatch):
    read = []

    def entry_text(entry, terms, git_dir):
        read.append(entry["file"])
        return None, "not found, skipped"

    monkeypatch.setattr(clause_reader.quality, "entry_text", entry_text)
    entries = [{"file": name, "origin": "real", "set": name} for name in (*clause_reader.quality.BLIND, "tuned")]
    args = SimpleNamespace(corpus=Path("corpus"), ota_git=Path("mirror"), only=None)
    assert clause_reader.read_agreements(entries, None, (), args) == []
    assert read == ["tuned"]


def test_the_reader_fills_only_the_cells_the_rules_leave_silent(clause_reader):
    rules = {("4.1", "monitored", 1)}
    learned = {("4.1", "monitored", -1), ("4.1", "work_assigned", 1), ("7", "monitored", 1)}
    assert clause_reader.combined(rules, learned) == {("4.1", "monitored", 1), ("4.1", "work_assigned", 1),
                                                      ("7", "monitored", 1)}
    assert clause_reader.combined(rules, set()) == rules


def test_an_annotated_clause_is_a_unit_with_its_values_and_an_unannotated_one_states_nothing(clause_reader):
    clauses = (SimpleNamespace(number="1", heading="Payment", text="We set the fare."),
               SimpleNamespace(number="2", heading="", text="This agreement is governed by Dutch law."))
    agreement = clause_reader.Agreement("a.md", "tuned", "en", "", clauses,
                                        {("1", "price_set_by_enterprise", 1)}, set())
    units = agreement.units()
    assert [u.text for u in units] == ["Payment\nWe set the fare.", "This agreement is governed by Dutch law."]
    assert [u.values for u in units] == [{"price_set_by_enterprise": 1}, {}]


def test_a_gain_made_by_one_agreement_alone_is_no_verdict_for_the_reader(clause_reader):
    tally = clause_reader.Tally
    same = {"rules": tally(5, 6, 10, 3, 2), "learned": tally(5, 6, 10, 3, 2), "combined": tally(5, 6, 10, 3, 2)}
    better = {"rules": tally(5, 6, 10, 3, 2), "learned": tally(9, 10, 10, 3, 3), "combined": tally(9, 10, 10, 3, 3)}
    assert clause_reader.verdict([same, same, better], "combined").endswith("does not beat the rules")
    assert clause_reader.verdict([better, better, better], "combined").endswith(": beats the rules")


def test_two_documents_of_one_platform_are_held_out_together(clause_reader):
    def agreement(name):
        return clause_reader.Agreement(name, "tuned", "en", "", (), set(), set())

    bolt, bolt_ie, lyft = (agreement("contrib-versions/Bolt_Drivers__Terms_of_Service.md"),
                           agreement("p2b-compliance-versions@513a880:Bolt/Commercial Terms.md"),
                           agreement("contrib-versions/Lyft__Terms_of_Service.md"))
    assert clause_reader._together(bolt, bolt_ie) and clause_reader._together(bolt_ie, bolt)
    assert not clause_reader._together(bolt, lyft)


def _reader_and_agreement(clause_reader):
    reader = SimpleNamespace(ids_=("monitored", "work_assigned"))
    clauses = tuple(SimpleNamespace(number=n, heading="", text="") for n in ("1", "2", "3"))
    agreement = clause_reader.Agreement("a.md", "tuned", "en", "", clauses, set(), set())
    p = np.zeros((3, 2, 2))
    p[0] = [[0.9, 0.01], [0.02, 0.6]]  # clause 1: monitored stated, work_assigned denied
    p[1] = [[0.03, 0.2], [0.4, 0.1]]  # clause 2: read, nothing probable
    return reader, agreement, p  # clause 3: not read (all zeros)


def test_the_filter_drops_a_rule_hit_the_reader_rejects_and_never_adds_one(clause_reader):
    reader, agreement, p = _reader_and_agreement(clause_reader)
    rules = {("1", "monitored", 1), ("1", "work_assigned", 1), ("2", "monitored", 1), ("2", "work_assigned", 1)}
    kept = clause_reader.filtered(rules, reader, agreement, p, 0.3)
    assert kept == {("1", "monitored", 1), ("2", "work_assigned", 1)}
    assert clause_reader.filtered(rules, reader, agreement, p, 0.0) == rules
    assert clause_reader.filtered(set(), reader, agreement, p, 0.3) == set()
    denied = {("1", "work_assigned", -1)}
    assert clause_reader.filtered(denied, reader, agreement, p, 0.3) == denied


def test_the_filter_leaves_a_hit_it_cannot_judge(clause_reader):
    reader, agreement, p = _reader_and_agreement(clause_reader)
    unjudged = {("3", "monitored", 1), ("1", "price_set_by_enterprise", 1), ("9", "monitored", 1)}
    assert clause_reader.filtered(unjudged, reader, agreement, p, 0.5) == unjudged
