"""Reports render in a real headless browser, without script errors, and user text stays text."""

import shutil
import subprocess

import pytest

from workstatus.reports import render_case_html, render_triage_html

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine (apt-get install chromium)")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]


def render_in_browser(tmp_path, html: str) -> tuple[str, str]:
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    done = subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=60,
    )
    return done.stdout, done.stderr


def test_a_case_report_renders_and_injected_script_does_not_run(tmp_path, assessment_data):
    data = dict(assessment_data, text="<script>document.title='pwned'</script>骑手必须每天在线10小时，超时扣款。")
    data["indicators"] = []
    dom, log = render_in_browser(tmp_path, render_case_html(data))
    assert "<title>workstatus" in dom and "pwned</title>" not in dom
    assert "Social-insurance obligations" in dom
    assert "Uncaught" not in log


def test_the_triage_report_script_runs_without_errors(tmp_path):
    rows = [{"id": f"c{i}", "status": "employee", "p_employee": 0.9, "p_third_category": 0.05,
             "expected_monthly_liability": "1000"} for i in range(3)]
    dom, log = render_in_browser(tmp_path, render_triage_html(rows))
    assert "3 shown" in dom  # the filter script ran and counted the rows
    assert "Uncaught" not in log
