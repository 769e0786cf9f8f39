"""Reading input tables and writing output tables in chunks, with resume.

CSV, JSON Lines and Parquet are chosen by file extension. Output is written
chunk by chunk; after each chunk a small progress file beside the output
records how many input rows are done and where the output ends, so that an
interrupted run continues with ``resume=True`` without duplicating rows.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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


def jsonl_record(line: str | bytes, line_no: int) -> dict:
    """One JSON Lines record, or an error row naming the line (every engine reads a line this way)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return {"__error__": f"line {line_no}: not valid JSON ({err.msg})"}
    except UnicodeDecodeError:
        return {"__error__": f"line {line_no}: not UTF-8 text"}
    if not isinstance(record, dict):
        return {"__error__": f"line {line_no}: expected a JSON object"}
    return record


def read_chunks(path: str | Path, chunk_size: int = 500) -> Iterator[list[dict]]:
    """Yield the rows of a table as lists of dicts, ``chunk_size`` rows at a time."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    kind = table_format(path)
    if kind == "csv":
        try:
            reader = pd.read_csv(path, chunksize=chunk_size, dtype=str, keep_default_na=False)
            for frame in reader:
                yield frame.to_dict("records")
        except pd.errors.EmptyDataError:
            return
        except (pd.errors.ParserError, UnicodeDecodeError) as err:
            raise TableError(f"{path}: not a readable CSV file ({err})") from err
    elif kind == "jsonl":
        chunk: list[dict] = []
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                chunk.append(jsonl_record(line, line_no))
                if len(chunk) == chunk_size:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk
    else:
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(path)
        except Exception as err:  # pyarrow raises several unrelated types for a bad file
            raise TableError(f"{path}: not a readable Parquet file ({err})") from err
        for batch in parquet.iter_batches(batch_size=chunk_size):
            yield batch.to_pylist()


@dataclass
class Progress:
    rows_done: int = 0
    offset: int = 0
    parts: int = 0
    identity: dict | None = None  #: the input and the options the run started with (a resume must match)


def file_identity(path: str | Path, block: int = 1 << 20) -> dict:
    """Size and the sha256 of the first and last MiB of a file: enough to see that an input changed."""
    import hashlib

    path = Path(path)
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = hashlib.sha256(handle.read(block)).hexdigest()
        handle.seek(max(0, size - block))
        tail = hashlib.sha256(handle.read(block)).hexdigest()
    return {"size": size, "head_sha256": head, "tail_sha256": tail}


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
        self.float_columns = float_columns
        self.progress_path = self.path.with_name(self.path.name + ".progress")
        self.parts_dir = self.path.with_name(self.path.name + ".parts")
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

    @property
    def rows_done(self) -> int:
        return self.progress.rows_done

    def _start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.kind == "parquet":
            self.parts_dir.mkdir(exist_ok=True)
            for old in self.parts_dir.glob("part-*.parquet"):
                old.unlink()
        else:
            with self.path.open("w", encoding="utf-8", newline="") as handle:
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
        tmp.write_text(json.dumps(self.progress.__dict__))
        os.replace(tmp, self.progress_path)

    def append(self, rows: list[dict]) -> None:
        """Write one chunk of rows, then record the progress durably."""
        if self.kind == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            columns = {c: [row.get(c) for row in rows] for c in self.columns}
            table = pa.table(columns, schema=self._arrow_schema())
            pq.write_table(table, self.parts_dir / f"part-{self.progress.parts:06d}.parquet")
            self.progress.parts += 1
        else:
            with self.path.open("a", encoding="utf-8", newline="") as handle:
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

    def _arrow_schema(self):
        import pyarrow as pa

        return pa.schema(
            [(c, pa.float64() if c in self.float_columns else pa.string()) for c in self.columns]
        )

    def close(self) -> None:
        """Finish the output: join Parquet parts, remove the progress file."""
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            parts = sorted(self.parts_dir.glob("part-*.parquet"))
            with pq.ParquetWriter(self.path, self._arrow_schema()) as writer:
                for part in parts:  # one part in memory at a time
                    writer.write_table(pq.read_table(part))
            for part in parts:
                part.unlink()
            self.parts_dir.rmdir()
        self.progress_path.unlink(missing_ok=True)
