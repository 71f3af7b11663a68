"""The tantivy schema and analyzers of the embedded engine: one text field per language, facets as fast fields."""

from __future__ import annotations

import hashlib
import json
import zlib
from functools import cache
from typing import Any

import tantivy

from caselaw.search.analysis import ANALYZED_LANGUAGES, FIELD_LANGUAGES
from caselaw.search.facets import FACET_KEYS
from caselaw.search.fields import snippet_field, text_field, title_field

MAX_TOKEN_LENGTH = 60
"""Longer tokens are OCR garbage or URLs; dropping them keeps the term dictionary small."""
ARABIC_STOP_WORDS = (
    "في",
    "من",
    "على",
    "إلى",
    "الى",
    "عن",
    "مع",
    "أو",
    "او",
    "و",
    "أن",
    "ان",
    "التي",
    "الذي",
    "هذا",
    "هذه",
)
"""tantivy has no Arabic stop-word list; these prepositions and particles are the ones keyword phrases use."""
NAME_FIELD = "name"
"""Titles in every language, popular names, parties and identifiers, neutrally analysed: names and numbers."""
DAY_FIELD = "day"
"""Decision date as days since 1970-01-01: range filters and date sort (cases without a date sort last)."""
CITED_FIELD = "cited_rank"
"""The "most cited" sort key: cases citing the case (each once), then its decision day (`documents.cited_rank`)."""
FOLLOW_UP_FIELD = "follow_up_rank"
"""The `no_follow_up_first` sort key (`indexable.follow_up_rank`)."""


def concept_term(key: str) -> str:
    """The word standing for a taxonomy concept (`expansion.concept_key`) in the text fields.

    Each text field gets, beside the text, one such word per keyword occurrence `ConceptFinder` found in it;
    an expanded query word matches the concept with one term query per language, and the match is scored
    like the keyword itself in that field (same length normalisation), where a separate short concept field
    would have outscored the words typed. Letters then digits: no analyzer or stemmer changes it, and no
    real word looks like it.
    """
    return f"zxq{zlib.crc32(key.encode())}"


def tokenizer_name(language: str) -> str:
    """Name under which a field language's analyzer is registered."""
    return f"caselaw_{language}"


Step = tuple[Any, ...]
"""One stage of an analyzer: a tantivy filter's name, then its arguments (a length, a language, a word list)."""


def analyzer_steps(language: str, *, marks: bool = False) -> tuple[Step, ...]:
    """The filters of a field language's analyzer, as data: what `SCHEMA_VERSION` hashes and `_build` builds.

    Folding comes before stemming so a query typed without accents ("educacion") stems like the accented
    text; the Snowball Arabic stemmer also strips tashkeel and tatweel, unifies alef forms and removes the
    article ال, so no Arabic pre-processing is needed and highlighting sees the original text. `marks` is the
    highlighting variant, without stop words: what snippets mark ("a", "la", "to" inside a phrase are not).
    """
    stemmer = ANALYZED_LANGUAGES.get(language)
    steps: list[Step] = [("remove_long", MAX_TOKEN_LENGTH), ("lowercase",)]
    if marks:
        steps.append(("custom_stopword", ARABIC_STOP_WORDS) if language == "ar" else ("stopword", stemmer or "english"))
    steps.append(("ascii_fold",))
    if stemmer is not None:
        steps.append(("stemmer", stemmer))
    return tuple(steps)


def _build(steps: tuple[Step, ...]) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    for step in steps:
        name, *argument = step
        if name == "custom_stopword":
            builder = builder.filter(tantivy.Filter.custom_stopword(list(argument[0])))
        else:
            builder = builder.filter(getattr(tantivy.Filter, name)(*argument))
    return builder.build()


@cache
def highlight_analyzer(language: str) -> tantivy.TextAnalyzer:
    """The field analyzer without stop words: what snippets mark (see `analyzer_steps`)."""
    return _build(analyzer_steps(language, marks=True))


@cache
def analyzer(language: str) -> tantivy.TextAnalyzer:
    """Analyzer of a field language: split on non-word characters, lower-case, fold diacritics, stem."""
    return _build(analyzer_steps(language))


def register_analyzers(index: tantivy.Index) -> None:
    """Register every analyzer on an opened index (tantivy does not persist custom tokenizers)."""
    for language in FIELD_LANGUAGES:
        index.register_tokenizer(tokenizer_name(language), analyzer(language))


def build_schema() -> tantivy.Schema:
    """The schema: id, stored display payload, per-language text, names, facet fields and the decision day."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("payload", stored=True, indexed=False)
    for language in FIELD_LANGUAGES:
        builder.add_text_field(title_field(language), tokenizer_name=tokenizer_name(language))
        # Not stored: whole judgments in the document store made every hit fetch and every build slower.
        builder.add_text_field(text_field(language), tokenizer_name=tokenizer_name(language))
        # Stored excerpt (UTF-8), not indexed: snippets are cut from it and "more like this" reads a case's words
        # from it, both analysing it as the language's text field (see `snippets`). Indexing it as text cost
        # 40% of the writer's time for terms the text field already has.
        builder.add_bytes_field(snippet_field(language), stored=True, indexed=False)
    builder.add_text_field(NAME_FIELD, tokenizer_name=tokenizer_name("xx"))
    for key in FACET_KEYS:
        # Raw codes, fast for aggregations; stored so "related cases" can reuse a case's tags.
        builder.add_text_field(key, stored=True, fast=True, tokenizer_name="raw")
    builder.add_integer_field(DAY_FIELD, indexed=True, fast=True)
    builder.add_integer_field(CITED_FIELD, indexed=False, fast=True)
    builder.add_integer_field(FOLLOW_UP_FIELD, indexed=False, fast=True)
    return builder.build()


def schema_version(schema: tantivy.Schema) -> str:
    """A hash of the schema's fields and the analyzers its text fields are indexed with.

    Whatever changes a field or how one is analysed changes the version, so an index built before the change is
    refused (IndexNotReady) and rebuilt instead of read: nothing to remember to bump. Query-time settings
    (the highlighting variant) are left out: they need no rebuild.
    """
    # Pickling's reduction is tantivy's own description of the schema: every field with its options.
    reduced = schema.__reduce__()
    assert isinstance(reduced, tuple)
    fields = reduced[1][0]
    analyzers = {tokenizer_name(language): analyzer_steps(language) for language in FIELD_LANGUAGES}
    described = json.dumps({"fields": fields, "analyzers": analyzers}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(described.encode()).hexdigest()[:16]


SCHEMA_VERSION = schema_version(build_schema())
"""Derived from what `build_schema` and the analyzers build: an index of another version is rebuilt, not read."""
