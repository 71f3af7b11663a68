"""`GET /search` (JSON, CSV, JSONL), `GET /suggest`, `GET /facets`."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_origin
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from caselaw.api.language import UiLanguage, ui_language
from caselaw.api.problems import problem_responses
from caselaw.api.services import Services, get_services
from caselaw.config import Settings
from caselaw.errors import UnknownFacetValue, ValidationFailed
from caselaw.search import FacetResult, SearchRequest, SearchResponse, Suggestion
from caselaw.search.facets import FACET_KEYS, FACETS, Facet, FacetKey, is_known
from caselaw.search.request import MAX_PAGE_SIZE, MAX_QUERY_LENGTH, Sort
from caselaw.search.response import Hit
from caselaw.spreadsheet import CsvWriter

router = APIRouter(tags=["search"])

FacetValues = list[Annotated[str, Field(min_length=1, max_length=100)]]


def _iso_date(value: object) -> object:
    """Only `YYYY-MM-DD`: pydantic would also take `0` or `1700000000` as Unix times, which no one means here."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
_FACET_HELP = "Repeat to select several values (OR); different facets AND. Codes as in `GET /taxonomy`."


class _SearchOptions(BaseModel):
    """The query parameters of `GET /search` other than the facets, which `SearchParams` adds from the registry."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(
        "", max_length=MAX_QUERY_LENGTH, description='Words, "phrases", -exclusions, OR.', examples=["desalojo"]
    )
    date_from: IsoDate | None = Field(None, description="Earliest decision date, inclusive (YYYY-MM-DD).")
    date_to: IsoDate | None = Field(None, description="Latest decision date, inclusive (YYYY-MM-DD).")
    sort: Sort = Field("relevance", description="`relevance`, `date_desc` or `date_asc`.")
    page: int = Field(1, ge=1, le=10_000, description="Page number, from 1.")
    size: int = Field(20, ge=0, le=MAX_PAGE_SIZE, description=f"Hits per page, at most {MAX_PAGE_SIZE}.")
    highlight: bool = Field(True, description="Snippets with matches in `<mark>`.")
    expand: bool = Field(True, description="Cross-lingual expansion of taxonomy keywords.")
    advanced: bool = Field(False, description="Field queries (`forum:un-cescr`), parentheses, AND/NOT, prefix*.")
    facets: bool = Field(True, description="Count facets.")
    facet: list[FacetKey] = Field([], description="Count only these facets (repeatable); default all.")
    lang: UiLanguage | None = Field(None, description="Language of titles and labels; default `Accept-Language`.")
    format: Literal["json", "csv", "jsonl"] = Field(
        "json", description="`csv` or `jsonl` stream every matching case (up to `CASELAW_EXPORT_MAX_ROWS`)."
    )


def _facet_parameter(spec: Facet) -> Any:
    return (FacetValues, Field([], description=f"{spec.description} {_FACET_HELP}"))


if TYPE_CHECKING:
    # The facet fields are read by key (`getattr`), so the type checker needs only the others.
    SearchParams = _SearchOptions
else:
    SearchParams = create_model(
        "SearchParams",
        __base__=_SearchOptions,
        __doc__="Query parameters of `GET /search`: the fields of `SearchRequest`, each registered facet a "
        "repeatable parameter (`facets.FACETS`).",
        **{spec.key: _facet_parameter(spec) for spec in FACETS},
    )


_LISTS = frozenset(name for name, spec in SearchParams.model_fields.items() if get_origin(spec.annotation) is list)


async def search_params(request: Request) -> SearchParams:
    """`SearchParams` from the query string, validated by pydantic in one call.

    FastAPI's own parsing of a query-parameter model inspects each field's annotation on every request; on
    this model (a field per facet and a dozen more) that was the largest share of the API's overhead in the load
    benchmark. Errors are the same 422 problem, located under `query`.
    """
    query = request.query_params
    values = {key: query.getlist(key) if key in _LISTS else query[key] for key in query}
    try:
        return SearchParams.model_validate(values)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("query", *error["loc"])} for error in exc.errors(include_url=False)]
        ) from None


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


def to_request(params: SearchParams, language: str) -> SearchRequest:
    """The engine-neutral request for these parameters; unknown facet values are refused by name."""
    filters: dict[str, list[str]] = {}
    for key in FACET_KEYS:
        values: list[str] = getattr(params, key)
        for value in values:
            if key != "year" and not is_known(key, value):
                raise UnknownFacetValue(f"{key}={value!r} is not a known value of facet {key!r}", facet=key)
        if values:
            filters[key] = values
    try:
        return SearchRequest.model_validate(
            {
                "q": params.q, "filters": filters, "date_from": params.date_from, "date_to": params.date_to,
                "sort": params.sort, "page": params.page, "size": params.size, "highlight": params.highlight,
                "lang": language, "expand": params.expand, "advanced": params.advanced, "facets": params.facets,
                "facet_keys": params.facet or None,
            }
        )  # fmt: skip
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "request"
        raise ValidationFailed(f"{where}: {first['msg']}".replace("Value error, ", "")) from exc


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
        **problem_responses(400, 503),
    },
)
async def search(
    request: Request,
    response: Response,
    params: Annotated[SearchParams, Depends(search_params)],
    services: Annotated[Services, Depends(get_services)],
    language: Annotated[str, Depends(ui_language)],
) -> SearchResponse | StreamingResponse:
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
    result = await services.run(services.engine.search, search_request)
    services.metrics.search.labels(services.settings.engine).observe(result.took_ms / 1000)
    response.headers["X-Total-Count"] = str(result.total)
    links = _links(request, result)
    if links:
        response.headers["Link"] = links
    return result


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
    services: Annotated[Services, Depends(get_services)],
    language: Annotated[str, Depends(ui_language)],
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
async def collection_facets(
    services: Annotated[Services, Depends(get_services)], language: Annotated[str, Depends(ui_language)]
) -> CollectionFacets:
    """Every facet's values with counts and labels over every decision, and the `kind` facet's over every record
    (what a search page shows before a query)."""
    result = await services.run(services.engine.search, SearchRequest(size=0, lang=language, highlight=False))
    return CollectionFacets(total=result.total, facets=result.facets)
