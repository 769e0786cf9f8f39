"""Pure ASGI layers: the body-size limit, the security headers, and an access log without case data."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import time

access_log = logging.getLogger("workstatus.service.access")

UPLOAD_PATHS = ("/v1/batches", "/ui/triage", "/ui/audit")  # multipart uploads (the self-audit's agreement file too): the larger limit


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly one inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def content_security_policy(inline_scripts: tuple[str, ...] = ()) -> str:
    """Scripts only from this server (plus the named inline scripts of our own templates), nothing from elsewhere."""
    scripts = " ".join(("'self'", *map(script_hash, inline_scripts)))
    return ("default-src 'none'; "
            f"script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


async def _send_json(send, status: int, body: dict, headers: tuple = ()) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": data})


class LimitsAndHeaders:
    """Refuse bodies over the limit (413, before reading them when Content-Length says so), add the
    security headers to every response, and log method, path, status and milliseconds only."""

    def __init__(self, app, *, max_body: int, max_upload: int, csp: str) -> None:
        self.app, self.max_body, self.max_upload = app, max_body, max_upload
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        path = scope.get("path", "")
        limit = self.max_upload if path.startswith(UPLOAD_PATHS) else self.max_body
        status = {"code": 0}
        refused = {"sent": False}

        def refusal(size: str) -> dict:
            which = "--max-upload-mb" if limit == self.max_upload else "--max-body-mb"
            return {"detail": [{"loc": ["body"], "type": "too_large",
                                "msg": f"the request body is {size}; the limit here is {limit} bytes "
                                       f"(the server's {which}); send less, or split a table into parts"}]}

        async def send_with_headers(message):
            if refused["sent"]:
                return  # the 413 already went out; what the app says after the cut-off body is dropped
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in self.headers if h[0] not in names)]}
            await send(message)

        try:
            declared = dict(scope.get("headers") or []).get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await _send_json(send_with_headers, 413, refusal(f"{int(declared)} bytes"))
                return
            seen = 0

            async def counted():
                # A body sent without Content-Length is counted as it arrives and cut off at the limit.
                nonlocal seen
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > limit and not refused["sent"]:
                        await _send_json(send_with_headers, 413, refusal(f"over {limit} bytes"))
                        refused["sent"] = True
                        return {"type": "http.disconnect"}
                return message

            await self.app(scope, counted, send_with_headers)
        finally:
            access_log.info("%s %s %s %.1fms", scope.get("method"), path, status["code"] or "-",
                            (time.perf_counter() - started) * 1000)


class RequireToken:
    """Every request but ``/healthz`` carries the token: ``Authorization: Bearer TOKEN``, or HTTP Basic with the
    token as password (a browser asks for it after the 401)."""

    OPEN = ("/healthz",)

    def __init__(self, app, *, token: str) -> None:
        self.app, self.token = app, token.encode()

    def _given(self, scope) -> bytes:
        value = dict(scope.get("headers") or []).get(b"authorization", b"")
        kind, _, credential = value.partition(b" ")
        if kind.lower() == b"bearer":
            return credential.strip()
        if kind.lower() == b"basic":
            try:
                return base64.b64decode(credential.strip(), validate=True).partition(b":")[2]
            except ValueError:
                return b""
        return b""

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path") in self.OPEN or hmac.compare_digest(self._given(scope), self.token):
            return await self.app(scope, receive, send)
        await _send_json(send, 401, {"detail": [{"loc": ["header", "authorization"], "type": "unauthorized",
                                                 "msg": "this service asks for its token: send 'Authorization: Bearer "
                                                        "TOKEN' (a browser asks for it as the password)"}]},
                         headers=((b"www-authenticate", b'Basic realm="workstatus", charset="UTF-8"'),))


class TimeLimit:
    """A JSON request (a POST other than an upload) not answered within ``seconds`` is answered 504.

    The work itself runs in a thread that cannot be stopped: it finishes, and its answer is dropped.
    """

    def __init__(self, app, *, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path", "").startswith(UPLOAD_PATHS):
            return await self.app(scope, receive, send)
        started = {"yes": False}

        async def watched(message):
            if message["type"] == "http.response.start":
                started["yes"] = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, receive, watched), self.seconds)
        except asyncio.TimeoutError:
            if not started["yes"]:
                await _send_json(send, 504, {"detail": [{"loc": ["body"], "type": "timeout",
                                                          "msg": f"not answered within {self.seconds:g} s (the server's "
                                                                 "--request-timeout); send a shorter text, or use a batch"}]})
