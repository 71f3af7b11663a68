"""Interactive API docs served from the package (Swagger UI 5, the static files of `swagger-ui-py`): no CDN, works
offline, and no inline script or style, so the page's CSP allows nothing but its own files. Swagger UI 5 because
FastAPI writes OpenAPI 3.1, which 4.x does not render."""

from __future__ import annotations

import importlib.util
from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# FastAPI's page starts Swagger UI from an inline <script>, which only 'unsafe-inline' (or a hash kept in step with
# FastAPI's template) would allow: the same start, as a file, reading the document's URL from the page.
INIT_JS = """\
"use strict";
window.ui = SwaggerUIBundle({
  url: document.getElementById("swagger-ui").dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<title>caselaw API</title>
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""


def _swagger_ui_files() -> Path:
    """The folder of Swagger UI's built files inside `swagger-ui-py`, found without importing the package (its
    import loads handlers for other web frameworks)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed: `pip install swagger-ui-py` serves /docs")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def mount_docs(app: FastAPI) -> None:
    """`/docs` with the Swagger UI assets shipped in a Python package."""
    app.mount("/docs/assets", StaticFiles(directory=_swagger_ui_files()), name="docs-assets")
    router = APIRouter(include_in_schema=False)
    page = PAGE.format(openapi_url=escape(app.openapi_url or "/openapi.json"))

    @router.get("/docs")
    def docs() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": DOCS_CSP})

    @router.get("/docs/init.js")
    def init_script() -> Response:
        return Response(INIT_JS, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    app.include_router(router)
