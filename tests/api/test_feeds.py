"""Atom feeds of searches, read back by a real feed parser: newest first, conditional GET, errors as in JSON search,
Arabic entries, the search page's links, and a writer seeing a newly ingested View."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, cast

import feedparser
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.api.feeds import ATOM, XHTML, FeedEntry, FeedLinks, build_feed, case_entry_id
from caselaw.api.services import Services, index_after_store
from caselaw.api.ui.messages import Messages, catalog
from caselaw.models import Case
from caselaw.search import SearchRequest
from caselaw.search.response import Coded, Hit
from tests.api.conftest import PDF_CASE, api_settings

API = "/api/v1"
FEED = f"{API}/search.atom"
NEW_VIEW = "un-cescr-2026-mv-v-spain"
CITED_SYMBOL = "E/C.12/55/D/2/2014"
"""The UN symbol of PDF_CASE (I.D.G. v. Spain), by which a citation names it."""


def parse(response: Any) -> Any:
    """The feed a response holds, parsed by feedparser; fails on anything a strict Atom reader would flag."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def case_id(entry: Any) -> str:
    """The case an entry is about, from its link to the case page."""
    (page,) = [link.href for link in entry.links if link.type == "text/html"]
    found = re.search(r"/cases/([^/?]+)\?", page)
    assert found, page
    return found.group(1)


def json_ids(client: TestClient, **params: Any) -> list[str]:
    """Ids of the JSON search of the same parameters, newest first."""
    body = client.get(f"{API}/search", params={**params, "sort": "date_desc"}).json()
    return [hit["id"] for hit in body["hits"]]


def test_a_search_feed_is_atom_with_the_json_search_results_newest_first(client: TestClient) -> None:
    response = client.get(FEED, params={"q": "desalojo", "lang": "es"})
    feed = parse(response)
    ids = [case_id(entry) for entry in feed.entries]
    assert ids and set(ids) == set(json_ids(client, q="desalojo", lang="es"))
    assert response.headers["X-Total-Count"] == str(
        client.get(f"{API}/search", params={"q": "desalojo"}).json()["total"]
    )
    dates = [date.fromisoformat(client.get(f"{API}/cases/{i}").json()["case"]["dates"]["decision"]) for i in ids]
    assert dates == sorted(dates, reverse=True), "newest decision first"
    assert feed.feed.language == "es" and "desalojo" in feed.feed.title
    assert feed.feed.id.startswith("urn:uuid:")
    for entry in feed.entries:
        assert entry.id == case_entry_id(case_id(entry)) and entry.id.startswith("urn:uuid:")
        assert entry.title and entry.summary and entry.updated_parsed
        json_link = next(link.href for link in entry.links if link.type == "application/json")
        assert client.get(json_link).json()["id"] == case_id(entry)
        assert any(tag.scheme.endswith("forum=") and tag.label for tag in entry.tags), "the forum, labelled"
    # The same case has the same id in every feed.
    whole = parse(client.get(FEED, params={"size": 100}))
    assert {e.id for e in feed.entries} <= {e.id for e in whole.entries}


def test_the_collection_feed_is_the_search_feed_without_a_query(client: TestClient) -> None:
    whole = parse(client.get(f"{API}/feed.atom"))
    search = parse(client.get(FEED))
    assert [e.id for e in whole.entries] == [e.id for e in search.entries]
    assert whole.feed.title == search.feed.title == f"{catalog('en')['site.name']} – {catalog('en')['feed.all']}"
    assert len(whole.entries) == 20


