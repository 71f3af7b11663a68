"""The web pages: the search page, case pages, the embeddable widget and iframe page, and their assets."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from caselaw import errors
from caselaw.api import problems
from caselaw.api.ui import case_page, embed, search_page
from caselaw.api.ui.render import STATIC_DIR, error_page, page_language

__all__ = ["mount_ui"]


class VersionedStatic(StaticFiles):
    """Static files; a URL with `?v=<content hash>` never changes, so browsers keep it for a year."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        versioned = b"v=" in scope.get("query_string", b"")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                policy = b"public, max-age=31536000, immutable" if versioned else b"no-cache"
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = [*headers, (b"cache-control", policy)]
            await send(message)

        await super().__call__(scope, receive, sending)


def _page_errors(app: FastAPI) -> None:
    """Unknown page paths answer an HTML page in the reader's language; `/api/` keeps problem+json."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        wants_html = "text/html" in request.headers.get("accept", "")
        if request.url.path.startswith(("/api/", "/docs", "/committee")) or not wants_html:
            return await problems.on_http_error(request, exc)
        error_class = {404: errors.NotFound, 405: errors.MethodNotAllowed}.get(exc.status_code, errors.CaselawError)
        page = error_page(request, page_language(request), error_class(str(exc.detail)))
        page.status_code = exc.status_code
        return page

    app.add_exception_handler(StarletteHTTPException, handler)


def mount_ui(app: FastAPI) -> None:
    """Add the pages (`/`, `/cases/{id}`, `/embed`, `/embed/snippet`), `/widget.js` and `/static` to `app`."""
    app.mount("/static", VersionedStatic(directory=STATIC_DIR), name="ui-static")
    for router in (search_page.router, case_page.router, embed.router):
        app.include_router(router)
    _page_errors(app)
