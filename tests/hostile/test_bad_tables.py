"""A bad row in a batch table becomes an error row with its line number; every other row is still assessed."""

import json

import pytest

from workstatus.assessment import AssessmentError
from workstatus.batch import BatchOptions, run_batch
from workstatus.tables import TableError, read_chunks

from .conftest import SECRET


def echo(records):
    """Stands in for the model: the row's error, or the text it was given."""
    return [AssessmentError(case_id=str(r["id"]), error=r.get("error") or f"text={r['text']}") for r in records]


def rows_of(path):
    return [row for chunk in read_chunks(path) for row in chunk]


def batch(tmp_path, name, data: bytes, **options):
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out.jsonl"
    summary = run_batch(source, out, echo, BatchOptions(chunk_size=2, **options))
    return summary, rows_of(out)


def test_a_ragged_row_and_a_quote_never_closed_are_error_rows_and_the_rest_is_read(tmp_path):
    data = ('id,text\n1,first\n2,a,b,c\n3,"quoted, with a\nnewline"\n4,"never closed\n5,fifth\n6,sixth\n').encode()
    summary, rows = batch(tmp_path, "in.csv", data)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[0]["error"] == "text=first" and rows[4]["error"] == "text=fifth" and rows[5]["error"] == "text=sixth"
    assert rows[1]["error"].startswith("line 3: 4 fields where the header has 2")
    assert rows[2]["error"] == "text=quoted, with a\nnewline"
    assert rows[3]["error"].startswith("line 6: a quoted field is never closed")
    assert summary.rows == 6


def test_bytes_that_are_not_utf8_spoil_only_their_own_csv_row(tmp_path):
    data = b"id,text\n1,good\n2,bad \xff\xfe bytes\n3,also good\n"
    _, rows = batch(tmp_path, "in.csv", data)
    assert [r["error"] for r in rows] == ["text=good", "line 3: not UTF-8 text; save the file as UTF-8", "text=also good"]
    assert rows[1]["id"] == "2"


def test_a_header_that_is_not_utf8_stops_the_run_at_once(tmp_path):
    with pytest.raises(TableError, match="header is not UTF-8"):
        batch(tmp_path, "in.csv", b"id,t\xffext\n1,a\n")


def test_bad_json_lines_are_error_rows_with_their_line_numbers(tmp_path):
    lines = [b'{"id": "1", "text": "one"}', b'{"id": "2", "text": "\xff"}', b'{"id": "3", "text": ' + b"[1, 2",
             b"[1, 2]", b'{"id": "5", "text": "five"}']
    _, rows = batch(tmp_path, "in.jsonl", b"\n".join(lines) + b"\n")
    assert [r["error"].split(" (")[0] for r in rows] == [
        "text=one", "line 2: not UTF-8 text", "line 3: not valid JSON", "line 4: expected a JSON object", "text=five"]


def test_a_json_line_nested_too_deeply_is_an_error_row(tmp_path):
    deep = b'{"id": "1", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    _, rows = batch(tmp_path, "in.jsonl", deep + b'\n{"id": "2", "text": "two"}\n')
    assert rows[0]["error"] == "line 1: JSON nested too deeply" and rows[1]["error"] == "text=two"


def test_a_row_over_the_size_limit_is_an_error_row(tmp_path, monkeypatch):
    import workstatus.tables as tables

    monkeypatch.setattr(tables, "MAX_RECORD_BYTES", 1 << 20)
    big = json.dumps({"id": "1", "text": "x" * (2 << 20)}).encode()
    _, rows = batch(tmp_path, "in.jsonl", big + b'\n{"id": "2", "text": "two"}\n')
    assert rows[0]["error"] == "line 1: over 1 MiB; the row was skipped" and rows[1]["error"] == "text=two"


def test_a_corrupt_parquet_file_is_refused_in_one_line(tmp_path):
    with pytest.raises(TableError, match="not a readable Parquet file") as refused:
        batch(tmp_path, "in.parquet", b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
    assert "\n" not in str(refused.value)


def test_whole_number_ids_read_as_floats_keep_their_written_form(tmp_path):
    import pandas as pd

    source = tmp_path / "in.parquet"
    pd.DataFrame({"id": [1.0, 2.5], "text": ["a", "b"]}).to_parquet(source)
    run_batch(source, tmp_path / "out.csv", echo)
    assert [r["id"] for r in rows_of(tmp_path / "out.csv")] == ["1", "2.5"]


def test_an_existing_output_is_kept_unless_forced(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,a\n")
    out = tmp_path / "out.csv"
    out.write_text("precious")
    with pytest.raises(TableError, match="exists; pass --force"):
        run_batch(source, out, echo)
    assert out.read_text() == "precious"
    out.chmod(0o644)
    run_batch(source, out, echo, BatchOptions(force=True))
    assert rows_of(out)[0]["error"] == "text=a"
    assert out.stat().st_mode & 0o077 == 0, "an overwritten output is made private too"


def test_an_output_through_a_symbolic_link_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,a\n")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    with pytest.raises(TableError, match="symbolic link"):
        run_batch(source, link, echo, BatchOptions(force=True))
    assert victim.read_text() == "keep me"


def test_outputs_holding_case_data_are_readable_by_their_owner_only(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f"id,text\n1,{SECRET}\n")
    for name in ("out.csv", "out.jsonl", "out.parquet"):
        run_batch(source, tmp_path / name, echo, BatchOptions(report=tmp_path / f"{name}.html"))
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, name
        assert (tmp_path / f"{name}.html").stat().st_mode & 0o077 == 0, name


def test_a_second_run_on_the_same_output_is_refused_while_the_first_writes(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,text\n" + "".join(f"{i},t{i}\n" for i in range(6)))
    out = tmp_path / "out.csv"

    def second_run_meanwhile(records):
        with pytest.raises(TableError, match="another run is writing this output"):
            run_batch(source, out, echo, BatchOptions(resume=True))
        return echo(records)

    run_batch(source, out, second_run_meanwhile, BatchOptions(chunk_size=3))
    assert [r["id"] for r in rows_of(out)] == [str(i) for i in range(6)]
