"""The literal strings every match of a regular expression contains, read from the expression itself, and scans
built on them that find exactly what `re` finds, for less: Python's `re` tries an expression at every position of
a text (some 35 ns a character for the text stages' expressions), a `str` search or an Aho-Corasick automaton
finds words far faster.

- `required_literals`: a text that contains none of them cannot match, and is not scanned;
- `leading_literals`: every match starts at most a few characters before one of them, so the expression is tried
  there only (`Guarded.finditer`, `Guarded.search`);
- `Guarded.places`: which passages of a document may match, from one look at the whole document.

The reading is conservative: where it does not know an operator, it claims nothing (`None`), never a literal
that a match might lack. Case-insensitive expressions claim nothing.
"""

from __future__ import annotations

import heapq
import importlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick

# The expression parser of the standard library (`re._parser` since 3.11): the one that compiles the patterns.
_parser: Any = importlib.import_module("re._parser")
_ZERO_WIDTH = frozenset({_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT})
_REPEATS = frozenset({_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT})


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of `pattern` contains at least one; None when none can be named."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _sequence(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # an expression this reader does not follow: no claim, the expression runs everywhere
        return None
    if not found or "" in found:
        return None
    # A literal that contains another adds nothing: any text with it has the shorter one too.
    return tuple(sorted(x for x in found if not any(y != x and y in x for y in found)))


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best claim of a sequence: a run of literal characters, or the claim of one of its parts."""
    claims: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is _parser.LITERAL:
            run.append(chr(value))
            continue
        if run:
            claims.append(frozenset({"".join(run)}))
            run = []
        if op in _ZERO_WIDTH:
            continue  # a look-around or anchor: the characters on each side are not necessarily a run
        claim = _node(op, value)
        if claim is not None:
            claims.append(claim)
    if run:
        claims.append(frozenset({"".join(run)}))
    # The longest shortest literal is the rarest in text, as a rule; then the fewest alternatives.
    return max(claims, key=lambda claim: (min(map(len, claim)), -len(claim)), default=None)


def _node(op: Any, value: Any) -> frozenset[str] | None:
    if op is _parser.SUBPATTERN:
        _, add_flags, _, sub = value
        return None if add_flags & re.IGNORECASE else _sequence(sub.data)
    if op is _parser.ATOMIC_GROUP:
        return _sequence(value.data)
    if op is _parser.BRANCH:
        union: set[str] = set()
        for branch in value[1]:
            claim = _sequence(branch.data)
            if claim is None:
                return None  # one alternative needs no literal: the whole needs none
            union |= claim
        return frozenset(union)
    if op in _REPEATS:
        low, _, item = value
        return _sequence(item.data) if low >= 1 else None
    return None


def leading_literals(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], int] | None:
    """Strings one of which every match of `pattern` has within its first characters, and how far in at most:
    a match starts at most that many characters before an occurrence of one of them. None when unknown."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _leading(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # as in `required_literals`: no claim
        return None
    if found is None or "" in found[0]:
        return None
    return tuple(sorted(found[0])), found[1]


def _leading(items: list[tuple[Any, Any]]) -> tuple[frozenset[str], int] | None:
    """The first literal run a sequence must match, and the most characters the items before it may take."""
    lead = 0
    for index, (op, value) in enumerate(items):
        if op is _parser.LITERAL:
            run = []
            for next_op, next_value in items[index:]:
                if next_op is not _parser.LITERAL:
                    break
                run.append(chr(next_value))
            return frozenset({"".join(run)}), lead
        if op in (_parser.SUBPATTERN, _parser.BRANCH, _parser.ATOMIC_GROUP) or (op in _REPEATS and value[0] >= 1):
            inner = _leading_node(op, value)
            if inner is not None:
                return inner[0], lead + inner[1]
        width = _width(op, value)
        if width is None:
            return None
        lead += width
    return None


def _leading_node(op: Any, value: Any) -> tuple[frozenset[str], int] | None:
    if op is _parser.SUBPATTERN:
        return None if value[1] & re.IGNORECASE else _leading(value[3].data)
    if op is _parser.ATOMIC_GROUP:
        return _leading(value.data)
    if op in _REPEATS:
        return _leading(value[2].data)  # the first repetition starts where the repeat does
    union: set[str] = set()
    lead = 0
    for branch in value[1]:
        found = _leading(branch.data)
        if found is None:
            return None
        union |= found[0]
        lead = max(lead, found[1])
    return frozenset(union), lead


