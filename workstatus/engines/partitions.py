"""An input table cut into partitions that workers read on their own, and the work on one partition.

Nothing here imports Dask: a partition is a byte range (CSV, JSON Lines) or a
row range (Parquet) of the input file, planned once by the client, so a worker
reads only its own rows, straight from the file, with the same parsing as the
local engine (``workstatus.tables``). Each partition's output is one Parquet
part file with the local engine's columns.
"""

from __future__ import annotations

import io
import math
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from workstatus.batch import FLOAT_COLUMNS, RESULT_COLUMNS, BatchOptions, BatchSummary, _records, flat_rows
import workstatus
from workstatus import _assess, tables
from workstatus.tables import TableError, arrow_table, csv_header, csv_rows, jsonl_record, private_open

ROWS_PER_PARTITION = 1000  # default: small enough to resume cheaply and balance load, large enough to amortise a task


@dataclass(frozen=True)
class Partition:
    """One slice of the input: its number, the rows before it, its row count, and where it lies in the file."""

    number: int
    first_row: int  # rows of the input before this partition (0-based index of its first row)
    rows: int
    start: int  # byte offset (CSV, JSON Lines) or row offset (Parquet)
    end: int
    first_line: int = 1  # physical line number of its first line (JSON Lines error rows name it)


@dataclass(frozen=True)
class Plan:
    """How an input is cut: its format, the CSV header's bytes, and the partitions in input order."""

    path: str
    kind: str
    total: int
    partitions: tuple[Partition, ...]
    header_end: int = 0  # CSV: the header is bytes [0, header_end)


@dataclass(frozen=True)
class Job:
    """What every partition task needs besides its partition: small, so it travels with each task cheaply."""

    plan_path: str
    kind: str
    header_end: int
    parts_dir: str
    options: BatchOptions = BatchOptions()
    explain: bool = True
    model: str | None = None
    version: str | None = None  # the client's workstatus version and model hash: a worker must match them
    model_sha256: str | None = None


class WorkerMismatch(RuntimeError):
    """A worker runs another workstatus version or model than the client."""


def check_worker(version: str | None, model: str | None, sha256: str | None) -> None:
    """Load (and cache in this process) the model, after checking this process matches the client's version and model."""
    if version and workstatus.__version__ != version:
        raise WorkerMismatch(f"a worker has workstatus {workstatus.__version__}, the client {version}; "
                             "install the same version on every worker")
    loaded = _assess.load_model(model)
    if sha256 and loaded.sha256 != sha256:
        raise WorkerMismatch(f"a worker's model {str(loaded.sha256)[:12]} differs from the client's {sha256[:12]}; "
                             "install the same model on every worker")


def _is_blank(line: bytes) -> bool:
    # a whitespace-only line is skipped by both readers; short lines are decoded for Unicode spaces (U+3000)
    return not line.strip() or (len(line) <= 32 and not line.decode("utf-8", "replace").strip())


def _record_starts(path: Path, kind: str) -> Iterator[tuple[int, int]]:
    """(byte offset, line number) of every record, in order; for CSV the header is the first record.

    A CSV record ends at a newline after an even number of double quotes
    (RFC 4180 doubles a quote inside a quoted field), so a text holding
    newlines stays one record.
    """
    offset = 0
    start = line_start = quotes = 0
    open_record = False
    with path.open("rb") as handle:
        for line_no, line in enumerate(handle, 1):
            if not open_record:
                if _is_blank(line):
                    offset += len(line)
                    continue
                start, line_start, quotes, open_record = offset, line_no, 0, True
            offset += len(line)
            if kind == "csv":
                quotes += line.count(b'"')
                if quotes % 2:
                    continue  # inside a quoted field: the record goes on
            open_record = False
            yield start, line_start
    if open_record:
        yield start, line_start


