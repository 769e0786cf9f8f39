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
        """Load (and cache in this process) the model, after checking this worker runs the client's version."""
        import workstatus
        from workstatus import _assess

        if workstatus.__version__ != self.version:
            raise RuntimeError(f"this worker has workstatus {workstatus.__version__}, the client {self.version}; "
                               "install the same version on every worker")
        loaded = _assess.load_model(self.model)
        if self.sha256 and loaded.sha256 != self.sha256:
            raise RuntimeError(f"this worker's model {loaded.sha256[:12]} differs from the client's "
                               f"{self.sha256[:12]}; install the same model on every worker")
