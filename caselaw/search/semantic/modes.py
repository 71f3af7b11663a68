"""The `semantic` and `hybrid` modes, on top of any keyword engine: filters, facets and totals stay the engine's.

Semantic hits never bypass the engine: the cases nearest in meaning (the vector index's `CANDIDATES` best, at
least `FLOOR` similar) go back to the engine as an id query under the request's own filters, date range and
default kind, so a filtered-out case never shows, totals count only what passes, and facets count the semantic
set (semantic mode) or the union of both sets (hybrid) the same disjunctive way as keyword search. Hybrid fuses
the two rankings by reciprocal rank fusion (`fusion.rrf`). An empty query, or a store with no vectors, answers
as keyword search does: hybrid then is exactly keyword search.

What costs is loading hits' stored records, so they are loaded only where needed: hybrid ranks the keywords and
counts the union in one call (the candidates join the query with weight 0, so keyword matches keep their own
scores); whether every candidate passes the filters is a count, and only when some do not are the passing ones
loaded to tell which; the page's records come last.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from caselaw.errors import QuerySyntaxError, VectorsMissing
from caselaw.search.engine import Plan, RawHit, RawResult, facet_data, make_plan
from caselaw.search.highlight import RawSnippet
from caselaw.search.hits import build_hit, hit_data
from caselaw.search.query import And, MatchAll, Node, Or, Term
from caselaw.search.request import SearchRequest
from caselaw.search.response import Expansion, Hit, SearchResponse
from caselaw.search.semantic.encoder import Matrix, cut, shared_encoder
from caselaw.search.semantic.fusion import rrf
from caselaw.search.semantic.index import Nearest, VectorIndex

if TYPE_CHECKING:
    from caselaw.search.engine import SearchEngine

CANDIDATES = 200
"""Cases taken from the vector index per query: the semantic result set (before filters) is at most this."""
FLOOR = 0.2
"""Least cosine similarity of a case's best passage to count as a semantic match (unrelated texts score below)."""
KEYWORD_DEPTH = 30
"""Keyword hits fused in hybrid mode (three pages' worth when the page asked for lies deeper). Each one's stored
record is loaded to learn its id: 100 cost more than the keyword search itself at 10k cases (37 against 16 ms
under load; `benchmarks/semantic.py`), and a case below rank 30 adds at most 1/91 to its fused score."""
_NO_CASE = "\x00"


def ids_query(case_ids: list[str]) -> Node:
    """A query matching exactly these cases (none when empty)."""
    if not case_ids:
        return Term(_NO_CASE, field="id")
    return Or(tuple(Term(case_id, field="id") for case_id in case_ids))


def _sub(plan: Plan, query: Node, **changes: Any) -> Plan:
    """`plan` with another query and request options (not validated again: sizes beyond a page are internal)."""
    return Plan(request=plan.request.model_copy(update=changes), query=query, filters=plan.filters, sort=plan.sort)


def _vectors(engine: SearchEngine, mode: str) -> VectorIndex | None:
    index: VectorIndex | None = getattr(engine, "vectors", None)
    if index is not None and index.size():
        return index
    if mode == "semantic":
        raise VectorsMissing("semantic search needs passage vectors: run `caselaw embed`")
    return None


@lru_cache(maxsize=1024)
def query_vector(query: str) -> Matrix:
    """The vector of `query`, kept for the next pages and facet clicks of the same search (read-only)."""
    vector = shared_encoder().encode_query(query)
    vector.flags.writeable = False
    return vector


def nearest(index: VectorIndex, query: str) -> list[Nearest]:
    """The cases nearest in meaning to `query` (cut to the model's limit), best first."""
    return index.nearest(query_vector(cut(query)), CANDIDATES, FLOOR)


