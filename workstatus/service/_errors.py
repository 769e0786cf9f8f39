"""Every error as ``{"detail": [{"loc": [...], "msg": ..., "type": ...}]}``: a field path, never a traceback.

pydantic's own errors carry the input back (``input``, ``ctx``): they are
dropped here, since the input may be a whole case text.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from workstatus._errors import input_errors

log = logging.getLogger("workstatus.service")

_PROFILE_FIELD = re.compile(r"^profile field '([\w.]+)'")
_ANSWER = re.compile(r"(?:unknown indicator id|for) '(\w+)'")
_PROFILE_WORDS = {"region ": "region", "date ": "as_of", "sector ": "sector", "work-injury": "work_injury_class"}


class ServiceError(Exception):
    """A request the service refuses, with where the problem is and one sentence on what to do."""

    def __init__(self, loc: tuple, msg: str, *, status: int = 422, kind: str = "value_error") -> None:
        super().__init__(msg)
        self.loc, self.msg, self.status, self.kind = loc, msg, status, kind


def error_body(loc, msg: str, kind: str = "value_error") -> dict:
    return {"detail": [{"loc": list(loc), "msg": msg, "type": kind}]}


def field_errors(err) -> list[dict]:
    """pydantic's errors as ``{loc, msg, type}``, without the input and context they carry (it may be a case text)."""
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")).removeprefix("Value error, "),
             "type": str(e.get("type", "value_error"))} for e in err.errors()]


def located(err: Exception, *, input_field: str = "text") -> ServiceError:
    """A package's one-line error (profile, answers, text) placed at the field it is about."""
    msg = str(err).splitlines()[0] if str(err) else type(err).__name__
    match = _PROFILE_FIELD.match(msg)
    if match:
        return ServiceError(("body", "profile", *match.group(1).split(".")), msg)
    for prefix, name in _PROFILE_WORDS.items():
        if msg.startswith(prefix):
            return ServiceError(("body", "profile", name), msg)
    if input_field == "answers":
        found = _ANSWER.search(msg)
        return ServiceError(("body", "answers", *([found.group(1)] if found else [])), msg)
    return ServiceError(("body", input_field), msg)


def install(app: FastAPI) -> None:
    """Register the handlers: validation (422), the service's own refusals, HTTP errors, and the unexpected."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": field_errors(exc)}, status_code=422)

    @app.exception_handler(ServiceError)
    async def _refused(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(error_body(exc.loc, exc.msg, exc.kind), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        where = ["path"] if exc.status_code == 404 else []
        return JSONResponse(error_body(where, str(exc.detail), "http_error"), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The type and the route only: an exception's message or traceback may quote the case text.
        log.error("internal error %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse(error_body([], f"internal error ({type(exc).__name__}); the request was not completed. "
                                           "Retry, or report it with the time of the request", "internal_error"),
                            status_code=500)


#: the packages' errors for input they cannot use: each becomes a 422 at the field it names
ERRORS_RAISED = input_errors()
