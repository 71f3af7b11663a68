"""Match the taxonomy's multilingual keyword lists in text: case- and accent-insensitive, on word boundaries."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

import ahocorasick

from caselaw.taxonomy import LANGUAGES, get_taxonomy

_COMBINING = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_APOSTROPHES = str.maketrans({"’": "'", "`": "'", "ʼ": "'", "\u00a0": " ", "–": "-", "—": "-"})
# The same mapping as pairs for `str.replace`: `str.translate` with a dict looks every character up (three
# quarters of `fold`'s time on the real corpus), a replace of a character absent is one fast scan.
_REPLACEMENTS = tuple((chr(code), str(value)) for code, value in _APOSTROPHES.items())
# A negation this close before a keyword means the text denies it ("no violation", "sin vivienda" is kept:
# only verbs and findings are negated cheaply here; see `negated`).
_NEGATION = re.compile(r"(?:\b(?:no|not|non|ni|nor|sans|sem|sin|without|never|jamais|nunca)\b|\bn'|لا |لم |غير )\W*$")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_WORD = re.compile(r"\w")  # what the keyword expressions' `\w` is, so that boundaries are judged alike
_WORD_RUN = re.compile(r"\w*")


def fold(text: str) -> str:
    """Lower case without accents, Arabic vowel marks or tatweel; one character in, one out where possible."""
    if text.isascii():
        return text.lower()  # what the steps below make of ASCII, at a fraction of the cost
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", decomposed)


@cache
def _fold_char(char: str) -> str:
    return fold(char)


@lru_cache(maxsize=8192)
def _fold_run(run: str) -> tuple[str, bool]:
    """A run of characters folded one at a time, and whether each folded to one character."""
    pieces = [_fold_char(char) for char in run]
    return "".join(pieces), all(len(piece) == 1 for piece in pieces)


@dataclass(frozen=True)
class Folded:
    """A text and its folded form, with a way back from folded offsets to original ones."""

    original: str
    folded: str
    # The characters whose fold is not one character long ("ﬁ", a vowel mark), in order: the folded offset
    # where each one's fold starts, and (its original offset, the length of its fold). Every other character
    # keeps its place relative to the last of them, so the map back is a search in these, not a table of every
    # offset (building that table was most of the cost of folding a long judgment in a language with accents).
    marks: tuple[int, ...] = ()
    moves: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, text: str) -> Folded:
        """Fold `text`, mapping offsets only when folding changed the length somewhere."""
        folded = fold(text)
        if len(folded) == len(text):
            return cls(text, folded)
        # Folded character by character, so that offsets map back: ASCII is lowered as bytes (`bytes.lower`
        # touches ASCII letters only), each run of other characters from the per-character cache.
        lowered = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
        pieces: list[str] = []
        marks: list[int] = []
        moves: list[tuple[int, int]] = []
        position = shift = 0  # shift: folded length minus original length so far
        for run in _NON_ASCII.finditer(lowered):
            start, end = run.span()
            pieces.append(lowered[position:start])
            chunk, even = _fold_run(run.group())
            pieces.append(chunk)
            if not even:
                at = start + shift
                for index in range(start, end):
                    length = len(_fold_char(text[index]))
                    if length != 1:
                        marks.append(at)
                        moves.append((index, length))
                    at += length
                shift += len(chunk) - (end - start)
            position = end
        pieces.append(lowered[position:])
        return cls(text, "".join(pieces), tuple(marks), tuple(moves))

    def index(self, position: int) -> int:
        """The original offset behind folded offset `position` (at most `len(folded)`)."""
        last = bisect_right(self.marks, position) - 1
        if last < 0:
            return position
        start = self.marks[last]
        original, length = self.moves[last]
        return original if position < start + length else position - start - length + original + 1

    def span(self, start: int, end: int) -> str:
        """The original text behind folded offsets [start, end)."""
        if not self.marks:
            return self.original[start:end]
        return self.original[self.index(start) : self.index(min(end, len(self.folded)))]


@dataclass(frozen=True)
class Hit:
    """One keyword found: the entry's code, the keyword's weight and term, and where."""

    code: str
    weight: float
    term: str
    start: int
    end: int


class KeywordMatcher:
    """All keywords of one taxonomy list in some languages: the matches of one regular expression (`pattern`, a
    trie of the keywords between word boundaries), found without compiling it (see `_at`)."""

    def __init__(self, facet: str, languages: tuple[str, ...]) -> None:
        self.terms: dict[str, list[tuple[str, float, str]]] = {}
        for entry in get_taxonomy().entries(facet):
            for language in languages:
                for keyword in entry.keywords.get(language, []):
                    folded = fold(keyword.term.rstrip("*"))
                    key = folded + ("*" if keyword.is_prefix else "")
                    self.terms.setdefault(key, []).append((entry.code, keyword.weight, keyword.term))
        self._alternatives = sorted(self.terms, key=len, reverse=True)
        self._prefixes = [t for t in self._alternatives if t.endswith("*")]
        # Where a keyword can start: every match of `pattern` starts with one of the keywords (a prefix keyword
        # with its stem), found in one pass of an Aho-Corasick automaton, in C.
        self.stems = frozenset(term.rstrip("*") for term in self._alternatives)
        self._open = frozenset(term[:-1] for term in self._prefixes)  # stems a word may go on after

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The expression whose matches `finditer` gives: compiled only where the automaton cannot serve (and by
        the tests comparing both), as compiling the largest lists' tries took most of a second."""
        if not self._alternatives:
            return None
        return re.compile(rf"(?<!\w)(?:{_trie_pattern(self._alternatives)})(?!\w)")

    def finditer(self, text: Folded) -> Iterator[Hit]:
        """Every keyword occurrence in `text` (longest keyword first at each position)."""
        return iter(find_all((self,), text)[0])

    def _hits(self, text: Folded, starts: dict[int, list[int]] | None) -> Iterator[Hit]:
        """The hits of `pattern.finditer(text.folded)`, from `starts` (every place a keyword starts, with the
        lengths of the keywords starting there; None: the expression reads the whole text)."""
        if not self._alternatives:
            return
        folded = text.folded
        if starts is None:
            assert self.pattern is not None
            spans: Iterator[tuple[int, int]] = (match.span() for match in self.pattern.finditer(folded))
        else:
            spans = self._at(folded, starts)
        for start, end in spans:
            found = folded[start:end]
            entries = self.terms.get(found) or next(
                (self.terms[p] for p in self._prefixes if found.startswith(p[:-1])), []
            )
            for code, weight, term in entries:
                yield Hit(code, weight, term, start, end)

    def _at(self, folded: str, starts: dict[int, list[int]]) -> Iterator[tuple[int, int]]:
        """The spans `pattern` matches at `starts`, in order, as `finditer` finds them, without the expression.

        At a start not preceded by a word character, the trie expression follows the text down the trie as far
        as it goes and backs up: the first keyword that ends there, longest first, wins: a prefix keyword
        (its `\\w*` goes to the end of the word), or a whole keyword followed by no word character."""
        reached = 0
        word, run, open_stems, terms = _WORD.match, _WORD_RUN.match, self._open, self.terms
        for start in sorted(starts):
            if start < reached:
                continue  # inside the last match: `finditer` goes on from its end
            if start and word(folded, start - 1):
                continue
            for length in sorted(starts[start], reverse=True):
                stop = start + length
                stem = folded[start:stop]
                if stem in open_stems:
                    end = run(folded, stop).end()  # type: ignore[union-attr]  # `\w*` always matches
                elif stem in terms and not word(folded, stop):
                    end = stop
                else:
                    continue
                yield start, end
                reached = end
                break


