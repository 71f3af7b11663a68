"""Snippets from tantivy: the best fragment per language field, UI language first, matches as char ranges."""

from __future__ import annotations

from typing import Any

import tantivy

from caselaw.search.analysis import field_language
from caselaw.search.embedded.translate import Translator
from caselaw.search.engine import Plan
from caselaw.search.fields import snippet_field
from caselaw.search.highlight import RawSnippet, byte_ranges_to_chars

SNIPPET_CHARS = 200
MAX_SNIPPETS = 2


def snippets_for(
    searcher: tantivy.Searcher, highlighter: Translator, plan: Plan, docs: list[tantivy.Document]
) -> list[list[RawSnippet]]:
    """Up to MAX_SNIPPETS highlighted fragments per document; the opening of its text when nothing matched."""
    schema = highlighter.schema
    query = highlighter.query(plan.query)
    generators: dict[str, tantivy.SnippetGenerator] = {}
    out: list[list[RawSnippet]] = []
    for doc in docs:
        payload_languages: list[str] = _languages(doc)
        fields = list(
            dict.fromkeys(snippet_field(field_language(lang)) for lang in [plan.request.lang, *payload_languages])
        )
        found: list[RawSnippet] = []
        for name in fields:
            if not doc.get_all(name):
                continue
            generator = generators.get(name)
            if generator is None:
                generator = tantivy.SnippetGenerator.create(searcher, query, schema, name)
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators[name] = generator
            snippet = generator.snippet_from_doc(doc)
            ranges = [(r.start, r.end) for r in snippet.highlighted()]
            if ranges:
                fragment = snippet.fragment()
                found.append(RawSnippet(fragment, byte_ranges_to_chars(fragment, ranges)))
            if len(found) == MAX_SNIPPETS:
                break
        if not found:
            found = _opening(doc, fields)
        out.append(found)
    return out


def _languages(doc: tantivy.Document) -> list[str]:
    values: list[Any] = doc.get_all("language")
    return [str(value) for value in values]


def _opening(doc: tantivy.Document, fields: list[str]) -> list[RawSnippet]:
    for name in fields:
        values = doc.get_all(name)
        if values:
            text = " ".join(str(values[0]).split())
            if len(text) > SNIPPET_CHARS:
                text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
            return [RawSnippet(text, ())]
    return []
