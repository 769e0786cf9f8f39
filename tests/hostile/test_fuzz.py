"""Bounded fuzzing of the command line and the batch reader (a fixed seed; longer runs: raise max_examples)."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workstatus.assessment import AssessmentError
from workstatus.batch import BatchOptions, run_batch
from workstatus.tables import TableError, read_chunks

from .conftest import SECRET

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                      st.text(alphabet="骑手拒单扣款平台派单不是劳动关系，。\n\x00 \"'<>&", max_size=120).map(str.encode)))
def test_fuzz_assess_exits_0_or_2_with_at_most_one_line_and_no_traceback(cli, tmp_path, data):
    path = tmp_path / "case.txt"
    path.write_bytes(SECRET.encode() + data if data[:1] == b"!" else data)
    code, _, err = cli("assess", path, "--format", "json")
    assert code in (0, 2), err
    assert "Traceback" not in err and SECRET not in err
    if code:
        assert len([line for line in err.splitlines() if line.strip()]) == 1, err


def echo(records):
    return [AssessmentError(case_id=str(r["id"]), error=r.get("error") or "ok") for r in records]


fields = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=30)


@FUZZ
@given(texts=st.lists(fields, min_size=1, max_size=12),
       damage=st.lists(st.tuples(st.integers(0, 11), st.binary(min_size=1, max_size=12)), max_size=3))
def test_fuzz_a_damaged_csv_keeps_every_readable_row_in_order(tmp_path, texts, damage):
    rows = []
    for n, text in enumerate(texts):
        handle = io.StringIO()
        csv.writer(handle, lineterminator="\n").writerow([f"id{n}", text])
        rows.append(handle.getvalue().encode())
    damaged = set()
    for at, junk in damage:  # a line of junk between rows: it may spoil its neighbours, never the rest
        if at < len(rows):
            rows[at] = rows[at] + junk.replace(b"\n", b"") + b"\n"
            damaged.update({at, at + 1})
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,text\n" + b"".join(rows))
    out = tmp_path / "out.jsonl"
    try:
        run_batch(source, out, echo, BatchOptions(chunk_size=3, force=True))
    except TableError:
        return  # only the header can stop a run, and it is never damaged here
    got = [row["id"] for chunk in read_chunks(out) for row in chunk]
    clean = [f"id{n}" for n in range(len(texts)) if not damaged & set(range(n - 1, n + 1))]
    positions = [got.index(i) for i in clean if i in got]
    assert positions == sorted(positions), "rows stay in input order"
    if not damage:
        assert got == [f"id{n}" for n in range(len(texts))]