def search(engine: SearchEngine, request: SearchRequest) -> SearchResponse:
    """Run a `semantic` or `hybrid` request on `engine` (keyword requests never come here)."""
    started = time.perf_counter()
    words = True
    try:
        plan = make_plan(request)
    except QuerySyntaxError:
        if request.advanced or not request.q.strip():
            raise
        # Too many words for the keyword parser: the meaning still counts (the model's input is cut instead).
        words = False
        keep = make_plan(request.model_copy(update={"q": ""}))
        plan = Plan(request=request, query=MatchAll(), filters=keep.filters, sort=request.sort)
    index = _vectors(engine, request.mode) if (plan.has_text or not words) else None
    if index is None:
        return engine.search(request.model_copy(update={"mode": "keyword"}))
    near = nearest(index, request.q)
    semantic = {found.case_id: found for found in near}
    wanted = request.offset + request.size
    constraint = ids_query(list(semantic))
    if request.advanced:
        constraint = And((constraint, plan.query))  # field queries stay constraints of the semantic set
    fuse = request.mode == "hybrid" and words
    if plan.sort != "relevance":
        return _sorted(engine, plan, Or((plan.query, constraint)) if fuse else constraint, semantic, started)
    # Loading a hit's stored record is what costs (0.1-0.3 ms each, measured at 10k cases): records are loaded for
    # the keyword ranking and the page shown, never for every candidate (`benchmarks/semantic.py`).
    keyword_hits: dict[str, RawHit] = {}
    if fuse:
        # One call ranks the keywords and counts the union: the candidates join the query with no weight, so
        # keyword matches rank by their own score and candidates matched by meaning alone trail at 0.
        union = Or((plan.query, Or((constraint,), boost=0.0)))
        depth = max(KEYWORD_DEPTH, 3 * wanted)
        counted = engine.execute(_sub(plan, union, size=depth, page=1, highlight=False))
        keyword_hits = {str(hit.payload["id"]): hit for hit in counted.hits if hit.score}
        passing_count = engine.execute(_sub(plan, constraint, size=0, page=1, highlight=False, facets=False)).total
    else:
        counted = engine.execute(_sub(plan, constraint, size=0, page=1, highlight=False))
        passing_count = counted.total
    semantic_rank, payloads = _passing(engine, plan, constraint, semantic, passing_count)
    if fuse:
        ranked = rrf([list(keyword_hits), semantic_rank])
    else:
        ranked = [(case_id, semantic[case_id].score) for case_id in semantic_rank]
    fused: list[tuple[str, float | None]] = list(ranked)
    page = fused[request.offset : wanted]
    loaded = keyword_hits.keys() | payloads.keys()
    payloads |= _records(engine, plan, [case_id for case_id, _ in page if case_id not in loaded])
    if request.highlight:
        keyword_hits |= _snippets(engine, plan, [case_id for case_id, _ in page if case_id in keyword_hits])
    passing = set(semantic_rank)
    hits = [_hit(case_id, score, keyword_hits, payloads, semantic, passing, request) for case_id, score in page]
    return _response(request, plan, counted, hits, plan.expansions if fuse else [], started)


def _passing(
    engine: SearchEngine, plan: Plan, constraint: Node, semantic: dict[str, Nearest], count: int
) -> tuple[list[str], dict[str, RawHit]]:
    """The semantic candidates that pass the request's filters, nearest first, and the records loaded to tell.

    `count` is how many pass (a count costs no record): when all or none do, nothing is loaded."""
    if count == len(semantic):
        return list(semantic), {}
    if count == 0:
        return [], {}
    passing = engine.execute(_sub(plan, constraint, size=count, page=1, highlight=False, facets=False))
    payloads = {str(hit.payload["id"]): hit for hit in passing.hits}
    return [case_id for case_id in semantic if case_id in payloads], payloads


def _records(engine: SearchEngine, plan: Plan, case_ids: list[str]) -> dict[str, RawHit]:
    """The records of `case_ids` (which passed the request's filters), to show them."""
    if not case_ids:
        return {}
    found = engine.execute(_sub(plan, ids_query(case_ids), size=len(case_ids), page=1, highlight=False, facets=False))
    return {str(hit.payload["id"]): hit for hit in found.hits}


