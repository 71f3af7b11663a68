"""Snippets from tantivy: the best fragment per language field, UI language first, matches as char ranges.

The excerpts are stored, not indexed (see `schema`): each is handed to tantivy's snippet generator as the
value of its language's body-text field, so the generator marks the query's words of that field, weighed by
their document frequency in the full texts, and analyses the excerpt with that field's analyzer.
"""

from __future__ import annotations

from typing import Any

import tantivy

from caselaw.search.analysis import field_language
from caselaw.search.embedded.translate import Translator
from caselaw.search.engine import Plan
from caselaw.search.fields import snippet_field, text_field
from caselaw.search.highlight import RawSnippet, byte_ranges_to_chars

SNIPPET_CHARS = 200
MAX_SNIPPETS = 2


def excerpts(doc: tantivy.Document, language: str) -> list[str]:
    """The stored excerpts of a field language (summaries, the opening of each document), as text."""
    values: list[Any] = doc.get_all(snippet_field(language))
    return [value.decode("utf-8") if isinstance(value, bytes) else str(value) for value in values]


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
        languages = list(dict.fromkeys(field_language(lang) for lang in [plan.request.lang, *payload_languages]))
        texts = {language: values for language in languages if (values := excerpts(doc, language))}
        found: list[RawSnippet] = []
        for language, values in texts.items():
            name = text_field(language)
            generator = generators.get(name)
            if generator is None:
                generator = tantivy.SnippetGenerator.create(searcher, query, schema, name)
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators[name] = generator
            snippet = generator.snippet_from_doc(tantivy.Document(**{name: values}))
            ranges = [(r.start, r.end) for r in snippet.highlighted()]
            if ranges:
                fragment = snippet.fragment()
                found.append(RawSnippet(fragment, byte_ranges_to_chars(fragment, ranges)))
            if len(found) == MAX_SNIPPETS:
                break
        if not found:
            found = _opening(texts)
        out.append(found)
    return out


def _languages(doc: tantivy.Document) -> list[str]:
    values: list[Any] = doc.get_all("language")
    return [str(value) for value in values]


def _opening(texts: dict[str, list[str]]) -> list[RawSnippet]:
    for values in texts.values():
        text = " ".join(values[0].split())
        if len(text) > SNIPPET_CHARS:
            text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        return [RawSnippet(text, ())]
    return []
