"""`GET /search.atom` (an Atom feed of any search, with the parameters of `GET /search`) and `GET /feed.atom`."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Header, Request, Response

from caselaw.api import feeds
from caselaw.api.conditional import not_modified
from caselaw.api.dependencies import LanguageDep, SearchParamsDep, ServicesDep
from caselaw.api.params import SearchParams, to_request
from caselaw.api.problems import problem_responses
from caselaw.api.routes.search import _documented
from caselaw.api.services import Services
from caselaw.api.ui.messages import Messages
from caselaw.search.request import SearchRequest

router = APIRouter(tags=["feeds"])

IGNORED = {"lang", "sort", "highlight", "facets", "facet", "format"}
"""Parameters of `GET /search` a feed has no use for: always newest first, always Atom, no facets (`lang` is
documented once, by `ui_language`)."""
_OPERATIONS = ("/search.atom",)
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {feeds.MEDIA_TYPE: {}}, "description": "An Atom feed (RFC 4287), newest first."},
    304: {"description": "`If-None-Match` holds the current `ETag` (or, without it, `If-Modified-Since` is not "
          "older than `Last-Modified`): the reader's copy is current."},
    **problem_responses(400, 409, 503),
}  # fmt: skip
IfNoneMatch = Annotated[
    str | None, Header(description="An `ETag` of an earlier answer: 304 while the feed is unchanged.")
]
IfModifiedSince = Annotated[
    str | None, Header(description="A `Last-Modified` of an earlier answer: 304 while nothing newer is listed.")
]


def _public_base(request: Request, services: Services) -> str:
    configured = services.settings.public_url
    return str(configured).rstrip("/") if configured else str(request.base_url).rstrip("/")


def _links(request: Request, services: Services, language: str) -> feeds.FeedLinks:
    base = _public_base(request, services)
    # The page and the JSON show the same search: every parameter but the feed's own, in the feed's language.
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in {"lang", "page", "size", "format"}]
    query = urlencode([*kept, ("lang", language)])
    own = f"?{request.url.query}" if request.url.query else ""
    return feeds.FeedLinks(
        base=base,
        self_url=f"{base}{request.url.path}{own}",
        page_url=f"{base}/?{query}",
        json_url=f"{base}{request.url.path.rsplit('/', 1)[0]}/search?{query}",
    )


def _unchanged_since(if_modified_since: str | None, modified: datetime) -> bool:
    """True when `If-Modified-Since` is a date no older than `modified` (an unreadable date is ignored)."""
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and modified <= since


def _feed(
    request: Request,
    search_request: SearchRequest,
    services: Services,
    if_none_match: str | None,
    if_modified_since: str | None,
) -> Response:
    """The feed of `search_request`, or 304 when the reader's copy is current (runs in a worker thread)."""
    language = search_request.lang
    result = services.engine.search(search_request)
    stamps = services.store.stamps([hit.id for hit in result.hits])
    entries = feeds.newest_first([feeds.FeedEntry(hit, stamps.get(hit.id)) for hit in result.hits])
    modified = feeds.last_modified(entries, None if entries else services.store.last_change())
    headers = {
        "ETag": feeds.entity_tag(search_request, result.total, entries),
        "Last-Modified": format_datetime(modified, usegmt=True),
        # Without `?lang=` the titles and labels follow Accept-Language: caches must key on it.
        "Vary": "Accept-Language",
        "X-Total-Count": str(result.total),
    }
    # RFC 9110 13.2.2: If-None-Match, when sent, decides alone; If-Modified-Since only without it.
    unchanged = (
        not_modified(if_none_match, headers["ETag"])
        if if_none_match is not None
        else _unchanged_since(if_modified_since, modified)
    )
    if unchanged:
        return Response(status_code=304, headers=headers)
    body = feeds.build_feed(search_request, entries, _links(request, services, language), modified, Messages(language))
    return Response(body, media_type=feeds.MEDIA_TYPE, headers=headers)


def feed_request(params: SearchParams, language: str) -> SearchRequest:
    """The search of a feed: the request `GET /search` makes of the same parameters, newest first, no facets."""
    search_request = to_request(params, params.lang or language)
    # Snippets only stand in for a missing summary, and only a query has them.
    return search_request.model_copy(
        update={"sort": "date_desc", "facets": False, "facet_keys": None, "highlight": bool(search_request.q)}
    )


@router.get("/search.atom", response_class=Response, responses=_RESPONSES, summary="Atom feed of a search")
async def search_feed(
    request: Request,
    params: SearchParamsDep,
    services: ServicesDep,
    language: LanguageDep,
    if_none_match: IfNoneMatch = None,
    if_modified_since: IfModifiedSince = None,
) -> Response:
    """Follow a search in a feed reader: the parameters of `GET /search` (query, facets, dates, `page`, `size`),
    the matching cases newest first (decision date, then when the record was stored) with title, date, forum,
    summary and links to the case page and its JSON. `updated` is each record's last change.

    `ETag` and `Last-Modified` come with every answer: send them back as `If-None-Match` or `If-Modified-Since`
    for a 304 while the feed is unchanged. An unknown facet value is the same 400 problem as in `GET /search`.
    """
    search_request = feed_request(params, language)
    return await services.run(_feed, request, search_request, services, if_none_match, if_modified_since)


@router.get("/feed.atom", response_class=Response, responses=_RESPONSES, summary="Atom feed of the whole collection")
async def collection_feed(
    request: Request,
    services: ServicesDep,
    language: LanguageDep,
    if_none_match: IfNoneMatch = None,
    if_modified_since: IfModifiedSince = None,
) -> Response:
    """Every decision, newest first: `GET /search.atom` without a query or filter."""
    search_request = feed_request(SearchParams(), language)
    return await services.run(_feed, request, search_request, services, if_none_match, if_modified_since)


def document_feed_parameters(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the search parameters a feed takes to the OpenAPI operation of `GET /search.atom` (which parses its query
    string as `GET /search` does, out of FastAPI's sight). Called when the document is built, not at import."""
    for path, item in spec["paths"].items():
        if path.endswith(_OPERATIONS) and "get" in item:
            operation = item["get"]
            operation["parameters"] = [*operation.get("parameters", []), *_documented(SearchParams, IGNORED)]
    return spec
