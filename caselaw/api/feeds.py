"""Atom feeds (RFC 4287) of searches, built with `xml.etree` from engine-neutral hits and the store's record stamps.

Entries are ordered newest first (decision date, then the time the record was first stored); an entry's `updated`
is the record's last change, so a reader shows an edited case again. Ids are `urn:uuid:` URIs derived from the
case id: the same case has the same id in every feed and on every host, whatever address the service answers at.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import quote, urlencode

from caselaw import __version__
from caselaw.api.ui.messages import RTL_LANGUAGES, Messages, catalog
from caselaw.api.ui.render import format_date
from caselaw.search.facets import label
from caselaw.search.request import SearchRequest
from caselaw.search.response import Hit
from caselaw.store.cases import CaseStamp

MEDIA_TYPE = "application/atom+xml"
ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACE = uuid.UUID("24fb37b0-4134-4eae-81ff-ca195352856e")
"""The namespace of the feeds' name-based UUIDs. Never change it: readers know entries by the ids made from it."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""`updated` of a feed with nothing in it and no record time to go by (Atom requires one)."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry at all (a title read from a PDF may hold a form feed or a NUL)."""
_TAGS = re.compile(r"<[^>]*>")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
_REQUEST_FIELDS = frozenset({"q", "filters", "page", "size", "highlight", "lang", "sort", "facets", "facet_keys"})
"""Fields of `SearchRequest` a title describes itself, or that do not change which cases a feed follows."""


@dataclass(frozen=True)
class FeedEntry:
    """One case of a feed: its hit and, when the store has the record, its stamps."""

    hit: Hit
    stamp: CaseStamp | None


@dataclass(frozen=True)
class FeedLinks:
    """Absolute addresses a feed points at."""

    base: str
    """The service's public base URL, without a trailing `/`."""
    self_url: str
    page_url: str
    """The search page showing the same search."""
    json_url: str
    """The same search as JSON."""


def case_entry_id(case_id: str) -> str:
    """The Atom id of a case: stable across feeds, hosts and deployments."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'case:{case_id}')}"


def _followed(request: SearchRequest) -> dict[str, object]:
    """What decides which cases a feed follows: everything but paging and presentation."""
    kept = request.model_dump(mode="json", exclude={"page", "size", "lang", "highlight", "facets", "facet_keys"})
    kept.pop("sort", None)
    return kept


def feed_id(request: SearchRequest) -> str:
    """The Atom id of the feed of a search: the same for every page size, language and parameter order."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'search:' + json.dumps(_followed(request), sort_keys=True))}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def entry_updated(entry: FeedEntry) -> datetime:
    """The record's last change; for records that do not say, when first stored, else the decision date."""
    stamp = entry.stamp
    found = (stamp.updated_at or stamp.created_at) if stamp else None
    if found is not None:
        return _aware(found)
    if entry.hit.decision_date is not None:
        return datetime.combine(entry.hit.decision_date, time(), UTC)
    return EPOCH


def newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """By decision date, then by the time the record was first stored, newest first; undated cases last."""

    def key(entry: FeedEntry) -> tuple[date, datetime]:
        created = entry.stamp.created_at if entry.stamp else None
        return entry.hit.decision_date or date.min, _aware(created) if created else EPOCH

    return sorted(entries, key=key, reverse=True)


def last_modified(entries: Sequence[FeedEntry], fallback: datetime | None) -> datetime:
    """When the feed last changed: its newest entry's change, else `fallback` (the store's), to the second."""
    moments = [entry_updated(entry) for entry in entries]
    newest = max(moments) if moments else _aware(fallback) if fallback else EPOCH
    return newest.astimezone(UTC).replace(microsecond=0)


def entity_tag(request: SearchRequest, total: int, entries: Sequence[FeedEntry]) -> str:
    """A strong `ETag` of the feed: it changes when the search, its language, a listed case or the total does."""
    stamps = [(e.hit.id, entry_updated(e).isoformat(), e.hit.title) for e in entries]
    material = json.dumps([__version__, request.model_dump(mode="json"), total, stamps], sort_keys=True)
    return f'"{hashlib.sha256(material.encode()).hexdigest()[:32]}"'


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def isolate(text: str) -> str:
    """Text of either direction set inside a sentence of the other (Unicode bidi isolates): a Spanish query in an
    Arabic title, or an Arabic one in an English title, keeps its own order and leaves the sentence's alone."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def _direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _clean(value) for key, value in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


_atom = _add
"""Atom's elements are unprefixed: the feed declares Atom as the default namespace (`xmlns` on the root), as every
reader expects; ElementTree's own namespace handling would prefix them or refuse unprefixed attributes."""


