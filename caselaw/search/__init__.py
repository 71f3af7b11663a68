"""Engine-neutral faceted search: request and response models, facets, query language, expansion, engines."""

from caselaw.search.engine import SearchEngine
from caselaw.search.engines import open_engine, reindex
from caselaw.search.facets import FACETS, Facet, FacetKey
from caselaw.search.query import parse_query
from caselaw.search.request import SearchRequest
from caselaw.search.response import Expansion, FacetResult, FacetValue, Hit, SearchResponse, Suggestion

__all__ = [
    "FACETS",
    "Expansion",
    "Facet",
    "FacetKey",
    "FacetResult",
    "FacetValue",
    "Hit",
    "SearchEngine",
    "SearchRequest",
    "SearchResponse",
    "Suggestion",
    "open_engine",
    "parse_query",
    "reindex",
]
