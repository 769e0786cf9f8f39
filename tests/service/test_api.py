"""The REST API answers as the CLI does, and every error names its field without echoing the case."""

import logging
import os

import pytest
from fastapi.testclient import TestClient

import workstatus
from workstatus.service import ServiceSettings, create_app

from .conftest import DRIVER, RIDER

STATUSES = {"employee", "third_category", "independent", "undetermined"}


def test_assess_returns_the_status_with_evidence_in_the_text_and_the_obligations(client):
    body = {"text": RIDER, "case_id": "r1", "profile": {"monthly_wage": 6500, "region": "110000", "as_of": "2025-07-01"}}
    response = client.post("/v1/assess", json=body)
    assert response.status_code == 200
    result = response.json()
    assert result["case_id"] == "r1" and result["status"] in STATUSES
    assert sum(result["probabilities"].values()) == pytest.approx(1.0)
    spans = [e for i in result["indicators"] for e in i["evidence"]]
    assert spans and all(RIDER[e["start"]:e["end"]] == e["text"] for e in spans)
    assert result["obligations"] and result["as_of"] == "2025-07-01"
    assert result["contributions"]  # explain is on by default


def test_assess_takes_questionnaire_answers(client):
    answers = {"work_assigned": "yes", "refusal_penalised": "yes", "own_business": "no", "weekly_hours": 60}
    result = client.post("/v1/assess", json={"answers": answers, "explain": False}).json()
    assert result["input_kind"] == "answers"
    assert {i["id"]: i["value"] for i in result["indicators"]}["own_business"] == -1
    assert result["contributions"] is None


@pytest.mark.parametrize("body, loc, words", [
    ({"profile": {"monthly_wage": 5000}}, ["body"], "exactly one of 'text'"),
    ({"text": "   \x00 "}, ["body", "text"], "the text is empty"),
    ({"text": RIDER, "profile": {"region": "11"}}, ["body", "profile", "region"], "GB/T 2260"),
    ({"text": RIDER, "profile": {"monthly_wage": 5000, "region": "999999"}}, ["body", "profile", "region"], "unknown"),
    ({"text": RIDER, "profile": {"monthly_wage": -1}}, ["body", "profile", "monthly_wage"], "greater than or equal"),
    ({"text": RIDER, "profile": {"monthly_wage": 5000, "sector": "bakery"}}, ["body", "profile", "sector"], "unknown"),
    ({"answers": {"refusal_penalised": "maybe"}}, ["body", "answers", "refusal_penalised"], "not understood"),
    ({"answers": {"no_such_indicator": "yes"}}, ["body", "answers", "no_such_indicator"], "unknown indicator id"),
    ({"text": RIDER, "colour": "red"}, ["body", "colour"], "Extra inputs"),
    ({"text": "x" * 200_001}, ["body", "text"], "at most 200000"),
])
def test_a_bad_assess_request_names_the_field_and_does_not_echo_the_text(client, body, loc, words):
    response = client.post("/v1/assess", json=body)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == loc and words in error["msg"]
    assert set(error) == {"loc", "msg", "type"}  # pydantic's 'input' (the case text) is dropped
    assert RIDER not in response.text and "x" * 100 not in response.text


def test_a_body_that_is_not_json_is_a_422_not_a_traceback(client):
    response = client.post("/v1/assess", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][0] == "body"


def test_an_unexpected_failure_is_a_json_500_and_its_log_line_quotes_no_case(client, monkeypatch, caplog):
    import workstatus

    def broken(text, **_):
        raise RuntimeError(f"boom while reading {text}")

    monkeypatch.setattr(workstatus, "assess", broken)
    with caplog.at_level(logging.ERROR, logger="workstatus.service"):
        response = TestClient(client.app, raise_server_exceptions=False).post("/v1/assess", json={"text": RIDER})
    assert response.status_code == 500
    assert response.json()["detail"][0]["msg"].startswith("internal error (RuntimeError)")
    assert "Traceback" not in response.text and RIDER not in response.text
    assert "RuntimeError" in caplog.text and RIDER not in caplog.text


def test_bodies_over_the_limit_are_refused_with_413_before_they_are_read(data_dir):
    with TestClient(create_app(ServiceSettings(data_dir=data_dir, max_body_bytes=1000))) as small:
        declared = small.post("/v1/assess", json={"text": "骑" * 1000})
        streamed = small.post("/v1/assess", content=iter([b'{"text": "', b"x" * 2000, b'"}']),
                              headers={"content-type": "application/json"})
        fits = small.post("/v1/assess", json={"text": DRIVER, "explain": False})
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["detail"][0]["loc"] == ["body"] and "--max-body-mb" in response.json()["detail"][0]["msg"]
    assert fits.status_code == 200


