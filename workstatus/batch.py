"""``workstatus batch``: assess a table of cases, streaming, resumable, in order."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workstatus import _clock
from workstatus.assessment import Assessment, AssessmentError
from workstatus.classifier import STATUSES
from workstatus.reports import render_triage_html, triage_score
from workstatus.reports.triage import evidence_cell, liability_sources, paper_says, reason_cell, similar_cell, split_says
from workstatus.tables import FORMATS, TableError, TableWriter, private_open, read_chunks, run_identity

PROFILE_FIELDS = (
    "region", "monthly_wage", "as_of", "sector", "platform", "monthly_orders", "work_injury_class", "jurisdiction",
)
PROBABILITY_COLUMNS = tuple(f"p_{status}" for status in STATUSES)
RESULT_COLUMNS = (
    "status", *PROBABILITY_COLUMNS,
    "reason_1", "reason_2", "reason_3", "paper_says", "split", "expected_monthly_liability", "liability_sources",
    "evidence", "similar_cases", "error",
)
FLOAT_COLUMNS = frozenset(PROBABILITY_COLUMNS)


class TableOptions(BaseModel):
    """What the user of a batch chooses: the columns it reads, the profile of its rows, the rows its report ranks.

    Declared once: :class:`BatchOptions` adds how the runner writes, and the
    service's job record (``service._jobs.JobOptions``) adds ``fast``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text_column: str = Field("text", description="the column holding the case text")
    id_column: str = Field("id", description="the column holding the case id (kept under its name)")
    profile_columns: dict[str, str] = Field({}, description="profile field → input column")
    profile: dict[str, Any] = Field({}, description="the profile of every row, under its own columns")
    report_top: int = Field(500, ge=1, description="rows the triage report ranks")

    def identity(self) -> dict:
        """The options that change the rows, as a resume must match them."""
        return {"text_column": self.text_column, "id_column": self.id_column,
                "profile_columns": self.profile_columns, "profile": self.profile}


class BatchOptions(TableOptions):
    """How a batch reads its table and writes its output: the options every engine takes (the local one,
    the Dask engine, the service's jobs), checked once, when the CLI, the engine's caller or the service
    builds the record."""

    chunk_size: int = Field(200, ge=1, description="rows assessed, written and flushed together")
    resume: bool = False
    force: bool = Field(False, description="overwrite an existing output table")
    report: Path | None = Field(None, description="also write the triage report (HTML) here")


@dataclass
class BatchSummary:
    """What a batch run did."""

    rows: int = 0
    errors: int = 0
    skipped: int = 0  # rows already done before a resume
    statuses: dict[str, int] = field(default_factory=dict)
    duplicate_ids: list[str] = field(default_factory=list)  # ids seen more than once in this run (first 20)
    duplicates: int = 0
    output: str = ""
    report: str | None = None
    seen_ids: set = field(default_factory=set, repr=False)

    def count(self, rows: Iterable[dict]) -> None:
        """Count output rows: how many, how many are errors, how many of each status."""
        for row in rows:
            self.rows += 1
            if row.get("error"):
                self.errors += 1
            else:
                self.statuses[row["status"]] = self.statuses.get(row["status"], 0) + 1

    def count_ids(self, ids: Iterable) -> None:
        """Count the ids already seen in this run (every row is kept; the user is warned)."""
        for ident in ids:
            if ident in self.seen_ids:
                self.duplicates += 1
                if len(self.duplicate_ids) < 20:
                    self.duplicate_ids.append(ident)
            self.seen_ids.add(ident)


def profile_columns(pairs: Iterable[str]) -> dict[str, str]:
    """Profile field → input column: each field from the column of its name, unless a ``FIELD=COLUMN`` pair says."""
    columns = {f: f for f in PROFILE_FIELDS}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name not in PROFILE_FIELDS:
            raise ValueError(f"{pair!r}: expected FIELD=COLUMN with FIELD one of {', '.join(PROFILE_FIELDS)}")
        columns[name] = column
    return columns


def _as_row(result, id_column: str, id_value) -> dict:
    """An output row from a result, or from a row a worker already flattened (:func:`assess_rows`)."""
    if not isinstance(result, dict):
        return flatten(result, id_column, id_value)
    row = dict(result)
    if id_column != "id":
        row[id_column] = row.pop("id")
    return row


