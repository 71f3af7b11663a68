"""Prometheus metrics of one app: requests and latency by route, search latency, ingest outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from caselaw.search.cache import RequestCache

# Buckets around what the search benchmark measures (a few ms) up to the slowest uploads.
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0)


@dataclass
class Metrics:
    """One registry per app, so two apps in one process (tests) never share counts."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter(
            "caselaw_http_requests", "HTTP requests by route template, method and status.",
            ["route", "method", "status"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "caselaw_http_request_duration_seconds", "HTTP request latency by route template.",
            ["route"], buckets=_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.search = Histogram(
            "caselaw_search_duration_seconds", "Time the search engine took per search (took_ms).",
            ["engine"], buckets=_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.ingest = Counter(
            "caselaw_ingest_files", "Files received by upload, by outcome.", ["outcome"], registry=self.registry
        )
        self.rate_limited = Counter(
            "caselaw_rate_limited_requests", "Requests refused by the rate limit.", registry=self.registry
        )
        self.cache = CacheCollector()
        self.registry.register(self.cache)

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)


class CacheCollector(Collector):
    """The request cache's counters, read at scrape time from the engine's cache (`watch` names it)."""

    def __init__(self) -> None:
        self.source: RequestCache | None = None

    def watch(self, cache: RequestCache | None) -> None:
        """Report `cache` (the engine's, opened lazily by the services; None when the cache is disabled)."""
        self.source = cache

    def collect(self) -> Iterator[Metric]:
        """Hits, misses, evictions and invalidations, with the entries and bytes held now."""
        cache = self.source
        if cache is None:
            return
        stats = cache.stats
        for name, value, text in (
            ("hits", stats.hits, "Searches answered from the request cache."),
            ("misses", stats.misses, "Cacheable searches the request cache did not hold."),
            ("evictions", stats.evictions, "Responses dropped from the request cache to stay within its bounds."),
            ("invalidations", stats.invalidations, "Times the request cache was emptied by a new index generation."),
        ):
            yield CounterMetricFamily(f"caselaw_search_cache_{name}", text, value=value)
        yield GaugeMetricFamily("caselaw_search_cache_entries", "Responses held by the request cache.", cache.entries)
        yield GaugeMetricFamily("caselaw_search_cache_bytes", "Estimated bytes held by the request cache.", cache.bytes)
