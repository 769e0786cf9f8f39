"""Batch jobs: an upload in a private folder, run by the batch runner in a background thread, resumable.

A job is a folder ``DATA_DIR/<id>/`` (0700) holding ``input.<ext>`` (the
upload), ``job.json`` (its options and progress), ``result.csv`` (the batch
table, written chunk by chunk) and ``report.html`` (the triage report); each
file is 0600. The table is written by :func:`workstatus.batch.run_batch`, so
a job interrupted by a shutdown or a crash continues, at the next start of
the server, with the runner's own resume: no row lost, none repeated.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from workstatus.batch import BatchOptions, BatchSummary, TableOptions, run_batch, write_triage_report
from workstatus.service._errors import ServiceError
from workstatus.tables import TableError, private_open, read_chunks

log = logging.getLogger("workstatus.service")

State = Literal["queued", "running", "interrupted", "done", "failed"]
UNFINISHED = ("queued", "running", "interrupted")
JOB_ID = r"^[0-9a-f]{32}$"
RESULT, REPORT, RECORD, LOCK = "result.csv", "report.html", "job.json", "lock"


class JobOptions(TableOptions):
    """A job's options: a batch's own (``batch.TableOptions``: the columns, the profile, the report's rows) and
    ``fast``; the job store adds how the runner writes."""

    fast: bool = Field(False, description="skip the reasons (SHAP) and similar cases")


class JobStatus(BaseModel):
    """A job's progress, as ``GET /v1/batches/{id}`` returns it."""

    id: str
    state: State
    input_name: str = Field(description="the uploaded file's name (its extension chose the format)")
    rows_done: int = 0
    total: int | None = Field(None, description="rows in the input, when known")
    errors: int = 0
    statuses: dict[str, int] = {}
    resumed_after: int | None = Field(None, description="rows already done when the job last resumed after a restart")
    error: str | None = None
    created: dt.datetime
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    options: JobOptions
    links: dict[str, str] = {}


class JobInterrupted(Exception):
    """The server is stopping: the job ends after its current chunk and resumes at the next start."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class JobStore:
    """The jobs in ``data_dir``: create, read, run in background threads, resume after a restart, expire."""

    def __init__(self, data_dir: Path, *, work: Callable[..., list], max_jobs: int = 1,
                 max_queued: int = 20, keep_hours: float = 168, chunk_size: int = 100) -> None:
        self.root = Path(data_dir)
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        self.work, self.max_queued, self.keep, self.chunk_size = work, max_queued, dt.timedelta(hours=keep_hours), chunk_size
        self._pool = ThreadPoolExecutor(max_workers=max_jobs, thread_name_prefix="workstatus-job")
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._running: set[str] = set()

    # -- records ------------------------------------------------------------------------------
    def folder(self, job_id: str) -> Path:
        return self.root / job_id

    def read(self, job_id: str) -> JobStatus | None:
        path = self.folder(job_id) / RECORD
        if not path.is_file():
            return None
        return JobStatus.model_validate_json(path.read_text(encoding="utf-8"))

    def _write(self, status: JobStatus) -> None:
        folder = self.folder(status.id)
        tmp = folder / (RECORD + ".tmp")
        with private_open(tmp, "w", encoding="utf-8") as handle:
            handle.write(status.model_dump_json(indent=1))
        os.replace(tmp, folder / RECORD)

    def counts(self) -> tuple[int, int]:
        with self._lock:
            return len(self._running), len(self._pending - self._running)

    # -- life cycle -----------------------------------------------------------------------------
    def create(self, upload, input_name: str, suffix: str, options: JobOptions, total: Callable[[Path], int | None]) -> JobStatus:
        """Store an upload (a binary file object) as a new job and queue it."""
        self.expire()
        if self.counts()[1] >= self.max_queued:
            raise ServiceError(("body", "file"), f"{self.max_queued} jobs are already waiting; retry when one has "
                                                 "finished", status=429, kind="too_many_jobs")
        job_id = uuid.uuid4().hex
        folder = self.folder(job_id)
        folder.mkdir(mode=0o700)
        target = folder / f"input{suffix}"
        with private_open(target, "wb") as handle:
            shutil.copyfileobj(upload, handle, 1 << 20)
        status = JobStatus(id=job_id, state="queued", input_name=input_name, created=_now(), options=options,
                           total=total(target))
        self._write(status)
        self.submit(job_id)
        return status

    def submit(self, job_id: str) -> None:
        with self._lock:
            if job_id in self._pending:
                return
            self._pending.add(job_id)
        self._pool.submit(self._run, job_id)

    def resume_unfinished(self) -> list[str]:
        """Queue every job a previous server left queued, running or interrupted (the start of a worker)."""
        found = []
        for record in sorted(self.root.glob(f"*/{RECORD}")):
            status = self.read(record.parent.name)
            if status is not None and status.state in UNFINISHED:
                found.append(status.id)
                self.submit(status.id)
        return found

    def shutdown(self) -> None:
        """Stop taking chunks: running jobs end after their current chunk, to resume at the next start."""
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def delete(self, job_id: str) -> bool:
        folder = self.folder(job_id)
        if not folder.is_dir() or job_id in self._running:
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True

    def expire(self) -> None:
        """Delete finished jobs older than ``keep_hours`` (their upload, table and report)."""
        cutoff = _now() - self.keep
        for record in self.root.glob(f"*/{RECORD}"):
            try:
                status = self.read(record.parent.name)
            except ValueError:
                continue
            if status and status.state in ("done", "failed") and status.finished and status.finished < cutoff:
                self.delete(status.id)

    # -- running ----------------------------------------------------------------------------------
    def _run(self, job_id: str) -> None:
        folder = self.folder(job_id)
        try:
            with private_open(folder / LOCK, "a") as lock:
                try:  # another worker process of the same server may hold it
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                status = self.read(job_id)
                if status is None or status.state not in UNFINISHED or self._stop.is_set():
                    return
                with self._lock:
                    self._running.add(job_id)
                try:
                    self._execute(status)
                finally:
                    with self._lock:
                        self._running.discard(job_id)
        finally:
            with self._lock:
                self._pending.discard(job_id)

    def _execute(self, status: JobStatus) -> None:
        folder = self.folder(status.id)
        source = next(folder.glob("input.*"))
        result, report = folder / RESULT, folder / REPORT
        progress = result.with_name(result.name + ".progress")
        options = status.options
        if progress.is_file():
            status.resumed_after = json.loads(progress.read_text()).get("rows_done", 0)
        elif result.is_file() and result.stat().st_size > 0 and status.state != "queued":
            # the table was finished (its progress file removed) before the report was written
            write_triage_report(result, report, id_column=options.id_column, top=options.report_top)
            self._finish(status, result)
            return
        status.state, status.started, status.error = "running", _now(), None
        self._write(status)

        def on_progress(done: int, total: int | None) -> None:
            status.rows_done = done
            if total is not None:
                status.total = total
            self._write(status)

        def chunk(records: list[dict]) -> list:
            if self._stop.is_set():
                raise JobInterrupted
            return self.work(records, explain=not options.fast)

        try:
            batch = BatchOptions(**options.model_dump(exclude={"fast"}), chunk_size=self.chunk_size,
                                 resume=progress.is_file(), report=report, force=True)  # the job owns its folder
            summary = run_batch(source, result, chunk, batch, on_progress=on_progress,
                                identity={"fast": options.fast, "service": True})
        except JobInterrupted:
            status.state = "interrupted"
        except TableError as err:
            status.state, status.error, status.finished = "failed", str(err).replace(str(folder) + os.sep, ""), _now()
        except Exception as err:  # the type only: a message may quote a case
            log.error("job %s failed: %s", status.id, type(err).__name__)
            status.state, status.error, status.finished = "failed", f"internal error ({type(err).__name__})", _now()
        else:
            status.errors, status.statuses = summary.errors, dict(summary.statuses)
            status.rows_done = summary.skipped + summary.rows
            self._finish(status, result, counted=True)
            return
        self._write(status)

    def _finish(self, status: JobStatus, result: Path, counted: bool = False) -> None:
        if not counted or status.resumed_after:
            # the counts of a resumed run cover its own rows only: count the whole table
            whole = BatchSummary()
            for chunk in read_chunks(result, 1000):
                whole.count(chunk)
            status.rows_done, status.errors, status.statuses = whole.rows, whole.errors, whole.statuses
        status.state, status.finished, status.total = "done", _now(), status.rows_done
        self._write(status)
