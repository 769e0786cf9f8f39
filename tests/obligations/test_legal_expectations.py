"""Legal expectations, written as YAML cases named as sentences, driven by one parametrized test."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from workstatus import obligations

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "expectations").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def _run(case):
    if "arrears" in case:
        period = dict(case["arrears"])
        return obligations.arrears(case["profile"], period.pop("start"), period.pop("end"), period.pop("paid_on"), **period)
    if "probabilities" in case:
        return obligations.expected_obligations(case["probabilities"], case["profile"])
    return obligations.obligations_for(case["status"], case["profile"])


def _check_fields(record, fields: dict, where: str) -> None:
    for key, expected in fields.items():
        actual = getattr(record, key)
        if isinstance(actual, Decimal) and expected is not None:
            assert actual == Decimal(str(expected)), f"{where}.{key}: {actual} != {expected}"
            if key not in ("base", "rate"):  # money is written to the fen
                assert str(actual) == expected, f"{where}.{key}: {actual} is not written as {expected}"
        else:
            assert actual == expected, f"{where}.{key}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES)
def test_legal_expectation(case):
    if "error" in case:
        with pytest.raises(obligations.ObligationsError, match=re.escape(case["error"])):
            _run(case)
        return
    result = _run(case)
    if "expect_totals" in case:
        _check_fields(result, case["expect_totals"], "totals")
        for item in case.get("expect_missing", []):
            assert item in result.missing
        return
    rows = {f"{o.scheme}/{o.payer}": o for o in result}
    for key, fields in case.get("expect", {}).items():
        assert key in rows, f"{key} not among {sorted(rows)}"
        _check_fields(rows[key], fields, key)
    for key in case.get("absent", []):
        assert key not in rows, f"{key} should not be an obligation"


def test_the_rules_say_which_jurisdictions_they_answer_for():
    from workstatus import obligations

    assert obligations.covers("CN") and obligations.covers("cn-11") and obligations.covers(None)
    assert not obligations.covers("GB") and not obligations.covers("US-CA")
