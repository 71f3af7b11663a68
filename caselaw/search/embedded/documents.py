"""A case as a tantivy document: text routed to its language's fields, facet codes, day and display payload."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import tantivy

from caselaw.models import Case
from caselaw.search.analysis import field_language, words
from caselaw.search.embedded.schema import DAY_FIELD, NAME_FIELD, analyzer, concept_term
from caselaw.search.expansion import ConceptFinder
from caselaw.search.facets import FACETS
from caselaw.search.fields import snippet_field, text_field, title_field
from caselaw.search.hits import hit_payload
from caselaw.search.texts import case_texts

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def _concept_words(language: str, text: str) -> list[str]:
    # tantivy's folding analyzer (in Rust) is ~3x faster than the Python one on long judgments; Arabic needs
    # the Python one (tashkeel would split words, articles must go), and keywords go through the same function.
    if language == "ar":
        return words(text)
    return analyzer("xx").analyze(text)


@cache
def concept_finder() -> ConceptFinder:
    """The concept finder of the embedded engine, built on first use."""
    return ConceptFinder(_concept_words)


def case_document(case: Case) -> tantivy.Document:
    """The tantivy document of `case`."""
    doc = tantivy.Document()
    doc.add_text("id", case.id)
    doc.add_bytes("payload", json.dumps(hit_payload(case), ensure_ascii=False, separators=(",", ":")).encode())
    concepts: dict[str, list[str]] = {}
    finder = concept_finder()
    for language, title in case.titles.items():
        for text in (title.full, title.short, title.popular):
            if text:
                doc.add_text(title_field(field_language(language)), text)
                doc.add_text(NAME_FIELD, text)
                concepts.setdefault(language, []).extend(finder.find(language, text))
    for party in case.parties:
        doc.add_text(NAME_FIELD, party.name)
    for identifier in case.identifiers:
        doc.add_text(NAME_FIELD, identifier.value)
    for language, text, excerpt in case_texts(case):
        name = field_language(language)
        doc.add_text(text_field(name), text)
        doc.add_bytes(snippet_field(name), excerpt.encode())
        concepts.setdefault(language, []).extend(finder.find(language, text))
    for language, found in concepts.items():
        if found:
            doc.add_text(text_field(field_language(language)), " ".join(concept_term(key) for key in found))
    for spec in FACETS:
        for value in spec.values(case):
            doc.add_text(spec.key, value)
    if case.dates.decision is not None:
        doc.add_integer(DAY_FIELD, day_number(case.dates.decision))
    return doc