def flatten(result: Assessment | AssessmentError, id_column: str, id_value) -> dict:
    """One output row: the id under its input name, then the result columns."""
    row = dict.fromkeys(RESULT_COLUMNS)
    row[id_column] = None if id_value is None else str(id_value)
    if isinstance(result, AssessmentError):
        row["error"] = result.error
        return row
    row["status"] = result.status
    for status, p in result.probabilities.items():
        row[f"p_{status}"] = round(float(p), 6)
    for n, contribution in enumerate(result.top_reasons(3), 1):
        row[f"reason_{n}"] = reason_cell(contribution)
    row["paper_says"] = paper_says(result)
    row["split"] = split_says(result)
    row["evidence"] = evidence_cell(result)
    row["similar_cases"] = similar_cell(result)
    if result.expected_monthly_liability is not None:
        row["expected_monthly_liability"] = str(result.expected_monthly_liability)
        row["liability_sources"] = liability_sources(result)
    return row


def assess_rows(records: list[dict]) -> list[dict]:
    """A batch worker's work: the chunk assessed and flattened here, so only its small output rows travel back.

    The rows carry the id under ``id``; :func:`run_batch` puts it under the input's id column.
    """
    from workstatus._assess import assess_chunk

    return flat_rows(records, assess_chunk(records))


def flat_rows(records: list[dict], results: list, id_column: str = "id") -> list[dict]:
    """The output rows of a chunk, in order: each record's result flattened (or a worker's row taken as it
    is), its id under ``id_column``; every engine writes these."""
    return [_as_row(result, id_column, record["id"]) for record, result in zip(records, results)]


