"""The shortcuts of the text stages find exactly what `re` finds: the literals read from an expression, the
guarded scans built on them, the keyword automaton and the sparse map of folded offsets."""

from __future__ import annotations

import random
import re

import pytest

from caselaw.ingest import cited_decisions, kinds, masking
from caselaw.ingest.keywords import Folded, find_all, fold, matcher
from caselaw.ingest.literals import Guarded, Passages, leading_literals, required_literals
from caselaw.taxonomy import LANGUAGES

# Words the expressions below look for, and words around them, in the five languages and in several cases.
_SENTENCE = (
    "the for these reasons it is so ordered par ces motifs por tanto article 12 art. 3 artigo 5 المادة 4 "
    "Committee on Economic, Social and Cultural Rights general comment No. 4 observación general núm. 7 "
    "communication No. 2/2014 Caso Acevedo Jaramillo y otros Vs. Perú Serie C No. 144 T-025 de 2004 "
    "[2013] ZACC 15 2015 (2) SA 102 (SCA) Grootboom v Government of the Republic Docket No. 12-345 "
    "ministry of health fund court tribunal appeal is dismissed be it enacted hereby agree as follows "
    "right to housing adequate food water sanitation education وزارة الصحة لجنة حقوق الإنسان respondent "
    "petitioner judge president DISTR. GENERAL original: english ǅ ﬁnal İstanbul straße é ـ ً"
)
_WORDS = _SENTENCE.split()
_GLUE = (" ", " ", " ", "\n", ", ", ". ", ": ", "(", ")", "-", "/", "")


def _texts(count: int, words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(words):
            word = rng.choice(_WORDS)
            word = word.upper() if rng.random() < 0.05 else word.lower() if rng.random() < 0.3 else word
            parts.append(word + rng.choice(_GLUE))
        texts.append("".join(parts))
    return texts


def _patterns() -> list[re.Pattern[str]]:
    found = [rule.pattern for rule in kinds._RULES]
    found += [kinds._ARTICLE_START, masking._GENERIC, masking._TRAILING, masking._ARABIC]
    found += list(cited_decisions._GUARDS)
    return found


def _spans(matches: object) -> list[tuple[int, int]]:
    return [match.span() for match in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda p: p.pattern[:40])
def test_every_match_holds_a_required_literal(pattern: re.Pattern[str]) -> None:
    literals = required_literals(pattern)
    leading = leading_literals(pattern)
    for text in _texts(20, 400):
        for match in pattern.finditer(text):
            if literals is not None:
                assert any(word in match.group(0) for word in literals)
            if leading is not None:
                words, lead = leading
                head = match.group(0)[: lead + max(map(len, words))]
                assert any(head.find(word, 0, lead + len(word)) >= 0 for word in words)


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda p: p.pattern[:40])
def test_guarded_scans_find_what_re_finds(pattern: re.Pattern[str]) -> None:
    guard = cited_decisions._GUARDS.get(pattern) or Guarded(pattern)
    for text in _texts(6, 1500, seed=11):  # long enough for the anchored scan
        folded = fold(text)
        for subject in (text, folded):
            assert _spans(guard.finditer(subject)) == _spans(pattern.finditer(subject))
            assert _spans(guard.finditer(subject, 100, 3000)) == _spans(pattern.finditer(subject, 100, 3000))
            first, plain = guard.search(subject), pattern.search(subject)
            assert (first.span() if first else None) == (plain.span() if plain else None)


def test_places_keep_every_passage_that_matches() -> None:
    texts = _texts(200, 12, seed=3)
    passages = Passages.of(texts)
    assert passages is not None
    for pattern, guard in cited_decisions._GUARDS.items():
        places = guard.places(passages)
        assert {i for i, text in enumerate(texts) if pattern.search(text)} <= places
    assert Passages.of(["a\x00b", "c"]) is None


def test_claims_are_conservative() -> None:
    assert required_literals(re.compile(r"(?i)article")) is None
    assert required_literals(re.compile(r"\d+")) is None
    assert required_literals(re.compile(r"a|\d")) is None  # one alternative needs no literal
    assert required_literals(re.compile(r"(?:foo)?bar")) == ("bar",)
    assert leading_literals(re.compile(r"(?<!\w)(?:the )?court")) == (("court",), 4)  # "the " may come first
    assert leading_literals(re.compile(r"[ab]{0,2}xyz")) == (("xyz",), 2)
    assert leading_literals(re.compile(r"\s+xyz")) is None  # the lead is unbounded


def test_keyword_automaton_finds_what_the_expressions_find() -> None:
    matchers = tuple(matcher(facet, LANGUAGES) for facet in ("rights", "issues", "forums", "instruments"))
    for text in _texts(4, 1500, seed=5):
        folded = Folded.of(text)
        for one, hits in zip(matchers, find_all(matchers, folded), strict=True):
            assert one.pattern is not None
            expected = [m.span() for m in one.pattern.finditer(folded.folded)]
            assert sorted({(hit.start, hit.end) for hit in hits}) == sorted(set(expected))


def test_folded_offsets_map_back_character_by_character() -> None:
    for text in [*_texts(30, 60, seed=9), "ﬁﬂ\u0301\u064bİẞßΣς\u0640ＡǅéـaB", ""]:
        folded = Folded.of(text)
        if not folded.marks:
            assert len(folded.folded) == len(text)
            continue
        # The table the map replaces: each folded character's original offset, and the end.
        table: list[int] = []
        for index, char in enumerate(text):
            table += [index] * len(fold(char) if not char.isascii() else char.lower())
        table.append(len(text))
        assert [folded.index(i) for i in range(len(folded.folded) + 1)] == table
