"""REST v1: the CLI's operations over HTTP, each body a validated model, each error at its field."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError

import workstatus
from workstatus import __version__
from workstatus import obligations as rules
from workstatus import _clock
from workstatus.assessment import Assessment
from workstatus.audit import Audit
from workstatus.audit import audit as run_audit
from workstatus.batch import profile_columns
from workstatus.obligations import Arrears
from workstatus.reference import catalogue_data, extraction_data, region_rows
from workstatus.service._errors import ERRORS_RAISED, ServiceError, field_errors, located
from workstatus.service._jobs import JOB_ID, REPORT, RESULT, JobOptions, JobStatus
from workstatus.service._models import (
    ERRORS, ArrearsRequest, AssessRequest, AuditRequest, CatalogueResponse, Health, IndicatorsRequest,
    IndicatorsResponse, ObligationsRequest, ObligationsResponse, ProfileIn, RegionRow,
)
from workstatus.tables import TableError, read_chunks, table_format

router = APIRouter()
JobId = Annotated[str, Field(pattern=JOB_ID, description="the id POST /v1/batches returned")]


def _engine(request: Request):
    return request.app.state.engine


def _profile_with_wage(profile: ProfileIn) -> dict:
    if profile.monthly_wage is None:
        raise ServiceError(("body", "profile", "monthly_wage"), "monthly_wage is needed to compute amounts; "
                           "give the monthly wage in yuan", kind="missing")
    given = profile.as_mapping()
    given["as_of"] = _clock.as_of(given.get("as_of"))
    return given


@router.post("/v1/assess", response_model=Assessment, responses=ERRORS, tags=["assess"],
             summary="Assess one case: status, probabilities, reasons with evidence, similar cases, obligations")
def assess(body: AssessRequest, request: Request) -> Assessment:
    return run_case(body, _engine(request).model)


def run_case(body: AssessRequest | AuditRequest, model) -> Assessment | Audit:
    """One case assessed, or self-audited for an ``AuditRequest`` (the API and the web page share it);
    a package's error placed at its field."""
    given = dict(profile=body.given_profile(), model=model, jurisdiction=body.jurisdiction)
    try:
        if isinstance(body, AuditRequest):
            return run_audit(body.item(), **given, max_steps=body.max_steps)
        return workstatus.assess(body.item(), **given, case_id=body.case_id, lang=body.lang, explain=body.explain)
    except ERRORS_RAISED as err:
        raise located(err, input_field=body.input_field) from None


@router.post("/v1/indicators", response_model=IndicatorsResponse, responses=ERRORS, tags=["assess"],
             summary="The indicators a text states, each with its evidence span")
def indicators(body: IndicatorsRequest, request: Request) -> dict:
    try:
        extraction = _engine(request).model.extractor_.extract(body.text, lang=body.lang)
    except ERRORS_RAISED as err:
        raise located(err) from None
    return extraction_data(extraction)


@router.post("/v1/obligations", response_model=ObligationsResponse, responses=ERRORS, tags=["obligations"],
             summary="The social-insurance obligations that follow from a status, with amounts and sources")
def obligations(body: ObligationsRequest) -> dict:
    profile = _profile_with_wage(body.profile)
    try:
        checked = rules.as_profile(profile)
        found = rules.obligations_for(body.status, checked)
    except rules.ObligationsError as err:
        raise located(err) from None
    return {"status": body.status, "region": checked.region, "as_of": checked.as_of,
            "parameters_version": rules.parameters_version(), "obligations": found}


@router.post("/v1/arrears", response_model=Arrears, responses=ERRORS, tags=["obligations"],
             summary="What the employer of an unenrolled employee owes: principal, late fee, fine range")
def arrears(body: ArrearsRequest) -> Arrears:
    try:
        return rules.arrears(_profile_with_wage(body.profile), body.start, body.end, body.paid_on,
                             due_date_convention=body.due_date_convention)
    except rules.ObligationsError as err:
        message = str(err)
        field = next((f for f in ("start", "end", "paid_on") if message.startswith(f)), None)
        raise (ServiceError(("body", field), message) if field else located(err)) from None


@router.post("/v1/audit", response_model=Audit, responses=ERRORS, tags=["assess"],
             summary="A platform's self-audit: the practices that drive the status, and what removing each changes")
def audit(body: AuditRequest, request: Request) -> Audit:
    return run_case(body, _engine(request).model)


@router.get("/v1/regions", response_model=list[RegionRow], responses=ERRORS, tags=["reference"],
            summary="The regions the rules know, and what an employee's obligations compute there on a date")
def regions(as_of: dt.date | None = Query(None, description="default today"),
            wage: Decimal = Query(Decimal(8000), ge=0, le=100_000_000, description="the employee's monthly wage")) -> list:
    return region_rows(_clock.as_of(as_of), wage)


@router.get("/v1/catalogue", response_model=CatalogueResponse, tags=["reference"],
            summary="The indicator catalogue: ids, families, directions, labels and definitions in zh/en, legal basis")
def catalogue() -> dict:
    return catalogue_data()


@router.get("/healthz", response_model=Health, tags=["reference"], summary="The service is up; the model it loaded")
def healthz(request: Request) -> Health:
    engine = _engine(request)
    running, queued = engine.jobs.counts()
    return Health(version=__version__, model_version=engine.model.version, model_sha256=engine.model.sha256 or "unsaved",
                  parameters_version=engine.parameters_version, catalogue_version=engine.catalogue_version,
                  jobs_running=running, jobs_queued=queued, worker=os.getpid())


