"""The request cache: whole search responses keyed by index generation and normalised request.

As Elasticsearch's shard request cache: embedded widgets and landing pages send the same preset searches again
and again, and a response computed once per index generation is a dictionary lookup after that. The cache is
engine-neutral: it wraps `SearchEngine.search` for any engine that can name its index generation
(`SearchEngine.generation`); an engine that cannot (None) is never cached, so no answer outlives a commit.

Each response is kept with its JSON (what sizing it costs anyway), so the HTTP API sends it without serialising it
again; and the API keeps its finished answers (`Finished`: headers and that JSON) under the request exactly as it
came, so a repeated request skips parsing, validation and serialisation (`caselaw.api.search_cache`). Both kinds
live and die together: one generation, one byte budget, one set of counters.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caselaw.search.request import SearchRequest
from caselaw.search.response import SearchResponse

if TYPE_CHECKING:
    from caselaw.search.engine import SearchEngine

Json = bytes
"""A response's JSON (an alias: `RequestCache.bytes` shadows the builtin in the class)."""
VECTORS_POINTER = "CURRENT"
"""The file naming the live passage-vector generation (`caselaw.search.semantic.index`)."""


@dataclass(frozen=True)
class Finished:
    """A finished HTTP answer to one request as it came (`caselaw.api.search_cache`): status line headers and the
    cached response's JSON, which it shares with the entry under the normalised request."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    took_ms: float
    variant: Hashable | None
    """The passage vectors' generation the answer was computed with (`vectors_generation`)."""
    keyword: bool
    """Whether the request was a keyword search (its answer depends on no vectors)."""


@dataclass
class CacheStats:
    """Counters since the cache was made (read by `/metrics`)."""

    hits: int = 0
    misses: int = 0
    evictions: int = 0
    """Entries dropped to stay within the bounds (not those dropped by a new generation)."""
    invalidations: int = 0
    """Times the whole cache was dropped because the index generation changed (a commit, a rebuild)."""


def vectors_generation(engine: SearchEngine, request: SearchRequest) -> Hashable | None:
    """The passage vectors' generation for a semantic or hybrid request (they are rebuilt on their own), else None;
    it goes into the key, so a new vector index is never answered from an old one."""
    return None if request.mode == "keyword" else live_vectors(engine)


