"""Every failure of the API becomes ``{"error": ..., "detail": ...}`` JSON with the right 4xx/5xx status.

Clients (the web view, scripts) then handle one shape only, and nothing about the server's internals (stack
traces, SQL, file paths) ever reaches a response: unexpected exceptions are logged and answered with a
plain 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("eventwire.api")


class ApiError(Exception):
    """A request the API refuses, with the status and message the client gets."""

    def __init__(self, status: int, error: str, detail: Any = None) -> None:
        super().__init__(error)
        self.status, self.error, self.detail = status, error, detail


def bad_param(param: str, message: str, status: int = 422) -> ApiError:
    return ApiError(status, "invalid parameter", [{"param": param, "message": message}])


def error_response(
    status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


_STATUS_TEXT = {
    400: "bad request",
    401: "unauthorized",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type",
}


def _where(loc: tuple[Any, ...]) -> str:
    """The parameter a pydantic error is about: ``("query", "limit")`` -> ``"limit"``."""
    parts = loc[1:] if len(loc) > 1 and loc[0] in ("query", "path", "body") else loc
    return ".".join(str(p) for p in parts) or "request"


def _message(error: dict[str, Any]) -> str:
    """Pydantic's message without its "Value error, " prefix (our validators already speak plainly)."""
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the API's JSON error shape."""

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.error, exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = list(exc.errors())
        unknown = [e for e in problems if e.get("type") == "extra_forbidden"]
        if unknown:  # a misspelt filter must not silently widen the result: refuse it as a bad request
            detail = [{"param": _where(tuple(e["loc"])), "message": "not a parameter of this endpoint"}
                      for e in unknown]
            return error_response(400, "unknown parameter", detail)
        detail = [{"param": _where(tuple(e.get("loc", ()))), "message": _message(e)} for e in problems]
        return error_response(422, "invalid parameter", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = _STATUS_TEXT.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail.lower() != error else None
        return error_response(exc.status_code, error, detail, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error", "the error was logged on the server")


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413, before anything parses them.

    A declared ``Content-Length`` over the limit is refused at once; a body sent in chunks (no length) is
    counted as it streams and cut off when it passes the limit, so memory never holds more than the limit.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                refusal = error_response(400, "bad request", "invalid Content-Length header")
                await refusal(scope, receive, send)
                return
            if too_big:
                await self._refuse(scope, receive, send)
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = f"{self.max_body / 1048576:.1f} MiB" if self.max_body >= 1048576 else f"{self.max_body} bytes"
        await error_response(413, "request body too large", f"the limit is {limit}")(scope, receive, send)


class _TooLarge(Exception):
    """Raised inside ``receive`` when a streamed body passes the limit."""
