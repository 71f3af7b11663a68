"""The one error envelope: RFC 9457 `application/problem+json`, built from the `CaselawError` hierarchy."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from caselaw import errors
from caselaw.errors import CaselawError

MEDIA_TYPE = "application/problem+json"
PROBLEM_PATH = "/api/v1/problems/"
"""`type` of a problem is this path plus the error's code: stable per error class, and it resolves to a
description of that class (`GET /api/v1/problems/{code}`)."""

log = logging.getLogger("caselaw.api")


class FieldError(BaseModel):
    """One invalid input: where and why."""

    model_config = ConfigDict(extra="forbid")

    location: str = Field(description="Where: `query.size`, `body.titles.en.full`, `path.case_id`…")
    message: str


class Problem(BaseModel):
    """An error response (RFC 9457); `code` repeats the last part of `type` for clients that switch on it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "/api/v1/problems/case-not-found",
                    "title": "Case not found",
                    "status": 404,
                    "detail": "no case has id or alias 'un-cescr-2015-x'",
                    "instance": "/api/v1/cases/un-cescr-2015-x",
                    "code": "case-not-found",
                }
            ]
        },
    )

    type: str = Field(description="URI reference naming the error class; stable across releases.")
    title: str = Field(description="Short summary of the error class.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, in plain words.")
    instance: str = Field(description="The request path.")
    code: str = Field(description="Stable machine-readable error code.")
    errors: list[FieldError] | None = Field(None, description="The invalid inputs, for validation errors.")
    retry_after: int | None = Field(None, description="Seconds to wait before retrying (429 and 503).")


def error_classes() -> dict[str, type[CaselawError]]:
    """Every error class by its code (the documented catalogue of `type`s)."""
    found: dict[str, type[CaselawError]] = {}
    pending: list[type[CaselawError]] = [CaselawError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.code, cls)
        pending.extend(cls.__subclasses__())
    return dict(sorted(found.items()))


