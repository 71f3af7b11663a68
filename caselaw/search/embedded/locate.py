"""Snippets without reading the whole excerpt: find the query's words by their bytes, confirm them by analysis.

tantivy's snippet generator analyses the whole text it is given (tokenizer, folding, stemmer) to find the matches:
~65 µs per 1,000 characters, so a page of ten hits with their ~4,000-character excerpts cost twice to four times
the query it decorated. Here the excerpt's bytes are searched for the beginnings of the stems to mark, Latin-1
letters folded as the stems were, the densest cluster of candidates is cut out with some context before it, and
each candidate word there is run through the field's own analyzer: it is marked when its term is one the
generator would mark, so a stem found inside another word, or another word sharing its beginning, is not. A
candidate is only a hint: when none is confirmed, or none is found (a letter beyond Latin-1, "œuvre" for
"oeuvr"), the caller hands the whole excerpt to tantivy's generator as before. The byte search is native
(`_scan.c`: one pass over the excerpt however many stems an expanded query brings, ~2-5 ns a byte), with
`scan_words` as its Python twin (one `bytes.find` per stem).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from caselaw.search.analysis import FIELD_LANGUAGES
from caselaw.search.embedded.schema import analyzer, highlight_analyzer
from caselaw.search.expansion import keyword_nodes
from caselaw.search.highlight import RawSnippet
from caselaw.search.query import And, Concept, Node, Or, Phrase, Term

log = logging.getLogger(__name__)

LEAD = 40
"""Bytes of context kept before the first match of the window."""
CLUSTER = 140
"""Matches within this many bytes count together: they fit in one fragment after the lead."""
PER_NEEDLE = 8
"""Occurrences of one needle looked at per excerpt: enough to find a cluster, bounded for a common stem."""
WINDOW = 400
"""Bytes after a cluster's start whose candidates the fragment may show (200 characters are 400 bytes in Arabic)."""
_WORD = re.compile(r"[^\W_]+")
"""A word as tantivy's simple tokenizer splits text: a run of letters and digits."""
_IN_WORD = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ARABIC_FORMS = {"ا": "اأإآ", "و": "وؤ", "ي": "يئى"}
"""Letters the Arabic stemmer unifies, and the forms the text may have instead (see `schema.analyzer_steps`)."""


def _add(found: dict[str, dict[str, None]], text: str, language: str | None, *, prefix: bool) -> None:
    for field_language in [language] if language else FIELD_LANGUAGES:
        # As `Translator.text` analyses it for highlighting. A lone prefix becomes a regex query, which the
        # generator does not mark; in a phrase prefix only the whole words are terms.
        tokens = highlight_analyzer("xx" if prefix else field_language).analyze(text)
        for token in tokens[:-1] if prefix else tokens:
            found.setdefault(field_language, {})[token] = None


def _collect(node: Node, found: dict[str, dict[str, None]]) -> None:
    if isinstance(node, And | Or):
        for child in node.children:
            _collect(child, found)
    elif isinstance(node, Term | Phrase) and node.field in (None, "text"):
        text = node.text if isinstance(node, Term) else " ".join(node.words)
        _add(found, text, node.language, prefix=isinstance(node, Term) and node.prefix)
    elif isinstance(node, Concept):
        for child in keyword_nodes(node):
            _collect(child, found)
    # An excluded word is never in a hit (`Not`), titles and names are not in the excerpts.


def _variants(stem: str, language: str) -> tuple[bytes, ...]:
    """Byte strings finding a word whose stem is `stem`: its beginning, in the forms the text may spell it."""
    # The stemmer rewrites a word's end ("policy" -> "polici", "مستشفى" -> "مستشفي"): drop the stem's last
    # letter when enough remains to be telling.
    keep = len(stem) - 1 if len(stem) >= (4 if language == "ar" else 5) else len(stem)
    stem = stem[:keep]
    if language != "ar":
        return (stem.encode(),)
    # Arabic: the stemmer unified alef, waw and yeh forms; try the text's forms of the first such letter (a
    # hamza mostly sits on a word's first alef). A form elsewhere goes unfound: the whole excerpt is then read.
    place = next((i for i, letter in enumerate(stem) if letter in _ARABIC_FORMS), None)
    if place is None:
        return (stem.encode(),)
    return tuple(f"{stem[:place]}{form}{stem[place + 1 :]}".encode() for form in _ARABIC_FORMS[stem[place]])


