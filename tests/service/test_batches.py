"""Batch jobs: an upload runs in the background, keeps every row in order, and survives a restart."""

import csv
import io
import json
import stat

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from workstatus.batch import BatchOptions
from workstatus.service import ServiceSettings, create_app
from workstatus.service._jobs import JobOptions

from .conftest import DRIVER, RIDER, wait_for


def table(rows: list[tuple]) -> bytes:
    """A CSV of (case_no, body[, salary]) rows; the salary defaults to 7000."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_no", "body", "salary"])
    writer.writerows((*row, "7000")[:3] for row in rows)
    return out.getvalue().encode("utf-8")


def upload(client, data: bytes, name="cases.csv", **form):
    fields = {"id_column": "case_no", "text_column": "body", "profile_column": "monthly_wage=salary",
              "region": "110000", "fast": "true", **form}
    return client.post("/v1/batches", files={"file": (name, data, "text/csv")}, data=fields)


def test_a_job_assesses_every_row_in_order_and_serves_the_table_and_the_triage_report(client, data_dir):
    rows = [("c1", RIDER), ("c2", DRIVER), ("c3", RIDER, "lots"), ("c4", RIDER + "<script>alert(1)</script>")]
    created = upload(client, table(rows))
    assert created.status_code == 202
    job = created.json()
    assert job["state"] in ("queued", "running", "done") and job["total"] == 4
    done = wait_for(client, job["id"])
    assert done["state"] == "done" and done["rows_done"] == 4 and done["links"]["report"].endswith("/report")
    result = client.get(done["links"]["result"])
    assert result.headers["content-type"].startswith("text/csv")
    table_rows = list(csv.DictReader(io.StringIO(result.text)))
    assert [r["case_no"] for r in table_rows] == ["c1", "c2", "c3", "c4"]
    assert "monthly_wage" in table_rows[2]["error"] and not table_rows[0]["error"]
    assert table_rows[0]["expected_monthly_liability"]  # the wage came from the salary column
    assert "(official)" in table_rows[0]["liability_sources"] or "(text)" in table_rows[0]["liability_sources"]  # the amount names its documents
    as_json = client.get(done["links"]["result"], params={"format": "json"}).json()
    assert [r["case_no"] for r in as_json] == ["c1", "c2", "c3", "c4"]
    report = client.get(done["links"]["report"])
    assert report.status_code == 200 and "c4" in report.text and "<script>alert(1)" not in report.text
    folder = data_dir / job["id"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


def test_a_table_without_the_text_column_fails_naming_the_columns_it_has(client):
    job = upload(client, table([("c1", RIDER)]), text_column="facts").json()
    failed = wait_for(client, job["id"])
    assert failed["state"] == "failed" and "no column 'facts'" in failed["error"] and "'body'" in failed["error"]
    assert "/" not in failed["error"].split(":")[0]  # the server's folder is not shown
    assert client.get(f"/v1/batches/{job['id']}/result").status_code == 409


def test_bad_batch_requests_name_the_field(client):
    wrong_kind = upload(client, b"hello", name="cases.xlsx")
    assert wrong_kind.status_code == 422 and wrong_kind.json()["detail"][0]["loc"] == ["body", "file"]
    bad_mapping = upload(client, table([("c1", RIDER)]), profile_column="wage")
    assert bad_mapping.json()["detail"][0]["loc"] == ["body", "profile_column"]
    bad_region = upload(client, table([("c1", RIDER)]), region="12")
    assert bad_region.status_code == 422 and bad_region.json()["detail"][0]["loc"] == ["body", "region"]
    no_file = client.post("/v1/batches", data={"text_column": "body"})
    assert no_file.status_code == 422 and no_file.json()["detail"][0]["loc"] == ["body", "file"]
    for path in ("/v1/batches/0123", "/v1/batches/" + "f" * 32, "/v1/batches/..%2F..%2Fetc/result"):
        assert client.get(path).status_code == 404


def test_a_job_interrupted_by_a_restart_resumes_where_it_stopped_without_repeating_rows(tmp_path):
    texts = [(f"k{n:02d}", (RIDER if n % 2 else DRIVER) + f" ({n})") for n in range(40)]
    settings = ServiceSettings(data_dir=tmp_path, chunk_size=1)
    with TestClient(create_app(settings)) as first:
        job = upload(first, table(texts)).json()
        wait_for(first, job["id"], rows=2)
    # leaving the block shut the server down: the job stopped after its current chunk
    stopped = json.loads((tmp_path / job["id"] / "job.json").read_text())
    assert stopped["state"] == "interrupted" and 2 <= stopped["rows_done"] < 40
    with TestClient(create_app(settings)) as second:  # a new server on the same data directory
        done = wait_for(second, job["id"])
        assert done["state"] == "done" and done["resumed_after"] == stopped["rows_done"]
        rows = second.get(done["links"]["result"], params={"format": "json"}).json()
    assert [r["case_no"] for r in rows] == [ident for ident, _ in texts]
    assert done["rows_done"] == 40 and sum(done["statuses"].values()) + done["errors"] == 40


def test_a_finished_job_can_be_deleted(client, data_dir):
    job = upload(client, table([("c1", DRIVER)])).json()
    wait_for(client, job["id"])
    assert client.delete(f"/v1/batches/{job['id']}").status_code == 204
    assert not (data_dir / job["id"]).exists() and client.get(f"/v1/batches/{job['id']}").status_code == 404


def test_a_bad_report_size_is_refused_at_its_field_before_a_job_is_made(client, data_dir):
    before = set(data_dir.iterdir())
    for value in ("0", "100001"):
        refused = upload(client, table([("c1", RIDER)]), report_top=value)
        assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "report_top"]
    assert set(data_dir.iterdir()) == before


def test_a_job_record_holds_the_batch_options_and_refuses_one_no_batch_knows():
    """The job's options are the batch's own record plus fast: a record written by an older server still reads,
    and an option no batch knows is refused by name, not carried along."""
    written = {"text_column": "body", "id_column": "case_no", "profile_columns": {"monthly_wage": "salary"},
               "profile": {"region": "110000"}, "fast": True, "report_top": 50}
    options = JobOptions.model_validate_json(json.dumps(written))
    assert options.model_dump() == written
    batch = BatchOptions(**options.model_dump(exclude={"fast"}))
    assert (batch.text_column, batch.report_top, batch.profile_columns) == ("body", 50, {"monthly_wage": "salary"})
    with pytest.raises(ValidationError, match="chunk_rows"):
        JobOptions(chunk_rows=10)
