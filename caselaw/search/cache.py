"""The request cache: whole search responses keyed by index generation and normalised request.

As Elasticsearch's shard request cache: embedded widgets and landing pages send the same preset searches again
and again, and a response computed once per index generation is a dictionary lookup after that. The cache is
engine-neutral: it wraps `SearchEngine.search` for any engine that can name its index generation
(`SearchEngine.generation`); an engine that cannot (None) is never cached, so no answer outlives a commit.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caselaw.search.request import SearchRequest
from caselaw.search.response import SearchResponse

if TYPE_CHECKING:
    from caselaw.search.engine import SearchEngine

VECTORS_POINTER = "CURRENT"
"""The file naming the live passage-vector generation (`caselaw.search.semantic.index`)."""


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
    if request.mode == "keyword" or engine.vectors is None:
        return None
    # Its content (the live generation's unique name), not its inode and time: a replaced file may reuse the inode,
    # and two switches within the clock's granularity share a time.
    try:
        return (engine.vectors.root / VECTORS_POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


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
        self._entries: OrderedDict[str, tuple[SearchResponse, int]] = OrderedDict()
        self._bytes = 0
        self._generation: Hashable | None = None
        self._lock = threading.Lock()

    @property
    def entries(self) -> int:
        """Responses held now."""
        return len(self._entries)

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
        if generation is None:
            return compute()
        key = request_key(request) if variant is None else f"{request_key(request)}|{variant!r}"
        with self._lock:
            if generation != self._generation:
                self._drop_all()
                self._generation = generation
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.stats.hits += 1
                return found[0]
            self.stats.misses += 1
        response = compute()
        # Its JSON length stands for its memory: what a response holds is mostly strings.
        size = len(response.__pydantic_serializer__.to_json(response)) + len(key)
        if size > self.max_bytes:
            return response
        with self._lock:
            if generation != self._generation:
                return response  # computed from an index that is no longer current
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            self._entries[key] = (response, size)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped
                self.stats.evictions += 1
        return response
