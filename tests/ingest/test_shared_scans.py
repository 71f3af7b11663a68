"""Shortcuts of the text stages find exactly what the expressions they stand for find.

- the keyword lists' matches, read from the Aho-Corasick automaton's hits without compiling the trie expression
  (`keywords.KeywordMatcher._at`), against that expression's `finditer`;
- the record-kind rules searched with one shared pass over the document for their leading literals
  (`literals.Scan`), against the same search without it and against `re` itself;
- the gutter search's runs of free points found by doubling (`assemble._run_starts`), against one shift a point.

Each on every page of the fixtures and of the real corpus (../shared/realdocs, skipped where absent).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from caselaw.ingest import kinds
from caselaw.ingest.assemble import _run_starts
from caselaw.ingest.keywords import Folded, KeywordMatcher, find_all, matcher
from caselaw.ingest.literals import Scan
from caselaw.taxonomy import FACETS, LANGUAGES
from tests.ingest.conftest import FIXTURES
from tests.ingest.reading_order import REALDOCS, pdf_lines

_LISTS = (*FACETS, "forums", "instruments", "decision_types", "outcomes", "identifier_schemes")


def _texts(folder: Path) -> tuple[str, ...]:
    """Each PDF of `folder` as the lines of its pages."""
    return tuple("\n".join(line for page in pdf for line in page) for pdf in pdf_lines(folder))


def _corpora() -> list[tuple[str, ...]]:
    corpora = [_texts(FIXTURES / "pdf")]
    if REALDOCS.is_dir():
        corpora.append(_texts(REALDOCS))
    return corpora


def _keyword_differences(texts: tuple[str, ...]) -> list[str]:
    matchers: list[KeywordMatcher] = [
        matcher(name, languages) for name in _LISTS for languages in (LANGUAGES, *((code,) for code in LANGUAGES))
    ]
    differing = []
    for index, text in enumerate(texts):
        folded = Folded.of(text)
        for each, hits in zip(matchers, find_all(tuple(matchers), folded), strict=True):
            if hits != list(each._hits(folded, None)):  # None: the trie expression over the whole text
                differing.append(f"text {index}")
    return differing


def test_keyword_hits_are_the_trie_expressions_matches() -> None:
    edge = ("", "housing", "Housing.", "right to housing and to water", "l'éducation", "التعليم", "x" * 3)
    assert _keyword_differences(edge) == []
    for texts in _corpora():
        assert _keyword_differences(texts) == []


def test_kind_rules_find_the_same_with_a_shared_scan() -> None:
    automaton = kinds._rules_automaton()
    checked = 0
    for texts in _corpora():
        for text in texts:
            folded = Folded.of(text).folded
            scan = Scan(automaton, folded)
            for begin, end in ((0, len(folded)), (0, min(len(folded), 9000)), (max(0, len(folded) - 5000), None)):
                for rule in kinds._RULES:
                    shared = rule.guard.search(folded, begin, end, scan)
                    alone = rule.guard.search(folded, begin, end)
                    plain = rule.pattern.search(folded, begin, len(folded) if end is None else end)
                    spans = [None if m is None else m.span() for m in (shared, alone, plain)]
                    assert spans[0] == spans[1] == spans[2], (rule.name, begin, end)
                    checked += 1
    assert checked > 1000


def test_an_empty_scan_finds_nothing() -> None:
    assert Scan(Scan.automaton([]), "anything").found == {}


@pytest.mark.parametrize("seed", range(3))
def test_runs_by_doubling_are_runs_shift_by_shift(seed: int) -> None:
    def reference(mask: int, width: int) -> int:
        runs = mask
        for shift in range(1, width):
            runs &= mask >> shift
        return runs

    rng = random.Random(seed)
    for _ in range(20_000):
        mask = rng.getrandbits(rng.randint(1, 700)) | (((1 << rng.randint(0, 60)) - 1) << rng.randint(0, 600))
        width = rng.randint(1, 40)
        assert _run_starts(mask, width) == reference(mask, width)