def feed_title(request: SearchRequest, messages: Messages) -> str:
    """The site's name and what the feed follows: the query, each filter with its labels, any other criterion."""
    language = messages.language
    parts = [messages("feed.search", query=isolate(request.q))] if request.q.strip() else []
    known = catalog("en")
    for key, values in request.filters.items():
        name = messages(f"facet.{key}") if f"facet.{key}" in known else key
        parts.append(f"{name}: {', '.join(isolate(label(key, value, language)) for value in values)}")
    defaults = SearchRequest()
    for field, value in _followed(request).items():
        # Criteria the request gains later (citations, dates...) are named as they are written.
        if field not in _REQUEST_FIELDS and value != getattr(defaults, field, None) and value not in (None, [], ""):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            parts.append(f"{field}: {isolate(shown)}")
    subject = messages("list.separator").join(parts) if parts else messages("feed.all")
    return f"{messages('site.name')} – {subject}"


def _summary(entry: FeedEntry, language: str) -> tuple[str, str] | None:
    """(language, text) of the editorial summary in the feed's language, else English, else the title's, else any;
    a case without one is described by its snippets."""
    summaries = entry.stamp.summaries if entry.stamp else {}
    for candidate in (language, "en", entry.hit.title_language):
        if summaries.get(candidate):
            return candidate, summaries[candidate]
    for code, text in summaries.items():
        if text:
            return code, text
    if entry.hit.snippets:
        text = " … ".join(html.unescape(_TAGS.sub("", snippet)) for snippet in entry.hit.snippets)
        return "", text
    return None


def _entry(feed: ET.Element, entry: FeedEntry, links: FeedLinks, messages: Messages) -> None:
    hit, language = entry.hit, messages.language
    element = _atom(feed, "entry")
    _atom(element, "id", case_entry_id(hit.id))
    _atom(element, "title", hit.title, type="text", **{XML_LANG: hit.title_language})
    _atom(element, "updated", _stamp(entry_updated(entry)))
    if entry.stamp and entry.stamp.created_at:
        _atom(element, "published", _stamp(_aware(entry.stamp.created_at)))
    case_path = quote(hit.id, safe="")
    lang_query = urlencode({"lang": language})
    _atom(element, "link", rel="alternate", type="text/html", href=f"{links.base}/cases/{case_path}?{lang_query}")
    _atom(
        element,
        "link",
        rel="alternate",
        type="application/json",
        href=f"{links.base}/api/v1/cases/{case_path}?{lang_query}",
    )
    categories = [("forum", hit.forum)] if hit.forum else []
    categories += [("right", right) for right in hit.rights]
    for key, coded in categories:
        if coded is not None:
            scheme = f"{links.base}/api/v1/search?{key}="
            _atom(element, "category", term=coded.code, label=coded.label, scheme=scheme)
    summary = _summary(entry, language)
    if summary is not None:
        summary_language, text = summary
        attributes = {XML_LANG: summary_language} if summary_language else {}
        _atom(element, "summary", text, type="text", **attributes)
    _content(element, entry, summary, messages)


def _content(element: ET.Element, entry: FeedEntry, summary: tuple[str, str] | None, messages: Messages) -> None:
    """The entry as XHTML with `dir` on every part: readers lay out an Arabic title or summary right to left."""
    hit, language = entry.hit, messages.language
    content = _atom(element, "content", type="xhtml", **{XML_LANG: language})
    # Atom's container (RFC 4287 4.1.3.3), in the XHTML namespace: only what it holds is the content.
    wrapper = _add(content, "div", xmlns=XHTML)
    body = _add(wrapper, "div", lang=language, dir=_direction(language))
    title_language = hit.title_language
    _add(body, "p", hit.title, lang=title_language, dir=_direction(title_language))
    facts = [hit.forum.label] if hit.forum else []
    if hit.decision_date:
        facts.append(format_date(hit.decision_date, messages))
    if hit.states:
        facts.append(", ".join(state.label for state in hit.states))
    if facts:
        _add(body, "p", messages("list.separator").join(facts))
    if summary is not None:
        summary_language, text = summary
        attributes = {"lang": summary_language, "dir": _direction(summary_language)} if summary_language else {}
        _add(body, "p", text, **({"dir": "auto"} | attributes))


def build_feed(
    request: SearchRequest, entries: Sequence[FeedEntry], links: FeedLinks, updated: datetime, messages: Messages
) -> bytes:
    """The Atom document of a search's entries (already ordered), UTF-8 with an XML declaration."""
    language = messages.language
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: language})
    _atom(feed, "id", feed_id(request))
    _atom(feed, "title", feed_title(request, messages), type="text")
    _atom(feed, "updated", _stamp(updated))
    author = _atom(feed, "author")
    _atom(author, "name", messages("site.name"))
    _atom(author, "uri", f"{links.base}/")
    _atom(feed, "generator", "caselaw", version=__version__)
    _atom(feed, "link", rel="self", type=MEDIA_TYPE, href=links.self_url)
    _atom(feed, "link", rel="alternate", type="text/html", href=links.page_url)
    _atom(feed, "link", rel="alternate", type="application/json", href=links.json_url)
    for entry in entries:
        _entry(feed, entry, links, messages)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
