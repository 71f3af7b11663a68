"""The embedded engine's `blend` (hybrid and semantic search): one searcher, hits named by document address.

Nothing is loaded until the page is known: the keyword ranking is a list of addresses, and so are the candidates
passing the filters (each candidate's term scores its rank, so one search both filters the candidates and says
which address is which case). The keyword side is ranked, totalled and counted while the query is still being
encoded on another thread; the candidates then add the cases the words do not match (at most a few hundred:
cheap to count). Counts are taken whole on both sides, so they add up exactly, and listed as the engine lists
them (each facet's `size` most frequent values, ties by value).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

import tantivy

from caselaw.errors import EngineUnavailable
from caselaw.search.embedded.snippets import snippets_for
from caselaw.search.embedded.translate import conjunction, date_query, filter_queries
from caselaw.search.engine import Blend, Plan, RawHit
from caselaw.search.facets import facet

if TYPE_CHECKING:
    from caselaw.search.embedded.engine import EmbeddedEngine

Counts = dict[str, dict[str, int]]
ALL_VALUES = 65_536
MATCHED = 2**20
"""Added to a candidate's score when the words match it too: ranks stay below it, and sums exact in float32."""
"""Values counted per facet over the candidates: all of them (at most a few hundred cases)."""


def ranked_ids(schema: tantivy.Schema, case_ids: list[str]) -> tantivy.Query:
    """The cases `case_ids`, each scoring its rank from the end (the first `len(case_ids)`, the last 1): the score
    of a hit tells which case it is without loading its record. Scores are exact in float32 up to 2**24."""
    count = len(case_ids)
    clauses = [
        (
            tantivy.Occur.Should,
            tantivy.Query.const_score_query(tantivy.Query.term_query(schema, "id", case_id), float(count - i)),
        )
        for i, case_id in enumerate(case_ids)
    ]
    return tantivy.Query.boolean_query(clauses)


