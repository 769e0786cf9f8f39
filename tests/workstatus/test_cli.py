"""The commands a user runs: assess, audit, batch, demo."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from workstatus.cli import app

runner = CliRunner()
EXAMPLES = __import__("workstatus.demo", fromlist=["EXAMPLES"]).EXAMPLES


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_assess_prints_status_reasons_and_obligations_in_the_terminal(model):
    result = run("assess", EXAMPLES / "complaint_zh.txt", "--wage", 6000, "--region", "310000", "--as-of", "2025-07-01")
    assert result.exit_code == 0, result.output
    assert "employee" in result.output.lower()
    assert "Social-insurance obligations" in result.output
    assert "decision support, not a legal ruling" in result.output


@pytest.mark.parametrize("fmt, marker", [("json", '"probabilities"'), ("markdown", "# Status assessment"),
                                         ("html", "<!DOCTYPE html>")])
def test_assess_writes_each_format_to_a_file(model, tmp_path, fmt, marker):
    out = tmp_path / f"report.{fmt}"
    result = run("assess", EXAMPLES / "rider_zh.txt", "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_assess_writes_the_report_in_chinese_when_asked(model, fmt):
    result = run("assess", EXAMPLES / "rider_zh.txt", "--format", fmt, "--report-lang", "zh",
                 "--wage", 6000, "--region", "310000", "--as-of", "2025-07-01")
    assert result.exit_code == 0, result.output
    assert "社会保险义务" in result.stdout and "职工基本养老保险" in result.stdout
    assert "Social-insurance obligations" not in result.stdout and "Status assessment" not in result.stdout


def test_a_report_language_it_does_not_know_is_refused_in_one_line(model):
    result = run("assess", "-", "--report-lang", "fr", input="骑手必须服从系统派单。")
    assert result.exit_code == 2
    assert result.output.strip() == "workstatus: --report-lang 'fr': expected en or zh"


def test_assess_reads_standard_input(model):
    result = run("assess", "-", "--format", "json", input="骑手必须服从系统派单，拒单扣款。")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["language"] == "zh"


@pytest.mark.parametrize("args, message", [
    (["assess", "no-such-file.txt"], "no-such-file.txt: no such file"),
    (["assess", "-", "--wage", "-1"], "a wage cannot be negative"),
    (["assess", "-", "--wage", "5000", "--as-of", "July"], "--as-of 'July' is not a date; expected YYYY-MM-DD"),
])
def test_bad_input_gets_one_clear_line(model, args, message):
    result = run(*args, input="text")
    assert result.exit_code == 2
    assert message in result.output


def test_audit_ranks_the_practices_that_drive_the_status(model, tmp_path):
    result = run("audit", EXAMPLES / "answers_audit.yaml", "--wage", 6500, "--region", "110000", "--as-of", "2025-07-01")
    assert result.exit_code == 0, result.output
    assert "What would change the status" in result.output
    assert "if changed →" in result.output and "suggested:" in result.output
    data = json.loads(run("audit", EXAMPLES / "agreement_zh.txt", "--format", "json").stdout)
    deltas = [c["delta_employee"] for c in data["changes"]]
    assert deltas == sorted(deltas) and deltas, "without a wage, ranked by the fall in P(employee)"
    data = json.loads(run("audit", EXAMPLES / "agreement_zh.txt", "--format", "json", "--wage", 7000,
                          "--region", "110000", "--as-of", "2025-07-01").stdout)
    falls = [float(c["delta_liability"]) for c in data["changes"]]
    assert falls == sorted(falls), "with a wage, ranked by the fall in expected liability"
    steps = [s["probabilities"]["independent"] for s in data["path"]]
    assert steps == sorted(steps), "each step of the path raises P(independent)"


def test_audit_names_unknown_indicators_in_the_answers(model, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("work_assigned: yes\nalgorithm_control: yes\n")
    result = run("audit", answers)
    assert result.exit_code == 2
    assert "algorithm_control" in result.output


def test_batch_writes_every_row_and_a_triage_report(model, tmp_path):
    texts = [(EXAMPLES / name).read_text(encoding="utf-8") for name in ("rider_zh.txt", "complaint_zh.txt", "driver_en.txt")]
    frame = pd.DataFrame({"case_no": ["a", "b", "c", "d"], "body": texts + [texts[0]], "monthly_wage": ["6000", "", "7000", "x"]})
    frame.to_csv(tmp_path / "cases.csv", index=False)
    result = run("batch", tmp_path / "cases.csv", "--out", tmp_path / "out.jsonl", "--text-column", "body",
                 "--id-column", "case_no", "--report", tmp_path / "triage.html", "--report-top", 2, "--quiet",
                 "--as-of", "2025-07-01")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["case_no"] for r in rows] == ["a", "b", "c", "d"]
    assert rows[0]["status"] and rows[0]["reason_1"]
    assert rows[3]["error"] and "monthly_wage" in rows[3]["error"]
    triage = (tmp_path / "triage.html").read_text(encoding="utf-8")
    assert "4 cases assessed, 1 with errors" in triage and "the 2 highest-scoring are ranked below" in triage


def test_demo_writes_a_report_for_every_bundled_example(model, tmp_path):
    result = run("demo", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    for name in ("rider_zh", "driver_en", "complaint_zh", "agreement_zh", "answers_audit"):
        assert (tmp_path / f"{name}.html").is_file() and (tmp_path / f"{name}.md").is_file()


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\x00\x00 \x00"])
def test_an_empty_text_is_refused_in_one_line_not_given_a_status(data):
    result = CliRunner().invoke(app, ["assess", "-"], input=data)
    assert result.exit_code == 2
    assert "the text is empty" in result.stderr and result.stderr.count("\n") == 1


def test_binary_on_standard_input_is_refused_in_one_line():
    result = CliRunner().invoke(app, ["assess", "-"], input=b"\xff\xfe\x00abc")
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


@pytest.mark.parametrize("example", ["rider_zh.txt", "driver_en.txt", "complaint_zh.txt", "agreement_zh.txt"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_report_format_shows_every_evidence_span_and_citation(model, example, fmt):
    """Each span the extraction found, each document and address behind an obligation, and each similar case's
    address, as the JSON holds them, can be read in the text, Markdown and HTML reports of the same case."""
    import html
    import re

    args = ["assess", EXAMPLES / example, "--region", "110000", "--wage", 6500, "--as-of", "2025-07-01"]
    data = json.loads(run(*args, "--format", "json").stdout)
    page = run(*args, "--format", fmt).stdout
    # HTML: a span may be cut by the marks of overlapping spans, a similar case's address is its link
    text = " ".join((html.unescape(re.sub(r"<[^>]+>", "", page)) if fmt == "html" else page.replace("\\", "")).split())
    links = html.unescape(page) if fmt == "html" else text
    spans = {" ".join(e["text"].split()) for i in data["indicators"] for e in i["evidence"] if e["start"] >= 0}
    cited = {s[k] for o in data["obligations"] for s in o["sources"] for k in ("doc", "url") if s.get(k)}
    cited |= {c["source_url"] for c in data["similar_cases"] if c.get("source_url")}
    assert spans and cited
    assert [x for x in sorted(spans) if x not in text] + [x for x in sorted(cited) if x not in links] == []
