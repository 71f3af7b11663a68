"""Snippets: the best fragment per language field, UI language first, matches as char ranges.

The excerpts are stored, not indexed (see `schema`). A fragment is first cut around the words a byte search
finds and the field's analyzer confirms (`locate`: the terms tantivy's generator would mark, at a fraction of
its cost); only when that confirms nothing is the excerpt handed whole to tantivy's snippet generator as the
value of its language's body-text field, which analyses all of it with that field's analyzer.
"""

from __future__ import annotations

from typing import Any

import tantivy

from caselaw.search.analysis import field_language
from caselaw.search.embedded.locate import marks, snippet
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
    marked = marks(plan.query)
    generators: dict[str, tantivy.SnippetGenerator] = {}

    def generated(language: str, values: list[bytes]) -> RawSnippet | None:
        name = text_field(language)
        generator = generators.get(name)
        if generator is None:
            query = highlighter.query(plan.query)
            generator = tantivy.SnippetGenerator.create(searcher, query, highlighter.schema, name)
            generator.set_max_num_chars(SNIPPET_CHARS)
            generators[name] = generator
        return _generated(generator, name, values)

    out: list[list[RawSnippet]] = []
    for doc in docs:
        payload_languages: list[str] = _languages(doc)
        languages = dict.fromkeys(field_language(lang) for lang in [plan.request.lang, *payload_languages])
        stored = {language: values for language in languages if (values := _stored(doc, language))}
        # A field whose language has no word of the query to mark is skipped: the generator would find nothing.
        texts = {language: values for language, values in stored.items() if language in marked}
        found: list[RawSnippet] = []
        for language, values in texts.items():
            if (fragment := snippet(values, marked[language], SNIPPET_CHARS)) is not None:
                found.append(fragment)
                if len(found) == MAX_SNIPPETS:
                    break
        if not found:
            # Nothing found by bytes (a form `locate` cannot see, such as "œ" for "oe"): tantivy reads the whole
            # excerpts, language by language, until it marks something.
            for language, values in texts.items():
                if (fragment := generated(language, values)) is not None:
                    found.append(fragment)
                    break
        out.append(found or _opening(stored))
    return out


def _stored(doc: tantivy.Document, language: str) -> list[bytes]:
    values: list[Any] = doc.get_all(snippet_field(language))
    return [value if isinstance(value, bytes) else str(value).encode() for value in values]


def _generated(generator: tantivy.SnippetGenerator, name: str, values: list[bytes]) -> RawSnippet | None:
    """tantivy's best fragment of one field's whole excerpts, or None when nothing in them is marked."""
    generated = generator.snippet_from_doc(tantivy.Document(**{name: [value.decode("utf-8") for value in values]}))
    ranges = [(r.start, r.end) for r in generated.highlighted()]
    if not ranges:
        return None
    fragment = generated.fragment()
    return RawSnippet(fragment, byte_ranges_to_chars(fragment, ranges))


def _languages(doc: tantivy.Document) -> list[str]:
    values: list[Any] = doc.get_all("language")
    return [str(value) for value in values]


def _opening(texts: dict[str, list[bytes]]) -> list[RawSnippet]:
    for values in texts.values():
        text = " ".join(values[0].decode("utf-8").split())
        if len(text) > SNIPPET_CHARS:
            text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        return [RawSnippet(text, ())]
    return []
