"""``workstatus indicators``: text and JSON output, the catalogue, errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from workstatus.cli import app

runner = CliRunner()
TEXT = "公司主张骑手可以自由安排时间。骑手不得拒单，否则将被罚款。每天工作10小时，每周6天。"


def test_text_output_groups_evidence_by_indicator_with_the_match_marked(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["indicators", str(path)])
    assert result.exit_code == 0, result.output
    assert "+ refusal_penalised" in result.output
    assert "【不得拒单】" in result.output
    assert "weekly_hours = 60" in result.output


def test_attributed_evidence_is_labelled_as_claimed_by_a_party():
    result = runner.invoke(app, ["indicators", "-"], input=TEXT)
    assert "(attributed: a claim or a decision, not a found fact)" in result.output


def test_json_output_has_the_row_and_the_evidence():
    result = runner.invoke(app, ["indicators", "-", "--format", "json"], input=TEXT)
    data = json.loads(result.output)
    assert data["row"]["refusal_penalised"] == 1 and data["row"]["income_share"] is None
    assert any(span["text"] == "不得拒单" for span in data["evidence"])


def test_long_sentences_are_cut_around_the_match():
    text = "甲" * 5000 + "骑手不得拒单" + "乙" * 5000
    result = runner.invoke(app, ["indicators", "-"], input=text)
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) < 260


def test_the_list_option_prints_the_catalogue():
    result = runner.invoke(app, ["indicators", "--list"])
    assert result.exit_code == 0
    assert "refusal_penalised" in result.output and "拒单受罚" in result.output


def test_a_missing_file_is_one_line_and_exit_code_two():
    result = runner.invoke(app, ["indicators", "/no/such/file.txt"])
    assert result.exit_code == 2


def test_an_unknown_format_is_refused():
    result = runner.invoke(app, ["indicators", "-", "--format", "xml"], input=TEXT)
    assert result.exit_code == 2


def test_learned_says_which_values_the_learned_reader_read():
    text = "李某自2018年起在某快递公司从事快递派送工作。李某使用公司的电动三轮车派件，每月领取工资。"
    cues = runner.invoke(app, ["indicators", "-"], input=text)
    learned = runner.invoke(app, ["indicators", "--learned", "-"], input=text)
    assert cues.exit_code == 0 and learned.exit_code == 0, learned.output
    assert "(read by the learned reader)" not in cues.output
    assert "(read by the learned reader)" in learned.output
