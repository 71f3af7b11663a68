"""The tantivy schema and analyzers of the embedded engine: one text field per language, facets as fast fields."""

from __future__ import annotations

import zlib
from functools import cache

import tantivy

from caselaw.search.analysis import ANALYZED_LANGUAGES, FIELD_LANGUAGES
from caselaw.search.facets import FACET_KEYS
from caselaw.search.fields import snippet_field, text_field, title_field

SCHEMA_VERSION = 3
"""Bumped whenever fields or analyzers change: an index of another version must be rebuilt, not read."""
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


@cache
def highlight_analyzer(language: str) -> tantivy.TextAnalyzer:
    """The field analyzer without stop words: what snippets mark ("a", "la", "to" inside a phrase are not)."""
    stemmer = ANALYZED_LANGUAGES.get(language)
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(tantivy.Filter.lowercase())
        .filter(
            tantivy.Filter.custom_stopword(list(ARABIC_STOP_WORDS))
            if language == "ar"
            else tantivy.Filter.stopword(stemmer or "english")
        )
        .filter(tantivy.Filter.ascii_fold())
    )
    if stemmer is not None:
        builder = builder.filter(tantivy.Filter.stemmer(stemmer))
    return builder.build()


@cache
def analyzer(language: str) -> tantivy.TextAnalyzer:
    """Analyzer of a field language: split on non-word characters, lower-case, fold diacritics, stem.

    Folding comes before stemming so a query typed without accents ("educacion") stems like the accented
    text; the Snowball Arabic stemmer also strips tashkeel and tatweel, unifies alef forms and removes the
    article ال, so no Arabic pre-processing is needed and highlighting sees the original text.
    """
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    stemmer = ANALYZED_LANGUAGES.get(language)
    if stemmer is not None:
        builder = builder.filter(tantivy.Filter.stemmer(stemmer))
    return builder.build()


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
    return builder.build()
