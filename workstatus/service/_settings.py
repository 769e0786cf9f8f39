"""The service's settings: where jobs live and the limits, given once to ``create_app``."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

ENVIRONMENT_VARIABLE = "WORKSTATUS_SERVICE_SETTINGS"  # how ``serve --workers N`` hands settings to each worker
MIB = 1 << 20


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/workstatus/jobs``, else ``~/.local/share/workstatus/jobs``."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "workstatus" / "jobs"


@dataclass(frozen=True)
class ServiceSettings:
    """What ``workstatus serve`` was told.

    Parameters
    ----------
    data_dir
        The private folder (0700) where batch jobs keep their upload, result and report (each file 0600).
    max_body_bytes
        The largest JSON request body (``/v1/assess`` and the other JSON endpoints, the web page's forms).
    max_upload_bytes
        The largest upload (``POST /v1/batches``, the triage and self-audit forms).
    max_jobs
        Batch jobs that run at once in one worker; more wait in the queue.
    max_queued
        Jobs that may wait; past that ``POST /v1/batches`` answers 429.
    keep_hours
        Finished jobs (their upload, result and report) are deleted this long after they finish.
    model
        A model folder (default: the shipped model).
    chunk_size
        Rows a job assesses and writes at a time (its resume granularity).
    token
        When set, every request but ``/healthz`` must carry it (``Authorization: Bearer TOKEN``, or HTTP
        Basic auth with the token as password, which a browser asks for). Required off loopback.
    request_timeout
        Seconds a JSON request (``POST`` other than an upload) may take before it is answered 504.
    """

    data_dir: Path = field(default_factory=default_data_dir)
    max_body_bytes: int = 2 * MIB
    max_upload_bytes: int = 64 * MIB
    max_jobs: int = 1
    max_queued: int = 20
    keep_hours: float = 24 * 7
    model: str | None = None
    chunk_size: int = 100
    token: str | None = None
    request_timeout: float = 60.0

    def to_environment(self) -> str:
        """These settings as the JSON that :meth:`from_environment` reads (for uvicorn's worker processes)."""
        return json.dumps(asdict(self), default=str)  # data_dir as a string

    @classmethod
    def from_environment(cls) -> "ServiceSettings":
        raw = os.environ.get(ENVIRONMENT_VARIABLE)
        if not raw:
            return cls()
        data = json.loads(raw)
        data["data_dir"] = Path(data["data_dir"])
        return cls(**data)
