"""The web pages: the search page, case pages, the embeddable widget and iframe page, and their assets."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from caselaw.api.ui import case_page, embed, search_page
from caselaw.api.ui.render import STATIC_DIR

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


def mount_ui(app: FastAPI) -> None:
    """Add the pages (`/`, `/cases/{id}`, `/embed`, `/embed/snippet`), `/widget.js` and `/static` to `app`."""
    app.mount("/static", VersionedStatic(directory=STATIC_DIR), name="ui-static")
    for router in (search_page.router, case_page.router, embed.router):
        app.include_router(router)
