"""Batch keeps every row, in order, through bad input, formats and interruption."""

import json

import pandas as pd
import pytest

from workstatus.assessment import AssessmentError
from workstatus.batch import RESULT_COLUMNS, BatchOptions, run_batch
from workstatus.tables import TableError, TableWriter, read_chunks


def fake_assess(records):
    """Stands in for the model: an error row for records flagged bad, else a recognisable failure-free row."""
    return [AssessmentError(case_id=str(r["id"]), error=r.get("error") or f"seen {r['text'][:3]}") for r in records]


def write_input(path, n, kind):
    frame = pd.DataFrame({"case_no": [f"c{i}" for i in range(n)], "text": [f"t{i:03d}" for i in range(n)]})
    if kind == "csv":
        frame.to_csv(path, index=False)
    elif kind == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in frame.to_dict("records")) + "\n")
    else:
        frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_one_output_row_per_input_row_in_order_with_the_id_column_kept(tmp_path, kind):
    source = write_input(tmp_path / f"in.{kind}", 23, kind)
    out = tmp_path / f"out.{kind}"
    summary = run_batch(source, out, fake_assess, BatchOptions(id_column="case_no", chunk_size=5))
    rows = [r for chunk in read_chunks(out) for r in chunk]
    assert [r["case_no"] for r in rows] == [f"c{i}" for i in range(23)]
    assert list(rows[0]) == ["case_no", *RESULT_COLUMNS]
    assert rows[4]["error"] == "seen t00"
    assert summary.rows == 23 and summary.errors == 23


def test_a_jsonl_record_without_the_text_key_becomes_an_error_row_naming_its_keys(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"case_no": "a", "body": "one"}\n{"case_no": "b", "text": "two"}\n', encoding="utf-8")
    run_batch(source, tmp_path / "out.jsonl", fake_assess, BatchOptions(id_column="case_no"))
    rows = [r for chunk in read_chunks(tmp_path / "out.jsonl") for r in chunk]
    assert rows[0]["error"].startswith("no column 'text' (use --text-column); columns: case_no, body")
    assert rows[1]["error"] == "seen two"  # the stand-in echoes the text it was given


def test_a_broken_jsonl_line_becomes_an_error_row_and_the_rest_go_on(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "one"}\n{not json\n{"id": "c", "text": "three"}\n')
    run_batch(source, tmp_path / "out.csv", fake_assess)
    rows = [r for chunk in read_chunks(tmp_path / "out.csv") for r in chunk]
    assert [r["id"] for r in rows] == ["a", "2", "c"]
    assert rows[1]["error"].startswith("line 2: not valid JSON")


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_an_interrupted_run_resumes_without_duplicating_rows(tmp_path, kind):
    source = write_input(tmp_path / f"in.{kind}", 30, kind)
    out = tmp_path / f"out.{kind}"
    calls = {"n": 0}

    def dies_on_third_chunk(records):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return fake_assess(records)

    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, dies_on_third_chunk, BatchOptions(id_column="case_no", chunk_size=7))
    with pytest.raises(TableError, match="an interrupted run left out"):
        run_batch(source, out, fake_assess, BatchOptions(id_column="case_no", chunk_size=7))
    summary = run_batch(source, out, fake_assess, BatchOptions(id_column="case_no", chunk_size=7, resume=True))
    rows = [r for chunk in read_chunks(out) for r in chunk]
    assert [r["case_no"] for r in rows] == [f"c{i}" for i in range(30)]
    assert summary.skipped == 14 and summary.rows == 16


def test_a_partly_written_chunk_is_cut_off_on_resume(tmp_path):
    out = tmp_path / "out.jsonl"
    writer = TableWriter(out, ["id"])
    writer.append([{"id": "a"}])
    with out.open("a") as handle:
        handle.write('{"id": "half')  # the process died mid-write
    writer.release()  # and the system dropped its lock
    TableWriter(out, ["id"], resume=True).close()
    assert out.read_text() == '{"id": "a"}\n'


def test_resume_without_an_interrupted_run_says_so(tmp_path):
    with pytest.raises(TableError, match="nothing to resume"):
        TableWriter(tmp_path / "out.csv", ["id"], resume=True)


def test_unknown_extensions_and_missing_files_are_named(tmp_path):
    with pytest.raises(TableError, match=r"unknown table extension '\.xlsx'"):
        list(read_chunks(write_input(tmp_path / "in.csv", 1, "csv").rename(tmp_path / "in.xlsx")))
    with pytest.raises(TableError, match="no such file"):
        list(read_chunks(tmp_path / "missing.csv"))
    source = write_input(tmp_path / "in.csv", 1, "csv")
    with pytest.raises(TableError, match="would overwrite the input"):
        run_batch(source, source, fake_assess)


@pytest.mark.parametrize("where", ["input", "output", "missing folder", "folder"])
def test_every_output_path_is_checked_before_any_row_is_assessed(tmp_path, where):
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,骑手服从派单\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    report = {"input": source, "output": out, "missing folder": tmp_path / "no" / "r.html", "folder": tmp_path}[where]
    called = []

    def worker(chunk, **_):
        called.append(chunk)
        return []

    with pytest.raises(TableError, match="--report"):
        run_batch(source, out, worker, BatchOptions(report=report))
    assert not called and source.read_text(encoding="utf-8").startswith("id,text")
    assert not out.exists()


