"""What the routes use — settings, store, engine, keys, metrics — opened once per app, on first use."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request

from caselaw.api.metrics import Metrics
from caselaw.config import Settings
from caselaw.errors import CaselawError
from caselaw.search import SearchEngine, open_engine
from caselaw.search.sync import index_stored
from caselaw.selection import SelectionStore
from caselaw.store import CaseStore, open_store
from caselaw.store.keys import KeyStore

T = TypeVar("T")
log = logging.getLogger("caselaw.api")
ENGINE_THREADS = 4
"""Worker threads per process for engine and store calls: on the 2-core benchmark machine 4 served more
requests at concurrency 8 and 32 than 2 or anyio's default 40 (benchmarks/api_load.py)."""


@dataclass
class Services:
    """Per-app resources. Opened lazily so that `create_app` stays cheap and free of side effects."""

    settings: Settings
    metrics: Metrics = field(default_factory=Metrics)
    _store: CaseStore | None = None
    _engine: SearchEngine | None = None
    _selection: SelectionStore | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _limiter: anyio.CapacityLimiter | None = None

    @property
    def store(self) -> CaseStore:
        """The store (the system of record), opened on first use."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self.settings)
        return self._store

    @property
    def engine(self) -> SearchEngine:
        """The configured search engine, opened on first use."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = open_engine(self.settings)
                    self.metrics.cache.watch(self._engine.cache)
        return self._engine

    @property
    def opened_engine(self) -> SearchEngine | None:
        """The engine if a request has opened it already, else None (never opens it: middleware asks)."""
        return self._engine

    @property
    def keys(self) -> KeyStore:
        """API keys, kept in the store's database."""
        return KeyStore(self.store)

    @property
    def selection(self) -> SelectionStore:
        """The amicus-candidate table, in the store's database (criteria registered on first use)."""
        if self._selection is None:
            store = self.store
            with self._lock:
                if self._selection is None:
                    self._selection = SelectionStore(store)
        return self._selection

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`function` in a worker thread, at most `ENGINE_THREADS` at a time per process.

        The engine and the store do CPU work under locks: 32 concurrent requests in 32 threads (anyio's
        default allows 40) only thrash the GIL and the cores, so the surplus waits on the event loop.
        """
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(ENGINE_THREADS)
        return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs), limiter=self._limiter)

    def close(self) -> None:
        """Close the engine and the store."""
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            self._selection = None  # it works through the store's connection, closed next
            if self._store is not None:
                self._store.close()
                self._store = None


def index_after_store(services: Services, case_ids: list[str], *, what: str) -> bool:
    """Bring the search index up to date after `case_ids` were written to the store; whether it was.

    `caselaw.search.sync` decides how (an upsert, or a whole rebuild when the index is missing or outdated). The
    store is the system of record: the write stands when the index cannot follow, and a reindex catches up.
    """
    try:
        update = index_stored(services.engine, services.store, case_ids)
    except CaselawError as error:
        log.warning("%s but not indexed: %s", what, error.message)
        return False
    if update.error is not None:
        log.warning("%s but not indexed: %s", what, update.error)
        return False
    if update.rebuilt is not None:
        log.warning("%s; %s", what, update.line())
    return True


async def get_services(request: Request) -> Services:
    """The app's services (a FastAPI dependency; async, so FastAPI calls it without a thread hop)."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
"""A parameter receiving the app's services (routes and pages take it from `caselaw.api.dependencies`)."""