def _id_text(value):
    """An id as the user wrote it: a whole number read as a float (Parquet, pandas) loses its ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _records(rows: list[dict], *, first_row: int, options: BatchOptions) -> list[dict]:
    text_column, id_column = options.text_column, options.id_column
    records = []
    for n, row in enumerate(rows):
        record: dict = {"id": _id_text(row.get(id_column, first_row + n + 1)), "row": first_row + n + 1}
        if "__error__" in row:
            record["error"] = row["__error__"]
        elif text_column not in row:
            record["error"] = f"no column {text_column!r} (use --text-column); columns: {', '.join(map(str, row))}"
        else:
            record["text"] = row[text_column]
        record_profile = dict(options.profile)
        for name, column in options.profile_columns.items():
            value = row.get(column)
            if value not in (None, ""):
                record_profile[name] = value
        record["profile"] = record_profile
        records.append(record)
    return records


def _skip_rows(chunks: Iterable[list[dict]], skip: int) -> Iterator[tuple[int, list[dict]]]:
    """Drop the first ``skip`` rows; yield (index of first row, chunk)."""
    seen = 0
    for chunk in chunks:
        if seen + len(chunk) <= skip:
            seen += len(chunk)
            continue
        offset = max(skip - seen, 0)
        yield seen + offset, chunk[offset:]
        seen += len(chunk)


def _count_rows(path: Path) -> int | None:
    kind = FORMATS.get(path.suffix.lower())
    if kind == "jsonl":
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return None  # a CSV field may hold newlines: counting lines would mislead


def _check_paths(input_path: Path, output_path: Path, options: BatchOptions) -> None:
    """Every output path checked against every other path before any row is assessed."""
    report, resume, force = options.report, options.resume, options.force
    if input_path.resolve() == output_path.resolve():
        raise TableError(f"{output_path}: the output would overwrite the input")
    if output_path.is_symlink():
        raise TableError(f"{output_path}: is a symbolic link; give the real path of the output table")
    if output_path.is_dir():
        raise TableError(f"{output_path}: is a folder; give a file name for the output table")
    interrupted = output_path.with_name(output_path.name + ".progress").is_file()  # the writer says what to do then
    if output_path.exists() and not (resume or force or interrupted):
        raise TableError(f"{output_path}: exists; pass --force to overwrite it (or --resume to continue a run)")
    if not output_path.resolve().parent.is_dir():
        raise TableError(f"{output_path}: its folder does not exist")
    if report is None:
        return
    if report.resolve() in (input_path.resolve(), output_path.resolve()):
        raise TableError(f"--report {report}: would overwrite the {'input' if report.resolve() == input_path.resolve() else 'output'} table")
    if report.is_symlink():
        raise TableError(f"--report {report}: is a symbolic link; give the real path of the report")
    if report.is_dir() or not report.resolve().parent.is_dir():
        raise TableError(f"--report {report}: {'is a folder' if report.is_dir() else 'its folder does not exist'}; "
                         "give a writable .html file")


def _check_columns(input_path: Path, options: BatchOptions) -> None:
    """Stop at once, naming the columns the table has, when the text column (or a non-default id column) is missing.

    Only for tables with columns (CSV, Parquet): a JSON Lines record may lack a key that the others have, and
    is then an error row of its own.
    """
    if FORMATS.get(input_path.suffix.lower()) == "jsonl":
        return
    text_column, id_column = options.text_column, options.id_column
    first = next(iter(read_chunks(input_path, 1)), [])
    if not first or "__error__" in first[0]:
        return  # an empty table, or a first row that is itself an error row, is reported row by row
    have = list(first[0])
    if text_column not in have and "answers" not in have:
        raise TableError(f"{input_path}: no column {text_column!r} holds the case text; the table has "
                         f"{', '.join(map(repr, have[:12]))}; pass --text-column")
    if id_column != "id" and id_column not in have:
        raise TableError(f"{input_path}: no column {id_column!r} for --id-column; the table has "
                         f"{', '.join(map(repr, have[:12]))}")


def run_batch(
    input_path: str | Path,
    output_path: str | Path,
    assess_chunk: Callable[[list[dict]], list[Assessment | AssessmentError]],
    options: BatchOptions = BatchOptions(),
    *,
    jobs: int = 1,
    worker_init: Callable[[], None] | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
    identity: Mapping | None = None,
) -> BatchSummary:
    """Assess every row of ``input_path`` and write one output row per input row, in order.

    ``assess_chunk`` turns a list of records (``id``, ``row``, ``text`` or
    ``error``, ``profile``) into results in the same order (assessments, or
    rows already flattened as :func:`assess_rows` does); with ``jobs > 1``
    it runs in that many processes (it must then be a module-level function,
    and ``worker_init`` may load the model once per process). After each
    chunk the output and a progress file are flushed, so an interrupted run
    continues with ``options.resume`` without duplicating rows; the progress
    file records the input's identity and the options that change results
    (``identity`` adds the caller's own, e.g. the model and ``--fast``), and a
    resume with another input or other options is refused. An existing
    output is overwritten only with ``options.force``; outputs are created 0600.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    _check_paths(input_path, output_path, options)
    _check_columns(input_path, options)
    id_column = options.id_column
    recorded = run_identity(input_path, {**options.identity(), **(identity or {})})
    writer = TableWriter(output_path, [id_column, *RESULT_COLUMNS], float_columns=FLOAT_COLUMNS,
                         resume=options.resume, identity=recorded)
    summary = BatchSummary(skipped=writer.rows_done, output=str(output_path))
    total = _count_rows(input_path)
    chunks = (_records(rows, first_row=first, options=options)
              for first, rows in _skip_rows(read_chunks(input_path, options.chunk_size), writer.rows_done))
    done = writer.rows_done
    if on_progress:
        on_progress(done, total)

    def write(records: list[dict], results: list) -> None:
        nonlocal done
        rows = flat_rows(records, results, id_column)
        writer.append(rows)
        summary.count(rows)
        summary.count_ids(row[id_column] for row in rows)
        done += len(rows)
        if on_progress:
            on_progress(done, total)

    from workstatus._assess import map_chunks

    try:
        for records, results in map_chunks(assess_chunk, chunks, jobs=jobs, initializer=worker_init):
            write(records, results)
        writer.close()
    finally:
        writer.release()
    write_report(output_path, options, summary)
    return summary


def write_report(output_path: Path, options: BatchOptions, summary: BatchSummary) -> None:
    """The triage report of a finished output, when the options ask for one (every engine ends with it)."""
    if options.report:
        summary.report = str(write_triage_report(output_path, options.report, id_column=options.id_column,
                                                 top=options.report_top))


def write_triage_report(output_path: str | Path, report_path: str | Path, *, id_column: str = "id",
                        top: int = 500) -> Path:
    """Rank the rows of a finished batch output and write the triage HTML (top rows only)."""
    counts = BatchSummary()

    def rows() -> Iterator[dict]:
        for chunk in read_chunks(output_path, 1000):
            counts.count(chunk)
            yield from chunk

    ranked = heapq.nlargest(top, rows(), key=lambda row: triage_score(row)[1])  # ties keep input order
    html = render_triage_html(ranked, id_column=id_column, title=f"Triage — {Path(output_path).name}",
                              total=counts.rows, errors=counts.errors, generated=_clock.today())
    report_path = Path(report_path)
    with private_open(report_path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return report_path