def test_a_table_without_the_text_column_stops_at_once_naming_its_columns(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,body\n1,骑手服从派单\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"no column 'text'.*'id', 'body'.*--text-column"):
        run_batch(source, tmp_path / "out.csv", lambda chunk, **_: [])
    assert not (tmp_path / "out.csv").exists()
    with pytest.raises(TableError, match="no column 'case_no' for --id-column"):
        run_batch(tmp_path / "in.csv", tmp_path / "out.csv", lambda chunk, **_: [],
                  BatchOptions(text_column="body", id_column="case_no"))


def interrupted_run(tmp_path):
    """A five-row batch interrupted after its first chunk of two: (input, output)."""
    source = write_input(tmp_path / "in.csv", 5, "csv")
    out = tmp_path / "out.csv"
    calls = []

    def stop_after_first_chunk(records):
        calls.append(records)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return fake_assess(records)

    with pytest.raises(KeyboardInterrupt):
        run_batch(source, out, stop_after_first_chunk, BatchOptions(id_column="case_no", chunk_size=2))
    return source, out


@pytest.mark.parametrize("change", ["input", "options"])
def test_a_resume_with_another_input_or_other_options_is_refused_saying_what_changed(tmp_path, change):
    source, out = interrupted_run(tmp_path)
    if change == "input":
        pd.read_csv(source).iloc[::-1].to_csv(source, index=False)
        options = {}
    else:
        options = {"fast": True}
    with pytest.raises(TableError, match=f"cannot resume: {change} changed"):
        run_batch(source, out, fake_assess, BatchOptions(id_column="case_no", chunk_size=2, resume=True), identity=options)


def test_a_resume_of_an_output_written_with_other_columns_is_refused(tmp_path):
    """A newer version that writes more columns must not append its rows under an older header."""
    source, out = interrupted_run(tmp_path)
    with pytest.raises(TableError, match="cannot resume: columns changed"):
        TableWriter(out, ["case_no", "status", "evidence"], resume=True,
                    identity=json.loads((tmp_path / "out.csv.progress").read_text())["identity"])


def test_a_resume_with_the_same_input_and_options_goes_on(tmp_path):
    source, out = interrupted_run(tmp_path)
    run_batch(source, out, fake_assess, BatchOptions(id_column="case_no", chunk_size=2, resume=True))
    assert [r["case_no"] for chunk in read_chunks(out) for r in chunk] == [f"c{i}" for i in range(5)]


def test_duplicate_ids_are_counted_and_every_row_is_kept(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,text\na,one\nb,two\na,three\n", encoding="utf-8")
    summary = run_batch(source, tmp_path / "out.csv", fake_assess)
    assert summary.duplicates == 1 and summary.duplicate_ids == ["a"]
    assert [r["id"] for chunk in read_chunks(tmp_path / "out.csv") for r in chunk] == ["a", "b", "a"]


def _split_result(status: str, split: dict | None):
    from workstatus.assessment import Assessment

    return Assessment.model_validate({
        "probabilities": {"employee": 0.2, "third_category": 0.5, "independent": 0.3}, "most_probable": status,
        "status": status, "model": {"version": "test", "sha256": "test"}, "catalogue_version": "test",
        "as_of": "2026-12-01", "split": split})


def test_a_batch_row_names_the_facts_that_split_a_chinese_case():
    from workstatus.batch import flatten
    from workstatus.reports.triage import split_says

    fact = {"value": 1, "side": "management", "evidence": []}
    split = {"outcome": "third_category", "management": 2, "own_account": 0, "p_third": 0.6, "basis": "1b",
             "facts": [fact | {"indicator": "work_assigned", "kind": "assigns_work", "label": {"en": "Work is assigned"}},
                       fact | {"indicator": "time_limits", "kind": "rules_sanctions:time_limits",
                               "label": {"en": "Time limits"}}]}
    row = flatten(_split_result("third_category", split), "id", "c1")
    assert row["split"] == "third_category: management 2 (Work is assigned; Time limits), own account 0"
    assert split_says(_split_result("employee", split)) == ""  # employment: the split does not apply
    assert split_says(_split_result("independent", None)) == ""  # not a Chinese case split by the rule


@pytest.mark.parametrize("field, value", [("chunk_size", 0), ("report_top", 0), ("rows", 3)])
def test_batch_options_are_checked_once_when_the_record_is_made(field, value):
    """A chunk of no rows, a report of no rows or an option no engine knows is refused before any run, by name."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=field):
        BatchOptions(**{field: value})


def test_a_batch_row_carries_every_evidence_span_source_address_and_similar_case():
    """The table is the only output a batch user reads: nothing a case report cites may be lost from its row."""
    from workstatus import assess
    from workstatus.batch import flatten

    text = "骑手须接受平台派单，拒单扣款，每天在线10小时。公司主张双方是合作关系。"
    result = assess(text, profile={"region": "110000", "monthly_wage": 8000})
    row = flatten(result, "id", "r1")
    spans = [span for ind in result.indicators for span in ind.evidence]
    assert spans and all(f"“{' '.join(span.text.split())}”" in row["evidence"] for span in spans)
    assert row["evidence"].count(" | ") == len(spans) - 1
    assert "claim “" in row["evidence"]  # the company's claim is marked as one
    urls = {source.url for line in result.obligations for source in line.sources if source.url}
    assert urls and all(url in row["liability_sources"] for url in urls)
    similar = [case.source_url for case in result.similar_cases or () if case.source_url]
    assert similar and all(url in row["similar_cases"] for url in similar)
