"""A case as a tantivy document: text routed to its language's fields, facet codes, day and display payload."""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import cache

import tantivy

from caselaw.models import Case
from caselaw.search.analysis import field_language, words
from caselaw.search.conversions import Item, finder_version
from caselaw.search.embedded import schema
from caselaw.search.embedded.schema import (
    CITED_FIELD,
    DAY_FIELD,
    FOLLOW_UP_FIELD,
    NAME_FIELD,
    analyzer,
    concept_term,
)
from caselaw.search.expansion import ConceptFinder
from caselaw.search.fields import snippet_field, text_field, title_field
from caselaw.search.hits import open_forum_name
from caselaw.search.indexable import Concepts, Indexable, indexable

EPOCH = date(1970, 1, 1)


_DAYS = 1 << 20  # room for every decision day since 1970 +/- 1400 years, shifted to be positive


def cited_rank(count: int, day: date | None) -> int:
    """One integer sorting by cited-by count, then newest decision, undated last (tantivy sorts by one field)."""
    return count * _DAYS + (day_number(day) + _DAYS // 2 if day is not None else 0)


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


@cache
def concept_version() -> str:
    """The version of this engine's concept finding (`conversions.finder_version`): a rebuild's cache key."""
    return finder_version(concept_finder(), sys.modules[__name__], schema)


def case_document(case: Case) -> tantivy.Document:
    """The tantivy document of `case`: its indexable view (`search.indexable`) in this engine's fields."""
    return view_document(indexable(case, concept_finder()))


RebuildDocument = tuple[tantivy.Document, str | None, str | None]
"""A case's document, forum and open forum's printed name: what a rebuild's converter hands back."""


def rebuild_document(item: Item) -> tuple[RebuildDocument, Concepts]:
    """A rebuild's conversion of a case with its cached concepts (`conversions.cached_conversion`): the document,
    forum and printed forum name, and the concepts the document holds."""
    case, concepts = item
    view = indexable(case, concept_finder(), concepts)
    return (view_document(view), case.forum, open_forum_name(case)), view.concepts


def view_document(view: Indexable) -> tantivy.Document:
    """The tantivy document of an indexable view."""
    doc = tantivy.Document()
    doc.add_text("id", view.id)
    doc.add_bytes("payload", json.dumps(view.payload, ensure_ascii=False, separators=(",", ":")).encode())
    for language, text in view.titles:
        doc.add_text(title_field(language), text)
    for name in view.names:
        doc.add_text(NAME_FIELD, name)
    for item in view.texts:
        doc.add_text(text_field(item.field_language), item.text)
        doc.add_bytes(snippet_field(item.field_language), item.excerpt.encode())
    for language, found in view.concepts.items():
        # Concepts are searched as reserved terms of the language's text field (`schema.concept_term`).
        if found:
            doc.add_text(text_field(field_language(language)), " ".join(concept_term(key) for key in found))
    for key, values in view.facets.items():
        for value in values:
            doc.add_text(key, value)
    if view.decision_date is not None:
        doc.add_integer(DAY_FIELD, day_number(view.decision_date))
    doc.add_integer(CITED_FIELD, cited_rank(view.cited_by_count, view.decision_date))
    doc.add_integer(FOLLOW_UP_FIELD, view.follow_up_rank)
    return doc