@dataclass(frozen=True)
class Marks:
    """What one field language's snippets mark for a query: the terms, and the bytes that find their words."""

    language: str
    terms: frozenset[str]
    needles: tuple[bytes, ...]
    """What finds the terms' words (several for an Arabic stem, see `_variants`), none that another one begins
    (the shorter finds both: "expul" covers "expuls")."""
    terms_of: tuple[int, ...]
    """The number of the term each needle finds (distinct terms close together make the best fragment)."""


@lru_cache(maxsize=1024)
def marks(query: Node) -> dict[str, Marks]:
    """Per field language, the terms tantivy's generator marks for `query` (mirrors the highlighting
    `Translator`: its term queries on that language's text field); a language without an entry marks nothing."""
    found: dict[str, dict[str, None]] = {}
    _collect(query, found)
    built: dict[str, Marks] = {}
    for language, words in found.items():
        numbered = _needles([_variants(word, language) for word in words])
        needles = tuple(needle for needle, _ in numbered)
        built[language] = Marks(language, frozenset(words), needles, tuple(term for _, term in numbered))
    return built


def _needles(variants: list[tuple[bytes, ...]]) -> tuple[tuple[bytes, int], ...]:
    """Each term's byte strings, numbered by term, without those another one begins: every needle costs a scan
    of the excerpt, and expanded concepts bring stems that share their beginning ("demoli", "demolis")."""
    numbered = {needle: term for term, forms in enumerate(variants) for needle in reversed(forms)}
    return tuple(
        (needle, term)
        for needle, term in numbered.items()
        if not any(other != needle and needle.startswith(other) for other in numbered)
    )


def _fold_table() -> bytes:
    """Byte map folding the Latin-1 letters of UTF-8 text once their lead byte 0xC3 is dropped: "é" (C3 A9) is
    "e", "Ñ" (C3 91) is "n", as tantivy's lower-casing and ASCII folding make them (a letter without an ASCII
    base, "æ", "ß", stays as it is and never matches)."""
    table = bytearray(range(256))
    for byte in range(0x80, 0xC0):
        base = unicodedata.normalize("NFKD", chr(0xC0 + byte - 0x80).lower())[0]
        if base.isascii() and base.isalpha():
            table[byte] = ord(base)
    return bytes(table)


_FOLD = _fold_table()
_NOT_LETTERS = (0x97, 0xB7)
"""× and ÷: the two Latin-1 characters after 0xC3 that are no letters."""


def _original(value: bytes, at: int) -> int:
    """Where byte `at` of the folded `value` (its 0xC3 bytes dropped, see `_FOLD`) begins in `value`: the lead
    byte when the letter there is accented."""
    position = at
    while (moved := at + value.count(b"\xc3", 0, position)) != position:
        position = moved
    return position


def _latin1_letter(value: bytes, at: int) -> bool:
    return (
        value[at] == 0xC3 and at + 1 < len(value) and 0x80 <= value[at + 1] < 0xC0 and value[at + 1] not in _NOT_LETTERS
    )


def _starts(value: bytes, at: int, *, anywhere: bool) -> bool:
    """Whether a candidate may begin at `at`: a character's first byte, and (unless `anywhere`) no letter or
    digit before it; a character other than an ASCII or Latin-1 one (an apostrophe "’") separates words."""
    if 0x80 <= value[at] < 0xC0:
        return False
    if anywhere or at == 0:
        return True
    before = value[at - 1]
    if before < 0x80:
        return before not in _IN_WORD
    return not (at >= 2 and _latin1_letter(value, at - 2))


def _matches(value: bytes, at: int, needle: bytes, *, fold: bool) -> bool:
    """Whether the folded text from `at` begins with `needle` (see `_scan.c`'s `unit`)."""
    for expected in needle:
        if at >= len(value):
            return False
        byte = value[at]
        if byte < 0x80:
            found, at = (byte + 32 if 0x41 <= byte <= 0x5A else byte), at + 1
        elif fold and _latin1_letter(value, at):
            base = _FOLD[value[at + 1]]
            found, at = (base if base < 0x80 else 0xFF), at + 2
        else:
            found, at = byte, at + 1
        if found != expected:
            return False
    return True