def _snippets(engine: SearchEngine, plan: Plan, case_ids: list[str]) -> dict[str, RawHit]:
    """The keyword hits `case_ids` again, with their snippets (matches of the query marked)."""
    if not case_ids:
        return {}
    marked = engine.execute(
        _sub(plan, And((plan.query, ids_query(case_ids))), size=len(case_ids), page=1, facets=False)
    )
    return {str(hit.payload["id"]): hit for hit in marked.hits}


def _sorted(
    engine: SearchEngine, plan: Plan, query: Node, semantic: dict[str, Nearest], started: float
) -> SearchResponse:
    """A request sorted by date or citations: the engine sorts the matching set (the semantic candidates, or their
    union with the keyword matches) itself, filters, facets, page and snippets in one call."""
    request = plan.request
    raw = engine.execute(Plan(request=request, query=query, filters=plan.filters, sort=plan.sort))
    hits = []
    for hit in raw.hits:
        case_id = str(hit.payload["id"])
        data = hit_data(hit.payload, request.lang, score=None, snippets=hit.snippets if request.highlight else [])
        found = semantic.get(case_id)
        # Marked words mean the words matched; a candidate without them is there by meaning alone.
        data["matched"] = (["keyword"] if hit.snippets or found is None else []) + (["semantic"] if found else [])
        data["passage"] = found.passage if found is not None else None
        hits.append(data)
    return _response(request, plan, raw, hits, plan.expansions if plan.has_text else [], started)


def _response(
    request: SearchRequest,
    plan: Plan,
    counted: RawResult,
    hits: list[dict[str, Any]],
    expansions: list[Expansion],
    started: float,
) -> SearchResponse:
    """The response, validated once."""
    return SearchResponse.model_validate(
        {
            "total": counted.total,
            "page": request.page,
            "size": request.size,
            "hits": hits,
            "facets": facet_data(counted.counts, plan.filters, request.lang, request.counted_facets, counted.names),
            "expansions_applied": expansions,
            "took_ms": round((time.perf_counter() - started) * 1000, 3),
        }
    )


def _hit(
    case_id: str,
    score: float | None,
    keyword: dict[str, RawHit],
    payloads: dict[str, RawHit],
    semantic: dict[str, Nearest],
    passing: set[str],
    request: SearchRequest,
) -> dict[str, Any]:
    """One hit: the keyword snippets (matches marked) when keywords found it, and the nearest passage."""
    raw = keyword.get(case_id) or payloads[case_id]
    snippets: list[RawSnippet] = keyword[case_id].snippets if case_id in keyword and request.highlight else []
    data = hit_data(raw.payload, request.lang, score=score, snippets=snippets)
    found = semantic.get(case_id)
    data["matched"] = [name for name, hit in (("keyword", case_id in keyword), ("semantic", found)) if hit]
    data["passage"] = found.passage if found is not None and case_id in passing else None
    return data


def related(engine: SearchEngine, case_id: str, *, size: int = 10, language: str = "en") -> list[Hit]:
    """Decisions like `case_id` by the engine's words and tags, fused with those nearest in meaning (the mean of
    its passage vectors, any language); itself excluded. Without vectors for it: the engine's list alone."""
    words = engine.related(case_id, size=size, language=language)
    index: VectorIndex | None = engine.vectors
    vector = index.case_vector(case_id) if index is not None else None
    if index is None or vector is None:
        return words
    near = [found.case_id for found in index.nearest(vector, CANDIDATES, FLOOR) if found.case_id != case_id]
    plan = make_plan(SearchRequest(size=len(near), highlight=False, facets=False, mode="keyword"))
    passing = engine.execute(Plan(request=plan.request, query=ids_query(near), filters=plan.filters, sort="relevance"))
    payloads = {str(hit.payload["id"]): hit.payload for hit in passing.hits}
    by_words = {hit.id: hit for hit in words}
    fused = rrf([list(by_words), [found for found in near if found in payloads]])[:size]
    return [by_words[found] if found in by_words else build_hit(payloads[found], language) for found, _ in fused]