def blend(
    engine: EmbeddedEngine, plan: Plan, candidates: Callable[[], list[str]], depth: int, *, within: bool = False
) -> Blend:
    """`SearchEngine.blend` (see `caselaw.search.engine`): the keywords are ranked and counted before the candidates
    are asked for (while the query is still being encoded); the candidates then add what only they bring."""
    index, directory, _ = engine._fresh()
    searcher = index.searcher()
    request = plan.request
    words = engine.translator.node(plan.query)
    dated = date_query(engine.schema, request.date_from, request.date_to)
    selected = filter_queries(engine.schema, engine._effective_filters(searcher, plan.filters))
    filters = list(selected.values())
    keys = request.counted_facets
    addresses: dict[Hashable, tantivy.DocAddress] = {}
    keyword: list[tuple[Hashable, float]] = []
    semantic: list[tuple[Hashable, str]] = []
    total, counts = 0, {}
    ranking = depth > 0 and words is not None
    try:
        if words is not None and ranking:
            base = [q for q in (words, dated) if q is not None]
            found = searcher.search(conjunction(base + filters), depth, count=True)
            for score, address in found.hits:
                key = (address.segment_ord, address.doc)
                addresses[key] = address
                keyword.append((key, float(score)))
            total = int(found.count)  # type: ignore[attr-defined]
            counts = _whole_counts(searcher, conjunction(base), selected, keys)
        case_ids = candidates()
        if case_ids:
            ids = ranked_ids(engine.schema, case_ids)
            # Filters score 0 (`filter_queries`); the date range and the words are made to, so a hit's score is
            # its candidate's rank alone.
            constraints = [q for q in (dated, words if within else None) if q is not None]
            passing = [ids, *(tantivy.Query.const_score_query(q, 0.0) for q in constraints)]
            query = conjunction(passing + filters)
            # Hybrid (words not required of candidates): a candidate the words match scores `MATCHED` more, so the
            # same search tells which passing candidates the keyword side already has and which it lacks.
            flagged = ranking and not within and words is not None
            if flagged and words is not None:
                query = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Must, query),
                        (tantivy.Occur.Should, tantivy.Query.const_score_query(words, float(MATCHED))),
                    ]
                )
            # The counts the candidates bring run on another core meanwhile (tantivy releases the GIL): over the
            # passing candidates (semantic), or over those the words do not match (hybrid; the keyword side has
            # the others), under each facet's other filters too.
            counting: Future[Counts] | None = None
            if keys and not ranking:
                counting = _pool().submit(_whole_counts, searcher, conjunction(passing), selected, keys)
            elif keys and flagged and words is not None:
                others = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, ids), (tantivy.Occur.MustNot, words)]
                    + [(tantivy.Occur.Must, q) for q in constraints]
                )
                counting = _pool().submit(_whole_counts, searcher, others, selected, keys)
            extra = 0
            hits = searcher.search(query, len(case_ids), count=False).hits
            for score, address in sorted(hits, key=lambda hit: -(round(hit[0]) % MATCHED)):
                key = (address.segment_ord, address.doc)
                addresses[key] = address
                semantic.append((key, case_ids[len(case_ids) - round(score) % MATCHED]))
                extra += flagged and round(score) < MATCHED
            if not ranking:  # the passing candidates are the whole set
                total = len(semantic)
            elif flagged:  # (within, the keyword side has every passing candidate)
                total += extra  # disjoint from the keyword side's
            if counting is not None:
                counts = _added(counts, counting.result())
    except ValueError as exc:
        raise EngineUnavailable(f"search failed in the embedded engine: {exc}") from exc
    listed = _listed(counts)
    scores = dict(keyword)

    def records(keys: list[Hashable], highlight: bool) -> dict[Hashable, RawHit]:
        from caselaw.search.embedded.engine import _payload  # which imports this module

        try:
            docs = [searcher.doc(addresses[key]) for key in keys]
        except ValueError as exc:
            raise EngineUnavailable(f"search failed in the embedded engine: {exc}") from exc
        found = {key: RawHit(_payload(doc), scores.get(key)) for key, doc in zip(keys, docs, strict=True)}
        marked = [(key, doc) for key, doc in zip(keys, docs, strict=True) if key in scores]
        if highlight and words is not None and marked:
            texts = snippets_for(searcher, engine.highlighter, plan, [doc for _, doc in marked])
            for (key, _), snippets in zip(marked, texts, strict=True):
                found[key].snippets = snippets
        return found

    names = engine._names(directory, plan, listed)
    return Blend(total=total, keyword=keyword, semantic=semantic, records=records, counts=listed, names=names)


@cache
def _pool() -> ThreadPoolExecutor:
    """Threads counting the candidates' facets beside the search that ranks them."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="caselaw-blend")


def _whole_counts(
    searcher: tantivy.Searcher,
    base: tantivy.Query,
    selected: dict[str, tantivy.Query],
    keys: list[str],
) -> Counts:
    """Disjunctive counts of `keys` over `base`, every value (so two disjoint sets' counts add up): one pass for the
    facets not selected, one per selected facet under the other filters, as the engine counts."""
    passes: list[tuple[tantivy.Query, list[str]]] = []
    unselected = [key for key in keys if key not in selected]
    if unselected:
        passes.append((conjunction([base, *selected.values()]), unselected))
    for key in selected:
        if key in keys:
            passes.append((conjunction([base, *(q for other, q in selected.items() if other != key)]), [key]))
    counts: Counts = {}
    for query, counted in passes:
        request = {key: {"terms": {"field": key, "size": ALL_VALUES}} for key in counted}
        result = searcher.aggregate(query, request)
        for key in counted:
            buckets = result.get(key, {}).get("buckets", [])
            counts[key] = {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}
    return counts


def _added(first: Counts, second: Counts) -> Counts:
    """The counts of two disjoint sets, added."""
    total = {key: dict(values) for key, values in first.items()}
    for key, values in second.items():
        into = total.setdefault(key, {})
        for value, count in values.items():
            into[value] = into.get(value, 0) + count
    return total


def _listed(counts: Counts) -> Counts:
    """Each facet's values as the engine lists them: its `size` most frequent, ties by value."""
    return {
        key: dict(sorted(values.items(), key=lambda item: (-item[1], item[0]))[: facet(key).size])
        for key, values in counts.items()
    }
