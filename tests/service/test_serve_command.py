"""``workstatus serve`` refuses what it cannot serve in one line, and hands its settings to every worker."""

from typer.testing import CliRunner

from workstatus.cli import app
from workstatus.service import ServiceSettings


def test_serve_with_a_model_folder_that_does_not_exist_fails_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--model", str(tmp_path / "nowhere"), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "no such folder" in result.output and "Traceback" not in result.output


def test_the_settings_a_worker_reads_are_the_ones_serve_was_given(tmp_path, monkeypatch):
    given = ServiceSettings(data_dir=tmp_path, max_body_bytes=1234, max_jobs=3, keep_hours=1.5, model=None)
    monkeypatch.setenv("WORKSTATUS_SERVICE_SETTINGS", given.to_environment())
    assert ServiceSettings.from_environment() == given


def test_serve_refuses_an_address_others_can_reach_without_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSTATUS_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "needs a token" in result.output
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--token", "short", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "at least 16 characters" in result.output


def test_with_a_token_every_request_but_healthz_must_carry_it(tmp_path):
    from fastapi.testclient import TestClient

    from workstatus.service import create_app

    token = "a-long-random-token-1234"
    with TestClient(create_app(ServiceSettings(data_dir=tmp_path, token=token))) as client:
        assert client.get("/healthz").status_code == 200
        refused = client.get("/v1/catalogue")
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
        assert refused.json()["detail"][0]["loc"] == ["header", "authorization"]
        assert client.get("/v1/catalogue", headers={"Authorization": "Bearer wrong-token-wrong"}).status_code == 401
        assert client.get("/v1/catalogue", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/", auth=("inspector", token)).status_code == 200  # a browser's password prompt


def test_a_request_over_the_time_limit_is_answered_504(tmp_path, monkeypatch):
    import time

    from fastapi.testclient import TestClient

    import workstatus._assess as pipeline
    from workstatus.service import create_app

    with TestClient(create_app(ServiceSettings(data_dir=tmp_path, request_timeout=1))) as client:
        records = pipeline.assess_records

        def slow(*args, **kwargs):
            time.sleep(3)
            return records(*args, **kwargs)

        monkeypatch.setattr(pipeline, "assess_records", slow)  # /v1/assess runs the one pipeline
        answer = client.post("/v1/assess", json={"text": "骑手须接受平台派单。"})
        assert answer.status_code == 504 and answer.json()["detail"][0]["type"] == "timeout"
