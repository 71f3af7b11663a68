"""The engine interface every search engine implements and the shared search pipeline (the factory: `engines`).

`SearchEngine.search` parses and expands the query, lets the engine execute the plan, and builds the
response (labels, selected values, escaping) in one place, so every engine answers in the same shape.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

from caselaw.models import Case
from caselaw.search.expansion import expand
from caselaw.search.facets import DEFAULT_KIND, FACETS, facet, label
from caselaw.search.highlight import RawSnippet
from caselaw.search.hits import hit_data
from caselaw.search.query import And, MatchAll, Node, Not, Or, Phrase, Term, parse_query
from caselaw.search.request import SearchRequest, Sort
from caselaw.search.response import Expansion, FacetResult, Hit, SearchResponse, Suggestion

if TYPE_CHECKING:
    from caselaw.search.cache import RequestCache
    from caselaw.search.semantic.index import VectorIndex


@dataclass(frozen=True)
class Plan:
    """A validated request turned into what an engine executes."""

    request: SearchRequest
    query: Node
    filters: dict[str, list[str]]
    sort: Sort
    expansions: list[Expansion] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        """Whether the query has words (otherwise every case matches and relevance means nothing)."""
        return not isinstance(self.query, MatchAll)


@dataclass
class RawHit:
    """One hit as an engine returns it: the stored display payload, score and unrendered snippets."""

    payload: dict[str, Any]
    score: float | None = None
    snippets: list[RawSnippet] = field(default_factory=list)


@dataclass
class RawResult:
    """What an engine returns for a plan; `counts` are disjunctive (each facet ignores its own selection)."""

    total: int
    hits: list[RawHit]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per facet, the printed names of counted or selected values the taxonomy cannot label: open national
    forums (`<iso2>-<slug>`), named by the cases indexed under them (each engine keeps them its own way)."""


Records = Callable[[list[Hashable], bool], dict[Hashable, RawHit]]
"""Loads the records of hit keys of a `Blend`; with the flag, keyword hits carry their snippets (matches marked)."""


