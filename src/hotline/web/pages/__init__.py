"""The web console: server-rendered pages for every role, their static files and the live call socket.

`install(app)` is the one call `create_app` makes: it adds the page routers, the npm-installed
vendor files, the console's own static files and the WebSocket, and renders page errors as
HTML (the API keeps its JSON error shape).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from hotline.web.pages.deps import PageProblem, login_url, safe_next
from hotline.web.pages.render import SECURITY_HEADERS, render
from hotline.web.pages.session import CsrfRejected, LoginRequired, read_session

STATIC = Path(__file__).resolve().parent.parent / "static"


def install(app: FastAPI) -> None:
    """Mount the console on the app (pages, static files, vendor files, WebSocket)."""
    from hotline.web import assets, ws
    from hotline.web.pages import admin, dashboard, desk, expert, inbox, login, tickets, workspace

    for module in (login, workspace, inbox, tickets, desk, expert, dashboard, admin):
        app.include_router(module.router)
    app.include_router(assets.router)
    app.include_router(ws.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            # htmx follows HX-Redirect with a full page load instead of swapping the login page in.
            return Response(status_code=401, headers={"HX-Redirect": login_url(exc.next_url)})
        return RedirectResponse(login_url(safe_next(exc.next_url, "/")), status_code=303)

    @app.exception_handler(PageProblem)
    async def page_problem(request: Request, exc: PageProblem) -> HTMLResponse:
        session = read_session(request)
        template = "_error_fragment.html" if request.headers.get("hx-request") else "error.html"
        response = render(
            request,
            template,
            {"message": exc.err.message, "code": exc.err.code, "back": exc.back},
            session=session,
            status=exc.err.status,
        )
        if request.headers.get("hx-request"):
            # Let htmx show the message where the page keeps its notices.
            response.status_code = 200
            response.headers["HX-Retarget"] = "#flash"
            response.headers["HX-Reswap"] = "innerHTML"
        return response

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, _exc: CsrfRejected) -> HTMLResponse:
        response = render(
            request,
            "error.html",
            {"message": "请求缺少有效的安全校验（CSRF），已拒绝。请刷新页面后重试。", "code": "csrf_failed"},
            session=read_session(request),
            status=403,
        )
        response.headers.update(SECURITY_HEADERS)
        return response
