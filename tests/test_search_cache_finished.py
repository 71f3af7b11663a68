"""The request cache's finished answers (what the API's edge sends again, `caselaw.api.search_cache`): kept only
beside their entry, dropped with it, bounded, counted as hits, and checked against the passage vectors."""

from __future__ import annotations

from caselaw.search import SearchRequest
from caselaw.search.cache import Finished, RequestCache, response_json
from caselaw.search.response import SearchResponse


def _request(page: int) -> SearchRequest:
    return SearchRequest.model_validate({"mode": "keyword", "q": "housing", "page": page})


def _response(page: int) -> SearchResponse:
    return SearchResponse(total=3, page=page, size=20, hits=[], facets=[], expansions_applied=[], took_ms=1.5)


def _keep(cache: RequestCache, page: int, raw: str, *, keyword: bool = True, variant: object = None) -> Finished:
    """Search page `page` through the cache, then keep its finished answer under `raw`."""
    response, body, key = cache.fetch_json("g1", _request(page), lambda: _response(page))
    assert key is not None and body == response_json(response)
    finished = Finished(((b"content-type", b"application/json"),), body, 1.5, variant, keyword)
    cache.keep_finished("g1", raw, key, finished)
    return finished


def test_a_finished_answer_is_a_hit_and_shares_its_entrys_json() -> None:
    cache = RequestCache(max_entries=10, max_bytes=1 << 20)
    kept = _keep(cache, 1, "raw-1")
    assert (cache.stats.hits, cache.stats.misses) == (0, 1)
    assert cache.finished("g1", "raw-1", lambda: None) is kept
    assert cache.finished("g1", "raw-2", lambda: None) is None, "an unknown request is not counted"
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
    assert cache.fetch_json("g1", _request(1), lambda: _response(9))[1] is kept.body
    assert cache.bytes == sum(len(body) + len(key) for body, key in _held(cache))


def test_a_new_generation_drops_finished_answers() -> None:
    cache = RequestCache(max_entries=10, max_bytes=1 << 20)
    _keep(cache, 1, "raw-1")
    assert cache.finished("g2", "raw-1", lambda: None) is None
    assert (cache.entries, cache.finished_entries, cache.stats.invalidations) == (0, 0, 1)
    _, body, key = cache.fetch_json("g2", _request(1), lambda: _response(1))
    stale = Finished((), body, 1.5, None, True)
    cache.keep_finished("g1", "raw-1", key or "", stale)
    assert cache.finished_entries == 0, "an answer computed in another generation is not kept"


def test_evicting_an_entry_drops_the_answers_sending_its_json() -> None:
    cache = RequestCache(max_entries=3, max_bytes=1 << 20)
    _keep(cache, 1, "raw-1")
    _keep(cache, 1, "raw-1-again")
    _keep(cache, 2, "raw-2")
    _keep(cache, 3, "raw-3")
    assert cache.finished("g1", "raw-3", lambda: None) is not None
    _keep(cache, 4, "raw-4")  # page 1 is the oldest entry: it goes, with both its finished answers
    assert (cache.entries, cache.stats.evictions) == (3, 1)
    assert cache.finished("g1", "raw-1", lambda: None) is None
    assert cache.finished("g1", "raw-1-again", lambda: None) is None
    assert cache.finished("g1", "raw-4", lambda: None) is not None
    assert cache.bytes == sum(len(body) + len(key) for body, key in _held(cache))


def _held(cache: RequestCache) -> list[tuple[bytes, str]]:
    """Each entry's JSON and key (peeked at, not counted)."""
    return [(entry[2], key) for key, entry in cache._entries.items()]


def test_finished_answers_are_bounded_too() -> None:
    cache = RequestCache(max_entries=2, max_bytes=1 << 20)
    _keep(cache, 1, "a")
    for n in range(5):
        cache.finished("g1", "a", lambda: None)  # keeps page 1 the most recent entry
        _keep(cache, 1, f"spelling-{n}")
    assert cache.finished_entries == 2 and cache.entries == 1


def test_an_answer_using_passage_vectors_is_sent_only_while_they_are_the_same() -> None:
    cache = RequestCache(max_entries=10, max_bytes=1 << 20)
    kept = _keep(cache, 1, "hybrid", keyword=False, variant="vectors-1")
    assert cache.finished("g1", "hybrid", lambda: "vectors-1") is kept
    assert cache.finished("g1", "hybrid", lambda: "vectors-2") is None
    assert cache.stats.hits == 1
    keyword = _keep(cache, 2, "keyword")
    assert cache.finished("g1", "keyword", lambda: "vectors-2") is keyword, "keyword answers use no vectors"
