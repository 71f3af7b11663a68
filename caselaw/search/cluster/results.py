"""Translate cluster responses into the engine-neutral raw results: hits, snippets and facet counts."""

from __future__ import annotations

from typing import Any

from caselaw.errors import EngineUnavailable
from caselaw.search.analysis import FIELD_LANGUAGES, field_language
from caselaw.search.cluster.mapping import PAYLOAD_FIELD
from caselaw.search.cluster.translate import SELECTED_NAMES
from caselaw.search.engine import Plan, RawHit, RawResult
from caselaw.search.fields import snippet_field
from caselaw.search.highlight import RawSnippet

SNIPPET_CHARS = 200
MAX_SNIPPETS = 2
# Private-use characters as highlight tags: they never occur in decisions, and the highlighter returns the
# text unescaped, so the ranges are recovered exactly and `highlight.render` does all the escaping.
OPEN = "\ue000"
CLOSE = "\ue001"

HIGHLIGHT: dict[str, Any] = {
    "type": "unified",
    "pre_tags": [OPEN],
    "post_tags": [CLOSE],
    "encoder": "default",
    "fragment_size": SNIPPET_CHARS,
    "number_of_fragments": 1,
    "fields": {snippet_field(language): {} for language in FIELD_LANGUAGES},
}
"""The highlight request: the best fragment of each language's excerpts (ordered per hit afterwards)."""


def parse_marked(fragment: str) -> RawSnippet:
    """Text and match ranges of a fragment whose matches are wrapped in OPEN/CLOSE."""
    text: list[str] = []
    ranges: list[tuple[int, int]] = []
    at = 0
    start = -1
    for char in fragment:
        if char == OPEN:
            start = at
        elif char == CLOSE and start >= 0:
            ranges.append((start, at))
            start = -1
        else:
            text.append(char)
            at += 1
    return RawSnippet("".join(text), tuple(ranges))


def snippets(plan: Plan, hit: dict[str, Any]) -> list[RawSnippet]:
    """Up to MAX_SNIPPETS fragments with matches, UI language first; else the opening of the first excerpt."""
    source: dict[str, Any] = hit.get("_source", {})
    languages: list[str] = source.get(PAYLOAD_FIELD, {}).get("languages", [])
    fields = list(dict.fromkeys(snippet_field(field_language(lang)) for lang in [plan.request.lang, *languages]))
    marked: dict[str, list[str]] = hit.get("highlight", {})
    found: list[RawSnippet] = []
    for name in fields:
        for fragment in marked.get(name, [])[:1]:
            snippet = parse_marked(fragment.strip())
            if snippet.matches:
                found.append(snippet)
        if len(found) == MAX_SNIPPETS:
            return found
    if found:
        return found
    for name in fields:
        values = source.get(name)
        if values:
            first = values[0] if isinstance(values, list) else values
            text = " ".join(str(first).split())
            if len(text) > SNIPPET_CHARS:
                text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
            return [RawSnippet(text, ())]
    return []


def payload(hit: dict[str, Any]) -> dict[str, Any]:
    """The display payload of a hit; EngineUnavailable when the index holds records of another shape."""
    found = hit.get("_source", {}).get(PAYLOAD_FIELD)
    if not isinstance(found, dict):
        raise EngineUnavailable("search index record without payload: run `caselaw reindex`")
    return found


def counts(response: dict[str, Any], keys: list[str]) -> dict[str, dict[str, int]]:
    """Facet counts from the `filter`+`terms` aggregations of `translate.facet_aggregations`."""
    aggregations: dict[str, Any] = response.get("aggregations", {})
    found: dict[str, dict[str, int]] = {}
    for key in keys:
        buckets = aggregations.get(key, {}).get("values", {}).get("buckets", [])
        found[key] = {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}
    return found


def names(response: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Printed names of open forums from the `name` sub-aggregations (see `translate.NAME_AGGREGATION`)."""
    aggregations: dict[str, Any] = response.get("aggregations", {})
    buckets = [
        *aggregations.get("forum", {}).get("values", {}).get("buckets", []),
        *aggregations.get(SELECTED_NAMES, {}).get("chosen", {}).get("codes", {}).get("buckets", []),
    ]
    found: dict[str, str] = {}
    for bucket in buckets:
        printed = bucket.get("name", {}).get("buckets", [])
        if printed:
            found[str(bucket["key"])] = str(printed[0]["key"])
    return {"forum": found} if found else {}


def raw_result(plan: Plan, response: dict[str, Any], *, with_snippets: bool) -> RawResult:
    """The raw result of a search response."""
    hits = []
    for hit in response.get("hits", {}).get("hits", []):
        score = hit.get("_score") if plan.sort == "relevance" else None
        found = snippets(plan, hit) if with_snippets else []
        hits.append(RawHit(payload(hit), float(score) if score is not None else None, found))
    total = response.get("hits", {}).get("total", {})
    value = total.get("value", 0) if isinstance(total, dict) else int(total)
    return RawResult(
        total=int(value), hits=hits, counts=counts(response, plan.request.counted_facets), names=names(response)
    )
