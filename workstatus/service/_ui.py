"""The web page (zh/en): Assess, Triage, Self-audit, as server-rendered forms (usable without JavaScript).

Each form posts here; the page comes back rendered by ``reports`` (Jinja2,
autoescape), so whatever the user typed is shown as text.
"""

from __future__ import annotations

import heapq

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from workstatus.obligations import SECTORS
from workstatus.reference import catalogue_data
from workstatus.reports.service import assess_page, audit_page, job_page, render_page
from workstatus.reports.triage import ranked_rows, triage_score
from workstatus.service._api import BatchForm, _job, job_options, run_case, start_job
from workstatus.service._errors import ServiceError, field_errors
from workstatus.service._jobs import RESULT
from workstatus.service._models import AssessRequest, AuditRequest
from workstatus.tables import read_chunks

router = APIRouter(include_in_schema=False)
PROFILE_FIELDS = ("monthly_wage", "region", "as_of", "sector", "platform")


def _lang(request: Request, given: str | None = None) -> str:
    lang = given or request.query_params.get("lang")
    if lang in ("zh", "en"):
        return lang
    return "zh" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"


def _errors(err: Exception) -> list[dict]:
    """Errors as the page lists them: where, and what to do."""
    if isinstance(err, ValidationError):
        return [{**e, "loc": [str(p) for p in e["loc"]]} for e in field_errors(err)]
    if isinstance(err, ServiceError):
        return [{"loc": [str(p) for p in err.loc if p != "body"], "msg": err.msg}]
    return [{"loc": [], "msg": str(err).splitlines()[0]}]


def _profile(form) -> dict | None:
    given = {k: form.get(k) for k in PROFILE_FIELDS if form.get(k) not in (None, "")}
    return given or None


async def _form(request: Request) -> tuple[dict, dict]:
    """(text fields, uploaded files) of a posted form."""
    data = await request.form()
    fields, files = {}, {}
    for key, value in data.multi_items():
        if hasattr(value, "read"):
            if value.filename:
                files[key] = value
        else:
            fields[key] = value
    return fields, files


async def _uploaded_text(upload) -> str:
    raw = await upload.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ServiceError(("file",), f"{upload.filename}: not UTF-8 text ({err.reason} at byte {err.start})") from None


@router.get("/", response_class=HTMLResponse)
def assess_form(request: Request) -> HTMLResponse:
    return HTMLResponse(assess_page(lang=_lang(request), catalogue=catalogue_data(), form={}, sectors=SECTORS))


@router.post("/ui/assess", response_class=HTMLResponse)
async def assess_submit(request: Request) -> HTMLResponse:
    form, files = await _form(request)
    lang = _lang(request, form.get("lang"))
    page = dict(lang=lang, catalogue=catalogue_data(), form=form, sectors=SECTORS)
    try:
        if form.get("input") == "answers":
            answers = {k[2:]: v for k, v in form.items() if k.startswith("q_") and v != "unknown"}
            body = {"answers": answers}
        else:
            text = await _uploaded_text(files["file"]) if "file" in files else form.get("text", "")
            form["text"] = text
            body = {"text": text}
        body = AssessRequest.model_validate({**body, "profile": _profile(form),
                                             "explain": form.get("explain") == "true"})
        result = await run_in_threadpool(run_case, body, request.app.state.engine.model)
    except (ValidationError, ServiceError) as err:
        return HTMLResponse(assess_page(**page, errors=_errors(err)), status_code=422)
    return HTMLResponse(await run_in_threadpool(lambda: assess_page(**page, result=result)))


@router.get("/ui/triage", response_class=HTMLResponse)
def triage_form(request: Request) -> HTMLResponse:
    return HTMLResponse(render_page("triage", lang=_lang(request), form={}, errors=()))


@router.post("/ui/triage", response_class=HTMLResponse)
async def triage_submit(request: Request):
    form, files = await _form(request)
    lang = _lang(request, form.get("lang"))
    try:
        if "file" not in files:
            raise ServiceError(("body", "file"), "choose a table to upload (.csv, .jsonl or .parquet)")
        options = job_options(BatchForm.model_validate(
            {k: v for k, v in form.items() if k in BatchForm.model_fields and v != ""} | {"fast": form.get("fast") == "true"}))
        job = await run_in_threadpool(start_job, request, files["file"], options)
    except (ValidationError, ServiceError) as err:
        return HTMLResponse(render_page("triage", lang=lang, form=form, errors=_errors(err)), status_code=422)
    return RedirectResponse(f"/ui/triage/{job.id}?lang={lang}", status_code=303)


@router.get("/ui/triage/{job_id}", response_class=HTMLResponse)
def triage_job(job_id: str, request: Request) -> HTMLResponse:
    job = _job(request, job_id)
    ranked = []
    if job.state == "done":
        rows = (row for chunk in read_chunks(request.app.state.engine.jobs.folder(job.id) / RESULT, 1000) for row in chunk)
        top = heapq.nlargest(50, rows, key=lambda row: triage_score(row)[1])  # the page shows the top 50
        ranked = ranked_rows(top, job.options.id_column)
    return HTMLResponse(job_page(lang=_lang(request), job=job.model_dump(mode="json"), ranked=ranked))


@router.get("/ui/audit", response_class=HTMLResponse)
def audit_form(request: Request) -> HTMLResponse:
    return HTMLResponse(audit_page(lang=_lang(request), form={}))


@router.post("/ui/audit", response_class=HTMLResponse)
async def audit_submit(request: Request) -> HTMLResponse:
    form, files = await _form(request)
    lang = _lang(request, form.get("lang"))
    try:
        body = {"text": form.get("text", "")}
        if "file" in files:
            content = await _uploaded_text(files["file"])
            body = {"answers": _answers(files["file"].filename, content)} if files["file"].filename.lower().endswith(
                (".yaml", ".yml", ".json")) else {"text": content}
        request_body = AuditRequest.model_validate({**body, "profile": _profile(form)})
        result = await run_in_threadpool(run_case, request_body, request.app.state.engine.model)
    except (ValidationError, ServiceError) as err:
        return HTMLResponse(audit_page(lang=lang, form=form, errors=_errors(err)), status_code=422)
    return HTMLResponse(audit_page(lang=lang, form=form, audit=result))


def _answers(name: str, content: str) -> dict:
    """Questionnaire answers from YAML or JSON (nothing in the file is executed, no alias expanded)."""
    import yaml

    from workstatus.obligations._yaml import load_yaml

    try:
        answers = load_yaml(content)
    except (yaml.YAMLError, RecursionError) as err:
        raise ServiceError(("file",), f"{name}: not valid YAML/JSON ({str(err).splitlines()[0]})") from None
    if not isinstance(answers, dict):
        raise ServiceError(("file",), f"{name}: expected a mapping of indicator id to yes/no/unknown")
    return answers
