"""The `semantic` and `hybrid` modes, on top of any keyword engine: filters, facets and totals stay the engine's.

Semantic hits never bypass the engine: the cases nearest in meaning (the vector index's `CANDIDATES` best, at
least `FLOOR` similar) go back to the engine as an id query under the request's own filters, date range and
default kind, so a filtered-out case never shows, totals count only what passes, and facets count the semantic
set (semantic mode) or the union of both sets (hybrid) the same disjunctive way as keyword search. Hybrid fuses
the two rankings by reciprocal rank fusion (`fusion.rrf`). An empty query, or a store with no vectors, answers
as keyword search does: hybrid then is exactly keyword search.

A relevance-ranked request asks the engine for a `Blend` (`SearchEngine.blend`): the keyword ranking's top, the
candidates passing the filters, and total and counts of the union, hits named by keys, so only the page's
records are loaded once fusion has chosen it. The query is encoded and the vector index searched on another
thread meanwhile: an engine that can (the embedded one) ranks and counts the keywords before it asks for the
candidates. Sorted requests (date, citations) are one engine call over the union.
"""

from __future__ import annotations

import os
import time
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from caselaw.errors import QuerySyntaxError, VectorsMissing
from caselaw.search.engine import Blend, Plan, RawHit, facet_data, make_plan
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

CANDIDATES = 100
"""Cases taken from the vector index per query: the semantic result set (before filters) is at most this. Fusion
ranks by 1/(60 + rank), so a case below 100 by meaning adds at most 1/161 to its fused score; each candidate costs
the engine a term to look up in every pass over the candidates, and the vector index a case to rescore (200 made
hybrid search 1.5-2 ms slower at 100k cases; `benchmarks/semantic.py`)."""
FLOOR = 0.2
"""Least cosine similarity of a case's best passage to count as a semantic match (unrelated texts score below)."""
KEYWORD_DEPTH = 30
"""Keyword hits fused in hybrid mode (three pages' worth when the page asked for lies deeper): a case below rank 30
adds at most 1/91 to its fused score. (Engines loading records to learn ids pay for each: 100 cost more than the
keyword search itself at 10k cases, 37 against 16 ms under load; `benchmarks/semantic.py`.)"""
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
    fuse = request.mode == "hybrid" and words
    if plan.sort != "relevance":
        near = {found.case_id: found for found in nearest(index, request.q)}
        constraint = ids_query(list(near))
        if request.advanced:
            constraint = And((constraint, plan.query))  # field queries stay constraints of the semantic set
        return _sorted(engine, plan, Or((plan.query, constraint)) if fuse else constraint, near, started)
    # The query is encoded and the vector index searched on another thread while the engine ranks the keywords
    # (BLAS and tantivy release the GIL): the engine asks for the candidates only when it needs them.
    encoding = _pool().submit(nearest, index, request.q)
    semantic: dict[str, Nearest] = {}

    def candidates() -> list[str]:
        semantic.update((found.case_id, found) for found in encoding.result())
        return list(semantic)

    wanted = request.offset + request.size
    depth = max(KEYWORD_DEPTH, 3 * wanted) if fuse else 0
    try:
        blend = engine.blend(plan, candidates, depth, within=request.advanced)
    finally:
        encoding.cancel()
    keyword = [key for key, _ in blend.keyword]
    passing = dict(blend.semantic)
    if fuse:
        ranked: list[tuple[Hashable, float]] = rrf([keyword, list(passing)])
    else:
        ranked = [(key, semantic[case_id].score) for key, case_id in blend.semantic]
    page = ranked[request.offset : wanted]
    # Only the page's records are loaded (0.1-0.3 ms each at 10k cases; `benchmarks/semantic.py`).
    records = blend.records([key for key, _ in page], request.highlight)
    words_found = set(keyword)
    hits = [_hit(records[key], score, key in words_found, key in passing, semantic, request) for key, score in page]
    return _response(
        request, plan, blend.total, blend.counts, blend.names, hits, plan.expansions if fuse else [], started
    )


