"""The command line refuses bad input in one line on stderr: non-zero exit, no traceback, no case text."""

import json
import sys

import pytest

from .conftest import SECRET, assert_one_clean_line

ALIASES = "a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n" for a, b in zip("abcde", "bcdef"))


@pytest.mark.parametrize("name, content, expect", [
    ("deep.json", "[" * 100_000, "nested too deeply"),
    ("deep.yaml", "a: " + "[" * 20_000, "nested too deeply"),
    ("aliases.yaml", ALIASES, "YAML aliases (*name) are not accepted"),
    ("nested.json", json.dumps({"a": [[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]}), "nested more than 20 levels"),
    ("list.yaml", "- yes\n- no\n", "expected a mapping"),
    ("bad.json", '{"work_assigned": ', "not valid JSON"),
])
@pytest.mark.parametrize("command", ["assess", "audit", "audit --answers"])
def test_answers_files_that_are_hostile_are_refused(cli, tmp_path, name, content, expect, command):
    path = tmp_path / name
    path.write_text(content)
    agreement = tmp_path / "agreement.txt"
    agreement.write_text("1. The rider must accept every order the platform assigns.")
    args = ("audit", agreement, "--answers", path) if command == "audit --answers" else (command, path)
    code, _, err = cli(*args)
    assert_one_clean_line(code, err, expect=expect)


def test_an_answers_file_over_the_size_limit_is_refused_before_it_is_parsed(cli, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("work_assigned: yes\n" + "# padding\n" * 200_000)
    code, _, err = cli("assess", path)
    assert_one_clean_line(code, err, expect="over the limit")


@pytest.mark.parametrize("content", [b"", b"   \n\t", b"\x00\x00\x00"])
def test_a_text_with_nothing_in_it_is_refused(cli, tmp_path, content):
    path = tmp_path / "case.txt"
    path.write_bytes(content)
    code, _, err = cli("assess", path)
    assert_one_clean_line(code, err, expect="the text is empty")


def test_a_file_that_is_not_utf8_is_refused(cli, tmp_path):
    path = tmp_path / "case.txt"
    path.write_bytes(SECRET.encode("gbk"))
    code, _, err = cli("assess", path)
    assert_one_clean_line(code, err, expect="not UTF-8 text")


def test_binary_on_standard_input_is_refused(cli, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x89PNG\r\n\x1a\n\xff\xd8\xff")))
    code, _, err = cli("assess", "-")
    assert_one_clean_line(code, err, expect="standard input: not UTF-8 text")


def test_a_text_over_the_length_limit_is_refused(cli, tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(SECRET * 40_000)
    code, _, err = cli("assess", path)
    assert_one_clean_line(code, err, expect="over the limit of 500,000")


def test_an_unknown_jurisdiction_is_refused(cli, tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(SECRET + "，骑手每天接受平台派单。")
    code, _, err = cli("assess", path, "--jurisdiction", "XX")
    assert_one_clean_line(code, err, expect="'XX' is not an ISO 3166 country code")


@pytest.mark.parametrize("wage", ["1e30", "nan", "-5"])
def test_a_wage_that_is_no_wage_is_refused(cli, wage):
    code, _, err = cli("obligations", "--status", "employee", "--wage", wage, "--region", "310000")
    assert_one_clean_line(code, err)


@pytest.mark.parametrize("command", ["cases", "evaluate"])
def test_case_files_that_are_not_utf8_or_nest_too_deeply_are_refused(cli, tmp_path, command):
    for content in (b'{"id": "1", "text": "\xff\xfe"}\n', b"[" * 100_000 + b"\n"):
        path = tmp_path / "cases.jsonl"
        path.write_bytes(content)
        args = ("cases", path, "--check") if command == "cases" else ("evaluate", "--cases", path)
        code, _, err = cli(*args)
        assert code != 0 and "Traceback" not in err
        assert "cases.jsonl:1:" in err


def test_batch_refuses_an_output_that_is_a_folder_or_the_input(cli, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f"id,text\n1,{SECRET}\n")
    for out, expect in ((tmp_path, "is a folder"), (source, "would overwrite the input")):
        code, _, err = cli("batch", source, "--out", out, "--quiet")
        assert_one_clean_line(code, err, expect=expect)
    code, _, err = cli("batch", source, "--out", tmp_path / "o.csv", "--report", source, "--quiet")
    assert_one_clean_line(code, err, expect="would overwrite the input")
    code, _, err = cli("batch", source, "--out", tmp_path / "o.csv", "--report", tmp_path / "no" / "r.html", "--quiet")
    assert_one_clean_line(code, err, expect="its folder does not exist")
    assert not (tmp_path / "o.csv").exists(), "paths are checked before any row is assessed"


def test_demo_refuses_an_output_that_is_a_file(cli, tmp_path):
    path = tmp_path / "taken.txt"
    path.write_text("x")
    code, _, err = cli("demo", "--out", path)
    assert_one_clean_line(code, err, expect="is a file")


def test_an_unexpected_failure_is_one_line_that_names_no_case_text(cli, tmp_path, monkeypatch):
    import workstatus._assess as pipeline

    def broken(*args, **kwargs):
        raise KeyError(SECRET)

    monkeypatch.setattr(pipeline, "assess_records", broken)
    path = tmp_path / "case.txt"
    path.write_text(SECRET)
    code, _, err = cli("assess", path)
    assert code == 70
    assert_one_clean_line(code, err, expect="internal error (KeyError")


@pytest.mark.parametrize("content, expect", [
    (ALIASES, "YAML aliases (*name) are not accepted"),
    ("a: " + "[" * 20_000, "nested too deeply to be a parameter file"),
    ("\udcff".encode("utf-8", "surrogateescape").decode("latin-1"), "not UTF-8 text"),
])
def test_a_hostile_parameter_file_is_refused_in_one_short_line(cli, tmp_path, content, expect):
    path = tmp_path / "region.yaml"
    path.write_bytes(content.encode("latin-1") if expect == "not UTF-8 text" else content.encode())
    code, _, err = cli("obligations", "--status", "employee", "--wage", "8000", "--parameters", path)
    assert_one_clean_line(code, err, expect=expect)
    assert len(err) < 500


def test_batch_refuses_a_tampered_model_before_writing_anything(cli, tmp_path):
    import shutil

    from workstatus.classifier._persist import MODEL_DIR

    model = tmp_path / "model"
    shutil.copytree(MODEL_DIR, model)
    state = model / "model.json"
    state.write_text(state.read_text(encoding="utf-8") + " ")  # one byte more than the manifest vouches for
    source = tmp_path / "in.csv"
    source.write_text(f"id,text\n1,{SECRET}\n")
    code, _, err = cli("batch", source, "--out", tmp_path / "out.csv", "--model", model, "--quiet")
    assert_one_clean_line(code, err, expect="the manifest says")
    assert not list(tmp_path.glob("out.csv*")), "nothing written"
