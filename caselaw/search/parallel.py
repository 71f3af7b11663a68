"""Converting cases to engine documents on every core, in order, off the thread that feeds the engine's writer.

A rebuild's Python share is the conversion (`indexable`: concept finding over whole judgments, the display
payload, the engine's document format); the engine's writer (a cluster node, or tantivy's threads) works beside
it. One process converts one case at a time; here worker processes take chunks of cases and the caller gets the
documents back in the order of the cases. Small runs (tests, updates of a few cases) never start a worker: the
first `INLINE` cases are converted in the calling process, and workers start only when more follow.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

S = TypeVar("S")
T = TypeVar("T")

INLINE = 256
"""Cases converted in the calling process before any worker starts (a worker costs ~1 s to start and import)."""
CHUNK = 32
"""Cases per task sent to a worker: large enough that pickling and the hand-over are a small share."""
AHEAD = 4
"""Tasks queued per worker beyond the one it runs: memory stays bounded, no worker waits for the caller."""


def default_workers() -> int:
    """One converting process per core."""
    return os.cpu_count() or 1


def _convert_chunk(convert: Callable[[S], T], items: list[S]) -> list[T]:
    return [convert(item) for item in items]


def converted(cases: Iterable[S], convert: Callable[[S], T], workers: int | None = None) -> Iterator[T]:
    """`convert(case)` of each case (or item carrying one), in order: the first `INLINE` here, the rest in `workers`
    processes (one per core by default; 1 converts everything here). `convert` must be a module-level function (it
    is pickled)."""
    workers = default_workers() if workers is None else workers
    iterator = iter(cases)
    for case in itertools.islice(iterator, INLINE if workers > 1 else None):
        yield convert(case)
    first = list(itertools.islice(iterator, CHUNK))
    if not first:
        return
    # Fork server: workers inherit no threads, locks or open index files of the caller (an API process).
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: deque[Future[list[T]]] = deque()
    try:
        chunks = itertools.chain([first], iter(lambda: list(itertools.islice(iterator, CHUNK)), []))
        for chunk in chunks:
            pending.append(pool.submit(_convert_chunk, convert, chunk))
            if len(pending) > workers * AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
