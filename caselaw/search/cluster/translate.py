"""Translate the engine-neutral query tree, filters and facets into the query DSL both cluster engines share.

Scoring mirrors the embedded engine: a word is matched in every language's title and body fields and the
name field, best field winning (`dis_max` with a small tie breaker); an expanded concept is one term per
language on the concepts fields; exclusions are `must_not`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from caselaw.models import is_listed_forum
from caselaw.search.analysis import FIELD_LANGUAGES, NEUTRAL, field_language, fold
from caselaw.search.cluster.mapping import (
    CITED_FIELD,
    DATE_FIELD,
    FOLLOW_UP_FIELD,
    FORUM_NAME_FIELD,
    NAME_FIELD,
    analyzer_name,
    concepts_field,
)
from caselaw.search.engine import Plan
from caselaw.search.expansion import concept_key, keyword_nodes
from caselaw.search.facets import facet
from caselaw.search.fields import snippet_field, text_field, title_field
from caselaw.search.query import KEYWORD_FIELDS, And, Concept, MatchAll, Node, Not, Or, Phrase, Term

Query = dict[str, Any]

TITLE_BOOST = 2.0
"""A word in the title says more about a case than the same word in a 50-page body (as embedded)."""
NAME_BOOST = 1.5
TIE_BREAKER = 0.2
"""Best field wins, others add a little: a case matching in two languages is not twice as relevant."""
MATCH_ALL: Query = {"match_all": {}}
NAME_AGGREGATION: Query = {"name": {"terms": {"field": FORUM_NAME_FIELD, "size": 1}}}
"""Per `forum` bucket, its most frequent printed name (ties to the first in code-point order): a taxonomy forum's
cases carry none, an open forum's carry the name its documents print, which labels it (`RawResult.names`).
Counted over the bucket's cases, where the embedded engine counts over the index (`embedded.names`): the same
label unless one court's cases print several names and the search keeps a minority of them, which a second
request per search would be needed to rule out."""
SELECTED_NAMES = "selected_forum_names"


def _boosted(query: Query, boost: float) -> Query:
    if boost == 1.0:
        return query
    return {"bool": {"must": [query], "boost": boost}}


class Translator:
    """Builds the DSL of a query tree; with `highlight`, the query that picks the words snippets mark.

    In highlight mode exclusions are dropped (an excluded word is never in a hit), phrases become their words,
    body text is matched in the excerpt fields the snippets are cut from, and a concept marks its keywords.
    """

    def __init__(self, *, highlight: bool = False) -> None:
        self.highlight = highlight

    def query(self, node: Node) -> Query:
        """The DSL of a tree (match-all when nothing constrains)."""
        return self.node(node) or MATCH_ALL

    def node(self, node: Node) -> Query | None:
        """The DSL of a node, or None when it constrains nothing."""
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Phrase):
            return self.text(" ".join(node.words), node.field, node.language, node.boost, prefix=False)
        if isinstance(node, And):
            return self.conjunction(node.children)
        if isinstance(node, Or):
            options = [q for q in (self.node(child) for child in node.children) if q is not None]
            if not options:
                return None
            if len(options) == 1:
                return _boosted(options[0], node.boost)
            if node.best:
                # Pure max: a case quoting ten synonyms of a concept is not ten times as relevant.
                return _boosted({"dis_max": {"queries": options, "tie_breaker": 0.0}}, node.boost)
            return _boosted({"bool": {"should": options, "minimum_should_match": 1}}, node.boost)
        if isinstance(node, Not):
            return self.conjunction((node,))
        if isinstance(node, Concept):
            return self.concept(node)
        if isinstance(node, MatchAll):
            return None
        raise TypeError(node)

    def concept(self, node: Concept) -> Query | None:
        """Cases mentioning a concept in its languages: one term per language on the concepts fields."""
        if self.highlight:
            marks = [q for q in (self.node(child) for child in keyword_nodes(node)) if q is not None]
            return {"bool": {"should": marks}} if marks else None
        key = concept_key(node.facet, node.code)
        fields = dict.fromkeys(concepts_field(field_language(language)) for language in node.languages)
        terms: list[Query] = [{"term": {name: key}} for name in fields]
        if not terms:
            return None
        # Best language wins, as among the keywords of one concept.
        query = terms[0] if len(terms) == 1 else {"dis_max": {"queries": terms, "tie_breaker": 0.0}}
        return _boosted(query, node.boost)

    def conjunction(self, children: Iterable[Node]) -> Query | None:
        must: list[Query] = []
        must_not: list[Query] = []
        for child in children:
            if isinstance(child, Not):
                excluded = self.node(child.child)
                if excluded is not None and not self.highlight:
                    must_not.append(excluded)
                continue
            query = self.node(child)
            if query is not None:
                must.append(query)
        if not must and not must_not:
            return None
        if len(must) == 1 and not must_not:
            return must[0]
        return {"bool": {"must": must or [MATCH_ALL], "must_not": must_not}}

    def term(self, term: Term) -> Query | None:
        if term.field in KEYWORD_FIELDS:
            assert term.field is not None
            value = term.text.strip() if term.field == "id" else facet(term.field).normalise(term.text)
            return _boosted({"term": {term.field: value}}, term.boost)
        return self.text(term.text, term.field, term.language, term.boost, prefix=term.prefix)

    def text(self, text: str, field: str | None, language: str | None, boost: float, *, prefix: bool) -> Query | None:
        """Analysed text against every language's fields (or one field family, or one language)."""
        targets: list[tuple[str, str, float]] = []
        for lang in [field_language(language)] if language else FIELD_LANGUAGES:
            if self.highlight:
                if field in (None, "text"):
                    targets.append((snippet_field(lang), lang, 1.0))
                continue
            if field in (None, "title"):
                targets.append((title_field(lang), lang, TITLE_BOOST))
            if field in (None, "text"):
                targets.append((text_field(lang), lang, 1.0))
        if not self.highlight and (field == "name" or (field is None and language is None)):
            targets.append((NAME_FIELD, NEUTRAL, NAME_BOOST))
        if prefix:
            queries = [self.prefix(name, text, field_boost) for name, _, field_boost in targets]
        elif self.highlight:
            # Snippets mark words, not phrases; the field's own analyzer drops stop words.
            queries = [{"match": {name: {"query": text}}} for name, _, _ in targets]
        else:
            queries = [{"match_phrase": {name: {"query": text, "boost": b}}} for name, _, b in targets]
        live = [q for q in queries if q is not None]
        if not live:
            return None
        query = live[0] if len(live) == 1 else {"dis_max": {"queries": live, "tie_breaker": TIE_BREAKER}}
        return _boosted(query, boost)

    def prefix(self, name: str, text: str, boost: float) -> Query | None:
        """A prefix, matched unstemmed so "evict*" reaches "evicted" and "eviction" alike."""
        words = fold(text).split()
        if not words:
            return None
        if len(words) == 1:
            return {"prefix": {name: {"value": words[0], "boost": boost}}}
        return {"match_phrase_prefix": {name: {"query": text, "analyzer": analyzer_name(NEUTRAL), "boost": boost}}}


