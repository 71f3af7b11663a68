"""Index settings and mapping of the cluster engines, generated from the facet registry and the languages.

Field layout (the same families as the embedded engine's schema): per field language a title field, a body
field (summaries, documents, remedies: indexed, left out of `_source`), a snippet field (stored excerpts the
highlighter and "related cases" read) and a concepts field (taxonomy concepts mentioned, for cross-lingual
expansion); a `name` field; one keyword field per facet; the decision date; an open forum's printed name; and
the display payload.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from caselaw.search.analysis import ANALYZED_LANGUAGES, FIELD_LANGUAGES, NEUTRAL
from caselaw.search.facets import FACET_KEYS
from caselaw.search.fields import snippet_field, text_field, title_field

Profile = Literal["full", "core"]

NAME_FIELD = "name"
DATE_FIELD = "decision_date"
PAYLOAD_FIELD = "payload"
CITED_FIELD = "cited_by_count"
"""Cases citing the case, each once: the "most cited" sort."""
FOLLOW_UP_FIELD = "follow_up_rank"
"""The `no_follow_up_first` sort key (`indexable.follow_up_rank`)."""
FORUM_NAME_FIELD = "forum_name"
"""Printed name of an open national forum (`<iso2>-<slug>`), which the taxonomy cannot label: read by a `terms`
sub-aggregation of the `forum` facet (see `translate.facet_aggregations`)."""

_STEMMERS: dict[str, str] = {
    # Snowball stemmers, as the embedded engine uses (`english` is Lucene's Porter stemmer, its nearest twin);
    # Arabic uses Lucene's light Arabic stemmer, which also strips the article ال.
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
    "ar": "arabic",
}
_FRENCH_ELISIONS = ("l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu")
"""Lucene's French elisions: "l'expulsion" is searched as "expulsion"."""
_STOP_LISTS: dict[str, str] = {language: f"_{name}_" for language, name in ANALYZED_LANGUAGES.items()}


def concepts_field(language: str) -> str:
    """Keyword field of the taxonomy concepts a case mentions in a language (`expansion.concept_key`)."""
    return f"concepts_{language}"


def analyzer_name(language: str, *, marks: bool = False) -> str:
    """Name of a field language's analyzer; `marks` is the snippet variant, which drops stop words."""
    return f"caselaw_{language}{'_marks' if marks else ''}"


def _filters(language: str, profile: Profile, *, marks: bool) -> list[str]:
    # Lower-case first: stop lists and elision articles are lower case.
    chain = ["lowercase"]
    if profile == "full" and language == "fr":
        chain.append("caselaw_elision")  # "l'expulsion" is one token for the standard tokenizer
    if marks:
        # Only the snippet fields drop stop words: "la" from a phrase must not light up every line, while the
        # searched fields keep them so phrases and exclusions match exactly what was typed (as in embedded).
        chain.append(f"caselaw_stop_{language}")
    if profile == "core":
        # Elasticsearch from its jars has no analysis-common module: no folding, stemming or normalisation.
        return chain
    if language == "ar":
        chain.append("arabic_normalization")  # alef forms, teh marbuta, tashkeel and tatweel
    # Folding before stemming, so "educacion" typed without accents stems like "educación" in the text.
    chain.append("asciifolding")
    if language in _STEMMERS:
        chain.append(f"caselaw_stem_{language}")
    return chain


def analysis_settings(profile: Profile) -> dict[str, Any]:
    """The `analysis` block: one analyzer per field language, plus its stop-word variant for snippets."""
    filters: dict[str, Any] = {
        f"caselaw_stop_{language}": {"type": "stop", "stopwords": _STOP_LISTS.get(language, "_english_")}
        for language in FIELD_LANGUAGES
    }
    if profile == "full":
        filters["caselaw_elision"] = {"type": "elision", "articles": list(_FRENCH_ELISIONS), "articles_case": True}
        filters.update(
            {f"caselaw_stem_{language}": {"type": "stemmer", "language": name} for language, name in _STEMMERS.items()}
        )
    analyzers = {
        analyzer_name(language, marks=marks): {
            "type": "custom",
            "tokenizer": "standard",
            "filter": _filters(language, profile, marks=marks),
        }
        for language in FIELD_LANGUAGES
        for marks in (False, True)
    }
    return {"filter": filters, "analyzer": analyzers}