def _width(op: Any, value: Any) -> int | None:
    """The most characters one item can match; None when unbounded or unknown."""
    if op in _ZERO_WIDTH:
        return 0
    if op in (_parser.LITERAL, _parser.NOT_LITERAL, _parser.IN, _parser.ANY, _parser.CATEGORY):
        return 1
    if op is _parser.SUBPATTERN:
        return _widths(value[3].data)
    if op is _parser.ATOMIC_GROUP:
        return _widths(value.data)
    if op is _parser.BRANCH:
        widths = [_widths(branch.data) for branch in value[1]]
        return None if any(w is None for w in widths) else max(w for w in widths if w is not None)
    if op in _REPEATS:
        _, high, item = value
        inner = _widths(item.data)
        return None if inner is None or high == _parser.MAXREPEAT else high * inner
    return None


def _widths(items: list[tuple[Any, Any]]) -> int | None:
    total = 0
    for op, value in items:
        width = _width(op, value)
        if width is None:
            return None
        total += width
    return total


class Guarded:
    """An expression with what every match of it needs: a text without it is not scanned, and in a long text the
    expression is tried only where a match can start (a few characters before each leading literal), which
    finds the same matches as `finditer`, in the same order."""

    def __init__(self, pattern: re.Pattern[str], trigger: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self.literals = required_literals(pattern)
        leading = leading_literals(pattern)
        # Short leading literals ("a", "is") stand everywhere, and a long lead multiplies the places to try: such
        # an expression is scanned whole, as before.
        useful = leading is not None and min(map(len, leading[0])) >= _SHORTEST and leading[1] <= _MOST_LEAD
        self.leading = leading if useful else None
        self._automaton: Any = None  # for many leading literals: built here, so a forked worker has it warm
        if self.leading is not None and len(self.leading[0]) > _MANY:
            self._automaton = ahocorasick.Automaton()
            for word in self.leading[0]:
                self._automaton.add_word(word, len(word))
            self._automaton.make_automaton()
        # A cheaper expression that every text where `pattern` matches also matches (written by hand, for an
        # expression whose literals are too common to tell anything: " v " in "X v Y" has only "v").
        self.trigger = trigger

    def possible(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether `pattern` may match in `text[pos:endpos]`: it has one of the literals, and the trigger matches."""
        if self.literals is not None:
            if pos == 0 and endpos is None:
                if not any(word in text for word in self.literals):
                    return False
            elif not any(text.find(word, pos, endpos) >= 0 for word in self.literals):
                return False
        return (
            self.trigger is None or self.trigger.search(text, pos, len(text) if endpos is None else endpos) is not None
        )

    def places(self, passages: Passages) -> set[int]:
        """Which passages of a document may match, from a look at the whole document for each literal and the
        trigger (instead of one for each passage), going on from the next passage at each find."""
        joined, count = passages.joined, len(passages.starts)
        found: set[int] | None = None
        if self.literals is not None:
            found = set()
            for word in self.literals:
                at = joined.find(word)
                while at >= 0:
                    index = passages.index(at)
                    found.add(index)
                    at = joined.find(word, passages.end(index))
        if self.trigger is None:
            return set(range(count)) if found is None else found
        if found is not None:  # the trigger checked only in the passages that have a literal
            return {i for i in found if self.trigger.search(joined, passages.starts[i], passages.end(i))}
        hits: set[int] = set()
        match = self.trigger.search(joined)
        while match is not None:
            index = passages.index(match.start())
            hits.add(index)
            match = self.trigger.search(joined, passages.end(index))
        return hits

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text, pos, endpos)`, without the scan when no match is possible."""
        end = len(text) if endpos is None else min(endpos, len(text))
        if self.leading is not None and end - pos >= _LONG:
            return self._anchored(text, pos, end)
        if not self.possible(text, pos, endpos):
            return iter(())
        return self.pattern.finditer(text, pos, end)

    def search(
        self, text: str, pos: int = 0, endpos: int | None = None, scan: Scan | None = None
    ) -> re.Match[str] | None:
        """`pattern.search(text, pos, endpos)`, the same way (reading no further than the first match); `scan`:
        where the leading literals occur in `text`, found once for several expressions (see `Scan`)."""
        if scan is not None and self.leading is not None:
            end = len(text) if endpos is None else min(endpos, len(text))
            if end - pos >= _LONG:
                return next(self._anchored(text, pos, end, scan.occurrences(self.leading[0], pos, end)), None)
        return next(self.finditer(text, pos, endpos), None)

    def _anchored(self, text: str, pos: int, end: int, occurrences: list[int] | None = None) -> Iterator[re.Match[str]]:
        """The matches, trying the expression only from a few characters (the lead) before each occurrence of a
        leading literal, occurrences taken in order of position, so that the places are tried in order (the same
        place twice is tried once: `untried` has passed it)."""
        assert self.leading is not None
        lead = self.leading[1]
        untried = reached = pos
        for found in self._occurrences(text, pos, end) if occurrences is None else occurrences:
            # Occurrences come in order and all have the same lead: these places follow every place tried.
            for start in range(max(untried, reached, found - lead), found + 1):
                match = self.pattern.match(text, start, end)
                if match is not None:
                    yield match
                    reached = max(match.end(), start + 1)  # `finditer` goes on from a match's end
                    break
            untried = max(untried, found + 1)

    def _occurrences(self, text: str, pos: int, end: int) -> Iterator[int]:
        """Where the leading literals occur in `text[pos:end]`, in order: many literals found in one pass of an
        Aho-Corasick automaton; a few each by `str.find`, the next one only when needed (a search that stops at
        the first match reads no further)."""
        assert self.leading is not None
        words = self.leading[0]
        if self._automaton is not None:
            yield from sorted({last - length + 1 for last, length in self._automaton.iter(text, pos, end)})
            return
        queue = [(found, word) for word in words if (found := text.find(word, pos, end)) >= 0]
        heapq.heapify(queue)
        while queue:
            found, word = queue[0]
            following = text.find(word, found + 1, end)
            if following >= 0:
                heapq.heapreplace(queue, (following, word))
            else:
                heapq.heappop(queue)
            yield found


class Scan:
    """Where the leading literals of several guards occur in one text, found in one pass of an Aho-Corasick
    automaton: a document's rules, most of which match nothing, each scanned the whole text once per literal
    (`str.find`), 35 rules and 370 literals for a record's kind."""

    def __init__(self, automaton: Any, text: str) -> None:
        found: dict[str, list[int]] = {}
        words = automaton.iter(text) if automaton.kind == ahocorasick.AHOCORASICK else ()  # none: nothing to find
        for last, word in words:
            start = last - len(word) + 1
            if word in found:
                found[word].append(start)
            else:
                found[word] = [start]
        self.found = found

    @staticmethod
    def automaton(guards: Iterable[Guarded]) -> Any:
        """The automaton of every leading literal of `guards`, each word its own value."""
        automaton = ahocorasick.Automaton()
        for guard in guards:
            for word in guard.leading[0] if guard.leading is not None else ():
                automaton.add_word(word, word)
        automaton.make_automaton()
        return automaton

    def occurrences(self, words: tuple[str, ...], pos: int, end: int) -> list[int]:
        """Where any of `words` occurs wholly within `text[pos:end]`, in order, each place once."""
        found = self.found
        places = {start for word in words for start in found.get(word, ()) if start >= pos and start + len(word) <= end}
        return sorted(places)


_LONG = 2000  # characters from which trying a few places beats one scan of `re`
_MANY = 24  # leading literals from which one pass of an automaton beats a `str.find` each
_SHORTEST = 3
_MOST_LEAD = 24


@dataclass(frozen=True)
class Passages:
    """The passages of one document joined by NUL, which no literal or trigger has, so that no occurrence
    straddles two passages (`Guarded.places`)."""

    joined: str
    starts: list[int]  # where each passage starts in `joined`

    @classmethod
    def of(cls, texts: list[str]) -> Passages | None:
        """The passages joined; None when one of them has a NUL of its own."""
        joined = _JOINT.join(texts)
        if joined.count(_JOINT) != max(0, len(texts) - 1):
            return None
        starts, position = [], 0
        for text in texts:
            starts.append(position)
            position += len(text) + 1
        return cls(joined, starts)

    def index(self, position: int) -> int:
        """The passage an offset of `joined` falls in."""
        return bisect_right(self.starts, position) - 1

    def end(self, index: int) -> int:
        """Where passage `index` ends in `joined` (its joint, or the end)."""
        return self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.joined)


_JOINT = "\x00"