# -- batches -------------------------------------------------------------------------------------------
class BatchForm(BaseModel):
    """The CLI's ``batch`` options, as form fields beside the uploaded table: the job record's own fields, but the
    profile columns as ``FIELD=COLUMN`` pairs and the profile as one field each."""

    text_column: str = JobOptions.model_fields["text_column"]
    id_column: str = JobOptions.model_fields["id_column"]
    profile_column: list[str] = Field([], description="FIELD=COLUMN, e.g. monthly_wage=salary (repeatable)")
    fast: bool = JobOptions.model_fields["fast"]
    report_top: Annotated[int, Field(le=100_000)] = JobOptions.model_fields["report_top"]  # the service's own ceiling
    region: str | None = None
    monthly_wage: Decimal | None = Field(None, description="the wage for rows without a monthly_wage column")
    as_of: dt.date | None = None
    sector: str | None = None
    platform: str | None = None
    monthly_orders: int | None = None
    work_injury_class: int | None = None


def job_options(form: BatchForm) -> JobOptions:
    """The job's options from the form, each checked now rather than when the job runs."""
    try:
        columns = profile_columns(form.profile_column)
    except ValueError as err:
        raise ServiceError(("body", "profile_column"), str(err)) from None
    given = {k: v for k, v in form.model_dump(include=set(ProfileIn.model_fields)).items() if v not in (None, "")}
    try:  # as JSON values (amounts and dates as text): the job record is JSON
        profile = ProfileIn.model_validate(given).model_dump(mode="json", exclude_none=True, exclude_unset=True)
    except ValidationError as err:
        first = field_errors(err)[0]
        raise ServiceError(("body", *first["loc"]), first["msg"]) from None
    return JobOptions(text_column=form.text_column, id_column=form.id_column, profile_columns=columns, profile=profile,
                      fast=form.fast, report_top=form.report_top)


def _links(status: JobStatus) -> JobStatus:
    base = f"/v1/batches/{status.id}"
    links = {"self": base, "page": f"/ui/triage/{status.id}"}
    if status.state == "done":
        links |= {"result": f"{base}/result", "result_json": f"{base}/result?format=json", "report": f"{base}/report"}
    return status.model_copy(update={"links": links})


def start_job(request: Request, file: UploadFile, options: JobOptions) -> JobStatus:
    """Store an uploaded table as a job and queue it (the API and the triage form share it)."""
    name = Path(file.filename or "").name or "upload"
    try:
        table_format(name)
    except TableError as err:
        raise ServiceError(("body", "file"), str(err)) from None

    def total(path: Path) -> int | None:
        try:
            return sum(len(chunk) for chunk in read_chunks(path, 5000))
        except (TableError, ValueError):
            return None  # the job itself then fails with the table's own error

    return _engine(request).jobs.create(file.file, name, Path(name).suffix.lower(), options, total)


@router.post("/v1/batches", response_model=JobStatus, status_code=202, tags=["batches"],
             responses={**ERRORS, 429: {"description": "Too many jobs waiting."}},
             summary="Upload a table (CSV, JSON Lines or Parquet) to assess every row in the background")
def create_batch(request: Request, form: Annotated[BatchForm, Form()],
                 file: UploadFile = File(..., description="the cases: .csv, .jsonl or .parquet")) -> JobStatus:
    return _links(start_job(request, file, job_options(form)))


def _job(request: Request, job_id: str, *, done: bool = False) -> JobStatus:
    status = _engine(request).jobs.read(job_id) if re.fullmatch(JOB_ID, job_id) else None
    if status is None:
        raise ServiceError(("path", "job_id"), f"no job {job_id[:40]!r}; it may have expired (jobs are kept "
                           "--keep-hours after they finish)", status=404, kind="not_found")
    if done and status.state != "done":
        raise ServiceError(("path", "job_id"), f"job {job_id} is {status.state}"
                           + (f" ({status.error})" if status.error else "; poll GET /v1/batches/{id} until state is done"),
                           status=409, kind="not_ready")
    return status


@router.get("/v1/batches/{job_id}", response_model=JobStatus, tags=["batches"],
            responses={404: {"description": "No such job."}}, summary="A job's progress")
def batch_status(job_id: str, request: Request) -> JobStatus:
    return _links(_job(request, job_id))


@router.get("/v1/batches/{job_id}/result", tags=["batches"],
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}, 404: {}, 409: {}},
            summary="The result table, one row per input row in input order (CSV, or JSON with format=json)")
def batch_result(job_id: str, request: Request, format: Literal["csv", "json"] = "csv") -> Response:
    status = _job(request, job_id, done=True)
    path = _engine(request).jobs.folder(status.id) / RESULT
    stem = Path(status.input_name).stem or "batch"
    if format == "json":
        return JSONResponse([row for chunk in read_chunks(path, 1000) for row in chunk])
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=f"{stem}-assessed.csv")


@router.get("/v1/batches/{job_id}/report", response_class=HTMLResponse, tags=["batches"],
            responses={404: {}, 409: {}}, summary="The triage report: cases ranked by risk × expected liability")
def batch_report(job_id: str, request: Request) -> HTMLResponse:
    status = _job(request, job_id, done=True)
    path = _engine(request).jobs.folder(status.id) / REPORT
    return HTMLResponse(path.read_text(encoding="utf-8"))


@router.delete("/v1/batches/{job_id}", status_code=204, tags=["batches"], responses={404: {}, 409: {}},
               summary="Delete a finished job: its upload, table and report")
def batch_delete(job_id: str, request: Request) -> Response:
    status = _job(request, job_id)
    if not _engine(request).jobs.delete(status.id):
        raise ServiceError(("path", "job_id"), f"job {job_id} is running; delete it when it has finished",
                           status=409, kind="running")
    return Response(status_code=204)
