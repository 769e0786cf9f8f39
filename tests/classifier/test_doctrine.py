"""Weights follow doctrine by construction: probed one indicator at a time, a stated employment-leaning
indicator never lowers P(employee) nor raises P(independent), its denial never the reverse, and the
independence-leaning ones mirror that — in every jurisdiction family, for the linear kinds, even when the
training labels pull the other way."""

import numpy as np
import pandas as pd
import pytest
from classifier_standin import IDS, NUMERIC, TOWARDS, TokenExtractor, make_cases

from workstatus import classifier

FAMILIES = ("CN", "GB", "US-CA", None)


def wrong_signs(model, towards, jurisdictions=FAMILIES, tol=1e-9):
    """(indicator, value, jurisdiction, what moved the wrong way) for each single-indicator probe."""
    indicators = list(model.indicators_)
    problems = []
    for jurisdiction in jurisdictions:
        silent = {i: 0 for i in indicators} | {n: np.nan for n in NUMERIC} | {"jurisdiction": jurisdiction}
        probes = [silent] + [silent | {i: v} for i in indicators for v in (1, -1)]
        p = model.predict_proba(pd.DataFrame(probes))
        base, rest = p[0], p[1:]
        for k, (ident, value) in enumerate((i, v) for i in indicators for v in (1, -1)):
            lean = {"employment": 1, "independence": -1}[towards[ident]] * value
            d_emp, d_ind = rest[k, 0] - base[0], rest[k, 2] - base[2]
            if lean * d_emp < -tol or lean * d_ind > tol:
                problems.append((ident, value, jurisdiction, round(float(d_emp), 4), round(float(d_ind), 4)))
    return problems


def contrary_cases() -> pd.DataFrame:
    """Training labels that contradict doctrine: fixed pay and monitoring stated mostly in independent cases."""
    records = make_cases(120, seed=3)
    for k, record in enumerate(records):
        if record["label"] == "independent":
            record["text"] += " +fixed_pay +monitored -exclusivity"
        elif record["label"] == "employee" and k % 2:
            record["text"] += " -fixed_pay -monitored +exclusivity"
    return pd.DataFrame(records)


@pytest.mark.parametrize("kind", ["multinomial", "two_stage"])
def test_no_indicator_pushes_against_doctrine_even_when_the_labels_do(kind):
    model = classifier.fit_status_model(contrary_cases(), {"kind": kind, "calibrate": False},
                                        extractor=TokenExtractor())
    assert wrong_signs(model, TOWARDS) == []


def test_the_probe_finds_the_wrong_signs_of_an_unbounded_fit():
    model = classifier.fit_status_model(contrary_cases(), {"calibrate": False, "signed": False},
                                        extractor=TokenExtractor())
    moved = {ident for ident, *_ in wrong_signs(model, TOWARDS)}
    assert {"fixed_pay", "monitored"} & moved


def test_a_bounded_fit_still_learns_the_direction_the_data_shows(fitted):
    row = {i: 0 for i in IDS} | {n: np.nan for n in NUMERIC} | {"jurisdiction": "CN"}
    employed = row | {i: 1 for i in IDS[:7]}
    own = row | {"own_business": 1, "schedule_controlled": -1}
    p = fitted.predict_proba(pd.DataFrame([employed, own]))
    assert p[0].argmax() == 0 and p[1].argmax() == 2
