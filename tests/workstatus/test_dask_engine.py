"""The Dask engine gives the local engine's rows, in order, through interruption and a lost worker."""

import json
import logging
import os
import signal
import stat
from functools import partial

import pandas as pd
import pytest
from typer.testing import CliRunner

from workstatus import _assess
from workstatus.batch import PROFILE_FIELDS, BatchOptions, run_batch
from workstatus.cli import app
from workstatus.engines.dask import PROGRESS_FILE, assess_dataframe, parts_dir_of, read_progress, run_dask_batch
from workstatus.tables import TableError

EXAMPLES = __import__("workstatus.demo", fromlist=["EXAMPLES"]).EXAMPLES
PROFILE_COLUMNS = {f: f for f in PROFILE_FIELDS}


@pytest.fixture(scope="module")
def client():
    """Two worker processes of one thread each, shared by the module (started once: it takes seconds)."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        yield client


def cases(n):
    """``n`` rows cycling through real-looking texts, one with newlines, quotes and commas, and rows that fail."""
    texts = ["骑手必须服从系统派单，拒单扣款，每天在线10小时，公司按月发放工资。",
             "The streamer chose her own hours, worked for other platforms and owned her equipment.",
             (EXAMPLES / "driver_en.txt").read_text(encoding="utf-8"),
             'The rider said "I was told, by the app,\nwhen to log in";\r\nrefusing orders was fined.',
             (EXAMPLES / "complaint_zh.txt").read_text(encoding="utf-8")]
    wages = ["6000", "", "7500", "6500", "x"]  # 'x' is not a wage: that row fails, with its reason
    return pd.DataFrame({"case_no": [f"c{i:02d}" for i in range(n)], "text": [texts[i % 5] for i in range(n)],
                         "monthly_wage": [wages[i % 5] for i in range(n)], "as_of": "2025-07-01"})


def write(frame, path):
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False, row_group_size=3)
    else:
        lines = [json.dumps(r, ensure_ascii=False) for r in frame.to_dict("records")]
        lines.insert(3, "{not json")  # a broken line is an error row in both engines
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def local(source, out, *, explain=True):
    run_batch(source, out, _assess.assess_chunk, BatchOptions(id_column="case_no", profile_columns=PROFILE_COLUMNS,
                                                              chunk_size=4),
              worker_init=partial(_assess.init_worker, None, explain))
    return pd.read_parquet(out) if out.suffix == ".parquet" else None


def dask(source, out, client, *, resume=False, **engine):
    options = BatchOptions(id_column="case_no", profile_columns=PROFILE_COLUMNS, resume=resume)
    return run_dask_batch(source, out, options, client=client, progress_bar=False, **engine)


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_the_dask_engine_writes_the_local_engines_rows_in_order_with_error_rows(client, model, tmp_path, kind):
    source = write(cases(10), tmp_path / f"in.{kind}")
    expected = local(source, tmp_path / "local.parquet")
    summary = dask(source, tmp_path / "dask.parquet", client, partitions=4)
    got = pd.read_parquet(tmp_path / "dask.parquet")
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == (11 if kind == "jsonl" else 10)
    assert got["error"].notna().sum() == summary.errors == (3 if kind == "jsonl" else 2)  # wage x; the broken line
    assert got["reason_1"].notna().any() and got["expected_monthly_liability"].notna().any()
    assert len(list(parts_dir_of(tmp_path / "dask.parquet").glob("part-*.parquet"))) == 4


def test_each_worker_loads_the_model_once_however_many_partitions_it_runs(client, model, tmp_path):
    source = write(cases(12), tmp_path / "in.csv")
    dask(source, tmp_path / "out.parquet", client, partitions=6, explain=False)
    loads = client.run(lambda: __import__("workstatus._assess", fromlist=["_"])._default_model.cache_info().misses)
    assert sorted(loads.values()) == [1, 1]


def test_assess_dataframe_gives_a_dask_frame_of_the_batch_columns_aligned_with_its_input(client, model, tmp_path):
    import dask.dataframe as dd

    frame = cases(7)
    source = write(frame, tmp_path / "in.csv")
    expected = local(source, tmp_path / "local.parquet")
    result = assess_dataframe(dd.from_pandas(frame.set_index(frame.index + 100), npartitions=3), id_column="case_no")
    assert isinstance(result, dd.DataFrame)
    got = result.compute()
    assert list(got.index) == list(range(100, 107))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)


def interrupt_after(k):
    def stop(done, total):
        if done >= k:
            raise KeyboardInterrupt

    return stop


def test_an_interrupted_run_resumes_skipping_the_partitions_it_finished(client, model, tmp_path):
    source = write(cases(8), tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    with pytest.raises(KeyboardInterrupt):
        dask(source, out, client, partitions=4, explain=False, on_partition_done=interrupt_after(2))
    recorded = read_progress(parts_dir_of(out), out)
    assert len(recorded["done"]) == 2 and not out.exists()
    with pytest.raises(TableError, match="an interrupted run left"):
        dask(source, out, client, partitions=4, explain=False)

    summary = dask(source, out, client, explain=False, resume=True)  # the recorded partitions are reused
    assert summary.skipped == 4 and summary.rows == 4
    local(source, tmp_path / "local.csv", explain=False)
    assert out.read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert not (parts_dir_of(out) / PROGRESS_FILE).exists()


def test_a_resume_with_a_changed_input_is_refused_saying_what_changed(client, model, tmp_path):
    source = write(cases(6), tmp_path / "in.jsonl")
    out = tmp_path / "out.parquet"
    with pytest.raises(KeyboardInterrupt):
        dask(source, out, client, partitions=3, explain=False, on_partition_done=interrupt_after(1))
    write(cases(6).iloc[::-1], source)
    with pytest.raises(TableError, match="cannot resume: input changed"):
        dask(source, out, client, explain=False, resume=True)


def test_workers_of_another_workstatus_version_are_refused_before_any_row(client, model, tmp_path, monkeypatch):
    import workstatus
    from workstatus.engines.dask import EngineError

    source = write(cases(2), tmp_path / "in.csv")
    monkeypatch.setattr(workstatus, "__version__", "0.0.1")  # the client's version: the workers have the real one
    with pytest.raises(EngineError, match="a worker has workstatus .*, the client 0.0.1; install the same version"):
        dask(source, tmp_path / "out.parquet", client, explain=False)
    assert not parts_dir_of(tmp_path / "out.parquet").exists()  # nothing written: a plain rerun starts afresh


def test_the_cli_runs_a_batch_on_a_running_scheduler_and_writes_private_files(client, model, tmp_path):
    source = write(cases(6), tmp_path / "in.csv")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, [str(a) for a in (
        "batch", source, "--out", out, "--id-column", "case_no", "--engine", "dask", "--partitions", 2,
        "--scheduler", client.scheduler.address, "--fast", "--quiet", "--report", tmp_path / "triage.html")])
    assert result.exit_code == 0, result.output
    assert "6 rows assessed" in result.stderr and "; 1 errors" in result.stderr  # the row whose wage is x
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["case_no"] for r in rows] == [f"c{i:02d}" for i in range(6)]
    parts = sorted(parts_dir_of(out).glob("part-*.parquet"))
    assert len(parts) == 2
    for path in (out, *parts, tmp_path / "triage.html"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_scheduler_and_partitions_without_the_dask_engine_are_refused_in_one_line(tmp_path):
    source = write(cases(2), tmp_path / "in.csv")
    result = CliRunner().invoke(app, ["batch", str(source), "--out", str(tmp_path / "o.csv"), "--partitions", "2"])
    assert result.exit_code == 2
    assert "apply to --engine dask only" in result.stderr and result.stderr.count("\n") == 1


def _die_on_first_partition(marker):
    """Run on each worker: the first partition any worker starts kills that worker (once: the marker's O_EXCL)."""
    from workstatus.engines import partitions

    read = partitions.read_partition

    def read_or_die(job, part):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return read(job, part)
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would, mid-partition

    partitions.read_partition = read_or_die
    return os.getpid()


def test_a_worker_killed_mid_run_loses_no_row(client, model, tmp_path):
    """Runs last: the cluster restarts the killed worker, which takes a while."""
    source = write(cases(8), tmp_path / "in.csv")
    marker = tmp_path / "a worker was killed"
    before = set(client.run(_die_on_first_partition, str(marker)).values())
    summary = dask(source, tmp_path / "out.parquet", client, partitions=8)
    assert marker.exists(), "no worker started a partition"
    assert before - set(client.run(os.getpid).values()), "the killed worker is still running"
    got = pd.read_parquet(tmp_path / "out.parquet")
    pd.testing.assert_frame_equal(got, local(source, tmp_path / "local.parquet"))
    assert summary.rows == 8
