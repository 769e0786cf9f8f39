"""benchmarks/audit_agreement.py: two readings of an agreement compared item by item (clause, indicator, sign)."""

import json

import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def agreement():
    return load_script("audit_agreement")


def test_items_are_clause_indicator_and_sign(agreement):
    entry = {"clauses": {"4.4": {"price_set_by_enterprise": 1}, "1¶11": {"price_set_by_enterprise": -1}}}
    assert agreement.items(entry) == {("4.4", "price_set_by_enterprise", 1), ("1¶11", "price_set_by_enterprise", -1)}


def test_a_sign_flip_is_not_agreement_but_is_counted_apart(agreement):
    first = {("5.3", "fixed_pay", 1), ("5.5", "exclusivity", 1)}
    second = {("5.3", "fixed_pay", -1), ("5.5", "exclusivity", 1), ("8.4", "bears_costs", -1)}
    got = agreement.agreement(first, second)
    assert (got["first"], got["second"], got["both"], got["either_sign"]) == (2, 3, 1, 2)
    assert got["f1"] == pytest.approx(2 * 1 / 5)


def test_the_shipped_second_reading_names_only_agreements_read_first(agreement):
    first = agreement.read(agreement.DATA / "audit_annotations.jsonl")
    second = agreement.read(agreement.DATA / "audit_annotations_second.jsonl")
    assert second and set(second) <= set(first)
    assert all(entry["set"] == first[name]["set"] for name, entry in second.items())


def test_it_prints_counts_and_never_a_clause(agreement, capsys, tmp_path, monkeypatch):
    secret = "SECRET-CLAUSE-NUMBER"
    first = {"file": "x.md", "set": "ota_heldout_3", "clauses": {secret: {"monitored": 1}}}
    data = tmp_path / "data"
    data.mkdir()
    (data / "audit_annotations.jsonl").write_text(json.dumps(first) + "\n", encoding="utf-8")
    (data / "second.jsonl").write_text(json.dumps(first) + "\n", encoding="utf-8")
    monkeypatch.setattr(agreement, "DATA", data)
    monkeypatch.setattr("sys.argv", ["audit_agreement.py", str(data / "second.jsonl")])
    agreement.main()
    out = capsys.readouterr().out
    assert secret not in out and "1.00" in out