STATUS_MEANING: dict[int, str] = {
    400: "The search query or a filter value is invalid (`query-syntax`, `unknown-facet-value`).",
    401: "No API key, or the key is unknown or revoked (`unauthorized`).",
    403: "The API key's role may not do this (`forbidden`).",
    404: "Nothing has this id (`case-not-found`, `document-not-found`, `not-found`).",
    409: "The record changed since it was read (`conflict`): reload and retry.",
    412: "`If-Match` names a revision the case is no longer at (`precondition-failed`): reload and retry.",
    413: "The body or the file is larger than the limit (`request-too-large`, `file-too-large`).",
    415: "The body is not of a type this operation takes (`unsupported-media-type`, `not-a-pdf`).",
    422: "A parameter or the body is invalid (`validation-failed`; ingest failures for uploads).",
    428: "An edit gave neither `revision` nor `If-Match` (`precondition-required`).",
    429: "Too many requests from this client (`rate-limited`); `Retry-After` says when to retry.",
    503: "The store or the search engine is unavailable, or the index is not built (`engine-unavailable`).",
    504: "Ingesting the file took longer than the limit (`ingest-timeout`).",
}
_SCHEMA_REF = {"$ref": "#/components/schemas/Problem"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of an operation for these error statuses, each a problem+json body."""
    return {
        status: {"description": STATUS_MEANING[status], "content": {MEDIA_TYPE: {"schema": _SCHEMA_REF}}}
        for status in statuses
    }


def document_problems(spec: dict[str, Any], *, rate_limited: Callable[[str], bool]) -> dict[str, Any]:
    """The OpenAPI document with every error response as problem+json (FastAPI declares its own 422 shape),
    422 on every operation with inputs, 413 on those with a body and 429 where the rate limit applies."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    generated = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(generated.pop("$defs", {}))
    schemas["Problem"] = generated
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted: list[int] = []
            if operation.get("parameters") or operation.get("requestBody"):
                wanted.append(422)
            if operation.get("requestBody"):
                wanted.append(413)
            if rate_limited(path):
                wanted.append(429)
            for status in wanted:
                responses.setdefault(str(status), {"description": STATUS_MEANING[status]})
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400:
                    response["description"] = response.get("description") or STATUS_MEANING.get(int(status), "")
                    response["content"] = {MEDIA_TYPE: {"schema": _SCHEMA_REF}}
    return spec


def error_class_named(name: str | None) -> type[CaselawError]:
    """The error class with this class name (ingest reports failures by name); the base class if unknown."""
    for cls in error_classes().values():
        if cls.__name__ == name:
            return cls
    return CaselawError


def problem(
    cls: type[CaselawError], detail: str, instance: str, *, errors: list[FieldError] | None = None, **extra: Any
) -> Problem:
    """The envelope for an error class and a message."""
    return Problem(
        type=PROBLEM_PATH + cls.code,
        title=cls.title,
        status=cls.status,
        detail=detail,
        instance=instance,
        code=cls.code,
        errors=errors,
        **extra,
    )


def problem_response(body: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    """A problem as a response with the problem+json media type."""
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=body.status, media_type=MEDIA_TYPE, headers=headers
    )


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def on_caselaw_error(request: Request, exc: Exception) -> JSONResponse:
    """Every expected error, by its class."""
    assert isinstance(exc, CaselawError)
    headers: dict[str, str] = {}
    retry = exc.details.get("retry_after")
    if retry is not None:
        headers["Retry-After"] = str(retry)
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="caselaw"'
    detail = exc.message
    if exc.status >= 500:
        # Server-side messages name internal addresses and paths (a cluster URL, the data directory): they go
        # to the log, and clients get the class's own description.
        log.warning("%s %s: %s", request.method, request.url.path, exc.message)
        detail = " ".join((type(exc).__doc__ or exc.title).split())
    found = exc.details.get("errors")
    fields = found if isinstance(found, list) and all(isinstance(f, FieldError) for f in found) else None
    body = problem(type(exc), detail, request.url.path, errors=fields or None, retry_after=retry)
    return problem_response(body, headers)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Invalid parameters or body: 422 with every invalid field named."""
    assert isinstance(exc, RequestValidationError)
    found = [FieldError(location=_location(e["loc"]), message=str(e["msg"])) for e in exc.errors()]
    detail = "; ".join(f"{f.location}: {f.message}" for f in found[:3]) or "invalid request"
    return problem_response(problem(errors.ValidationFailed, detail, request.url.path, errors=found))


_HTTP_CLASSES: dict[int, type[CaselawError]] = {
    401: errors.Unauthorized,
    403: errors.Forbidden,
    404: errors.NotFound,
    405: errors.MethodNotAllowed,
    409: errors.Conflict,
    413: errors.RequestTooLarge,
    415: errors.UnsupportedMediaType,
    422: errors.ValidationFailed,
    429: errors.RateLimited,
}


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors (unknown path, wrong method) in the same envelope."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 400:
        # FastAPI's "error parsing the body" (a body that is not JSON, or not UTF-8): an invalid body, as
        # documented for every operation that takes one.
        detail = f"the body could not be parsed: {exc.detail}" if isinstance(exc.detail, str) else "invalid body"
        return problem_response(problem(errors.ValidationFailed, detail, request.url.path), headers)
    cls = _HTTP_CLASSES.get(exc.status_code, CaselawError)
    detail = exc.detail if isinstance(exc.detail, str) else cls.title
    if exc.status_code == 404:
        detail = f"nothing is at {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
        allowed = _allowed_methods(request)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
    body = problem(cls, detail, request.url.path).model_copy(update={"status": exc.status_code})
    return problem_response(body, headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes on this path: Starlette's `Allow` names only the first route's."""
    # Asked of each top-level route through the public `matches` (FastAPI nests included routers).
    return [
        method
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.router.routes
        )
    ]


async def on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback, answered with a 500 problem that leaks nothing internal."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(problem(CaselawError, "an unexpected error occurred; it has been logged", request.url.path))
