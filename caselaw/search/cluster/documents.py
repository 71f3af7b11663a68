"""A case as a cluster-engine document: text routed to its language's fields, concepts, facets and payload."""

from __future__ import annotations

from functools import cache
from typing import Any

from caselaw.models import Case
from caselaw.search.analysis import field_language
from caselaw.search.cluster.mapping import DATE_FIELD, FORUM_NAME_FIELD, NAME_FIELD, PAYLOAD_FIELD, concepts_field
from caselaw.search.expansion import ConceptFinder
from caselaw.search.facets import FACETS
from caselaw.search.fields import snippet_field, text_field, title_field
from caselaw.search.hits import hit_payload, open_forum_name
from caselaw.search.texts import case_texts


@cache
def concept_finder() -> ConceptFinder:
    """The concept finder (Python folding on both sides, so it needs nothing from the cluster's analysis)."""
    return ConceptFinder()


def case_document(case: Case) -> dict[str, Any]:
    """The JSON document of `case`."""
    doc: dict[str, Any] = {"id": case.id, PAYLOAD_FIELD: hit_payload(case)}
    fields: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        fields.setdefault(name, []).append(value)

    finder = concept_finder()
    concepts: dict[str, list[str]] = {}
    for language, title in case.titles.items():
        for text in (title.full, title.short, title.popular):
            if text:
                add(title_field(field_language(language)), text)
                add(NAME_FIELD, text)
                concepts.setdefault(language, []).extend(finder.find(language, text))
    for party in case.parties:
        add(NAME_FIELD, party.name)
    for identifier in case.identifiers:
        add(NAME_FIELD, identifier.value)
    for language, text, excerpt in case_texts(case):
        add(text_field(field_language(language)), text)
        add(snippet_field(field_language(language)), excerpt)
        concepts.setdefault(language, []).extend(finder.find(language, text))
    for language, found in concepts.items():
        if found:
            # A keyword field counts a concept once per case, whatever the number of mentions.
            fields.setdefault(concepts_field(language), []).extend(dict.fromkeys(found))
    doc.update(fields)
    for spec in FACETS:
        values = spec.values(case)
        if values:
            doc[spec.key] = values
    if case.dates.decision is not None:
        doc[DATE_FIELD] = case.dates.decision.isoformat()
    forum_name = open_forum_name(case)
    if forum_name:
        doc[FORUM_NAME_FIELD] = forum_name
    return doc
