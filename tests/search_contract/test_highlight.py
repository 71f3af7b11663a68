"""Snippets: matches in <mark>, everything else escaped, in the UI language first."""

from __future__ import annotations

import re

from caselaw.search import SearchEngine, SearchRequest


def snippets(engine: SearchEngine, q: str, case_id: str, **options: object) -> list[str]:
    """Snippets of one hit."""
    response = engine.search(SearchRequest.model_validate({"q": q, "size": 50, **options}))
    return next(hit.snippets for hit in response.hits if hit.id == case_id)


def test_matches_are_marked_and_markup_in_text_is_escaped(mini: SearchEngine) -> None:
    found = snippets(mini, "water supply", "en-markup", expand=False)
    assert found, "a matching case has a snippet"
    text = found[0]
    assert "<mark>water</mark>" in text and "<mark>supply</mark>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&quot;" in text and "&amp;" in text
    assert "<script>" not in text
    # Nothing but <mark> survives as a tag.
    assert set(re.findall(r"</?([a-z]+)", text)) == {"mark"}


def test_stemmed_and_arabic_matches_are_marked(mini: SearchEngine) -> None:
    assert "<mark>evicted</mark>" in " ".join(snippets(mini, "evictions", "en-eviction", expand=False))
    arabic = " ".join(snippets(mini, "الاخلاء", "ar-eviction", expand=False))
    assert "<mark>إخلاء</mark>" in arabic or "<mark>الإخلاء</mark>" in arabic


def test_the_ui_language_comes_first(mini: SearchEngine) -> None:
    english = snippets(mini, "edict OR edicto", "es-housing", lang="en", expand=False)
    spanish = snippets(mini, "edict OR edicto", "es-housing", lang="es", expand=False)
    assert "<mark>edict</mark>" in english[0]
    assert "<mark>edicto</mark>" in spanish[0]


def test_highlight_off_returns_no_snippets(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="water", highlight=False))
    assert response.hits and all(hit.snippets == [] for hit in response.hits)


def test_a_hit_matched_without_text_gets_its_opening_unmarked(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="forum:un-crc", advanced=True))
    (hit,) = response.hits
    assert hit.snippets and "<mark>" not in hit.snippets[0]
    assert hit.snippets[0].startswith("School fees")