def test_indicators_gives_each_span_with_offsets_into_the_text(client):
    result = client.post("/v1/indicators", json={"text": RIDER}).json()
    assert result["lang"] == "zh" and result["row"]["refusal_penalised"] == 1
    assert all(RIDER[e["start"]:e["end"]] == e["text"] for e in result["evidence"])


def test_obligations_of_an_employee_include_the_employer_pension_with_its_source(client):
    body = {"status": "employee", "profile": {"monthly_wage": 8000, "region": "110000", "as_of": "2025-07-01"}}
    result = client.post("/v1/obligations", json=body).json()
    pension = next(o for o in result["obligations"] if o["scheme"] == "pension" and o["payer"] == "employer")
    assert pension["monthly_amount"] is not None and pension["sources"]
    assert result["region"] == "110000" and result["as_of"] == "2025-07-01"


@pytest.mark.parametrize("body, loc", [
    ({"status": "employee", "profile": {"region": "110000"}}, ["body", "profile", "monthly_wage"]),
    ({"status": "boss", "profile": {"monthly_wage": 8000}}, ["body", "status"]),
    ({"status": "employee", "profile": {"monthly_wage": 8000, "as_of": "1990-01-01"}}, ["body", "profile", "as_of"]),
])
def test_a_bad_obligations_request_names_the_field(client, body, loc):
    response = client.post("/v1/obligations", json=body)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == loc


def test_arrears_sum_the_months_and_a_reversed_period_names_start(client):
    body = {"profile": {"monthly_wage": 8000, "region": "110000"}, "start": "2024-01", "end": "2024-03",
            "paid_on": "2025-01-15"}
    result = client.post("/v1/arrears", json=body)
    assert result.status_code == 200 and {r["month"] for r in result.json()["rows"]} == {"2024-01", "2024-02", "2024-03"}
    reversed_period = client.post("/v1/arrears", json={**body, "start": "2024-05"})
    assert reversed_period.status_code == 422 and reversed_period.json()["detail"][0]["loc"] == ["body", "start"]


def test_audit_ranks_the_practices_found_and_walks_a_path(client):
    answers = {"work_assigned": "yes", "refusal_penalised": "yes", "schedule_controlled": "yes", "fixed_pay": "yes"}
    result = client.post("/v1/audit", json={"answers": answers, "profile": {"monthly_wage": 6000}}).json()
    listed = [*result["changes"], *result["no_effect"]]
    assert sorted(c["indicator"] for c in listed) == sorted(answers)
    assert all(abs(c["delta_employee"]) < 0.005 and abs(c["delta_independent"]) < 0.005 for c in result["no_effect"])
    assert result["path"][0]["removed"] == [] and len(result["path"]) >= 2


def test_regions_and_catalogue_list_what_the_rules_and_the_model_know(client):
    regions = client.get("/v1/regions", params={"as_of": "2025-07-01"}).json()
    assert "110000" in {r["code"] for r in regions}
    catalogue = client.get("/v1/catalogue").json()
    ids = [i["id"] for i in catalogue["indicators"]]
    assert "refusal_penalised" in ids and all(set(i["label"]) >= {"zh", "en"} for i in catalogue["indicators"])
    assert client.get("/v1/regions", params={"as_of": "soon"}).json()["detail"][0]["loc"] == ["query", "as_of"]


def test_healthz_names_the_model_the_worker_loaded(client):
    import workstatus

    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["model_sha256"] == workstatus.load_model().sha256
    assert health["worker"] == os.getpid()  # the test client runs the app in this process


def test_the_openapi_document_lists_every_endpoint_and_docs_load_nothing_from_elsewhere(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/assess", "/v1/indicators", "/v1/obligations", "/v1/arrears", "/v1/audit", "/v1/regions",
                 "/v1/catalogue", "/healthz", "/v1/batches", "/v1/batches/{job_id}", "/v1/batches/{job_id}/result",
                 "/v1/batches/{job_id}/report"):
        assert path in paths, path
    assert "AssessRequest" in client.get("/openapi.json").text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "http" not in docs.text.split("<body>")[1]
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200


def test_every_response_carries_a_content_security_policy(client):
    headers = client.get("/healthz").headers
    assert "script-src 'self'" in headers["content-security-policy"] and "unsafe-inline" not in \
        headers["content-security-policy"].split("style-src")[0]
    assert headers["x-content-type-options"] == "nosniff"


def test_a_profile_without_a_date_is_computed_at_the_one_default_date(client, monkeypatch):
    import datetime as dt

    from workstatus import _clock

    monkeypatch.setattr(_clock, "today", lambda: dt.date(2025, 3, 1))
    body = {"text": RIDER, "profile": {"monthly_wage": 6500, "region": "110000"}, "explain": False}
    assert client.post("/v1/assess", json=body).json()["as_of"] == "2025-03-01"
    assessment = workstatus.assess(RIDER, profile={"monthly_wage": 6500, "region": "110000"}, explain=False)
    assert assessment.as_of == dt.date(2025, 3, 1)
