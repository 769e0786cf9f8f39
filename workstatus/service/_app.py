"""The FastAPI application: the model and parameters loaded once per worker, the API, the web page."""

from __future__ import annotations

import logging
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from workstatus import __version__, _assess
from workstatus.obligations import load_parameters
from workstatus.reports import render_triage_html
from workstatus.service import _errors
from workstatus.service._api import router
from workstatus.service._jobs import JobStore
from workstatus.service._middleware import LimitsAndHeaders, RequireToken, TimeLimit, content_security_policy
from workstatus.service._settings import ServiceSettings
from workstatus.service._ui import router as ui_router

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("workstatus.service")


@dataclass
class Engine:
    """What one worker loaded at startup and every request shares."""

    model: Any
    parameters_version: str
    catalogue_version: str
    jobs: Any
    settings: ServiceSettings


def _inline_scripts() -> tuple[str, ...]:
    """The inline scripts of our own templates (the triage report's filters): the only ones the CSP allows."""
    return tuple(re.findall(r"<script>(.*?)</script>", render_triage_html([]), flags=re.S))


def _load(settings: ServiceSettings) -> Engine:
    model = _assess.load_model(settings.model)
    load_parameters()
    jobs = JobStore(settings.data_dir, work=partial(_assess.assessments, model=model), max_jobs=settings.max_jobs,
                    max_queued=settings.max_queued, keep_hours=settings.keep_hours, chunk_size=settings.chunk_size)
    return Engine(model=model, parameters_version=_assess._parameters_version(),
                  catalogue_version=_assess._catalogue().version, jobs=jobs, settings=settings)


def create_app(settings: ServiceSettings | None = None):
    """The workstatus web service: REST v1 (``/docs``), the web page (``/``), and batch jobs in ``settings.data_dir``.

    The model, the legal parameters and the catalogue load once, when the
    application starts (its lifespan), and jobs left unfinished by a previous
    run resume; at shutdown running jobs stop after their current chunk.
    """
    settings = settings or ServiceSettings()

    @asynccontextmanager
    async def lifespan(app):
        engine = _load(settings)
        app.state.engine = engine
        resumed = engine.jobs.resume_unfinished()
        if resumed:
            log.info("resuming %d unfinished job(s)", len(resumed))
        try:
            yield
        finally:
            engine.jobs.shutdown()

    app = FastAPI(
        title="workstatus", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Employment status of platform workers (employee / third category / independent) and the social "
                    "insurance that follows. Decision support, not a legal ruling. No authentication: it binds "
                    "127.0.0.1 by default; put it behind your own proxy if you expose it.",
    )
    _errors.install(app)
    app.include_router(router)
    app.include_router(ui_router)
    app.mount("/static/docs", StaticFiles(directory=_swagger_files()), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    app.add_middleware(TimeLimit, seconds=settings.request_timeout)
    if settings.token:
        app.add_middleware(RequireToken, token=settings.token)
    app.add_middleware(LimitsAndHeaders, max_body=settings.max_body_bytes, max_upload=settings.max_upload_bytes,
                       csp=content_security_policy(_inline_scripts()))  # added last: outermost, it sees every answer
    return app


def _swagger_files() -> str:
    """Swagger UI's own files, served from here (fastapi-offline ships them): no CDN."""
    return str(Path(fastapi_offline.__file__).resolve().parent / "static")


def app_from_environment():
    """The application with the settings ``workstatus serve`` put in the environment (one per uvicorn worker)."""
    return create_app(ServiceSettings.from_environment())
