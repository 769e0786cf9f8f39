"""The triage report ranks by risk × liability and escapes ids and reasons."""

import pytest

from workstatus.reports import render_triage_html, triage_score


def test_risk_ignores_cases_whose_paper_acknowledges_a_labour_contract():
    row = {"p_employee": 0.6, "p_third_category": 0.3, "expected_monthly_liability": "1000"}
    assert triage_score(row) == pytest.approx((0.9, 900.0))
    assert triage_score({**row, "paper_says": "labour contract"}) == (0.0, 0.0)


def test_error_rows_score_zero_but_stay_listed():
    html = render_triage_html([{"id": "bad", "error": "text is empty"}])
    assert "text is empty" in html
    assert triage_score({"error": "x", "p_employee": 1}) == (0.0, 0.0)


def test_rows_are_ranked_by_score_and_escaped():
    rows = [
        {"id": "low", "status": "independent", "p_employee": 0.1, "p_third_category": 0.1, "expected_monthly_liability": "100"},
        {"id": "<img src=x>", "status": "employee", "p_employee": 0.9, "p_third_category": 0.05, "expected_monthly_liability": "2000"},
    ]
    html = render_triage_html(rows)
    assert html.index("&lt;img src=x&gt;") < html.index(">low<")
    assert "<img src=x>" not in html
