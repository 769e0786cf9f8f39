"""The worker plugin that loads the model once in every Dask worker (imported only where Dask runs)."""

from __future__ import annotations

import asyncio

from distributed.diagnostics.plugin import WorkerPlugin


class ModelPlugin(WorkerPlugin):
    """Load the status model when a worker starts (or joins later, e.g. after a restart), once per process.

    The plugin carries only the model's folder and the client's version and
    model hash, never the model itself: each worker loads its own installed
    copy and refuses to start work if it differs from the client's.
    """

    name = "workstatus-model"

    def __init__(self, model: str | None, version: str, sha256: str | None) -> None:
        self.model = model
        self.version = version
        self.sha256 = sha256

    async def setup(self, worker) -> None:
        # loading takes seconds: off the worker's event loop, so its heartbeats go on
        await asyncio.get_running_loop().run_in_executor(None, self.load)

    def load(self) -> None:
        """Load the model in this worker, after checking it matches the client's version and model."""
        from workstatus.engines.partitions import check_worker

        check_worker(self.version, self.model, self.sha256)
