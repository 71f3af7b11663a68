"""Translate the engine-neutral query tree and filters into tantivy queries.

Every query is first written as data (`Spec`), then built into a tantivy-py query (`build`) or handed as JSON to
the native one-pass search (`spec_json`, read by `native/src/lib.rs`): one translation for both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

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

Spec = tuple[Any, ...]
"""A tantivy query as data: `(op, *arguments)`, the arguments of the tantivy-py constructor `build` calls for
`op` (`("term", field, text)`, `("bool", (("must", spec), ...))`, ...); hashable, so it keys caches."""
MUST, SHOULD, MUST_NOT = "must", "should", "must_not"
_OCCUR = {MUST: tantivy.Occur.Must, SHOULD: tantivy.Occur.Should, MUST_NOT: tantivy.Occur.MustNot}
ALL: Spec = ("all",)


def term_spec(field: str, text: str) -> Spec:
    """A term of a field (already analysed)."""
    return ("term", field, text)


def bool_spec(clauses: Iterable[tuple[str, Spec]]) -> Spec:
    """A boolean query of (occur, spec) clauses."""
    return ("bool", tuple(clauses))


def build(schema: tantivy.Schema, spec: Spec) -> tantivy.Query:
    """The tantivy-py query a spec describes."""
    op = spec[0]
    query = tantivy.Query
    if op == "term":
        return query.term_query(schema, spec[1], spec[2])
    if op == "phrase":
        return query.phrase_query(schema, spec[1], list(spec[2]))
    if op == "phrase_prefix":
        return query.phrase_prefix_query(schema, spec[1], list(spec[2]))
    if op == "regex":
        return query.regex_query(schema, spec[1], spec[2])
    if op == "dismax":
        return query.disjunction_max_query([build(schema, s) for s in spec[1]], spec[2])
    if op == "bool":
        return query.boolean_query([(_OCCUR[occur], build(schema, s)) for occur, s in spec[1]])
    if op == "boost":
        return query.boost_query(build(schema, spec[1]), spec[2])
    if op == "const":
        return query.const_score_query(build(schema, spec[1]), spec[2])
    if op == "range_i64":
        return query.range_query(schema, spec[1], tantivy.FieldType.Integer, spec[2], spec[3])
    if op == "all":
        return query.all_query()
    if op == "empty":
        return query.empty_query()
    raise ValueError(f"unknown query spec {op!r}")


@lru_cache(maxsize=4096)
def spec_json(spec: Spec) -> str:
    """The JSON form of a spec, as the native search reads it (tuples become arrays)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"))


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
        # keyword queries; specs and built queries (immutable) are kept for the next search.
        self._cache: dict[tuple[object, ...], Spec | None] = {}
        self._built: dict[Spec, tantivy.Query] = {}

    def query(self, node: Node) -> tantivy.Query:
        """The tantivy query of a tree (match-all when nothing constrains)."""
        translated = self.node(node)
        return translated if translated is not None else tantivy.Query.all_query()

    def node(self, node: Node) -> tantivy.Query | None:
        """The tantivy query of a node, or None when it constrains nothing (an empty or unsearchable word)."""
        spec = self.spec(node)
        if spec is None:
            return None
        built = self._built.get(spec)
        if built is None:
            if len(self._built) >= CACHE_SIZE:
                self._built.clear()
            built = self._built[spec] = build(self.schema, spec)
        return built

    def spec(self, node: Node) -> Spec | None:
        """The spec of a node's query, or None when it constrains nothing (an empty or unsearchable word)."""
        if isinstance(node, And | Or):
            # Trees are immutable and users repeat queries: an expanded word is a dozen queries.
            key = ("tree", node)
            if key not in self._cache:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()
                self._cache[key] = self._node(node)
            return self._cache[key]
        return self._node(node)

    def _node(self, node: Node) -> Spec | None:
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
                query = ("dismax", tuple(options), 0.0)
            else:
                query = bool_spec((SHOULD, q) for q in options)
            return _boosted(query, node.boost)
        if isinstance(node, Not):
            return self.conjunction((node,))
        if isinstance(node, Concept):
            return self.concept(node)
        if isinstance(node, MatchAll):
            return None
        raise TypeError(node)

    def options(self, children: Iterable[Node]) -> list[Spec]:
        """The queries of `children` that constrain something."""
        return [q for q in (self.spec(child) for child in children) if q is not None]

    def best_options(self, node: Or) -> list[Spec]:
        """The options of a pure-max `Or`, nested pure maxima spliced in (an expanded word: typed | concept | tag).

        max(a, b·max(x, y)) is max(a, b·x, b·y): the same scores, but tantivy runs one union instead of a union
        per level, which halved the time of an expanded word (each union level buffers and scores its window).
        """
        if self.highlight:
            return self.options(node.children)
        found: list[Spec] = []
        for child in node.children:
            if isinstance(child, Concept):
                found.extend(_boosted(term, child.boost) for term in self.concept_terms(child))
            elif isinstance(child, Or) and child.best:
                found.extend(_boosted(option, child.boost) for option in self.best_options(child))
            else:
                query = self.spec(child)
                if query is not None:
                    found.append(query)
        return found

    def concept_terms(self, node: Concept) -> list[Spec]:
        """One term query per language of the concept (see `schema.concept_term`), unboosted."""
        word = concept_term(concept_key(node.facet, node.code))
        return [term_spec(text_field(language), word) for language in node.languages]

    def concept(self, node: Concept) -> Spec | None:
        """Cases mentioning the concept in its languages: one term per language (see `schema.concept_term`)."""
        if self.highlight:
            key = ("concept", node)
            if key not in self._cache:
                keywords = [q for q in (self.spec(child) for child in keyword_nodes(node)) if q is not None]
                self._cache[key] = bool_spec((SHOULD, q) for q in keywords) if keywords else None
            return self._cache[key]
        terms = self.concept_terms(node)
        if not terms:
            return None
        # Best language wins, as among the keywords of one concept: five languages are not five times the match.
        query = terms[0] if len(terms) == 1 else ("dismax", tuple(terms), 0.0)
        return _boosted(query, node.boost)

    def conjunction(self, children: Iterable[Node]) -> Spec | None:
        clauses: list[tuple[str, Spec]] = []
        for child in children:
            if isinstance(child, Not):
                excluded = self.spec(child.child)
                if excluded is not None and not self.highlight:
                    clauses.append((MUST_NOT, excluded))
                continue
            query = self.spec(child)
            if query is not None:
                clauses.append((MUST, query))
        if not clauses:
            return None
        if all(occur == MUST_NOT for occur, _ in clauses):
            clauses.append((MUST, ALL))
        if len(clauses) == 1 and clauses[0][0] == MUST:
            return clauses[0][1]
        return bool_spec(clauses)

    def term(self, term: Term) -> Spec | None:
        if term.field in KEYWORD_FIELDS:
            assert term.field is not None
            value = term.text.strip() if term.field == "id" else facet(term.field).normalise(term.text)
            return _boosted(term_spec(term.field, value), term.boost)
        return self.text(term.text, term.field, term.language, term.boost, prefix=term.prefix)

    def text(self, text: str, field: str | None, language: str | None, boost: float, *, prefix: bool) -> Spec | None:
        """Analysed text against every language's fields (or one field family, or one language)."""
        key = (text, field, language, boost, prefix)
        if key not in self._cache:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = self._text(text, field, language, boost, prefix=prefix)
        return self._cache[key]

    def _text(self, text: str, field: str | None, language: str | None, boost: float, *, prefix: bool) -> Spec | None:
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
        query = queries[0] if len(queries) == 1 else ("dismax", tuple(queries), TIE_BREAKER)
        return _boosted(query, boost)

    def tokens(self, name: str, tokens: list[str], prefix: bool) -> Spec:
        if prefix and len(tokens) == 1:
            # Tokens are analyser output (letters and digits only), so they are literal in a regex.
            return ("regex", name, f"{tokens[0]}.*")
        if prefix:
            return ("phrase_prefix", name, tuple(tokens))
        if len(tokens) == 1:
            return term_spec(name, tokens[0])
        if self.highlight:
            return bool_spec((SHOULD, term_spec(name, token)) for token in tokens)
        return ("phrase", name, tuple(tokens))