def filter_clauses(filters: dict[str, list[str]]) -> dict[str, Query]:
    """One clause per filtered facet: any of its selected values (values of one facet OR together)."""
    return {key: {"terms": {key: values}} for key, values in filters.items()}


def date_clause(start: date | None, end: date | None) -> Query | None:
    """The decision-date range filter, or None when the request has no range."""
    if start is None and end is None:
        return None
    bounds = {"gte": start.isoformat() if start else None, "lte": end.isoformat() if end else None}
    return {"range": {DATE_FIELD: {k: v for k, v in bounds.items() if v is not None}}}


def facet_aggregations(filters: dict[str, Query], keys: list[str]) -> dict[str, Any]:
    """Disjunctive counts: per facet, a `filter` bucket of every other facet's selection around a `terms`.

    The page of hits gets all filters as a `post_filter`, so aggregations see the text and date matches
    only and each facet applies the other facets' filters itself: a selected facet then shows how many cases
    each of its other values would add.
    """
    aggregations: dict[str, Any] = {}
    for key in keys:
        others = [clause for other, clause in filters.items() if other != key]
        terms: Query = {"terms": {"field": key, "size": facet(key).size}}
        if key == "forum":
            terms["aggs"] = NAME_AGGREGATION
        aggregations[key] = {"filter": {"bool": {"filter": others}} if others else MATCH_ALL, "aggs": {"values": terms}}
    return aggregations


def selected_names_aggregation(selected: list[str]) -> Query | None:
    """The printed names of the selected open forums over the whole index (a `global` bucket), so a selection
    the query leaves at count 0 is still labelled by its name; None when no open forum is selected."""
    open_codes = [code for code in selected if not is_listed_forum(code)]
    if not open_codes:
        return None
    codes: Query = {"terms": {"field": "forum", "size": len(open_codes)}, "aggs": NAME_AGGREGATION}
    chosen: Query = {"filter": {"terms": {"forum": open_codes}}, "aggs": {"codes": codes}}
    return {"global": {}, "aggs": {"chosen": chosen}}


def sort_clause(plan: Plan) -> list[Any]:
    """Relevance, or decision date (undated cases last either way); ties broken by id so pages never overlap."""
    if plan.sort == "relevance":
        return ["_score", {"id": "asc"}]
    if plan.sort == "cited_desc":
        return [{CITED_FIELD: {"order": "desc"}}, {DATE_FIELD: {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    if plan.sort == "no_follow_up_first":
        return [{FOLLOW_UP_FIELD: {"order": "asc"}}, {"id": "asc"}]
    order = "desc" if plan.sort == "date_desc" else "asc"
    return [{DATE_FIELD: {"order": order, "missing": "_last"}}, {"id": "asc"}]


def search_body(plan: Plan, translator: Translator, highlighter: Translator, highlight: dict[str, Any]) -> Query:
    """The whole search request of a plan: query, post filter, facet aggregations, sort, page, highlighting."""
    request = plan.request
    text = translator.node(plan.query)
    filters = filter_clauses(plan.filters)
    dates = date_clause(request.date_from, request.date_to)
    query: Query = {"bool": {"must": [text or MATCH_ALL], "filter": [dates] if dates else []}}
    body: Query = {
        "query": query,
        "from": request.offset,
        "size": request.size,
        "track_total_hits": True,
        "sort": sort_clause(plan),
        "_source": {"includes": ["payload", "snippet_*"]},
    }
    if filters:
        body["post_filter"] = {"bool": {"filter": list(filters.values())}}
    if request.counted_facets:
        body["aggs"] = facet_aggregations(filters, request.counted_facets)
        names = selected_names_aggregation(plan.filters.get("forum", [])) if "forum" in request.counted_facets else None
        if names is not None:
            body["aggs"][SELECTED_NAMES] = names
    if request.highlight and request.size and text is not None:
        marks = highlighter.node(plan.query)
        if marks is not None:
            body["highlight"] = {**highlight, "highlight_query": marks}
    return body