def blend(engine: SearchEngine, plan: Plan, case_ids: list[str], depth: int, *, within: bool = False) -> Blend:
    """`SearchEngine.blend` by `execute` calls, hits keyed by case id (any engine).

    One call ranks the keywords and counts the union: the candidates join the query with no weight, so keyword
    matches rank by their own score and candidates matched by meaning alone trail at 0. Whether every candidate
    passes the filters is a count, and only when some do not are the passing ones loaded to tell which."""
    constraint = ids_query(case_ids)
    if within:
        constraint = And((constraint, plan.query))  # field queries stay constraints of the semantic set
    keyword: dict[str, RawHit] = {}
    if depth:
        union = Or((plan.query, Or((constraint,), boost=0.0)))
        counted = engine.execute(_sub(plan, union, size=depth, page=1, highlight=False))
        ranked = counted.hits
        if plan.request.date_from or plan.request.date_to:
            # A date range may score (the embedded engine's does), lifting candidates matched by meaning alone
            # above 0 in the union: then the keyword hits are the words' own.
            ranked = engine.execute(_sub(plan, plan.query, size=depth, page=1, highlight=False, facets=False)).hits
        keyword = {str(hit.payload["id"]): hit for hit in ranked if hit.score}
        passing_count = engine.execute(_sub(plan, constraint, size=0, page=1, highlight=False, facets=False)).total
    else:
        counted = engine.execute(_sub(plan, constraint, size=0, page=1, highlight=False))
        passing_count = counted.total
    passing, loaded = _passing(engine, plan, constraint, case_ids, passing_count)
    loaded |= keyword

    def records(keys: list[Hashable], highlight: bool) -> dict[Hashable, RawHit]:
        case_ids = [str(key) for key in keys]
        found: dict[Hashable, RawHit] = {key: loaded[key] for key in case_ids if key in loaded}
        found.update(_records(engine, plan, [key for key in case_ids if key not in found]).items())
        if highlight:
            found.update(_snippets(engine, plan, [key for key in case_ids if key in keyword]).items())
        return found

    return Blend(
        total=counted.total,
        keyword=[(case_id, hit.score or 0.0) for case_id, hit in keyword.items()],
        semantic=[(case_id, case_id) for case_id in passing],
        records=records,
        counts=counted.counts,
        names=counted.names,
    )


@cache
def _pool() -> ThreadPoolExecutor:
    """Threads encoding queries beside the engine's work (one per core: more would only contend)."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="caselaw-encode")


def _passing(
    engine: SearchEngine, plan: Plan, constraint: Node, case_ids: list[str], count: int
) -> tuple[list[str], dict[str, RawHit]]:
    """The candidates that pass the request's filters, nearest first, and the records loaded to tell.

    `count` is how many pass (a count costs no record): when all or none do, nothing is loaded."""
    if count == len(case_ids):
        return list(case_ids), {}
    if count == 0:
        return [], {}
    passing = engine.execute(_sub(plan, constraint, size=count, page=1, highlight=False, facets=False))
    payloads = {str(hit.payload["id"]): hit for hit in passing.hits}
    return [case_id for case_id in case_ids if case_id in payloads], payloads


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
    expansions = plan.expansions if plan.has_text else []
    return _response(request, plan, raw.total, raw.counts, raw.names, hits, expansions, started)


def _response(
    request: SearchRequest,
    plan: Plan,
    total: int,
    counts: dict[str, dict[str, int]],
    names: dict[str, dict[str, str]],
    hits: list[dict[str, Any]],
    expansions: list[Expansion],
    started: float,
) -> SearchResponse:
    """The response, validated once."""
    return SearchResponse.model_validate(
        {
            "total": total,
            "page": request.page,
            "size": request.size,
            "hits": hits,
            "facets": facet_data(counts, plan.filters, request.lang, request.counted_facets, names),
            "expansions_applied": expansions,
            "took_ms": round((time.perf_counter() - started) * 1000, 3),
        }
    )


def _hit(
    raw: RawHit,
    score: float | None,
    by_words: bool,
    passing: bool,
    semantic: dict[str, Nearest],
    request: SearchRequest,
) -> dict[str, Any]:
    """One hit: the keyword snippets (matches marked) when keywords found it, and the nearest passage when it is a
    semantic candidate passing the filters."""
    snippets: list[RawSnippet] = raw.snippets if by_words and request.highlight else []
    data = hit_data(raw.payload, request.lang, score=score, snippets=snippets)
    found = semantic.get(str(raw.payload["id"])) if passing else None
    data["matched"] = [name for name, hit in (("keyword", by_words), ("semantic", found is not None)) if hit]
    data["passage"] = found.passage if found is not None else None
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