def test_conditional_get_with_etag_and_last_modified(client: TestClient) -> None:
    first = client.get(FEED, params={"q": "housing"})
    tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert tag.startswith('"') and parsedate_to_datetime(modified)
    again = client.get(FEED, params={"q": "housing"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == tag
    weak = client.get(FEED, params={"q": "housing"}, headers={"If-None-Match": f'"other", W/{tag}'})
    assert weak.status_code == 304
    head = client.head(FEED, params={"q": "housing"})
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"] == tag
    assert client.get(FEED, params={"q": "housing"}, headers={"If-Modified-Since": modified}).status_code == 304
    older = format_datetime(parsedate_to_datetime(modified).replace(year=2000), usegmt=True)
    assert client.get(FEED, params={"q": "housing"}, headers={"If-Modified-Since": older}).status_code == 200
    # If-None-Match decides alone when sent (RFC 9110 13.2.2).
    stale = client.get(FEED, params={"q": "housing"}, headers={"If-None-Match": '"old"', "If-Modified-Since": modified})
    assert stale.status_code == 200
    assert client.get(FEED, params={"q": "housing", "lang": "fr"}).headers["ETag"] != tag, "labels differ"
    assert client.get(FEED, params={"q": "water"}).headers["ETag"] != tag


def test_an_unknown_facet_value_is_the_problem_json_search_answers(client: TestClient) -> None:
    feed = client.get(FEED, params={"right": "no-such-right"})
    search = client.get(f"{API}/search", params={"right": "no-such-right"})
    assert feed.status_code == search.status_code == 400
    assert feed.headers["content-type"] == search.headers["content-type"] == "application/problem+json"
    problem, expected = feed.json(), search.json()
    assert problem.pop("instance") == FEED and expected.pop("instance") == f"{API}/search"
    assert problem == expected and problem["code"] == "unknown-facet-value"
    assert client.get(FEED, params={"size": "1000"}).status_code == 422
    assert client.get(FEED, params={"unheard_of": "1"}).status_code == 422


def test_an_arabic_entry_is_rendered_right_to_left(client: TestClient) -> None:
    response = client.get(FEED, params={"state": "EG", "lang": "ar"})
    feed = parse(response)
    (entry,) = feed.entries
    assert feed.feed.language == "ar"
    assert entry.title_detail.language == "ar" and re.search("[\u0600-\u06ff]", entry.title)
    assert entry.summary_detail.language == "ar" and re.search("[\u0600-\u06ff]", entry.summary)
    content = entry.content[0]
    assert content.type == "application/xhtml+xml" and 'dir="rtl"' in content.value
    assert "مصر" in content.value, "the State, labelled in Arabic"
    # A query of the other direction is isolated inside the title, whatever the feed's language.
    english = parse(client.get(FEED, params={"q": "إخلاء", "lang": "en"}))
    assert "\u2068إخلاء\u2069" in english.feed.title


def test_titles_and_summaries_are_escaped_and_cleaned_of_what_xml_cannot_carry() -> None:
    hit = Hit(
        id="xx-court-2020-test",
        title='A <b>&amp;</b> "B" \x0c\x00end',
        title_language="en",
        kind=Coded(code="decision", label="Decision"),
        forum=None,
        decision_date=None,
        states=[],
        region=None,
        rights=[],
        languages=["en"],
        snippets=["before <mark>x</mark> &lt;script&gt;"],
    )
    links = FeedLinks("https://example.org", "https://example.org/api/v1/feed.atom", "https://example.org/", "")
    body = build_feed(
        SearchRequest(q="x & <y>"), [FeedEntry(hit, None)], links, datetime(2026, 12, 3, tzinfo=UTC), Messages("en")
    )
    root = ET.fromstring(body)
    title = root.find(f"{{{ATOM}}}entry/{{{ATOM}}}title")
    assert title is not None and title.text == 'A <b>&amp;</b> "B" end'
    summary = root.find(f"{{{ATOM}}}entry/{{{ATOM}}}summary")
    assert summary is not None and summary.text == "before x <script>", "a snippet, as plain text"
    assert root.find(f"{{{ATOM}}}entry/{{{ATOM}}}content/{{{XHTML}}}div") is not None
    assert not feedparser.parse(body).bozo


def test_the_search_page_links_its_feed(client: TestClient) -> None:
    page = client.get("/", params={"q": "desalojo", "lang": "es"}).text
    head = page.split("</head>")[0]
    found = re.search(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', head)
    assert found, "a feed readers can discover"
    follow = Messages("es")("search.follow")
    assert found.group(1) == follow
    href = found.group(2).replace("&amp;", "&")
    assert href == f"{FEED}?q=desalojo&lang=es"
    assert re.search(rf'<a href="[^"]+" type="application/atom\+xml" rel="alternate">{re.escape(follow)}</a>', page)
    parse(client.get(href))


def test_the_openapi_document_describes_the_feeds(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    operation = spec["paths"][FEED]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "right", "forum", "date_from", "page", "size", "lang", "if-none-match", "if-modified-since"} <= names
    assert not names & {"format", "sort", "facet"}, "a feed has no use for them"
    assert "application/atom+xml" in operation["responses"]["200"]["content"]
    assert {"304", "400", "429"} <= set(operation["responses"])
    assert "application/atom+xml" in spec["paths"][f"{API}/feed.atom"]["get"]["responses"]["200"]["content"]


def test_feeds_are_rate_limited_like_searches(data_dir: Path) -> None:
    with TestClient(create_app(api_settings(data_dir, rate_limit_per_minute=2))) as limited:
        assert [limited.get(FEED).status_code for _ in range(2)] == [200, 200]
        refused = limited.get(FEED)
        assert refused.status_code == 429 and refused.json()["code"] == "rate-limited"


def store_and_index(client: TestClient, case: Case) -> Case:
    """Store `case` and bring the index up to date, as an upload does."""
    services: Services = cast(FastAPI, client.app).state.services
    stored = services.store.put_case(case)
    assert index_after_store(services, [case.id], what="test view stored")
    return stored


def new_view(client: TestClient) -> Case:
    """A Spanish CESCR View on an eviction, newer than every case of the corpus, citing I.D.G. v. Spain."""
    services: Services = cast(FastAPI, client.app).state.services
    model = services.store.get_case("un-cescr-2019-lopez-alban-v-spain").model_dump(
        exclude={"languages", "cited_by_count"}
    )
    citation = {"kind": "decision", "text": CITED_SYMBOL, "keys": [{"scheme": "un-symbol", "value": CITED_SYMBOL}]}
    return Case.model_validate(
        model
        | {
            "id": NEW_VIEW,
            "aliases": [],
            "identifiers": [],
            "documents": [],
            "links": [],
            "citations": [citation],
            "titles": {"es": {"full": "M. V. y otros c. España"}},
            "summaries": {
                "es": "El Comité considera que el desalojo de una familia con hijos menores sin una alternativa "
                "habitacional adecuada vulneró su derecho a una vivienda adecuada."
            },
            "dates": {"decision": "2026-10-02"},
            "created_at": None,
            "updated_at": None,
        }
    )


def test_a_writer_to_desalojo_sees_a_newly_ingested_view(writer: TestClient) -> None:
    params = {"q": "desalojo", "lang": "es"}
    before = writer.get(FEED, params=params)
    assert NEW_VIEW not in {case_id(e) for e in parse(before).entries}
    stored = store_and_index(writer, new_view(writer))

    # The reader polls with what it was last given: the feed has changed, so it gets the new one.
    after = writer.get(
        FEED,
        params=params,
        headers={"If-None-Match": before.headers["ETag"], "If-Modified-Since": before.headers["Last-Modified"]},
    )
    feed = parse(after)
    entry = feed.entries[0]
    assert case_id(entry) == NEW_VIEW, "newest first"
    assert entry.title == "M. V. y otros c. España" and entry.title_detail.language == "es"
    assert "desalojo" in entry.summary
    assert stored.updated_at is not None
    assert entry.updated == stored.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "updated: the record's last change"
    assert parsedate_to_datetime(after.headers["Last-Modified"]) == stored.updated_at.replace(microsecond=0)
    assert after.headers["ETag"] != before.headers["ETag"]
    # Polling again without a change costs nothing.
    unchanged = writer.get(FEED, params=params, headers={"If-None-Match": after.headers["ETag"]})
    assert unchanged.status_code == 304

    # An editor's correction changes the feed: the reader gets the entry again, corrected.
    corrected = store_and_index(
        writer, stored.model_copy(update={"summaries": {"es": stored.summaries["es"] + " Desalojo."}})
    )
    again = parse(writer.get(FEED, params=params, headers={"If-None-Match": after.headers["ETag"]}))
    assert again.entries[0].id == entry.id and again.entries[0].content[0].value.endswith("Desalojo.</p></div>")
    assert corrected.updated_at and corrected.updated_at > stored.updated_at


def test_new_cases_citing_a_case_have_their_feed(writer: TestClient) -> None:
    if writer.get(f"{API}/search", params={"cites": PDF_CASE}).status_code != 200:
        pytest.skip("the `cites` filter of search is not there yet (issue 17, item 3)")
    if NEW_VIEW not in json_ids(writer, size=100):
        store_and_index(writer, new_view(writer))
    feed = parse(writer.get(FEED, params={"cites": PDF_CASE}))
    ids = [case_id(entry) for entry in feed.entries]
    assert ids[0] == NEW_VIEW and set(ids) == set(json_ids(writer, cites=PDF_CASE))
    assert PDF_CASE in feed.feed.title
