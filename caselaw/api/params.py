"""The query parameters of a search, shared by `GET /search`, the feeds and the HTML search pages.

`SearchParams` is derived from the facet registry; `to_request` turns it into the engine-neutral request.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_origin

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from caselaw.api.language import UiLanguage
from caselaw.errors import UnknownFacetValue, ValidationFailed
from caselaw.search import SearchRequest
from caselaw.search.facets import FACET_KEYS, FACETS, Facet, FacetKey, is_known
from caselaw.search.request import DEFAULT_MODE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, Mode, Sort

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
    sort: Sort = Field(
        "relevance",
        description="`relevance`, `date_desc`, `date_asc`, `cited_desc` (most cited first) or `no_follow_up_first` "
        "(decisions without follow-up events first, oldest first; then the longest since their last event).",
    )
    page: int = Field(1, ge=1, le=10_000, description="Page number, from 1.")
    size: int = Field(20, ge=0, le=MAX_PAGE_SIZE, description=f"Hits per page, at most {MAX_PAGE_SIZE}.")
    mode: Mode = Field(
        DEFAULT_MODE,
        description="`keyword` (the words typed), `semantic` (nearest in meaning, in any language; each hit shows "
        "its nearest `passage`) or `hybrid` (both rankings fused; the default, measured better). Filters, facets "
        "and totals apply the same in every mode.",
    )
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
                "facet_keys": params.facet or None, "mode": params.mode,
            }
        )  # fmt: skip
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "request"
        raise ValidationFailed(f"{where}: {first['msg']}".replace("Value error, ", "")) from exc