def plan_partitions(path: str | Path, partitions: int | None = None, *, at_least: int = 1) -> Plan:
    """Cut an input table into ``partitions`` partitions of nearly equal row counts, in input order.

    Without ``partitions``, one per :data:`ROWS_PER_PARTITION` rows, but at
    least ``at_least`` (e.g. two per worker) when the table has that many rows.
    CSV and JSON Lines are scanned twice (counting, then cutting), reading
    lines only; Parquet needs only its metadata.
    """
    path, kind = tables.input_table(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            total = pq.ParquetFile(path).metadata.num_rows
        except Exception as err:  # pyarrow raises several unrelated types for a bad file
            raise TableError(f"{path}: not a readable Parquet file ({err})") from err
        sizes = _sizes(total, partitions, at_least)
        return Plan(str(path), kind, total, tuple(Partition(n, first, size, first, first + size)
                                                  for n, (first, size) in enumerate(zip(_first_rows(sizes), sizes))))

    records = _data_starts(path, kind)
    header_end = next(records)[0]
    sizes = _sizes(sum(1 for _ in records), partitions, at_least)
    partition_at = {first: n for n, first in enumerate(_first_rows(sizes))}
    records = _data_starts(path, kind)
    next(records)
    starts = [(partition_at[index], index, offset, line_no)  # (partition, rows before it, byte offset, line number)
              for index, (offset, line_no) in enumerate(records) if index in partition_at]
    ends = [s[2] for s in starts[1:]] + [path.stat().st_size]
    cuts = tuple(Partition(n, first, sizes[n], start, end, line_no)
                 for (n, first, start, line_no), end in zip(starts, ends))
    return Plan(str(path), kind, sum(sizes), cuts, header_end=header_end if kind == "csv" else 0)


def _data_starts(path: Path, kind: str) -> Iterator[tuple[int, int]]:
    """First where the data begins (after a CSV header: (its end, 0)), then the start of every data record."""
    records = _record_starts(path, kind)
    if kind != "csv":
        yield 0, 0
        yield from records
        return
    if next(records, None) is None:
        yield path.stat().st_size, 0  # no header: an empty file
        return
    first = next(records, None)
    yield (path.stat().st_size if first is None else first[0]), 0
    if first is not None:
        yield first
        yield from records


def _first_rows(sizes: list[int]) -> list[int]:
    """How many rows come before each partition."""
    return list(accumulate(sizes, initial=0))[:len(sizes)]


def _sizes(total: int, partitions: int | None, at_least: int) -> list[int]:
    """Row counts of the partitions: as equal as can be, none empty."""
    if total == 0:
        return []
    n = partitions or max(math.ceil(total / ROWS_PER_PARTITION), at_least)
    n = max(1, min(n, total))
    base, extra = divmod(total, n)
    return [base + (k < extra) for k in range(n)]


def read_partition(job: Job, part: Partition) -> list[dict]:
    """The rows of one partition, as the local engine's reader gives them (error rows included)."""
    path = Path(job.plan_path)
    if job.kind == "parquet":
        rows = _parquet_rows(path, part)
    else:
        with path.open("rb") as handle:
            header = handle.read(job.header_end) if job.kind == "csv" else b""
            handle.seek(part.start)
            data = handle.read(part.end - part.start)
        rows = _csv_rows(path, header, data, part) if job.kind == "csv" else _jsonl_rows(data, part)
    if len(rows) != part.rows:
        raise TableError(
            f"{path}: partition {part.number} (input rows {part.first_row + 1}–{part.first_row + part.rows}) "
            f"read {len(rows)} rows, planned {part.rows}; the file changed or its quoting is not standard CSV. "
            "Convert it to JSON Lines or Parquet, or use --engine local"
        )
    return rows


def _csv_rows(path: Path, header: bytes, data: bytes, part: Partition) -> list[dict]:
    names = csv_header(header.rstrip(b"\r\n"), path)
    return list(csv_rows(io.BytesIO(data), where=path, header=names, start_line=part.first_line - 1))


def _jsonl_rows(data: bytes, part: Partition) -> list[dict]:
    rows = []
    for line_no, line in enumerate(data.splitlines(keepends=True), part.first_line):
        if not _is_blank(line):
            rows.append(jsonl_record(line, line_no))
    return rows


def _parquet_rows(path: Path, part: Partition) -> list[dict]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    meta = parquet.metadata
    groups, first_of_groups, row = [], None, 0
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        if row + n > part.start and row < part.end:
            groups.append(g)
            first_of_groups = row if first_of_groups is None else first_of_groups
        row += n
    rows: list[dict] = []
    if not groups:
        return rows
    skip = part.start - first_of_groups
    for batch in parquet.iter_batches(batch_size=1000, row_groups=groups):
        if skip >= batch.num_rows:
            skip -= batch.num_rows
            continue
        batch = batch.slice(skip)
        skip = 0
        rows.extend(batch.slice(0, part.rows - len(rows)).to_pylist())
        if len(rows) >= part.rows:
            break
    return rows


def output_columns(id_column: str) -> list[str]:
    """The output columns of every engine: the id under its input name, then the result columns."""
    return [id_column, *RESULT_COLUMNS]


def arrow_schema(id_column: str):
    """The local engine's Parquet types: the probabilities as floats, everything else as text."""
    return tables.arrow_schema(output_columns(id_column), FLOAT_COLUMNS)


def assess_rows(rows: list[dict], *, first_row: int, options: BatchOptions, explain: bool,
                model: str | None) -> list[dict]:
    """Output rows for input rows: the batch runner's records, the one pipeline, the batch runner's columns.

    The model is the per-process cached one (:func:`workstatus.load_model`),
    so a worker loads it once, whatever the number of tasks it runs.
    """
    loaded = _assess.load_model(model)
    out: list[dict] = []
    for start in range(0, len(rows), options.chunk_size):
        records = _records(rows[start:start + options.chunk_size], first_row=first_row + start, options=options)
        results = _assess.assessments(records, explain=explain, model=loaded)
        out.extend(flat_rows(records, results, options.id_column))
    return out


def part_path(parts_dir: str | Path, number: int) -> Path:
    """Where partition ``number``'s output lies."""
    return Path(parts_dir) / f"part-{number:06d}.parquet"


def run_partition(job: Job, part: Partition) -> dict:
    """Read, assess and write one partition; return its counts (what the client records as done).

    The part file is written under a unique temporary name and renamed into
    place, so a worker killed mid-write leaves no half file, and a late
    duplicate of the same task (after a worker was lost) writes the same rows.
    """
    import pyarrow.parquet as pq

    check_worker(job.version, job.model, job.model_sha256)  # also on a worker that joined after the plugin ran
    rows = read_partition(job, part)
    out = assess_rows(rows, first_row=part.first_row, options=job.options, explain=job.explain, model=job.model)
    table = arrow_table(out, arrow_schema(job.options.id_column))
    target = part_path(job.parts_dir, part.number)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    with private_open(tmp, "wb") as handle:  # the reasons quote the case texts
        pq.write_table(table, handle)
    os.replace(tmp, target)
    counts = BatchSummary()
    counts.count(out)
    return {"partition": part.number, "rows": counts.rows, "errors": counts.errors, "statuses": counts.statuses}
