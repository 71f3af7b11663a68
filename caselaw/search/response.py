"""The engine-neutral search response and the other results of the search layer."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from caselaw.search.facets import FacetKey


class Out(BaseModel):
    """Base of response models: frozen, and unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Coded(Out):
    """A taxonomy (or ISO) code with its label in the UI language."""

    code: str
    label: str


class Hit(Out):
    """One case in a result list."""

    id: str
    title: str = Field(description="Title in the UI language, else English, else the original language.")
    title_language: str = Field(description="Language the title is in.")
    kind: Coded = Field(description="What the record is: `decision`, `report`, `legislation`... (`record_kinds`).")
    forum: Coded | None = Field(
        description="Deciding body; an open national forum (`<iso2>-<slug>`) is labelled by its printed name. "
        "None when the record names none."
    )
    decision_date: date | None
    states: list[Coded] = Field(description="Respondent States.")
    region: Coded | None
    rights: list[Coded]
    languages: list[str] = Field(description="Languages the case is available in.")
    snippets: list[str] = Field(
        default_factory=list, description="HTML: matches wrapped in `<mark>`, everything else escaped."
    )
    score: float | None = Field(None, description="Relevance score (engine-specific scale); None when sorted by date.")
    passage: str | None = Field(
        None, description="Semantic and hybrid modes: the passage of the case nearest in meaning to the query (text)."
    )
    matched: list[Literal["keyword", "semantic"]] = Field(
        default_factory=list, description="Semantic and hybrid modes: which ranking found the case."
    )


class FacetValue(Out):
    """One value of a facet with its disjunctive count."""

    value: str
    label: str
    count: int = Field(ge=0, description="Cases matching every other facet's selection and this value.")
    selected: bool


class FacetResult(Out):
    """Counts of one facet; selected values are listed even at count 0."""

    key: FacetKey
    values: list[FacetValue]


class Expansion(Out):
    """A query phrase recognised as a taxonomy keyword, and what it was expanded to."""

    term: str = Field(description="The words of the query that matched, as typed.")
    concept: str = Field(description="`facet:code` of the taxonomy concept, e.g. `right:forced-evictions`.")
    label: str = Field(description="The concept's label in the UI language.")
    keywords: dict[str, list[str]] = Field(description="Keywords added, per language.")


class SearchResponse(Out):
    """The answer to a `SearchRequest`, identical in shape for every engine."""

    total: int = Field(ge=0)
    page: int
    size: int
    hits: list[Hit]
    facets: list[FacetResult]
    expansions_applied: list[Expansion]
    took_ms: float


class Suggestion(Out):
    """An autocomplete entry: a case name (full, short or popular) matching a typed prefix."""

    id: str
    text: str = Field(description="The name that matched.")
    title: str = Field(description="The case's title in the UI language.")
