"""The taxonomy, health and readiness, metrics, and the catalogue of problem types."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from caselaw import __version__
from caselaw.api.dependencies import LanguageDep, ServicesDep
from caselaw.api.problems import error_classes, problem, problem_response, problem_responses
from caselaw.errors import CaselawError, EngineUnavailable, IndexDrift, NotFound, StoreError
from caselaw.store import index_queue
from caselaw.taxonomy import get_taxonomy
from caselaw.taxonomy.schema import Forum, Right

router = APIRouter()
operations = APIRouter(tags=["operations"])
"""Liveness, readiness and metrics: served under `/api/v1` and at the root, where probes and Prometheus look."""

TaxonomyList = Literal[
    "rights", "issues", "affected_groups", "charter_conditions", "forums", "forum_types", "forum_levels",
    "instruments", "regions", "decision_types", "outcomes", "implementation_statuses", "document_kinds",
    "identifier_schemes", "general_comments", "follow_up_types", "implementation_levels",
]  # fmt: skip


class TaxonomyItem(BaseModel):
    """One taxonomy entry with its label in the requested language."""

    code: str
    label: str
    description: str | None = None
    type: str | None = Field(None, description="Forums: `un-treaty-body`, `regional` or `national`.")
    country: str | None = Field(None, description="National forums: ISO code of the country.")
    articles: list[str] | None = Field(None, description="Rights: the articles that ground them.")


@router.get(
    "/taxonomy",
    response_model=dict[str, list[TaxonomyItem]],
    response_model_exclude_none=True,
    tags=["taxonomy"],
    summary="Taxonomy",
)
def taxonomy(
    language: LanguageDep,
    lists: Annotated[list[TaxonomyList] | None, Query(alias="list", description="Only these lists.")] = None,
) -> dict[str, list[TaxonomyItem]]:
    """Every code users filter by, with labels in the requested language (what facets and forms show)."""
    data = get_taxonomy()
    result: dict[str, list[TaxonomyItem]] = {}
    for name in data.facet_names():
        if lists and name not in lists:
            continue
        items = []
        for entry in data.entries(name):
            item = TaxonomyItem(code=entry.code, label=entry.label(language), description=entry.description)
            if isinstance(entry, Forum):
                item = item.model_copy(update={"type": entry.type, "country": entry.country})
            if isinstance(entry, Right):
                item = item.model_copy(update={"articles": entry.articles})
            items.append(item)
        result[name] = items
    return result


class Health(BaseModel):
    """The process answers."""

    status: Literal["ok"] = "ok"
    version: str


STALE_SECONDS = 300.0
"""A change stored this long ago and still not in the index is drift, not an update under way (a `caselaw ingest`
batch indexes its cases when it ends)."""
DRIFT_RETRY_SECONDS = 30


class Readiness(BaseModel):
    """The store and the engine answer, the index has been built and holds what the store holds."""

    status: Literal["ready"] = "ready"
    engine: str
    cases: int = Field(description="Cases in the store.")
    indexed: int = Field(description="Cases in the search index.")
    last_change: int = Field(description="Number of the store's last change (each write of a case is one).")
    indexed_through: int = Field(description="The index holds every change of the store up to this one.")
    pending: int = Field(description="Changes stored but not yet in the index (updates under way).")
    failed: int = Field(description="Of those, changes an index update failed to take (0 when ready).")


def _drift(ready: Readiness, oldest_seconds: float) -> str | None:
    """Why the index does not hold what the store holds, with the numbers, or None."""
    numbers = (
        f"{ready.cases} case(s) stored, {ready.indexed} indexed; the store is at change {ready.last_change}, the "
        f"index complete through change {ready.indexed_through}; {ready.pending} change(s) pending, "
        f"{ready.failed} failed"
    )
    if ready.failed:
        return f"an index update failed: {numbers}"
    if oldest_seconds > STALE_SECONDS:
        return f"stored changes not indexed for more than {STALE_SECONDS:g} s: {numbers}"
    if not ready.pending and ready.cases != ready.indexed:
        # With nothing queued the two counts must agree: an index built from another store, or cases written
        # before the queue existed.
        return f"the store and the index hold different numbers of cases: {numbers}"
    return None


@operations.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """200 while the process can answer at all; touches nothing else."""
    return Health(version=__version__)


def _readiness_responses() -> dict[int | str, dict[str, Any]]:
    responses = problem_responses(503)
    responses[503]["description"] += (
        " Or the index lacks changes the store holds (`index-drift`, the numbers in `detail`)."
    )
    return responses


@operations.get("/readyz", response_model=Readiness, summary="Readiness", responses=_readiness_responses())
def readyz(request: Request, services: ServicesDep) -> Readiness | JSONResponse:
    """200 when the store and the search engine answer, the index exists and holds what the store holds.

    503 problem otherwise; `index-drift`, with the numbers in its `detail`, when the index lacks stored changes
    (an index update failed, or none came for a while, or the counts differ): `caselaw reindex --check` repairs
    it, as does the next write."""
    try:
        cases = services.store.count()
    except CaselawError:
        raise
    except Exception as exc:  # a store that fails in any way means not ready, and says why
        raise StoreError(f"the store does not answer: {exc}") from exc
    try:
        indexed = services.engine.count()
    except CaselawError:
        raise
    except Exception as exc:
        raise EngineUnavailable(f"the search engine does not answer: {exc}") from exc
    try:
        queue = index_queue.state(services.store)
    except Exception as exc:
        raise StoreError(f"the store does not answer: {exc}") from exc
    ready = Readiness(
        engine=services.settings.engine,
        cases=cases,
        indexed=indexed,
        last_change=queue.last_change,
        indexed_through=queue.indexed_through,
        pending=queue.pending,
        failed=queue.failed,
    )
    detail = _drift(ready, queue.oldest_seconds)
    if detail is None:
        return ready
    # Answered here, not raised: the handler replaces a 5xx detail with the class's description (server messages
    # may name internal addresses), and these numbers are what a probe's reader needs.
    body = problem(IndexDrift, detail, request.url.path, retry_after=DRIFT_RETRY_SECONDS)
    return problem_response(body, {"Retry-After": str(DRIFT_RETRY_SECONDS)})


@operations.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {}}}},
)
def metrics(services: ServicesDep) -> PlainTextResponse:
    """Request counts and latencies by route, search latency, upload outcomes, rate-limited requests."""
    return PlainTextResponse(services.metrics.exposition(), media_type="text/plain; version=0.0.4; charset=utf-8")


class ProblemType(BaseModel):
    """One error class: what `type`/`code` of a problem response mean."""

    code: str
    status: int
    title: str
    description: str


def _describe(cls: type[CaselawError]) -> ProblemType:
    return ProblemType(
        code=cls.code, status=cls.status, title=cls.title, description=(cls.__doc__ or cls.title).strip()
    )


@router.get("/problems", response_model=list[ProblemType], tags=["operations"], summary="Error catalogue")
def problems() -> list[ProblemType]:
    """Every error the API can answer with (the `type` of a problem is `/api/v1/problems/{code}`)."""
    return [_describe(cls) for cls in error_classes().values()]


@router.get(
    "/problems/{code}",
    response_model=ProblemType,
    tags=["operations"],
    summary="One error type",
    responses=problem_responses(404),
)
def problem_type(code: Annotated[str, Path(max_length=100)]) -> ProblemType:
    """What one problem `type` means."""
    found = error_classes().get(code)
    if found is None:
        raise NotFound(f"no problem type has code {code!r}")
    return _describe(found)
