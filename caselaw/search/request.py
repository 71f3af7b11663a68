"""The engine-neutral search request: what a user can ask for, validated before any engine sees it."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from caselaw.search.facets import FACET_KEYS, FACETS, FacetKey

MAX_PAGE_SIZE = 100
"""Hard maximum of hits per page."""
MAX_WINDOW = 10_000
"""Deepest hit reachable by paging (page × size), as in Elasticsearch's `max_result_window`: deep paging
costs every engine memory and time, and nobody reads result 10,001."""
MAX_QUERY_LENGTH = 1000
MAX_VALUES_PER_FACET = 50

Sort = Literal["relevance", "date_desc", "date_asc", "cited_desc", "no_follow_up_first"]
FilterValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
UiLanguage = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Mode = Literal["keyword", "semantic", "hybrid"]
DEFAULT_MODE: Mode = "hybrid"
"""Measured better than keyword in every query language (`caselaw eval search --gold
benchmarks/data/semantic_queries.tsv`); without passage vectors it answers exactly as keyword search."""


class SearchRequest(BaseModel):
    """One search: query text, facet filters, date range, sort, page, and presentation options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Query text; empty matches every case.")
    filters: dict[FacetKey, list[FilterValue]] = Field(
        default_factory=dict,
        description=(
            "Selected values per facet: values of one facet OR together, different facets AND. Without a `kind` "
            "selection only decisions are searched (as if `kind: [decision]`; an advanced query naming `kind:` "
            "also lifts it); selecting kinds (`kind: [decision, report]`) searches exactly those, and the `kind` "
            "facet's counts show how many records of each kind match. `forum` also takes open national forum "
            "codes, `<iso2>-<slug>`."
        ),
    )
    date_from: date | None = Field(None, description="Earliest decision date, inclusive.")
    date_to: date | None = Field(None, description="Latest decision date, inclusive.")
    sort: Sort = Field(
        "relevance",
        description="`relevance` (by date, newest first, when `q` is empty), `date_desc`, `date_asc`, `cited_desc` "
        "(most cited first: cases citing it, each once; then newest), `no_follow_up_first` (time since the decision "
        "without follow-up: decisions with no follow-up event first, oldest decision first; then those with events, "
        "the one whose last event is oldest first; undated decisions without events last).",
    )
    mode: Mode = Field(
        DEFAULT_MODE,
        description="`keyword`: the words typed (with taxonomy expansion); `semantic`: cases whose passages are "
        "nearest in meaning, in any language; `hybrid`: both rankings fused (reciprocal rank fusion). Filters, "
        "facets and totals apply the same in every mode.",
    )
    page: int = Field(1, ge=1, description="Page number, from 1.")
    size: int = Field(20, ge=0, le=MAX_PAGE_SIZE, description="Hits per page; 0 returns only the total and facets.")
    highlight: bool = Field(True, description="Return snippets with the matches marked.")
    lang: UiLanguage = Field("en", description="UI language of titles and facet labels (falls back to English).")
    expand: bool = Field(True, description="Cross-lingual expansion of taxonomy keywords.")
    advanced: bool = Field(False, description="Allow field queries (`forum:un-cescr`), parentheses, AND/NOT, `*`.")
    facets: bool = Field(True, description="Compute facet counts.")
    facet_keys: list[FacetKey] | None = Field(
        None, description="Which facets to count (a UI may show only some); None counts every facet."
    )

    @field_validator("filters")
    @classmethod
    def _bounded(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, values in value.items():
            if len(values) > MAX_VALUES_PER_FACET:
                raise ValueError(f"{key}: at most {MAX_VALUES_PER_FACET} values")
            if key == "year" and not all(re.fullmatch(r"[0-9]{4}", v) for v in values):
                raise ValueError("year: values are four-digit years")
        # Drop empty selections and repeats, so `{"right": []}` means no filter.
        return {key: list(dict.fromkeys(values)) for key, values in value.items() if values}

    @model_validator(mode="after")
    def _consistent(self) -> SearchRequest:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        if self.page * max(self.size, 1) > MAX_WINDOW:
            raise ValueError(f"page × size must be at most {MAX_WINDOW}: narrow the search instead of paging deeper")
        return self

    @property
    def counted_facets(self) -> list[str]:
        """Keys of the facets to count, in registry order; empty when facets are off."""
        if not self.facets:
            return []
        if self.facet_keys is None:
            return [spec.key for spec in FACETS if spec.counted]
        return [key for key in FACET_KEYS if key in self.facet_keys]

    @property
    def offset(self) -> int:
        """Index of the first hit of the page."""
        return (self.page - 1) * self.size
