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
