"""The taxonomy, health and readiness, metrics, and the catalogue of problem types."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from caselaw import __version__
from caselaw.api.language import ui_language
from caselaw.api.problems import error_classes, problem_responses
from caselaw.api.services import Services, get_services
from caselaw.errors import CaselawError, EngineUnavailable, NotFound, StoreError
from caselaw.taxonomy import get_taxonomy
from caselaw.taxonomy.schema import Forum, Right

router = APIRouter()

TaxonomyList = Literal[
    "rights", "issues", "affected_groups", "charter_conditions", "forums", "forum_types", "forum_levels",
    "instruments", "regions", "decision_types", "outcomes", "implementation_statuses", "document_kinds",
    "identifier_schemes",
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
    language: Annotated[str, Depends(ui_language)],
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


class Readiness(BaseModel):
    """The store and the engine answer, and the index has been built."""

    status: Literal["ready"] = "ready"
    engine: str
    cases: int = Field(description="Cases in the store.")
    indexed: int = Field(description="Cases in the search index.")


@router.get("/healthz", response_model=Health, tags=["operations"], summary="Liveness")
async def healthz() -> Health:
    """200 while the process can answer at all; touches nothing else."""
    return Health(version=__version__)


@router.get(
    "/readyz",
    response_model=Readiness,
    tags=["operations"],
    summary="Readiness",
    responses=problem_responses(503),
)
def readyz(services: Annotated[Services, Depends(get_services)]) -> Readiness:
    """200 when the store and the search engine answer and the index exists; 503 problem otherwise."""
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
    return Readiness(engine=services.settings.engine, cases=cases, indexed=indexed)


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    tags=["operations"],
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {}}}},
)
def metrics(services: Annotated[Services, Depends(get_services)]) -> PlainTextResponse:
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
