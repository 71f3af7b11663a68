"""`GET /search` (JSON, CSV, JSONL), `GET /suggest`, `GET /facets`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from caselaw.api.dependencies import LanguageDep, SearchParamsDep, ServicesDep
from caselaw.api.params import SearchParams, to_request
from caselaw.api.problems import problem_responses
from caselaw.api.search_cache import remember
from caselaw.api.services import Services
from caselaw.config import Settings
from caselaw.search import FacetResult, SearchRequest, SearchResponse, Suggestion
from caselaw.search.cache import search_json
from caselaw.search.request import MAX_PAGE_SIZE
from caselaw.search.response import Hit
from caselaw.spreadsheet import CsvWriter

router = APIRouter(tags=["search"])


def _documented(model: type[BaseModel], leave_out: set[str]) -> list[dict[str, Any]]:
    """OpenAPI parameters of a query-parameter model, as FastAPI itself would document them."""

    def probe_route(params: object) -> None:
        """Never called: only documented."""

    # Annotated here, not in the signature: this module's postponed annotations could not name `model`.
    probe_route.__annotations__ = {"params": Annotated[model, Query()], "return": None}
    probe = FastAPI()
    probe.add_api_route("/probe", probe_route, methods=["GET"])
    parameters: list[dict[str, Any]] = probe.openapi()["paths"]["/probe"]["get"]["parameters"]
    return [p for p in parameters if p["name"] not in leave_out]


def document_search_parameters(spec: dict[str, Any]) -> dict[str, Any]:
    """Add `SearchParams` to the OpenAPI operation of `GET /search`, which parses its query string itself (see
    `search_params`) so FastAPI cannot see them. Called when the document is built, not at import."""
    for path, item in spec["paths"].items():
        if path.endswith("/search") and "get" in item:
            operation = item["get"]
            # `lang` is documented once, by `ui_language`.
            operation["parameters"] = [*operation.get("parameters", []), *_documented(SearchParams, {"lang"})]
    return spec


def _links(request: Request, result: SearchResponse) -> str:
    """RFC 8288 `Link` header: first, prev, next and last pages of this search."""
    if result.size == 0:
        return ""
    last = max(1, -(-min(result.total, 10_000) // result.size))
    pages = {"first": 1, "last": last}
    if result.page > 1:
        pages["prev"] = min(result.page - 1, last)
    if result.page < last:
        pages["next"] = result.page + 1
    # The query is encoded once, not once per link.
    kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"])
    base = f"{request.url.replace(query='')}?{kept}{'&' if kept else ''}page="
    return ", ".join(f'<{base}{page}>; rel="{rel}"' for rel, page in pages.items())


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="Faceted search",
    responses={
        200: {"content": {"text/csv": {}, "application/x-ndjson": {}}, "description": "Hits and facets."},
        **problem_responses(400, 409, 503),
    },
)
async def search(
    request: Request,
    params: SearchParamsDep,
    services: ServicesDep,
    language: LanguageDep,
) -> Response:
    """Search decisions (other kinds of record when `kind` selects them): ranked hits with snippets, disjunctive
    facet counts, cross-lingual expansions applied.

    Paging: `page` and `size` (at most 100; page × size at most 10,000), with a `Link` header to the
    neighbouring pages and `X-Total-Count`. `format=csv|jsonl` streams the whole result set instead.
    """
    search_request = to_request(params, params.lang or language)
    if params.format != "json":
        return await services.run(_export, search_request, params.format, services)
    # Async with one explicit thread hop for the engine: a sync endpoint costs FastAPI a second hop to
    # validate the returned model, which the load benchmark showed at concurrency.
    answer = await services.run(search_json, services.engine, search_request)
    result = answer.response
    services.metrics.search.labels(services.settings.engine).observe(result.took_ms / 1000)
    # The JSON the request cache keeps with the response (or made once now), byte for byte what FastAPI would make
    # of the `response_model`, with the headers in its order: the edge (`search_cache`) can send it again as it is.
    response = Response(content=answer.body, media_type="application/json")
    response.headers["X-Total-Count"] = str(result.total)
    links = _links(request, result)
    if links:
        response.headers["Link"] = links
    remember(request.scope, answer, keyword=search_request.mode == "keyword")
    return response


EXPORT_COLUMNS = (
    "id", "title", "kind", "kind_label", "forum", "forum_label", "decision_date", "states", "region", "rights",
    "languages",
)  # fmt: skip


def _rows(hits: list[Hit]) -> Iterator[dict[str, str]]:
    for hit in hits:
        yield {
            "id": hit.id, "title": hit.title, "kind": hit.kind.code, "kind_label": hit.kind.label,
            "forum": hit.forum.code if hit.forum else "", "forum_label": hit.forum.label if hit.forum else "",
            "decision_date": hit.decision_date.isoformat() if hit.decision_date else "",
            "states": ";".join(s.code for s in hit.states), "region": hit.region.code if hit.region else "",
            "rights": ";".join(r.code for r in hit.rights), "languages": ";".join(hit.languages),
        }  # fmt: skip


def _pages(request: SearchRequest, services: Services, limit: int) -> Iterator[list[Hit]]:
    """Every hit of a search, a page at a time, without facets or snippets, up to `limit`."""
    size = MAX_PAGE_SIZE
    taken = 0
    page = 1
    while taken < limit:
        batch = services.engine.search(
            request.model_copy(update={"page": page, "size": size, "facets": False, "highlight": False})
        ).hits
        if not batch:
            return
        batch = batch[: limit - taken]
        taken += len(batch)
        yield batch
        if len(batch) < size:
            return
        page += 1


def _export(request: SearchRequest, fmt: str, services: Services) -> StreamingResponse:
    settings: Settings = services.settings
    limit = min(settings.export_max_rows, 10_000)
    total = services.engine.search(request.model_copy(update={"size": 0, "facets": False})).total
    headers = {
        "X-Total-Count": str(total),
        "X-Export-Limit": str(limit),
        "Content-Disposition": f'attachment; filename="caselaw-search.{fmt}"',
    }

    def csv_lines() -> Iterator[str]:
        buffer = io.StringIO()
        # Titles come from documents anyone can send: the shared writer keeps a title like `=HYPERLINK(…)` text.
        writer = CsvWriter(buffer)
        writer.writerow(EXPORT_COLUMNS)
        for hits in _pages(request, services, limit):
            writer.writerows([row[column] for column in EXPORT_COLUMNS] for row in _rows(hits))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.getvalue():
            yield buffer.getvalue()

    def jsonl_lines() -> Iterator[str]:
        for hits in _pages(request, services, limit):
            yield "".join(hit.model_dump_json(exclude={"snippets", "score"}) + "\n" for hit in hits)

    if fmt == "csv":
        # A BOM, so spreadsheet programs read the Arabic and accented titles as UTF-8.
        return StreamingResponse(
            _prefixed("\ufeff", csv_lines()), media_type="text/csv; charset=utf-8", headers=headers
        )
    return StreamingResponse(jsonl_lines(), media_type="application/x-ndjson", headers=headers)


def _prefixed(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


@router.get(
    "/suggest", response_model=list[Suggestion], summary="Autocomplete case names", responses=problem_responses(503)
)
async def suggest(
    services: ServicesDep,
    language: LanguageDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="The beginning of a case name.", examples=["groot"])
    ],
    size: Annotated[int, Query(ge=1, le=20, description="Most suggestions.")] = 10,
) -> list[Suggestion]:
    """Case names (full, short and popular) that start with the words typed; the last word may be partial."""
    return await services.run(services.engine.suggest, q, size=size, language=language)


class CollectionFacets(BaseModel):
    """Facet counts over the whole collection."""

    total: int = Field(description="Number of cases in the index.")
    facets: list[FacetResult]


@router.get(
    "/facets",
    response_model=CollectionFacets,
    summary="Facet counts of the whole collection",
    responses=problem_responses(503),
)
async def collection_facets(services: ServicesDep, language: LanguageDep) -> CollectionFacets:
    """Every facet's values with counts and labels over every decision, and the `kind` facet's over every record
    (what a search page shows before a query)."""
    result = await services.run(services.engine.search, SearchRequest(size=0, lang=language, highlight=False))
    return CollectionFacets(total=result.total, facets=result.facets)
