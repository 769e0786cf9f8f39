"""Reading input tables and writing output tables in chunks, with resume.

CSV, JSON Lines and Parquet are chosen by file extension. Output is written
chunk by chunk; after each chunk a small progress file beside the output
records how many input rows are done and where the output ends, so that an
interrupted run continues with ``resume=True`` without duplicating rows.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from workstatus.limits import MAX_RECORD_BYTES

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


class TableError(ValueError):
    """An input or output table that cannot be used; the message names the file."""


def table_format(path: str | Path) -> str:
    """The format implied by a file's extension, or an error listing the known ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise TableError(f"{path}: unknown table extension {suffix or '(none)'!r}; expected one of {known}")
    return FORMATS[suffix]


def input_table(path: str | Path) -> tuple[Path, str]:
    """An input table's path and format, or an error when there is no such file or its extension is unknown."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    return path, table_format(path)


def jsonl_record(line: bytes, line_no: int) -> dict:
    """One JSON Lines record, or an error row naming the line (every engine reads a line this way)."""
    if len(line) > MAX_RECORD_BYTES:
        return {"__error__": f"line {line_no}: over {MAX_RECORD_BYTES >> 20} MiB; the row was skipped"}
    try:
        record = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
    except UnicodeDecodeError as err:
        return {"__error__": f"line {line_no}: not UTF-8 text ({err.reason} at byte {err.start})"}
    except json.JSONDecodeError as err:
        return {"__error__": f"line {line_no}: not valid JSON ({err.msg})"}
    except RecursionError:
        return {"__error__": f"line {line_no}: JSON nested too deeply"}
    if not isinstance(record, dict):
        return {"__error__": f"line {line_no}: expected a JSON object"}
    return record


def read_chunks(path: str | Path, chunk_size: int = 500) -> Iterator[list[dict]]:
    """Yield the rows of a table as lists of dicts, ``chunk_size`` rows at a time.

    A row that cannot be read (a CSV record with too many fields, a quote
    never closed, bytes that are not UTF-8, a JSON line that is not an
    object or nests too deeply, a row over ``MAX_RECORD_BYTES``) is yielded
    as ``{"__error__": "line N: …"}`` in its place, with the id when it was
    readable, so that every other row is still assessed and a resume counts
    rows the same way.
    """
    path, kind = input_table(path)
    rows = {"csv": _csv_rows, "jsonl": _jsonl_rows, "parquet": _parquet_rows}[kind](path)
    yield from iter(lambda: list(islice(rows, chunk_size)), [])


_SURROGATE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8


class _Lines:
    """The physical lines of a binary file, decoded, counted, and restartable after a broken record."""

    def __init__(self, handle, start_line: int = 0) -> None:
        self.handle = handle
        self.line_no = start_line
        self.after_first_line: int | None = None  # byte offset after the first line of the current record
        self.record_start = start_line + 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        data = self.handle.readline()
        if not data:
            raise StopIteration
        self.line_no += 1
        if self.line_no == self.record_start:
            self.after_first_line = self.handle.tell()
        return data.decode("utf-8", "surrogateescape")

    def next_record(self) -> None:
        self.record_start = self.line_no + 1


def _csv_rows(path: Path) -> Iterator[dict]:
    with path.open("rb") as handle:
        yield from csv_rows(handle, where=path)


def csv_header(data: bytes, where: Path | str) -> list[str]:
    """The column names of a CSV header line, as the local reader takes them (the dask engine's partitions)."""
    fields = next(csv.reader([data.decode("utf-8", "surrogateescape")]), [])
    return _header(fields, where, 1)


def _header(fields: list[str], where: Path | str, line: int) -> list[str]:
    if _SURROGATE.search("".join(fields)):
        raise TableError(f"{where}: line {line}: the header is not UTF-8 text; save the file as UTF-8")
    return _unique([fields[0].lstrip("\ufeff"), *fields[1:]]) if fields else []


def csv_rows(handle, *, where: Path | str, header: list[str] | None = None, start_line: int = 0) -> Iterator[dict]:
    """The rows of CSV read from a binary ``handle`` (seekable), as the local reader gives them.

    Without ``header`` the first record is the header; lines are numbered
    from ``start_line + 1``, so that a partition of a file names the lines
    of the file.
    """
    csv.field_size_limit(MAX_RECORD_BYTES)
    lines = _Lines(handle, start_line=start_line)
    reader = csv.reader(lines, strict=True)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            line = lines.record_start
            if header is None:
                raise TableError(f"{where}: line {line}: the header cannot be read ({err})") from None
            if lines.after_first_line is None or "end of data" not in str(err) and "field limit" not in str(err):
                yield {"__error__": f"line {line}: not a well-formed CSV row ({err})"}
                lines.next_record()
                continue
            # A quote never closed swallowed the rest of the file: report its line, read on from the next one.
            yield {"__error__": f"line {line}: a quoted field is never closed (or is over "
                                f"{MAX_RECORD_BYTES >> 20} MiB); the row was skipped"}
            handle.seek(lines.after_first_line)
            lines = _Lines(handle, start_line=line)
            reader = csv.reader(lines, strict=True)
            continue
        start = lines.record_start
        lines.next_record()
        if not fields:
            continue  # a blank line is no row
        if header is None:
            header = _header(fields, where, start)
            continue
        row = dict(zip(header, fields))
        if len(fields) > len(header):
            yield {**_readable_id(row), "__error__": f"line {start}: {len(fields)} fields where the header has "
                                                    f"{len(header)} (a comma inside an unquoted text?)"}
        elif _SURROGATE.search("".join(fields)):
            yield {**_readable_id(row), "__error__": f"line {start}: not UTF-8 text; save the file as UTF-8"}
        else:
            yield {name: row.get(name, "") for name in header}  # missing trailing fields are empty


def _readable_id(row: dict) -> dict:
    """The fields of a broken row that were read cleanly, so that the error row keeps its id."""
    return {k: v for k, v in row.items() if not _SURROGATE.search(v)}


def _unique(names: list[str]) -> list[str]:
    """Column names made unique as pandas does (``text``, ``text.1``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        out.append(name if n == 0 else f"{name}.{n}")
        seen[name] = n + 1
    return out


def _jsonl_rows(path: Path) -> Iterator[dict]:
    with path.open("rb") as handle:
        for line_no, data in enumerate(handle, 1):
            if data.strip():
                yield jsonl_record(data, line_no)


def _parquet_rows(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=1000):
            yield from batch.to_pylist()
    except Exception as err:  # pyarrow raises several unrelated types for a bad file
        raise TableError(f"{path}: not a readable Parquet file ({str(err).splitlines()[0][:200]})") from None


def arrow_schema(columns, float_columns=frozenset()):
    """The Parquet types of an output table: ``float_columns`` as floats, every other column as text."""
    import pyarrow as pa

    return pa.schema([(c, pa.float64() if c in float_columns else pa.string()) for c in columns])


def arrow_table(rows: list[dict], schema):
    """Rows as an Arrow table of ``schema``; a key a row lacks is null."""
    import pyarrow as pa

    return pa.table({c: [row.get(c) for row in rows] for c in schema.names}, schema=schema)


def private_open(path: str | Path, mode: str = "w", **kwargs):
    """Open a file for writing that only its owner can read (0600), never through a symbolic link.

    Outputs hold case data; ``mode`` is ``"w"``, ``"a"``, ``"wb"`` or ``"ab"``.
    """
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as err:
        if Path(path).is_symlink():
            raise TableError(f"{path}: is a symbolic link; give the real path of the output") from None
        raise TableError(f"{path}: cannot be written ({err.strerror})") from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # a file that already existed keeps the mode it had: tighten it too
    return os.fdopen(fd, mode, **kwargs)


def _lock(path: Path):
    """Hold ``OUTPUT.lock`` while writing, so that a second run on the same output is refused, not interleaved.

    The operating system releases the lock when the process ends, however it
    ends, so a killed run never blocks the next one.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        return None
    lock_path = path.with_name(path.name + ".lock")
    handle = private_open(lock_path, "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise TableError(f"{path}: another run is writing this output now; wait for it to finish, "
                         "or give another --out") from None
    return handle


@dataclass
class Progress:
    rows_done: int = 0
    offset: int = 0
    parts: int = 0
    identity: dict | None = None  #: the input and the options the run started with (a resume must match)


def file_identity(path: str | Path, block: int = 1 << 20) -> dict:
    """Size and the sha256 of the first and last MiB of a file: enough to see that an input changed."""
    path = Path(path)
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = hashlib.sha256(handle.read(block)).hexdigest()
        handle.seek(max(0, size - block))
        tail = hashlib.sha256(handle.read(block)).hexdigest()
    return {"size": size, "head_sha256": head, "tail_sha256": tail}


def run_identity(input_path: str | Path, options: dict) -> dict:
    """What a resume must match: the input file's identity, and the options that change results as JSON values."""
    return {"input": file_identity(input_path), "options": json.loads(json.dumps(options, sort_keys=True, default=str))}


def _same_run(path: Path, recorded: dict | None, given: dict | None) -> None:
    """Refuse to resume a run whose input or options changed, saying what changed."""
    if recorded is None or given is None:
        return  # a progress file of an older version records no identity
    changed = sorted(k for k in set(recorded) | set(given) if recorded.get(k) != given.get(k))
    if changed:
        raise TableError(f"{path}: cannot resume: {', '.join(changed)} changed since the run started; "
                         "run again without --resume (delete the .progress file) to start over")


class TableWriter:
    """Append rows chunk by chunk to a CSV, JSONL or Parquet output, resumably.

    Parquet output is written as numbered part files in ``OUTPUT.parts/`` and
    joined into ``OUTPUT`` by :meth:`close`.
    """

    def __init__(
        self, path: str | Path, columns: list[str], *, float_columns: frozenset[str] = frozenset(), resume: bool = False,
        identity: dict | None = None,
    ) -> None:
        self.path = Path(path)
        self.kind = table_format(self.path)
        self.columns = columns
        if identity is not None:  # an output written with other columns cannot be continued with these
            identity = {**identity, "columns": list(columns)}
        self.float_columns = float_columns
        self.progress_path = self.path.with_name(self.path.name + ".progress")
        self.parts_dir = self.path.with_name(self.path.name + ".parts")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.path)
        try:
            if resume and self.progress_path.is_file():
                self.progress = Progress(**json.loads(self.progress_path.read_text()))
                _same_run(self.path, self.progress.identity, identity)
                self._truncate_to_progress()
            elif resume:
                raise TableError(f"{self.path}: nothing to resume (no {self.progress_path.name}); run without --resume")
            elif self.progress_path.is_file():
                raise TableError(
                    f"{self.path}: an interrupted run left {self.progress_path.name}; "
                    "continue it with --resume, or delete that file to start again"
                )
            else:
                self.progress = Progress(identity=identity)
                self._start()
        except BaseException:
            self.release()
            raise

    @property
    def rows_done(self) -> int:
        return self.progress.rows_done

    def _start(self) -> None:
        if self.kind == "parquet":
            self.parts_dir.mkdir(mode=0o700, exist_ok=True)
            for old in self.parts_dir.glob("part-*.parquet"):
                old.unlink()
        else:
            with private_open(self.path, "w", encoding="utf-8", newline="") as handle:
                if self.kind == "csv":
                    csv.writer(handle).writerow(self.columns)
                self.progress.offset = handle.tell()
        self._save_progress()

    def _truncate_to_progress(self) -> None:
        if self.kind == "parquet":
            for part in self.parts_dir.glob("part-*.parquet"):
                if int(part.stem.split("-")[1]) >= self.progress.parts:
                    part.unlink()
        else:
            with self.path.open("r+b") as handle:
                handle.truncate(self.progress.offset)

    def _save_progress(self) -> None:
        tmp = self.progress_path.with_suffix(".tmp")
        with private_open(tmp, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(self.progress.__dict__))
        os.replace(tmp, self.progress_path)

    def append(self, rows: list[dict]) -> None:
        """Write one chunk of rows, then record the progress durably."""
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            table = arrow_table(rows, arrow_schema(self.columns, self.float_columns))
            with private_open(self.parts_dir / f"part-{self.progress.parts:06d}.parquet", "wb") as handle:
                pq.write_table(table, handle)
            self.progress.parts += 1
        else:
            with private_open(self.path, "a", encoding="utf-8", newline="") as handle:
                if self.kind == "csv":
                    writer = csv.DictWriter(handle, fieldnames=self.columns, extrasaction="ignore")
                    writer.writerows(rows)
                else:
                    for row in rows:
                        handle.write(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
                self.progress.offset = handle.tell()
        self.progress.rows_done += len(rows)
        self._save_progress()

    def close(self) -> None:
        """Finish the output: join Parquet parts, remove the progress file."""
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            parts = sorted(self.parts_dir.glob("part-*.parquet"))
            with private_open(self.path, "wb") as handle, pq.ParquetWriter(handle, arrow_schema(self.columns, self.float_columns)) as writer:
                for part in parts:  # one part in memory at a time
                    writer.write_table(pq.read_table(part))
            for part in parts:
                part.unlink()
            self.parts_dir.rmdir()
        self.progress_path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        """Let another run write this output (also done by the operating system when the process ends)."""
        if self._lock is not None:
            self.path.with_name(self.path.name + ".lock").unlink(missing_ok=True)
            self._lock.close()
            self._lock = None