def scan_words(value: bytes, needles: tuple[bytes, ...], anywhere: bool, per_needle: int) -> list[tuple[int, int]]:
    """(byte position, needle number) where a needle begins a word of `value` (any character with `anywhere`),
    folded as the needles are, at most `per_needle` of each, in order; the reference of the native `_scan`."""
    lowered = value.lower()
    # Each needle is found in a folded copy (one `bytes.find` per needle), then checked in the text itself; a
    # needle beyond ASCII (Arabic) in the text as it is, whose other multi-byte letters folding would garble.
    folded = lowered.translate(_FOLD, b"\xc3") if not anywhere and b"\xc3" in value else None
    hits: list[tuple[int, int]] = []
    for number, needle in enumerate(needles):
        fold = folded is not None and needle.isascii()
        haystack = folded if fold and folded is not None else lowered
        at, found = haystack.find(needle), 0
        while at >= 0 and found < per_needle:
            place = _original(value, at) if fold else at
            if _starts(value, place, anywhere=anywhere) and _matches(value, place, needle, fold=not anywhere):
                hits.append((place, number))
                found += 1
            at = haystack.find(needle, at + 1)
    hits.sort()
    return hits


Scanner = Callable[[bytes, tuple[bytes, ...], bool, int], list[tuple[int, int]]]


def _scanner() -> Scanner:
    """The native `scan_words` (`_scan.c`, built by setup.py), or the Python one when it is not built."""
    try:
        from caselaw.search.embedded._scan import scan
    except ImportError:
        log.warning("caselaw.search.embedded._scan is not built: snippets search excerpts in Python, slower")
        return scan_words
    return scan


_SCAN = _scanner()


def _cluster(values: list[bytes], marks: Marks) -> tuple[int, int, list[int]] | None:
    """(value, byte position, candidate positions) of the place holding the most distinct terms within CLUSTER
    bytes (the earliest such) in the first excerpt where a term's word is found (summaries come first: a
    summary mentioning the words says the most); None when no word is found."""
    anywhere = marks.language == "ar"
    for index, value in enumerate(values):
        hits = [(at, marks.terms_of[number]) for at, number in _SCAN(value, marks.needles, anywhere, PER_NEEDLE)]
        if not hits:
            continue
        position = hits[0][0]
        if len({term for _, term in hits}) > 1:
            # Slide a CLUSTER-wide window over the candidates, counting each term's candidates inside it.
            inside: dict[int, int] = {}
            most, last = 0, 0
            for at, term in hits:
                inside[term] = inside.get(term, 0) + 1
                while hits[last][0] <= at - CLUSTER:
                    left = hits[last][1]
                    inside[left] -= 1
                    if not inside[left]:
                        del inside[left]
                    last += 1
                if len(inside) > most:
                    most, position = len(inside), hits[last][0]
        return index, position, [at for at, _ in hits if position - 2 * LEAD <= at <= position + WINDOW]
    return None


_TERMS: dict[tuple[str, str], str | None] = {}
_TERMS_SIZE = 50_000


def _term(language: str, word: str) -> str | None:
    """The term the field's analyzer makes of `word` (None when it makes none or several), remembered: the
    same words come back search after search."""
    key = (language, word)
    if key not in _TERMS:
        if len(_TERMS) >= _TERMS_SIZE:
            _TERMS.clear()
        tokens = analyzer(language).analyze(word)
        _TERMS[key] = tokens[0] if len(tokens) == 1 else None
    return _TERMS[key]


def snippet(values: list[bytes], marks: Marks, chars: int) -> RawSnippet | None:
    """A fragment of at most `chars` characters of the excerpts `values` with the words of `marks` confirmed
    by the field's analyzer, or None when the byte search finds no confirmed word (see the module)."""
    found = _cluster(values, marks)
    if found is None:
        return None
    index, position, positions = found
    value = values[index]
    begin = 0
    if position > LEAD:
        space = value.rfind(b" ", max(position - 2 * LEAD, 0), position - LEAD)
        begin = space + 1 if space >= 0 else position - LEAD
    # A cut inside a multi-byte letter drops that letter, not the window (a letter is at most 4 bytes).
    text = value[begin : begin + 4 * chars].decode("utf-8", errors="ignore")
    if len(text) > chars:
        cut = text.rfind(" ", 0, chars + 1)
        text = text[: cut if cut > chars // 2 else chars]
    end = begin + len(text.encode("utf-8"))
    ranges: dict[int, int] = {}
    for at in positions:
        if not begin <= at < end:
            continue
        start = len(value[begin:at].decode("utf-8", errors="ignore"))
        while start > 0 and text[start - 1 : start].isalnum():  # Arabic: back to the word's first letter
            start -= 1
        word = _WORD.match(text, start)
        if word is None or word.start() in ranges:
            continue
        if _term(marks.language, word.group()) in marks.terms:
            ranges[word.start()] = word.end()
    if not ranges:
        return None
    return RawSnippet(text, tuple(sorted(ranges.items())))