def live_vectors(engine: SearchEngine) -> Hashable | None:
    """The live passage-vector generation of `engine` (None without one)."""
    if engine.vectors is None:
        return None
    # Its content (the live generation's unique name), not its inode and time: a replaced file may reuse the inode,
    # and two switches within the clock's granularity share a time. Read with `os.read`: pathlib's `read_text` cost
    # five times as much (38 against 7 µs), and this is read on every cached hybrid search.
    try:
        pointer = os.open(f"{engine.vectors.root}/{VECTORS_POINTER}", os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return os.read(pointer, 4096).decode("utf-8").strip()
    finally:
        os.close(pointer)


def response_json(response: SearchResponse) -> bytes:
    """The JSON the API sends for `response` (FastAPI's own serialisation of a `response_model`, by alias)."""
    return response.__pydantic_serializer__.to_json(response, by_alias=True)


@dataclass(frozen=True)
class Answer:
    """A search's response with its JSON, and where the request cache keeps it."""

    response: SearchResponse
    body: bytes
    """`response_json(response)`."""
    generation: Hashable | None
    """The index generation it was looked up in."""
    variant: Hashable | None
    """The passage vectors' generation it depends on (`vectors_generation`)."""
    key: str | None
    """Its entry in the request cache; None when it is not kept (no cache, too large, a commit meanwhile)."""


def search_json(engine: SearchEngine, request: SearchRequest) -> Answer:
    """`engine.search(request)` with its JSON: from the request cache when it holds them, where they are kept."""
    cache = engine.cache
    if cache is None:
        response = engine.search(request)
        return Answer(response, response_json(response), None, None, None)
    generation = engine.generation()
    variant = vectors_generation(engine, request)
    if request.mode == "hybrid" and (not request.q.strip() or engine.vectors is None or not engine.vectors.size()):
        # Without a query or passage vectors hybrid search is keyword search (`semantic.modes`): kept once, as that
        # (counted once), not also under the hybrid request; `variant` still says which vectors there were.
        request = request.model_copy(update={"mode": "keyword"})
    response, body, key = cache.fetch_json(generation, request, lambda: engine.run_search(request), variant)
    return Answer(response, body, generation, variant, key)


def request_key(request: SearchRequest) -> str:
    """The request in a normal form: filter keys and values sorted, the query's runs of spaces collapsed.

    Values of one facet OR together and facets AND, so their order never changes an answer; nor do repeated
    spaces between words (the analyzers split on them).
    """
    data = request.model_dump(mode="json")
    data["q"] = " ".join(request.q.split())
    data["filters"] = {key: sorted(values) for key, values in sorted(request.filters.items())}
    if request.facet_keys is not None:
        data["facet_keys"] = sorted(set(request.facet_keys))
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class RequestCache:
    """A bounded LRU of responses of one index generation; a new generation empties it."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._entries: OrderedDict[str, tuple[SearchResponse, int, Json]] = OrderedDict()
        self._finished: OrderedDict[Hashable, tuple[str, Finished]] = OrderedDict()
        """Finished answers by request as it came, each naming the entry whose JSON it sends (dropped with it)."""
        self._senders: dict[str, set[Hashable]] = {}
        """The finished answers sending each entry's JSON."""
        self._bytes = 0
        self._generation: Hashable | None = None
        self._lock = threading.Lock()

    @property
    def entries(self) -> int:
        """Responses held now (not counting their finished HTTP forms, which share their JSON)."""
        return len(self._entries)

    @property
    def finished_entries(self) -> int:
        """Finished HTTP answers held now."""
        return len(self._finished)

    @property
    def bytes(self) -> int:
        """Estimated size of the responses held now (their JSON length)."""
        return self._bytes

    def clear(self) -> None:
        """Drop every entry (counted as an invalidation)."""
        with self._lock:
            self._drop_all()

    def _drop_all(self) -> None:
        if self._entries:
            self.stats.invalidations += 1
        self._entries.clear()
        self._finished.clear()
        self._senders.clear()
        self._bytes = 0

    def fetch(
        self,
        generation: Hashable | None,
        request: SearchRequest,
        compute: Callable[[], SearchResponse],
        variant: Hashable | None = None,
    ) -> SearchResponse:
        """The cached response to `request` in index `generation`, else `compute()`'s, kept for next time.

        `variant` names any other state the answer depends on (the passage vectors' generation): part of the key,
        but a new one does not empty the cache as a new index generation does.

        `compute` runs outside the lock: two threads missing the same request both compute it (rarer and cheaper
        than making every other search wait).
        """
        return self.fetch_json(generation, request, compute, variant)[0]

    def fetch_json(
        self,
        generation: Hashable | None,
        request: SearchRequest,
        compute: Callable[[], SearchResponse],
        variant: Hashable | None = None,
    ) -> tuple[SearchResponse, Json, str | None]:
        """`fetch`, with the response's JSON (`response_json`) and the key it is kept under (None: not kept)."""
        if generation is None:
            response = compute()
            return response, response_json(response), None
        key = request_key(request) if variant is None else f"{request_key(request)}|{variant!r}"
        with self._lock:
            if generation != self._generation:
                self._drop_all()
                self._generation = generation
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.stats.hits += 1
                return found[0], found[2], key
            self.stats.misses += 1
        response = compute()
        body = response_json(response)
        # Its JSON length stands for its memory: what a response holds is mostly strings.
        size = len(body) + len(key)
        if size > self.max_bytes:
            return response, body, None
        with self._lock:
            if generation != self._generation:
                return response, body, None  # computed from an index that is no longer current
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (response, size, body)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))
                self.stats.evictions += 1
        return response, body, key

    def _drop(self, key: str) -> None:
        """Drop one entry and the finished answers sending its JSON (under the lock)."""
        self._bytes -= self._entries.pop(key)[1]
        for raw in self._senders.pop(key, ()):
            self._finished.pop(raw, None)

    def finished(
        self, generation: Hashable | None, raw: Hashable, vectors: Callable[[], Hashable | None]
    ) -> Finished | None:
        """The finished answer kept for request `raw` (as it came) in index `generation`, computed with the passage
        vectors `vectors()` names when it was no keyword search; counted as a hit. None (not counted: the search
        it goes on to counts) when there is none."""
        if generation is None:
            return None
        with self._lock:
            if generation != self._generation:
                self._drop_all()
                self._generation = generation
                return None
            found = self._finished.get(raw)
        if found is None or (not found[1].keyword and found[1].variant != vectors()):
            return None
        with self._lock:
            if raw in self._finished:
                self._finished.move_to_end(raw)
            if found[0] in self._entries:
                self._entries.move_to_end(found[0])
            self.stats.hits += 1
        return found[1]

    def keep_finished(self, generation: Hashable | None, raw: Hashable, key: str, finished: Finished) -> None:
        """Keep `finished`, the answer to request `raw` whose JSON is the entry `key`'s, while that entry is held in
        index `generation`; at most `max_entries` of them (their JSON is counted once, in its entry)."""
        with self._lock:
            entry = self._entries.get(key)
            if generation != self._generation or entry is None or entry[2] is not finished.body:
                return  # the entry was dropped or replaced meanwhile: its JSON would be counted nowhere
            previous = self._finished.pop(raw, None)
            if previous is not None:
                self._senders[previous[0]].discard(raw)
            self._finished[raw] = (key, finished)
            self._senders.setdefault(key, set()).add(raw)
            while len(self._finished) > self.max_entries:
                oldest, (sent, _) = self._finished.popitem(last=False)
                self._senders[sent].discard(oldest)
