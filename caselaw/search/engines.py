"""The engine factory: the one module that knows every engine behind the contract of `caselaw.search.engine`.

The contract module never imports an engine (the engines import it); choosing one by name happens here.
"""

from __future__ import annotations

from typing import get_args

from caselaw.config import EngineName, Settings
from caselaw.errors import ConfigError, EngineUnavailable
from caselaw.search.cache import RequestCache
from caselaw.search.engine import SearchEngine
from caselaw.search.sync import rebuild_from_store
from caselaw.store import CaseStore

ENGINE_NAMES: tuple[str, ...] = get_args(EngineName)
"""Every engine name `settings.engine` may hold (the settings refuse others; a hand-built one still gets a clear
error)."""


def open_engine(settings: Settings) -> SearchEngine:
    """The engine `settings.engine` names, with the passage-vector index beside it (`<data dir>/vectors`, the same
    for every engine: `caselaw.search.semantic.index`) and the request cache when enabled (`caselaw.search.cache`);
    the embedded one keeps its index under the data directory."""
    from caselaw.search.semantic.index import VectorIndex  # numpy only: the sentence model loads on first query

    engine = _keyword_engine(settings)
    engine.vectors = VectorIndex(settings.data_dir / "vectors")
    if settings.search_cache_entries:
        engine.cache = RequestCache(settings.search_cache_entries, settings.search_cache_mb * 1024 * 1024)
    return engine


def _keyword_engine(settings: Settings) -> SearchEngine:
    """The keyword engine `settings.engine` names."""
    if settings.engine == "embedded":
        from caselaw.search.embedded import EmbeddedEngine  # imported here: it loads the tantivy extension

        return EmbeddedEngine(
            settings.data_dir / "index",
            writer_memory_mb=settings.index_writer_memory_mb,
            writer_threads=settings.index_writer_threads,
        )
    # Cluster clients are imported only when chosen: the embedded engine needs neither (extra `cluster`).
    try:
        if settings.engine == "opensearch":
            from caselaw.search.cluster.opensearch import OpenSearchEngine

            return OpenSearchEngine(settings)
        if settings.engine == "elasticsearch":
            from caselaw.search.cluster.elastic import ElasticsearchEngine

            return ElasticsearchEngine(settings)
    except ImportError as error:
        raise ConfigError(f"the {settings.engine} client is not installed: pip install 'caselaw[cluster]'") from error
    known = ", ".join(repr(name) for name in ENGINE_NAMES)
    raise EngineUnavailable(f"search engine {settings.engine!r} is not available in this version; use one of {known}")


def reindex(engine: SearchEngine, store: CaseStore) -> int:
    """Rebuild the engine's index from the store, the source of truth; return the number of cases indexed."""
    return rebuild_from_store(engine, store)  # which also empties the store's index queue
