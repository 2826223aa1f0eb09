"""The FastAPI application: `create_app(settings)` wires the store, services, API and error shape.

Every error, whatever raised it, leaves as `{"error": {"code", "message", "details"}}` with a
Chinese message: HotlineError with its own status, FastAPI's validation errors as 422 (400
for a body that is not JSON), unknown routes as 404, too-large bodies as 413.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotline.config import Settings, get_settings
from hotline.errors import HotlineError
from hotline.loop.outbox import Sender, sender_for
from hotline.privacy import install_log_masking
from hotline.store.db import Store
from hotline.tickets.clock import Clock, system_clock
from hotline.tickets.service import TicketService
from hotline.tickets.units import sync_units
from hotline.web.api.deps import MAX_BODY, MAX_UPLOAD, Hotline
from hotline.web.api.validation import validation_error
from hotline.web.auth import Tokens, secret_key

log = logging.getLogger("hotline.web")


def error_response(err: HotlineError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
    return JSONResponse(err.to_dict(), status_code=err.status, headers=headers)


_HTTP_MESSAGES = {
    # Starlette's own 400 comes from a body it cannot even decode (invalid UTF-8, broken form).
    400: ("bad_json", "请求体无法解析：请以 UTF-8 编码的 JSON（或表单）提交"),
    404: ("not_found", "没有这个地址"),
    405: ("method_not_allowed", "该地址不支持此请求方法"),
    401: ("not_authenticated", "请先登录"),
    413: ("payload_too_large", "请求内容过大"),
}


class BodyLimit:
    """Refuse request bodies over the limit with 413, before the application reads them."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY, upload_limit: int = MAX_UPLOAD) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].endswith("/import") else self.limit
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _too_large(limit, scope, receive, send)
            return
        seen = 0

        async def guarded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HotlineError(
                        "payload_too_large", f"请求内容过大：上限 {limit // 1000} KB", status=413, limit=limit
                    )
            return message

        await self.app(scope, guarded, send)


async def _too_large(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    err = HotlineError("payload_too_large", f"请求内容过大：上限 {limit // 1000} KB", status=413, limit=limit)
    await error_response(err)(scope, receive, send)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(HotlineError)
    async def hotline_error(_request: Request, exc: HotlineError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(validation_error(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("http_error", "请求无法处理"))
        return error_response(HotlineError(code, message, status=exc.status_code))

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", type(exc).__name__)
        return error_response(HotlineError("internal_error", "服务器内部错误，请稍后重试", status=500))


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    sender: Sender | None = None,
    scheduler: bool = False,
    scheduler_interval: float = 30.0,
) -> FastAPI:
    """Build the app: open the database (upgrading it), sync units, mount the API.

    `scheduler=True` (what `hotline serve` passes) runs the follow-up scheduler in a background
    thread for as long as the app runs.
    """
    settings = settings or get_settings()
    clock = clock or system_clock
    install_log_masking("uvicorn", "uvicorn.access", "uvicorn.error", "hotline")
    store = Store.open(settings.database(), migrate=True)
    sync_units(store, settings)
    hotline = Hotline(
        settings=settings,
        store=store,
        clock=clock,
        tickets=TicketService(store, settings=settings, clock=clock),
        tokens=Tokens(secret_key(settings)),
        sender=sender or sender_for(settings),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        thread: threading.Thread | None = None
        if scheduler:
            from hotline.loop.followup import run_forever

            thread = threading.Thread(
                target=run_forever,
                args=(store, settings, clock, hotline.sender, stop),
                kwargs={"interval": scheduler_interval, "worker": "serve"},
                name="hotline-scheduler",
                daemon=True,
            )
            thread.start()
            hotline.scheduler = thread
        try:
            yield
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=10)
            store.dispose()

    app = FastAPI(
        title="Hotline 12345 工单接口",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.hotline = hotline
    _install_errors(app)
    app.add_middleware(BodyLimit)

    from hotline.web.api.open311 import router as open311_router
    from hotline.web.api.routes import router as api_router
    from hotline.web.pages import install as install_console

    app.include_router(api_router)
    app.include_router(open311_router)
    install_console(app)
    return app
