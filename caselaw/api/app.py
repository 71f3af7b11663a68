"""`create_app(settings)`: the FastAPI application, its routes under `/api/v1`, middleware and error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException

from caselaw import __version__
from caselaw.api import problems
from caselaw.api.committee import mount_committee
from caselaw.api.docs import mount_docs
from caselaw.api.hosts import AllowedHostsMiddleware, allowed_hosts
from caselaw.api.inputs import refuse_hostile_input
from caselaw.api.lifeline import follow_supervisor
from caselaw.api.middleware import (
    BodyLimitMiddleware,
    HeadMiddleware,
    KeyCache,
    MetricsMiddleware,
    ProblemCORSMiddleware,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
    WriteGuardMiddleware,
)
from caselaw.api.routes import cases, citations, documents, feeds, follow_up, meta, review, search, selection
from caselaw.api.search_cache import SearchCacheMiddleware
from caselaw.api.services import Services
from caselaw.api.ui import mount_ui
from caselaw.config import Settings, get_settings
from caselaw.errors import CaselawError

API_PREFIX = "/api/v1"

DESCRIPTION = """
Search and read decisions on economic, social and cultural rights from courts and treaty bodies, in
English, Spanish, French, Portuguese and Arabic.

* **Reads are public**; writes need an API key (`Authorization: Bearer clk_…`, from `caselaw keys create`)
  with the role the operation names (`editor`, `steering-committee`, `member`).
* **Errors** are `application/problem+json` (RFC 9457); `type` is stable per error class and resolves to
  its description under `/api/v1/problems/{code}`.
* **Languages**: `?lang=en|es|fr|pt|ar`, else `Accept-Language`, for every label.
* **Rate limits** per API key or client address; `RateLimit-*` headers say what is left, 429 says when to retry.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for `settings` (read from the environment when None); opens nothing until used."""
    settings = settings or get_settings()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        title="caselaw",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        license_info={"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    )
    app.state.services = services
    app.state.settings = settings
    # Handlers first: the pages wrap the 404/405 handler to answer HTML outside `/api/`.
    app.add_exception_handler(CaselawError, problems.on_caselaw_error)
    app.add_exception_handler(RequestValidationError, problems.on_validation_error)
    app.add_exception_handler(StarletteHTTPException, problems.on_http_error)
    app.add_exception_handler(Exception, problems.on_unexpected_error)
    for router in (
        search.router,
        feeds.router,
        cases.router,
        citations.router,
        follow_up.router,
        review.router,
        documents.router,
        selection.router,
        meta.router,
    ):
        app.include_router(router, prefix=API_PREFIX, dependencies=[Depends(refuse_hostile_input)])
    # Liveness, readiness and metrics at the root too, where orchestrators' probes and Prometheus look for them.
    for prefix in (API_PREFIX, ""):
        app.include_router(meta.operations, prefix=prefix, dependencies=[Depends(refuse_hostile_input)])
    mount_docs(app)
    mount_committee(app)
    mount_ui(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                license_info=app.license_info,
            )
            spec = search.document_search_parameters(spec)
            spec = feeds.document_feed_parameters(spec)
            app.openapi_schema = problems.document_problems(
                spec, rate_limited=lambda path: path.startswith("/api/") and path not in RateLimitMiddleware.EXEMPT
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the document

    # Added innermost first: metrics see the final status, security headers reach every response.
    # A repeated JSON search is answered innermost, so every middleware outside treats it as the route's answer.
    app.add_middleware(SearchCacheMiddleware, services=services, path=f"{API_PREFIX}/search")
    keys = KeyCache(lambda presented: services.keys.check(presented) is not None)
    app.add_middleware(WriteGuardMiddleware, keys=keys, routes=lambda: app.router.routes)
    app.add_middleware(
        RateLimitMiddleware,
        per_ip=settings.rate_limit_per_minute,
        per_key=settings.rate_limit_key_per_minute,
        trusted_proxies=settings.trusted_proxies,
        metrics=services.metrics,
        keys=keys,
        shared=settings.rate_limit_store,
    )
    upload_path = f"{API_PREFIX}/documents"
    # Multipart framing adds a little to the file itself.
    upload_limit = min(settings.upload_max_bytes, settings.max_file_bytes) + 64 * 1024
    app.add_middleware(
        BodyLimitMiddleware,
        limit_for=lambda path: upload_limit if path == upload_path else settings.request_max_bytes,
    )
    if settings.cors_origins:
        # Embedding sites read; they never write (keys are not for browsers on other sites).
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Accept-Language", "Content-Type"],
            expose_headers=["Link", "X-Total-Count", "RateLimit-Limit", "RateLimit-Remaining", "Retry-After"],
            max_age=600,
        )
    # Outside the rest: a forged Host reaches no route, limit or link.
    app.add_middleware(AllowedHostsMiddleware, allowed=allowed_hosts(settings))
    app.add_middleware(HeadMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=services.metrics, prefix=API_PREFIX)
    return app


def app_from_environment() -> FastAPI:
    """The app for `uvicorn --factory caselaw.api.app:app_from_environment` (one per server worker)."""
    follow_supervisor()  # a worker of `caselaw serve --workers N` must not outlive (and keep the port of) the server
    return create_app(get_settings())