def find_all(matchers: tuple[KeywordMatcher, ...], text: Folded) -> list[list[Hit]]:
    """The hits of each matcher in `text`, as its `finditer` gives them, from one pass over the text of an
    Aho-Corasick automaton of all their keywords (in C) that tells where keywords start: each matcher's
    expression is tried there only, not by `re` at every position (measured 0.12 s -> 0.05 s a pass over the
    real corpus's decisions, and one pass serves several lists)."""
    automaton = _automaton(matchers)
    places: list[dict[int, list[int]]] = [{} for _ in matchers]
    read = automaton is not None
    try:
        for last, (length, owners) in automaton.iter(text.folded) if read else ():
            start = last - length + 1
            for owner in owners:
                found = places[owner]
                if start in found:
                    found[start].append(length)
                else:
                    found[start] = [length]
    except (TypeError, ValueError, UnicodeError):  # a text the automaton does not take: `re` reads it all
        read = False
    return [list(matcher._hits(text, places[i] if read else None)) for i, matcher in enumerate(matchers)]


@cache
def _automaton(matchers: tuple[KeywordMatcher, ...]) -> Any:
    """One automaton of the keywords (prefix keywords by their stems) of several matchers, each keyword with its
    length and the matchers it belongs to; None when a keyword folds to nothing (it would start everywhere)."""
    owners: dict[str, list[int]] = {}
    for index, matcher in enumerate(matchers):
        for stem in matcher.stems:
            owners.setdefault(stem, []).append(index)
    if not owners or "" in owners:
        return None
    automaton = ahocorasick.Automaton()
    for stem, indices in owners.items():
        automaton.add_word(stem, (len(stem), tuple(indices)))
    automaton.make_automaton()
    return automaton


def _trie_pattern(terms: list[str]) -> str:
    """One expression for many terms, factored by shared prefixes: Python's `re` tries a flat alternation's
    branches one by one at every position, a trie's only along the text (measured 5x faster on 300 terms).
    A term ending in `*` matches any word that starts with the rest."""
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        prefix = term.endswith("*")
        for char in term.rstrip("*") if prefix else term:
            node = node.setdefault(char, {})
        node["\0*" if prefix else "\0"] = True

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if not char.startswith("\0")]
        if "\0*" in node:
            branches.append(r"\w*")
        optional = "\0" in node and "\0*" not in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
        return body + ("?" if optional else "")

    return build(trie)


@cache
def matcher(facet: str, languages: tuple[str, ...] = LANGUAGES) -> KeywordMatcher:
    """The matcher of one taxonomy list and languages, built once per process."""
    return KeywordMatcher(facet, languages)


def negated(text: Folded, start: int) -> bool:
    """Whether a negation word stands right before offset `start` (within a few characters)."""
    return _NEGATION.search(text.folded[max(0, start - 12) : start]) is not None