def _text(analyzer: str, **options: Any) -> dict[str, Any]:
    return {"type": "text", "analyzer": analyzer, **options}


def mappings() -> dict[str, Any]:
    """Field mappings with the schema version in `_meta`, so an index of another version is recognised."""
    return {**_mappings(), "_meta": {"schema_version": SCHEMA_VERSION}}


def _mappings() -> dict[str, Any]:
    """Field mappings; strict, so a typo in a document is an error instead of a silently guessed field."""
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        # Display record, returned as is and never searched: not indexed at all.
        PAYLOAD_FIELD: {"type": "object", "enabled": False},
        NAME_FIELD: _text(analyzer_name(NEUTRAL)),
        DATE_FIELD: {"type": "date", "format": "strict_date"},
        CITED_FIELD: {"type": "integer", "index": False},
        FOLLOW_UP_FIELD: {"type": "integer", "index": False},
        FORUM_NAME_FIELD: {"type": "keyword"},
    }
    for language in FIELD_LANGUAGES:
        properties[title_field(language)] = _text(analyzer_name(language))
        # Norms matter here (a word in a short summary says more than in a 50-page judgment); positions for
        # phrases.
        properties[text_field(language)] = _text(analyzer_name(language))
        # Offsets let the highlighter find matches without re-analysing the excerpt.
        properties[snippet_field(language)] = _text(analyzer_name(language, marks=True), index_options="offsets")
    for language in ANALYZED_LANGUAGES:
        # Keywords: no norms, one score per concept whatever the text's length, below a typed word's score.
        properties[concepts_field(language)] = {"type": "keyword"}
    for key in FACET_KEYS:
        # Exact codes for filters and `terms` aggregations (doc values are on by default for keywords).
        properties[key] = {"type": "keyword"}
    return {
        "dynamic": "strict",
        # Whole judgments stay out of `_source`: they are searched, never displayed (excerpts are kept).
        "_source": {"excludes": [text_field(language) for language in FIELD_LANGUAGES]},
        "properties": properties,
    }


def index_body(profile: Profile) -> dict[str, Any]:
    """Settings and mappings of a new versioned index, set up for bulk loading."""
    return {"settings": _settings(profile), "mappings": mappings()}


def _settings(profile: Profile) -> dict[str, Any]:
    return {
        "index": {
            # One shard: the corpus is small (100k cases is a few GB), and BM25 statistics and facet
            # counts are then exact instead of per-shard approximations.
            "number_of_shards": 1,
            # No replicas while loading (each document written once); set after the load, see `LIVE`.
            "number_of_replicas": 0,
            # No refreshes while loading: nobody searches the new index before the alias swap.
            "refresh_interval": "-1",
        },
        "analysis": analysis_settings(profile),
    }


LIVE_SETTINGS: dict[str, Any] = {
    # A replica wherever a second node exists, none on a single node (which would otherwise stay yellow).
    "auto_expand_replicas": "0-1",
    "refresh_interval": "1s",
}
"""Settings applied once a new index is loaded, before it goes live."""


def schema_version() -> str:
    """A hash of the field mappings and the settings a new index is created with (analysis of both profiles).

    Whatever changes a field or an analyzer changes the version, kept in the mapping's `_meta` and the index
    name, so an index built before the change is refused (IndexNotReady) and rebuilt: nothing to remember to bump.
    `LIVE_SETTINGS` are left out: they are applied to a loaded index and need no rebuild.
    """
    profiles: tuple[Profile, ...] = ("full", "core")
    built = {"mappings": _mappings(), "settings": {profile: _settings(profile) for profile in profiles}}
    described = json.dumps(built, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(described.encode()).hexdigest()[:16]


SCHEMA_VERSION = schema_version()
"""Derived from what `mappings` and `index_body` build (see `schema_version`)."""