@dataclass
class Blend:
    """A keyword ranking and the semantic candidates passing one plan's filters (`SearchEngine.blend`).

    Hits are named by keys only `records` reads (document addresses in the embedded engine, case ids elsewhere),
    so a hit that fusion drops never has its stored record loaded."""

    total: int
    """Cases of the union of both sets under the filters (the passing candidates alone without keyword ranking)."""
    keyword: list[tuple[Hashable, float]]
    """The keyword ranking's top, best first: key and score."""
    semantic: list[tuple[Hashable, str]]
    """The candidates that pass the filters, in the order given: key and case id."""
    records: Records
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Disjunctive counts over the union, as `RawResult.counts`."""
    names: dict[str, dict[str, str]] = field(default_factory=dict)


def _names_field(node: Node, name: str) -> bool:
    """Whether an advanced query tree constrains field `name` (`kind:report`)."""
    if isinstance(node, Term | Phrase):
        return node.field == name
    if isinstance(node, Not):
        return _names_field(node.child, name)
    if isinstance(node, And | Or):
        return any(_names_field(child, name) for child in node.children)
    return False


def make_plan(request: SearchRequest) -> Plan:
    """Parse, expand and normalise a request into a plan."""
    query = parse_query(request.q, advanced=request.advanced)
    expansions: list[Expansion] = []
    if request.expand:
        query, expansions = expand(query, request.lang)
    filters: dict[str, list[str]] = {
        key: list(dict.fromkeys(facet(key).normalise(value) for value in values))
        for key, values in request.filters.items()
    }
    if "kind" not in filters and not _names_field(query, "kind"):
        # Decisions only unless the request chooses kinds (a `kind` filter, or `kind:` in an advanced query):
        # reports, laws and briefs are stored and searchable, but a search of case law must not drown in them.
        # As a filter of the plan it counts like a selection: the kind facet ignores it and shows what the
        # other kinds would add, and its `decision` value is listed as selected.
        filters["kind"] = [DEFAULT_KIND]
    sort: Sort = request.sort
    if sort == "relevance" and isinstance(query, MatchAll):
        sort = "date_desc"
    return Plan(request=request, query=query, filters=filters, sort=sort, expansions=expansions)


def facet_results(
    counts: dict[str, dict[str, int]],
    filters: dict[str, list[str]],
    language: str,
    keys: list[str],
    names: dict[str, dict[str, str]] | None = None,
) -> list[FacetResult]:
    """Facet values with labels; selected values stay listed at count 0; each facet keeps its declared order."""
    return [FacetResult.model_validate(data) for data in facet_data(counts, filters, language, keys, names)]


def facet_data(
    counts: dict[str, dict[str, int]],
    filters: dict[str, list[str]],
    language: str,
    keys: list[str],
    names: dict[str, dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """`facet_results` as plain data (validated with the rest of a response in one call); `names` label the values
    the taxonomy does not know (see `RawResult.names`)."""
    results: list[dict[str, Any]] = []
    for spec in FACETS:
        if spec.key not in keys:
            continue
        found = dict(counts.get(spec.key, {}))
        selected = filters.get(spec.key, [])
        for value in selected:
            found.setdefault(value, 0)
        printed = (names or {}).get(spec.key, {})
        # Plain dicts, validated with the whole response by pydantic's core: building hundreds of models one
        # by one was a third of a match-all search's time.
        values: list[dict[str, Any]] = [
            {
                "value": value,
                "label": str(printed.get(value) or label(spec.key, value, language)),
                "count": int(count),
                "selected": value in selected,
            }
            for value, count in found.items()
        ]
        if spec.order == "value_desc":
            values.sort(key=lambda v: str(v["value"]), reverse=True)
        else:
            values.sort(key=lambda v: (-v["count"], str(v["label"]).casefold(), v["value"]))
        kept = values[: spec.size] + [v for v in values[spec.size :] if v["selected"]]
        results.append({"key": spec.key, "values": kept})
    return results


class SearchEngine(ABC):
    """A search engine behind the engine-neutral contract; the contract suite runs against every one."""

    name: ClassVar[str]
    vectors: VectorIndex | None = None
    """The passage-vector index beside the keyword index (`caselaw.search.semantic`), set by `open_engine`."""

    cache: RequestCache | None = None
    """The request cache (`caselaw.search.cache`), set by `open_engine` when enabled; None: every search runs."""

    def generation(self) -> Hashable | None:
        """What identifies the searchable state of the index (changes on every commit), or None when the engine
        cannot tell: then its searches are never cached."""
        return None

    def search(self, request: SearchRequest) -> SearchResponse:
        """Run a search: total, a page of hits, disjunctive facet counts and the expansions applied."""
        if self.cache is not None:
            from caselaw.search.cache import vectors_generation

            variant = vectors_generation(self, request)
            return self.cache.fetch(self.generation(), request, lambda: self.run_search(request), variant)
        return self.run_search(request)

    def run_search(self, request: SearchRequest) -> SearchResponse:
        """`search` without the request cache."""
        if request.mode == "semantic" or (request.mode == "hybrid" and self.vectors is not None):
            from caselaw.search.semantic import modes  # which imports this module

            return modes.search(self, request)
        started = time.perf_counter()
        plan = make_plan(request)
        raw = self.execute(plan)
        hits = [
            hit_data(hit.payload, request.lang, score=hit.score, snippets=hit.snippets if request.highlight else [])
            for hit in raw.hits
        ]
        # One validation of plain data in pydantic's core for the whole response.
        return SearchResponse.model_validate(
            {
                "total": raw.total,
                "page": request.page,
                "size": request.size,
                "hits": hits,
                "facets": facet_data(raw.counts, plan.filters, request.lang, request.counted_facets, raw.names),
                "expansions_applied": plan.expansions,
                "took_ms": round((time.perf_counter() - started) * 1000, 3),
            }
        )

    @abstractmethod
    def execute(self, plan: Plan) -> RawResult:
        """Execute a plan: filters, sort, page, snippets (when asked), disjunctive counts of `counted_facets`."""

    @abstractmethod
    def get(self, case_id: str, language: str = "en") -> Hit:
        """The indexed case `case_id`; CaseNotFound when it is not in the index."""

    @abstractmethod
    def related(self, case_id: str, *, size: int = 10, language: str = "en") -> list[Hit]:
        """Decisions like `case_id` in text and tags, most similar first, itself excluded (other kinds of record
        never: a long report shares words with everything and would crowd the cases out)."""

    def related_cases(self, case_id: str, *, size: int = 10, language: str = "en") -> list[Hit]:
        """`related`, fused with the decisions nearest in meaning when passage vectors exist (any language)."""
        if self.vectors is None:
            return self.related(case_id, size=size, language=language)
        from caselaw.search.semantic import modes  # which imports this module

        return modes.related(self, case_id, size=size, language=language)

    def blend(self, plan: Plan, candidates: Callable[[], list[str]], depth: int, *, within: bool = False) -> Blend:
        """The top `depth` cases of `plan`'s keyword ranking (none when 0) and the `candidates` (case ids, nearest
        first) that pass its filters, date range and default kind, and its query too when `within`; total and
        counts over the union. `candidates` is called once, when needed: an engine may rank the keywords while
        the query is still being encoded. This default runs `execute`; an engine may do it cheaper."""
        from caselaw.search.semantic import modes  # which imports this module

        return modes.blend(self, plan, candidates(), depth, within=within)

    @abstractmethod
    def suggest(self, prefix: str, *, size: int = 10, language: str = "en") -> list[Suggestion]:
        """Case names (full, short, popular) starting with the words typed; the last word may be partial.

        Decisions come first; records of other kinds fill the list only when fewer decisions match, since a
        suggestion opens its record directly (someone typing a report's name wants that report)."""

    @abstractmethod
    def rebuild(self, cases: Iterable[Case]) -> int:
        """Build a fresh index from `cases` and switch to it atomically; searches never see it half-built."""

    @abstractmethod
    def upsert(self, cases: Iterable[Case]) -> int:
        """Add or replace cases in the live index; return how many were written.

        IndexNotReady, before reading `cases`, when there is no live index or it was built by another schema
        version: an upsert never creates an index (`caselaw.search.sync` rebuilds the whole one from the store).
        """

    @abstractmethod
    def delete(self, case_id: str) -> None:
        """Remove a case from the live index (no error when absent)."""

    @abstractmethod
    def count(self) -> int:
        """Number of cases in the index."""

    def close(self) -> None:  # noqa: B027 - an optional hook: engines holding nothing keep this default
        """Release files, connections and locks."""

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
