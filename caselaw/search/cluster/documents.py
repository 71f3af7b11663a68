"""A case as a cluster-engine document: text routed to its language's fields, concepts, facets and payload."""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from caselaw.models import Case
from caselaw.search.cluster.mapping import (
    CITED_FIELD,
    DATE_FIELD,
    FOLLOW_UP_FIELD,
    FORUM_NAME_FIELD,
    NAME_FIELD,
    PAYLOAD_FIELD,
    concepts_field,
)
from caselaw.search.conversions import Item, finder_version
from caselaw.search.expansion import ConceptFinder
from caselaw.search.fields import snippet_field, text_field, title_field
from caselaw.search.indexable import Concepts, Indexable, indexable


@cache
def concept_finder() -> ConceptFinder:
    """The concept finder (Python folding on both sides, so it needs nothing from the cluster's analysis)."""
    return ConceptFinder()


@cache
def concept_version() -> str:
    """The version of this engine's concept finding (`conversions.finder_version`): a rebuild's cache key."""
    return finder_version(concept_finder(), sys.modules[__name__])


def case_document(case: Case) -> dict[str, Any]:
    """The JSON document of `case`: its indexable view (`search.indexable`) in this engine's fields."""
    return view_document(indexable(case, concept_finder()))


def rebuild_document(item: Item) -> tuple[tuple[str, dict[str, Any]], Concepts]:
    """A rebuild's conversion of a case with its cached concepts (`conversions.cached_conversion`): its id and
    document, and the concepts the document holds."""
    case, concepts = item
    view = indexable(case, concept_finder(), concepts)
    return (case.id, view_document(view)), view.concepts


def view_document(view: Indexable) -> dict[str, Any]:
    """The JSON document of an indexable view."""
    doc: dict[str, Any] = {"id": view.id, PAYLOAD_FIELD: view.payload}
    fields: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        fields.setdefault(name, []).append(value)

    for language, text in view.titles:
        add(title_field(language), text)
    for name in view.names:
        add(NAME_FIELD, name)
    for item in view.texts:
        add(text_field(item.field_language), item.text)
        add(snippet_field(item.field_language), item.excerpt)
    for language, found in view.concepts.items():
        if found:
            # A keyword field counts a concept once per case, whatever the number of mentions.
            fields.setdefault(concepts_field(language), []).extend(dict.fromkeys(found))
    doc.update(fields)
    doc.update({key: values for key, values in view.facets.items() if values})
    if view.decision_date is not None:
        doc[DATE_FIELD] = view.decision_date.isoformat()
    if view.forum_name:
        doc[FORUM_NAME_FIELD] = view.forum_name
    doc[CITED_FIELD] = view.cited_by_count
    doc[FOLLOW_UP_FIELD] = view.follow_up_rank
    return doc
