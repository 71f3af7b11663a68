"""Cross-lingual expansion: query words that are a taxonomy keyword also match the concept's other languages.

"desalojo" is a Spanish keyword of the right `forced-evictions`, so the query also matches that concept's
English, French, Portuguese and Arabic keywords ("eviction", "expulsion", "despejo", "إخلاء") and cases tagged
with it. The rewritten tree is engine-neutral (a `Concept` node per concept, not ~50 keyword phrases): engines
find the concepts each case mentions when they index it (`ConceptFinder`), so an expanded word costs one term
lookup per language. The response lists every expansion applied, with its keywords.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from caselaw.search.analysis import words
from caselaw.search.query import And, Concept, MatchAll, Node, Not, Or, Phrase, Term
from caselaw.search.response import Expansion
from caselaw.taxonomy import LANGUAGES, get_taxonomy

MIN_WEIGHT = 0.7
"""Keywords below this weight are ambiguous ("company", "home"): they neither trigger nor receive expansion."""
EXPANSION_BOOST = 0.5
"""Expanded keywords count less than the words typed, so cases in the query's own language rank first. The
original and its expansions are scored by the best match, not the sum: five synonyms in one case do not make
it five times as relevant."""
TAG_BOOST = 0.4
"""A case tagged with the concept matches too, weakly: tags say what the case is about, not what it says."""
MIN_PREFIX = 4
"""Shortest prefix keyword (`evict*`) that triggers expansion, so short stems do not match unrelated words."""

# Taxonomy lists a case is tagged with, and the facet key each one is searched and filtered by.
_CONCEPT_FACETS: dict[str, str] = {
    "rights": "right",
    "issues": "issue",
    "affected_groups": "affected_group",
    "charter_conditions": "charter_condition",
    # "General Comment No. 7 (1997)" also finds "observación general núm. 7 (1997)" and the cases relying on it.
    "general_comments": "cites_gc",
}


@dataclass
class KeywordIndex:
    """Taxonomy keywords by their folded words, and the keywords each concept contributes per language."""

    exact: dict[tuple[str, ...], dict[tuple[str, str], set[str]]] = field(default_factory=dict)
    prefixes: dict[str, dict[tuple[str, str], set[str]]] = field(default_factory=dict)
    targets: dict[tuple[str, str], dict[str, list[tuple[str, bool]]]] = field(default_factory=dict)
    longest: int = 1


@cache
def keyword_index() -> KeywordIndex:
    """The keyword index of the packaged taxonomy, built on first use."""
    taxonomy = get_taxonomy()
    index = KeywordIndex()
    exact: dict[tuple[str, ...], dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    prefixes: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for listing, facet_key in _CONCEPT_FACETS.items():
        for entry in taxonomy.entries(listing):
            concept = (facet_key, entry.code)
            per_language: dict[str, list[tuple[str, bool]]] = defaultdict(list)
            seen: set[tuple[str, ...]] = set()
            for language, keywords in entry.keywords.items():
                for keyword in keywords:
                    # A weak keyword is evidence for tagging, not a search synonym; but a bare "General Comment
                    # No. 7" typed as a query means that comment of any committee: it expands to every one so
                    # numbered (each committee's comment is its own concept), in every language.
                    if keyword.weight < MIN_WEIGHT and listing != "general_comments":
                        continue
                    text = keyword.term.rstrip("*").strip()
                    key = tuple(words(text))
                    if not key:
                        continue
                    if keyword.is_prefix:
                        if len(key) == 1 and len(key[0]) >= MIN_PREFIX:
                            prefixes[key[0]][concept].add(language)
                    else:
                        exact[key][concept].add(language)
                        index.longest = max(index.longest, len(key))
                    if (language, *key) not in seen:
                        seen.add((language, *key))
                        per_language[language].append((text, keyword.is_prefix))
            index.targets[concept] = dict(per_language)
    index.exact = {key: dict(value) for key, value in exact.items()}
    index.prefixes = {key: dict(value) for key, value in prefixes.items()}
    return index


def _concepts(index: KeywordIndex, key: tuple[str, ...]) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {c: set(langs) for c, langs in index.exact.get(key, {}).items()}
    if len(key) == 1:
        for prefix, concepts in index.prefixes.items():
            if key[0].startswith(prefix):
                for concept, languages in concepts.items():
                    found.setdefault(concept, set()).update(languages)
    return found


class _Expander:
    def __init__(self, ui_language: str) -> None:
        self.index = keyword_index()
        self.ui_language = ui_language
        self.applied: dict[tuple[str, tuple[str, str]], Expansion] = {}

    def alternatives(self, typed: str, concepts: dict[tuple[str, str], set[str]]) -> list[Node]:
        nodes: list[Node] = []
        for concept, source_languages in sorted(concepts.items()):
            added: dict[str, list[str]] = {}
            for language in LANGUAGES:
                if language in source_languages:
                    continue
                for text, is_prefix in self.index.targets.get(concept, {}).get(language, []):
                    added.setdefault(language, []).append(text + ("*" if is_prefix else ""))
            facet_key, code = concept
            if added:
                nodes.append(Concept(facet_key, code, tuple(added), boost=EXPANSION_BOOST))
            nodes.append(Term(code, field=facet_key, boost=TAG_BOOST))
            label: str = get_taxonomy().entry(_listing(facet_key), code).label(self.ui_language)
            self.applied.setdefault(
                (typed, concept),
                Expansion(term=typed, concept=f"{facet_key}:{code}", label=label, keywords=added),
            )
        return nodes

    def run(self, terms: list[Term]) -> list[Node]:
        """Replace the longest runs of plain words that form a keyword with (words OR expansions)."""
        out: list[Node] = []
        keys = [tuple(words(term.text)) for term in terms]
        i = 0
        while i < len(terms):
            matched = False
            for n in range(min(self.index.longest, len(terms) - i), 0, -1):
                if any(len(k) != 1 for k in keys[i : i + n]):
                    continue
                key = tuple(k[0] for k in keys[i : i + n])
                concepts = _concepts(self.index, key)
                if concepts:
                    typed = " ".join(term.text for term in terms[i : i + n])
                    original: Node = terms[i] if n == 1 else And(tuple(terms[i : i + n]))
                    out.append(Or((original, *self.alternatives(typed, concepts)), best=True))
                    i += n
                    matched = True
                    break
            if not matched:
                out.append(terms[i])
                i += 1
        return out

    def node(self, node: Node) -> Node:
        if isinstance(node, Term) and _plain(node):
            expanded = self.run([node])
            return expanded[0] if len(expanded) == 1 else And(tuple(expanded))
        if isinstance(node, Phrase) and node.field is None and node.language is None:
            concepts = _concepts(self.index, tuple(words(" ".join(node.words))))
            if concepts:
                return Or((node, *self.alternatives(" ".join(node.words), concepts)), best=True)
            return node
        if isinstance(node, And):
            children: list[Node] = []
            run: list[Term] = []
            for child in node.children:
                if isinstance(child, Term) and _plain(child):
                    run.append(child)
                    continue
                children.extend(self.run(run))
                run = []
                children.append(self.node(child))
            children.extend(self.run(run))
            return And(tuple(children))
        if isinstance(node, Or):
            return Or(tuple(self.node(child) for child in node.children), node.boost, node.best)
        # Exclusions are not expanded: `-desalojo` should not silently exclude every eviction case in English.
        return node


def keyword_nodes(concept: Concept) -> list[Node]:
    """The keywords of `concept` in its languages as text queries (what snippets mark for an expansion)."""
    nodes: list[Node] = []
    for language in concept.languages:
        for text, is_prefix in keyword_index().targets.get((concept.facet, concept.code), {}).get(language, []):
            parts = tuple(text.split())
            if is_prefix and len(parts) == 1:
                nodes.append(Term(parts[0], prefix=True, language=language, boost=concept.boost))
            else:
                nodes.append(Phrase(parts, language=language, boost=concept.boost))
    return nodes


def concept_key(facet_key: str, code: str) -> str:
    """How `ConceptFinder` names a concept: `right/forced-evictions`."""
    return f"{facet_key}/{code}"


Tokenizer = Callable[[str, str], list[str]]
"""(language, text) → normalised words; keywords and texts go through the same one."""


def _words(_language: str, text: str) -> list[str]:
    return words(text)


class ConceptFinder:
    """The index-time half of expansion: which concepts' keywords a text mentions, in the text's language.

    An engine indexes, beside each text, one token per keyword occurrence found in it (so term frequency still
    says how much a text is about the concept), in the text's language; a query word that expands to a concept
    then matches every case mentioning any of its keywords in the other languages with one term lookup per
    language. Keywords are matched on normalised words, as exact sequences or (for `evict*` keywords) as
    prefixes. Engines may pass a faster tokenizer, as long as keywords and texts go through the same one.
    """

    def __init__(self, tokenize: Tokenizer = _words) -> None:
        self.tokenize = tokenize
        # Per language: concepts of one-word keywords by word, longer keywords by first word, prefixes.
        self.single: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.multi: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = defaultdict(lambda: defaultdict(list))
        self.prefixes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        for (facet_key, code), per_language in keyword_index().targets.items():
            for language, keywords in per_language.items():
                token = concept_key(facet_key, code)
                for text, is_prefix in keywords:
                    key = tuple(tokenize(language, text))
                    if not key:
                        continue
                    if is_prefix and len(key) == 1:
                        if len(key[0]) >= MIN_PREFIX:
                            self.prefixes[language].append((key[0], token))
                    elif len(key) == 1:
                        self.single[language][key[0]].add(token)
                    else:
                        self.multi[language][key[0]].append((key[1:], token))

    def _prefix_pattern(self, language: str) -> re.Pattern[str] | None:
        if language not in self._patterns:
            starts = sorted({prefix for prefix, _ in self.prefixes.get(language, [])})
            alternatives = "|".join(re.escape(prefix) for prefix in starts)
            self._patterns[language] = re.compile(f"^(?:{alternatives})[^\n]*$", re.M) if starts else None
        return self._patterns[language]

    def find(self, language: str, text: str) -> list[str]:
        """Concepts (`concept_key`) whose keywords in `language` occur in `text`, once per keyword occurrence."""
        single, multi, prefixes = self.single.get(language), self.multi.get(language), self.prefixes.get(language)
        if not single and not multi and not prefixes:
            return []
        tokens = self.tokenize(language, text)
        # Counting, set intersections and the prefix regex run in C: Python only loops over the words found.
        counts = Counter(tokens)
        distinct = counts.keys()
        hits = distinct & single.keys() if single else set()
        pattern = self._prefix_pattern(language)
        prefixed = set(pattern.findall("\n".join(distinct))) if pattern else set()
        result: list[str] = []
        for word in hits | prefixed:
            found = set(single.get(word, ())) if single else set()
            if word in prefixed:
                found.update(token for prefix, token in prefixes or () if word.startswith(prefix))
            result.extend(sorted(found) * counts[word])
        if not multi:
            return result
        joined = ""
        for word in multi.keys() & distinct:
            for rest, token in multi[word]:
                if all(part in distinct for part in rest):  # cheap test before searching the text
                    # Two spaces between words, so repeated words (" a  a ") are each found by a non-overlapping
                    # count of " a "; joined once per text, and only when a keyword's words all occur.
                    joined = joined or f"  {'  '.join(tokens)}  "
                    result.extend([token] * joined.count(f" {word}  {'  '.join(rest)} "))
        return result


def _plain(term: Term) -> bool:
    return term.field is None and term.language is None and not term.prefix


def _listing(facet_key: str) -> str:
    return next(listing for listing, key in _CONCEPT_FACETS.items() if key == facet_key)


def expand(node: Node, ui_language: str = "en") -> tuple[Node, list[Expansion]]:
    """The query tree with taxonomy keywords expanded across languages, and the expansions applied."""
    expanded, applied = _expand(node, ui_language)
    return expanded, list(applied)


@lru_cache(maxsize=4096)
def _expand(node: Node, ui_language: str) -> tuple[Node, tuple[Expansion, ...]]:
    # Memoised: a pure function of immutable values, and users repeat the same queries.
    if isinstance(node, MatchAll | Not):
        return node, ()
    expander = _Expander(ui_language)
    expanded = expander.node(node)
    return expanded, tuple(expander.applied.values())
