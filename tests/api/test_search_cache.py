"""The request cache at the HTTP edge (`caselaw.api.search_cache`): a repeated search is sent the bytes and headers
it got the first time, counted as a hit, and no longer once the index changes or the request differs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from caselaw.api import create_app
from caselaw.search import SearchResponse
from tests.api.conftest import CORS_ORIGIN, PDF_CASE, Keys, api_settings, bearer

API = "/api/v1"
SEARCH = f"{API}/search?q=eviction&right=housing&size=2&facet=right&facet=region"
VARYING = {"ratelimit-remaining", "ratelimit-limit"}
"""Headers of the middleware outside the cache that may change from one request to the next."""


@pytest.fixture(scope="module")
def cached(writable_dir: Path) -> Iterator[TestClient]:
    """A client of an app with the request cache on, over a private copy of the data (one test writes)."""
    settings = api_settings(writable_dir, search_cache_entries=64, rate_limit_per_minute=1000)
    with TestClient(create_app(settings), base_url="http://localhost") as opened:
        yield opened


def _counter(client: TestClient, name: str) -> float:
    text = client.get("/metrics").text
    found = re.search(rf"^caselaw_search_cache_{name}_total (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _search_requests(client: TestClient) -> float:
    labels = {'route="/api/v1/search"', 'method="GET"', 'status="200"'}
    for line in client.get("/metrics").text.splitlines():
        name, _, rest = line.partition("{")
        if name == "caselaw_http_requests_total" and labels <= set(rest.split("}")[0].split(",")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def _headers(response: httpx.Response) -> list[tuple[str, str]]:
    return [(k, v) for k, v in response.headers.multi_items() if k not in VARYING]


def test_a_repeated_search_is_sent_what_it_got_the_first_time(cached: TestClient) -> None:
    url = f"{SEARCH}&lang=es&page=1"
    first = cached.get(url)
    assert first.status_code == 200
    hits, misses, counted = _counter(cached, "hits"), _counter(cached, "misses"), _search_requests(cached)
    again = cached.get(url)
    assert again.status_code == 200
    assert again.content == first.content, "the same bytes, took_ms included"
    assert _headers(again) == _headers(first)
    assert {"x-total-count", "link", "content-security-policy", "x-content-type-options"} <= set(again.headers)
    assert (_counter(cached, "hits"), _counter(cached, "misses")) == (hits + 1, misses)
    assert _search_requests(cached) == counted + 1, "counted under the route's template like any other answer"


def test_what_is_sent_is_what_fastapi_makes_of_the_response_model(cached: TestClient) -> None:
    for url in (SEARCH, f"{SEARCH}&lang=ar", f"{API}/search?q=agua&size=3", f"{API}/search?size=0"):
        body = cached.get(url).content
        adapter = TypeAdapter(SearchResponse)
        assert adapter.dump_json(adapter.validate_json(body), by_alias=True) == body
        assert cached.get(url).content == body


def test_a_request_that_differs_is_not_sent_another_ones_answer(cached: TestClient) -> None:
    english = cached.get(SEARCH).json()
    french = cached.get(SEARCH, headers={"Accept-Language": "fr"}).json()
    assert english["hits"] and english["hits"][0]["kind"]["label"] != french["hits"][0]["kind"]["label"]
    assert cached.get(SEARCH, headers={"Accept-Language": "fr"}).json() == french
    # `Link` names the host the request came to: another host is another answer.
    here = cached.get(SEARCH).headers["link"]
    there = cached.get(SEARCH, headers={"Host": "127.0.0.1"}).headers["link"]
    assert "http://localhost/" in here and "http://127.0.0.1/" in there
    # The same search in another order is the engine cache's hit, its own `Link`.
    reordered = cached.get(f"{API}/search?facet=region&facet=right&size=2&right=housing&q=eviction")
    assert reordered.json()["hits"] == english["hits"]
    assert reordered.headers["link"].startswith(f"<http://localhost{API}/search?facet=region")


def test_head_cors_and_security_headers_are_those_of_every_answer(cached: TestClient) -> None:
    url = f"{SEARCH}&page=2"
    first = cached.get(url, headers={"Origin": CORS_ORIGIN})
    again = cached.get(url, headers={"Origin": CORS_ORIGIN})
    assert again.headers["access-control-allow-origin"] == CORS_ORIGIN == first.headers["access-control-allow-origin"]
    assert _headers(again) == _headers(first)
    head = cached.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == first.headers["content-length"]
    assert "access-control-allow-origin" not in cached.get(url).headers


def test_errors_and_exports_are_never_kept(cached: TestClient) -> None:
    for url in (f"{API}/search?right=no-such-right", f"{API}/search?size=1000", f"{API}/search?bogus=1"):
        first = cached.get(url)
        assert first.status_code in (400, 422)
        assert cached.get(url).json() == first.json()
    hits = _counter(cached, "hits")
    csv = cached.get(f"{API}/search?q=eviction&format=csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert cached.get(f"{API}/search?q=eviction&format=csv").content == csv.content
    assert cached.get(f"{API}/search?q=eviction").headers["content-type"] == "application/json"
    assert _counter(cached, "hits") >= hits


def test_an_edit_is_seen_by_the_next_identical_search(cached: TestClient, keys: Keys) -> None:
    url = f"{API}/search?size=100&facet=outcome&outcome=no-violation"
    before = cached.get(url).json()
    assert cached.get(url).json() == before
    case = cached.get(f"{API}/cases/{PDF_CASE}").json()
    assert case["case"]["outcome"] != "no-violation"
    edit = {"revision": case["revision"], "reason": "test of the cache", "outcome": "no-violation"}
    assert cached.patch(f"{API}/cases/{PDF_CASE}", json=edit, headers=bearer(keys.editor)).status_code == 200
    after = cached.get(url).json()
    assert after["total"] == before["total"] + 1
    assert PDF_CASE in {hit["id"] for hit in after["hits"]}
    assert cached.get(url).json() == after