def _boosted(query: Spec, boost: float) -> Spec:
    return query if boost == 1.0 else ("boost", query, boost)


def filter_specs(filters: dict[str, list[str]]) -> dict[str, Spec]:
    """One query per filtered facet: any of its selected values (values of one facet OR together).

    Term queries, not `term_set_query`: tantivy runs a term set through an automaton that fills a bitset of
    every document of the segment, which made a filtered search 3-4x slower than the text query alone. Filters
    score nothing, so they do not change the ranking.
    """
    found: dict[str, Spec] = {}
    for key, values in filters.items():
        terms = [term_spec(key, value) for value in values]
        query = terms[0] if len(terms) == 1 else bool_spec((SHOULD, q) for q in terms)
        found[key] = ("const", query, 0.0)
    return found


def filter_queries(schema: tantivy.Schema, filters: dict[str, list[str]]) -> dict[str, tantivy.Query]:
    """`filter_specs` built."""
    return {key: build(schema, spec) for key, spec in filter_specs(filters).items()}


def date_spec(start: date | None, end: date | None) -> Spec | None:
    """The decision-date range filter, or None when the request has no range."""
    if start is None and end is None:
        return None
    return ("range_i64", DAY_FIELD, day_number(start) if start else -(10**9), day_number(end) if end else 10**9)


def date_query(schema: tantivy.Schema, start: date | None, end: date | None) -> tantivy.Query | None:
    """`date_spec` built."""
    spec = date_spec(start, end)
    return build(schema, spec) if spec is not None else None


def conjunction_spec(specs: list[Spec]) -> Spec:
    """All of `specs` (match-all when empty)."""
    if not specs:
        return ALL
    if len(specs) == 1:
        return specs[0]
    return bool_spec((MUST, s) for s in specs)


def conjunction(queries: list[tantivy.Query]) -> tantivy.Query:
    """All of `queries` (match-all when empty)."""
    if not queries:
        return tantivy.Query.all_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])
