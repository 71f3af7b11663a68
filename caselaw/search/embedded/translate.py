"""Translate the engine-neutral query tree and filters into tantivy queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import tantivy

from caselaw.search.analysis import FIELD_LANGUAGES
from caselaw.search.embedded.documents import day_number
from caselaw.search.embedded.schema import DAY_FIELD, NAME_FIELD, analyzer, concept_term, highlight_analyzer
from caselaw.search.expansion import concept_key, keyword_nodes
from caselaw.search.facets import facet
from caselaw.search.fields import text_field, title_field
from caselaw.search.query import KEYWORD_FIELDS, And, Concept, MatchAll, Node, Not, Or, Phrase, Term

TITLE_BOOST = 2.0
"""A word in the title says more about a case than the same word in a 50-page body."""
NAME_BOOST = 1.5
TIE_BREAKER = 0.2
"""Best field wins (dis-max), others add a little: a case matching in two languages is not twice as relevant."""

CACHE_SIZE = 20_000

Occur = tantivy.Occur


class Translator:
    """Builds tantivy queries for one schema.

    With `highlight`, the query is only used to pick words to mark: exclusions are dropped (an excluded word
    is never in a hit), stop words are dropped and phrases become their words (snippets mark terms, and "la"
    from a phrase must not light up every line); snippets are cut from the stored excerpts analysed as the
    body-text fields, and an expanded concept marks its keywords.
    """

    def __init__(self, schema: tantivy.Schema, *, highlight: bool = False) -> None:
        self.schema = schema
        self.highlight = highlight
        # A word is analysed for six field languages, and for snippets an expanded concept turns into ~50
        # keyword queries; built queries (immutable) are kept for the next search.
        self._cache: dict[tuple[object, ...], tantivy.Query | None] = {}

    def query(self, node: Node) -> tantivy.Query:
        """The tantivy query of a tree (match-all when nothing constrains)."""
        translated = self.node(node)
        return translated if translated is not None else tantivy.Query.all_query()

    def node(self, node: Node) -> tantivy.Query | None:
        """The tantivy query of a node, or None when it constrains nothing (an empty or unsearchable word)."""
        if isinstance(node, And | Or):
            # Trees are immutable and users repeat queries: an expanded word is a dozen tantivy objects.
            key = ("tree", node)
            if key not in self._cache:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()
                self._cache[key] = self._node(node)
            return self._cache[key]
        return self._node(node)

    def _node(self, node: Node) -> tantivy.Query | None:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Phrase):
            return self.text(" ".join(node.words), node.field, node.language, node.boost, prefix=False)
        if isinstance(node, And):
            return self.conjunction(node.children)
        if isinstance(node, Or):
            options = self.best_options(node) if node.best else self.options(node.children)
            if not options:
                return None
            if len(options) == 1:
                query = options[0]
            elif node.best:
                # Pure max: a case quoting ten synonyms of a concept is not ten times as relevant.
                query = tantivy.Query.disjunction_max_query(options, 0.0)
            else:
                query = tantivy.Query.boolean_query([(Occur.Should, q) for q in options])
            return _boosted(query, node.boost)
        if isinstance(node, Not):
            return self.conjunction((node,))
        if isinstance(node, Concept):
            return self.concept(node)
        if isinstance(node, MatchAll):
            return None
        raise TypeError(node)

    def options(self, children: Iterable[Node]) -> list[tantivy.Query]:
        """The queries of `children` that constrain something."""
        return [q for q in (self.node(child) for child in children) if q is not None]

    def best_options(self, node: Or) -> list[tantivy.Query]:
        """The options of a pure-max `Or`, nested pure maxima spliced in (an expanded word: typed | concept | tag).

        max(a, b·max(x, y)) is max(a, b·x, b·y): the same scores, but tantivy runs one union instead of a union
        per level, which halved the time of an expanded word (each union level buffers and scores its window).
        """
        if self.highlight:
            return self.options(node.children)
        found: list[tantivy.Query] = []
        for child in node.children:
            if isinstance(child, Concept):
                found.extend(_boosted(term, child.boost) for term in self.concept_terms(child))
            elif isinstance(child, Or) and child.best:
                found.extend(_boosted(option, child.boost) for option in self.best_options(child))
            else:
                query = self.node(child)
                if query is not None:
                    found.append(query)
        return found

    def concept_terms(self, node: Concept) -> list[tantivy.Query]:
        """One term query per language of the concept (see `schema.concept_term`), unboosted."""
        word = concept_term(concept_key(node.facet, node.code))
        return [tantivy.Query.term_query(self.schema, text_field(language), word) for language in node.languages]

    def concept(self, node: Concept) -> tantivy.Query | None:
        """Cases mentioning the concept in its languages: one term per language (see `schema.concept_term`)."""
        if self.highlight:
            key = ("concept", node)
            if key not in self._cache:
                keywords = [q for q in (self.node(child) for child in keyword_nodes(node)) if q is not None]
                should = [(Occur.Should, q) for q in keywords]
                self._cache[key] = tantivy.Query.boolean_query(should) if should else None
            return self._cache[key]
        terms = self.concept_terms(node)
        if not terms:
            return None
        # Best language wins, as among the keywords of one concept: five languages are not five times the match.
        query = terms[0] if len(terms) == 1 else tantivy.Query.disjunction_max_query(terms, 0.0)
        return _boosted(query, node.boost)

    def conjunction(self, children: Iterable[Node]) -> tantivy.Query | None:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for child in children:
            if isinstance(child, Not):
                excluded = self.node(child.child)
                if excluded is not None and not self.highlight:
                    clauses.append((Occur.MustNot, excluded))
                continue
            query = self.node(child)
            if query is not None:
                clauses.append((Occur.Must, query))
        if not clauses:
            return None
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, tantivy.Query.all_query()))
        if len(clauses) == 1 and clauses[0][0] == Occur.Must:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def term(self, term: Term) -> tantivy.Query | None:
        if term.field in KEYWORD_FIELDS:
            assert term.field is not None
            value = term.text.strip() if term.field == "id" else facet(term.field).normalise(term.text)
            return _boosted(tantivy.Query.term_query(self.schema, term.field, value), term.boost)
        return self.text(term.text, term.field, term.language, term.boost, prefix=term.prefix)

    def text(
        self, text: str, field: str | None, language: str | None, boost: float, *, prefix: bool
    ) -> tantivy.Query | None:
        """Analysed text against every language's fields (or one field family, or one language)."""
        key = (text, field, language, boost, prefix)
        if key not in self._cache:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = self._text(text, field, language, boost, prefix=prefix)
        return self._cache[key]

    def _text(
        self, text: str, field: str | None, language: str | None, boost: float, *, prefix: bool
    ) -> tantivy.Query | None:
        targets: list[tuple[str, str, float]] = []
        for field_language in [language] if language else FIELD_LANGUAGES:
            if field in (None, "title"):
                targets.append((title_field(field_language), field_language, TITLE_BOOST))
            if field in (None, "text"):
                targets.append((text_field(field_language), field_language, 1.0))
        if field == "name" or (field is None and language is None):
            targets.append((NAME_FIELD, "xx", NAME_BOOST))
        queries = []
        for name, field_language, field_boost in targets:
            # A prefix is matched unstemmed: "evict*" must reach "evicted" and "eviction" alike.
            chosen = highlight_analyzer if self.highlight else analyzer
            tokens = chosen("xx" if prefix else field_language).analyze(text)
            if not tokens:
                continue
            queries.append(_boosted(self.tokens(name, tokens, prefix), field_boost))
        if not queries:
            return None
        query = queries[0] if len(queries) == 1 else tantivy.Query.disjunction_max_query(queries, TIE_BREAKER)
        return _boosted(query, boost)

    def tokens(self, name: str, tokens: list[str], prefix: bool) -> tantivy.Query:
        if prefix and len(tokens) == 1:
            # Tokens are analyser output (letters and digits only), so they are literal in a regex.
            return tantivy.Query.regex_query(self.schema, name, f"{tokens[0]}.*")
        words: list[str | tuple[int, str]] = list(tokens)
        if prefix:
            return tantivy.Query.phrase_prefix_query(self.schema, name, words)
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, name, tokens[0])
        if self.highlight:
            terms = [tantivy.Query.term_query(self.schema, name, token) for token in tokens]
            return tantivy.Query.boolean_query([(Occur.Should, term) for term in terms])
        return tantivy.Query.phrase_query(self.schema, name, words)


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def filter_queries(schema: tantivy.Schema, filters: dict[str, list[str]]) -> dict[str, tantivy.Query]:
    """One query per filtered facet: any of its selected values (values of one facet OR together).

    Term queries, not `term_set_query`: tantivy runs a term set through an automaton that fills a bitset of
    every document of the segment, which made a filtered search 3-4x slower than the text query alone. Filters
    score nothing, so they do not change the ranking.
    """
    found: dict[str, tantivy.Query] = {}
    for key, values in filters.items():
        terms = [tantivy.Query.term_query(schema, key, value) for value in values]
        query = terms[0] if len(terms) == 1 else tantivy.Query.boolean_query([(Occur.Should, q) for q in terms])
        found[key] = tantivy.Query.const_score_query(query, 0.0)
    return found


def date_query(schema: tantivy.Schema, start: date | None, end: date | None) -> tantivy.Query | None:
    """The decision-date range filter, or None when the request has no range."""
    if start is None and end is None:
        return None
    return tantivy.Query.range_query(
        schema,
        DAY_FIELD,
        tantivy.FieldType.Integer,
        day_number(start) if start else -(10**9),
        day_number(end) if end else 10**9,
    )


def conjunction(queries: list[tantivy.Query]) -> tantivy.Query:
    """All of `queries` (match-all when empty)."""
    if not queries:
        return tantivy.Query.all_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Must, q) for q in queries])
