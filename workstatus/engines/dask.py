"""The Dask engine: ``workstatus batch --engine dask`` and :func:`assess_dataframe`.

The input is cut into partitions by the client (:mod:`.partitions`); each
partition is one task that a worker reads from the file, assesses with the
model it loaded once (:class:`._plugin.ModelPlugin`) and writes as one
Parquet part file. The client records every finished partition in a progress
file, so a rerun with ``resume`` skips them, and at the end joins the parts,
in input order, into the output table the local engine would have written.
Dask is imported only here, and only when this engine runs.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import workstatus
from workstatus import classifier
from workstatus._assess import WorkstatusError
from workstatus.batch import (
    FLOAT_COLUMNS, PROFILE_FIELDS, BatchOptions, BatchSummary, _check_columns, _check_paths, write_report,
)
from workstatus.engines.partitions import (
    Job, Plan, arrow_schema, assess_rows, output_columns, part_path, plan_partitions, run_partition,
)
from workstatus.tables import (
    TableError, TableWriter, arrow_table, file_identity, private_open, run_identity, table_format,
)

PROGRESS_FILE = "_progress.jsonl"  # a leading underscore: Parquet dataset readers skip it
CONNECT_TIMEOUT = "20s"


class EngineError(ValueError):
    """The Dask engine cannot run (Dask missing, no scheduler, a worker that cannot see the files)."""


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise EngineError(f"the Dask engine needs dask[dataframe] and distributed ({err.name} is missing); "
                          "install them with: pip install 'workstatus[dask]'") from err


def parts_dir_of(output_path: str | Path) -> Path:
    """The folder of Parquet part files beside an output table: ``OUTPUT.partitions/``."""
    output_path = Path(output_path)
    return output_path.with_name(output_path.name + ".partitions")


@contextmanager
def connect(scheduler: str = "local", *, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client``: on a local cluster of ``workers`` processes, or on the scheduler at an address.

    ``scheduler`` is ``local`` or an address such as ``tcp://10.0.0.5:8786``
    (``tls://`` with the ``distributed`` security settings for a cluster that
    spans hosts). A local cluster is closed on exit; a remote one is left running.
    """
    _require_dask()
    from distributed import Client, LocalCluster

    if scheduler == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise EngineError(f"--scheduler {scheduler}: cannot connect ({str(err).splitlines()[0][:160]}); start "
                          "`dask scheduler` there and `dask worker ADDRESS` on each host, or use --scheduler local") from err
    with client:
        yield client


class PartitionLog:
    """The progress file of a Dask batch: the run's identity, then one line per finished partition with its counts.

    It lives in the parts folder; each finished partition appends one line
    and syncs it to disk (so the cost stays flat however many partitions a
    run has), and the file is removed when the output is joined.
    """

    def __init__(self, parts_dir: Path, identity: dict, *, resume: bool, output: Path) -> None:
        self.path = parts_dir / PROGRESS_FILE
        self.done: dict[int, dict] = {}
        if resume:
            recorded = read_progress(parts_dir, output)
            started = recorded["identity"]
            changed = sorted(k for k in set(started) | set(identity) if started.get(k) != identity.get(k))
            if changed:
                raise _cannot_resume(output, parts_dir, changed)
            self.done = {n: stats for n, stats in recorded["done"].items()
                         if part_path(parts_dir, n).is_file()}  # a lost part file is simply redone
            return
        if self.path.is_file():
            raise _interrupted(output, parts_dir)
        parts_dir.mkdir(mode=0o700, exist_ok=True)
        for old in parts_dir.glob("part-*.parquet"):
            old.unlink()
        tmp = self.path.with_name(f".{PROGRESS_FILE}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps({"identity": identity}, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

    def record(self, stats: dict) -> None:
        """Mark one partition finished, durably."""
        self.done[int(stats["partition"])] = {k: v for k, v in stats.items() if k != "partition"}
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(stats, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


def _cannot_resume(output: Path, parts_dir: Path, changed: list[str]) -> TableError:
    return TableError(f"{output}: cannot resume: {', '.join(changed)} changed since the run started; "
                      f"delete {parts_dir.name}/ and run again without --resume to start over")


def _interrupted(output: Path, parts_dir: Path) -> TableError:
    return TableError(f"{output}: an interrupted run left {parts_dir.name}/{PROGRESS_FILE}; "
                      "continue it with --resume, or delete that folder to start again")


def read_progress(parts_dir: Path, output: Path) -> dict:
    """The recorded progress of an interrupted Dask batch (``identity`` and ``done``), or an error saying there is none."""
    path = parts_dir / PROGRESS_FILE
    if not path.is_file():
        raise TableError(f"{output}: nothing to resume (no {parts_dir.name}/{PROGRESS_FILE}); run without --resume")
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        identity = json.loads(lines[0])["identity"]
    except (IndexError, KeyError, TypeError, json.JSONDecodeError):
        raise TableError(f"{path}: not a progress file of workstatus; delete {parts_dir.name}/ and run again "
                         "without --resume") from None
    done = {}
    for line in lines[1:]:
        try:
            stats = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line torn by a crash: that partition is simply redone
        done[int(stats["partition"])] = {k: v for k, v in stats.items() if k != "partition"}
    return {"identity": identity, "done": done}


def _check_workers_see(client, job: Job, input_path: Path) -> None:
    """Every worker reads the input and writes the parts itself: stop at once if one cannot."""
    def sees(path: str, parts: str) -> bool:
        folder = parts if os.path.isdir(parts) else os.path.dirname(parts)
        return os.path.isfile(path) and os.access(folder, os.W_OK)

    blind = [w for w, ok in client.run(sees, job.plan_path, job.parts_dir).items() if not ok]
    if blind:
        raise EngineError(f"worker {blind[0]} cannot read {input_path} or write {job.parts_dir}; the Dask engine "
                          "reads the input and writes the parts on the workers: put both on a filesystem every "
                          "worker mounts at the same path")


def _model_sha256(model: str | None) -> str | None:
    """The hash the model's manifest vouches for, read without loading the model on the client."""
    try:
        return classifier.read_manifest(model).get("sha256")
    except classifier.ModelIntegrityError as err:
        raise EngineError(str(err)) from err


def _model_plugin(client, job: Job) -> None:
    """Load the model once in each worker (and in any worker that joins later), from its own installation."""
    from workstatus.engines._plugin import ModelPlugin

    try:
        client.register_plugin(ModelPlugin(job.model, job.version, job.model_sha256))
    except Exception as err:  # the worker's own error, raised here: one line, no traceback
        raise EngineError(f"a worker could not load the model: {_first_line(err)}") from err


def _first_line(err: BaseException) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0][:300]


def run_dask_batch(
    input_path: str | Path,
    output_path: str | Path,
    options: BatchOptions = BatchOptions(),
    *,
    scheduler: str = "local",
    workers: int = 2,
    partitions: int | None = None,
    client: Any | None = None,
    explain: bool = True,
    model: str | None = None,
    progress_bar: bool = True,
    on_partition_done: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Assess every row of ``input_path`` on a Dask cluster; the local engine's output, partition by partition.

    Parameters
    ----------
    input_path, output_path
        A ``.csv``, ``.jsonl`` or ``.parquet`` table in; the joined output
        table (same columns, one row per input row, in input order). The
        Parquet part files, one per partition, stay in ``OUTPUT.partitions/``.
    options
        The columns, the profile, the chunk size, ``resume`` (skip the
        partitions an interrupted run finished; refused, saying what changed,
        if the input or an option that changes results differs), ``force``
        (overwrite an existing output table) and the triage report, as every
        engine takes them.
    scheduler
        ``local`` (a cluster of ``workers`` processes on this machine) or the
        address of a running scheduler. ``client`` (a ``distributed.Client``)
        overrides both.
    partitions
        How many partitions to cut the input into (default: one per 1,000
        rows, at least two per worker). A resume reuses the recorded number.
    on_partition_done
        Called with (partitions done, partitions in all) after each one is
        recorded (tests interrupt a run with it).

    Raises
    ------
    TableError
        For an input or output that cannot be used, or a resume that does not match.
    EngineError
        When Dask is missing, the scheduler cannot be reached, or a worker cannot see the files or load the model.
    """
    _require_dask()
    input_path, output_path = Path(input_path).resolve(), Path(output_path).resolve()
    _check_paths(input_path, output_path, options)
    table_format(output_path)
    _check_columns(input_path, options)
    resume = options.resume
    parts_dir = parts_dir_of(output_path)
    model = None if model is None else str(Path(model).resolve())  # workers may start in another folder
    if resume:  # refused at once, before a cluster starts, when the input changed
        started = read_progress(parts_dir, output_path)["identity"]
        if started.get("input") != file_identity(input_path):
            raise _cannot_resume(output_path, parts_dir, ["input"])
        partitions = partitions or started.get("options", {}).get("partitions")
    elif (parts_dir / PROGRESS_FILE).is_file():
        raise _interrupted(output_path, parts_dir)
    changing = {**options.identity(), "model": model, "fast": not explain}

    # the caller's client is borrowed: left open
    with (nullcontext(client) if client is not None else connect(scheduler, workers=workers)) as client:
        at_least = 2 * max(len(client.scheduler_info(n_workers=-1).get("workers", {})), 1)
        plan = plan_partitions(input_path, partitions, at_least=at_least)
        identity = run_identity(input_path, {**changing, "engine": "dask", "partitions": len(plan.partitions)})
        job = Job(plan.path, plan.kind, plan.header_end, str(parts_dir), options, explain, model,
                  version=workstatus.__version__, model_sha256=_model_sha256(model))
        if plan.partitions:  # before anything is written: a run that cannot start leaves nothing to resume
            _check_workers_see(client, job, input_path)
            _model_plugin(client, job)
        log = PartitionLog(parts_dir, identity, resume=resume, output=output_path)
        pending = [p for p in plan.partitions if p.number not in log.done]
        summary = BatchSummary(skipped=sum(v["rows"] for v in log.done.values()), output=str(output_path))
        if pending:
            _run(client, job, pending, log, plan, summary, progress_bar, on_partition_done)

    join_parts(parts_dir, len(plan.partitions), output_path, options.id_column, summary)
    log.close()
    write_report(output_path, options, summary)
    return summary


def _run(client, job: Job, pending, log: PartitionLog, plan: Plan, summary: BatchSummary, progress_bar: bool,
         on_partition_done) -> None:
    """Submit one task per pending partition; record each as it finishes; cancel the rest on any failure."""
    from distributed import as_completed, progress
    from distributed.client import FutureCancelledError

    token = uuid.uuid4().hex[:12]
    futures = [client.submit(run_partition, job, part, key=f"workstatus-partition-{part.number}-{token}",
                             pure=False) for part in pending]
    if progress_bar:  # Dask's own bar; it blocks in a terminal, so it draws from a thread of its own
        threading.Thread(target=progress, args=(futures,), kwargs={"notebook": False}, daemon=True).start()
    try:
        for future in as_completed(futures):
            stats = future.result()
            log.record(stats)
            summary.rows += stats["rows"]
            summary.errors += stats["errors"]
            for status, n in stats["statuses"].items():
                summary.statuses[status] = summary.statuses.get(status, 0) + n
            if on_partition_done:
                on_partition_done(len(log.done), len(plan.partitions))
    except (TableError, EngineError):
        client.cancel(futures)
        raise
    except FutureCancelledError as err:
        raise EngineError(f"the cluster cancelled a partition ({_first_line(err)}); rerun with --resume") from err
    except Exception as err:  # a worker's error reaches the user as one line, never a traceback
        client.cancel(futures)
        from distributed.scheduler import KilledWorker

        if isinstance(err, KilledWorker):
            raise EngineError("a partition's workers kept dying (out of memory?); use more --partitions "
                              "or workers with more memory, then rerun with --resume") from err
        raise EngineError(f"a partition failed: {_first_line(err)}; fix it, then rerun with --resume") from err
    except BaseException:  # an interrupt: what finished is recorded, the rest is cancelled
        client.cancel(futures)
        raise


def join_parts(parts_dir: Path, count: int, output_path: Path, id_column: str, summary: BatchSummary) -> None:
    """Join the part files, in partition order and one in memory at a time, into the output table.

    The ``summary`` records how many rows repeat an id seen before, and the first 20 such ids.
    """
    import pyarrow.parquet as pq

    schema = arrow_schema(id_column)
    parts = [part_path(parts_dir, n) for n in range(count)]
    missing = [p.name for p in parts if not p.is_file()]
    if missing:
        raise TableError(f"{parts_dir}: {missing[0]} is missing; rerun with --resume to redo it")
    kind = table_format(output_path)
    tmp = output_path.with_name(f".{output_path.name}.{uuid.uuid4().hex}.tmp")
    if kind == "parquet":
        with private_open(tmp, "wb") as handle, pq.ParquetWriter(handle, schema) as writer:
            for part in parts:
                table = pq.read_table(part, schema=schema)
                summary.count_ids(table.column(id_column).to_pylist())
                writer.write_table(table)
        os.replace(tmp, output_path)
    else:
        writer = TableWriter(output_path, output_columns(id_column), float_columns=FLOAT_COLUMNS)
        for part in parts:
            rows = pq.read_table(part, schema=schema).to_pylist()
            summary.count_ids(row[id_column] for row in rows)
            writer.append(rows)
        writer.close()



def assess_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", profile: Mapping | None = None,
                     profile_columns: Mapping[str, str] | None = None, explain: bool = True, model: str | None = None,
                     chunk_size: int = 200):
    """Assess every row of a Dask DataFrame, lazily: a Dask DataFrame of the batch output columns.

    Parameters
    ----------
    ddf
        A ``dask.dataframe.DataFrame`` with a text column (and an id column;
        without one, the index is the id).
    profile
        Shared profile values (``monthly_wage``, ``region``, ``as_of`` …);
        columns named like a profile field are used per row, and
        ``profile_columns`` maps other names (``{"monthly_wage": "salary"}``).
    explain
        Compute SHAP reasons (slower); ``False`` is ``--fast``.
    model
        The folder of a saved model (default: the shipped one). Each worker
        process loads it once and keeps it; it never travels with a task.

    Returns
    -------
    dask.dataframe.DataFrame
        One row per input row with the input's index and partitions: the id
        (as text), status, the three probabilities, the top reasons, what the
        paper says, the expected monthly liability and ``error``.
    """
    _require_dask()
    import dask.dataframe as dd

    if not isinstance(ddf, dd.DataFrame):
        raise WorkstatusError(f"expected a dask.dataframe.DataFrame, got {type(ddf).__name__}; "
                              "wrap a pandas frame with dask.dataframe.from_pandas(frame, npartitions=N)")
    have = list(map(str, ddf.columns))
    if text_column not in have:
        raise WorkstatusError(f"no column {text_column!r} holds the case text; the frame has "
                              f"{', '.join(map(repr, have[:12]))}; pass text_column=")
    options = BatchOptions(text_column=text_column, id_column=id_column, chunk_size=chunk_size,
                           profile_columns={f: f for f in PROFILE_FIELDS if f in have} | dict(profile_columns or {}),
                           profile=dict(profile or {}))
    meta = arrow_schema(id_column).empty_table().to_pandas()  # the dtypes of a batch output read back
    model = None if model is None else str(Path(model).resolve())  # workers may start in another folder
    return ddf.map_partitions(_assess_frame, options=options, explain=explain, model=model, meta=meta)


def _assess_frame(frame, *, options: BatchOptions, explain: bool, model: str | None):
    """One partition of :func:`assess_dataframe`: a pandas frame in, its output rows out, same index."""
    plain = frame.astype(object).where(frame.notna(), None)  # NaN and pd.NA are "not given", as in a CSV
    rows = plain.to_dict("records")
    if options.id_column not in frame.columns:
        for row, ident in zip(rows, frame.index):
            row[options.id_column] = ident
    out = assess_rows(rows, first_row=0, options=options, explain=explain, model=model)
    result = arrow_table(out, arrow_schema(options.id_column)).to_pandas()
    result.index = frame.index
    return result
