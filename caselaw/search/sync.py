"""Store, then index: the one place that brings the search index up to date after cases were written to the store.

Every writer calls `index_stored` right after its store write: `caselaw ingest` and `caselaw import`, the API's
PATCH and upload routes. The index it leaves is always whole: with no index yet, or one built by another schema
version, it rebuilds the whole index from the store (the system of record) instead of refusing or publishing an
index of only the cases just written, which would hide every other case. `SearchEngine.upsert` itself never
creates an index; it raises IndexNotReady, and this module decides what to do.

Nothing is dropped on the way: every store write queues its case in the store's own transaction
(`caselaw.store.index_queue`), and each update here also takes whatever earlier updates left queued (the engine
was busy or down, or a process died between its store write and its index update), in the order written. Rows
are deleted only once the index holds them; a failed update marks them, which `/readyz` reports at once. Threads
of one process take turns here, and the embedded engine's writer lock waits (bounded) for other processes, so
parallel uploads queue for the index writer instead of failing on it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from caselaw.errors import CaseNotFound, EngineUnavailable, IndexNotReady, NotFound
from caselaw.models import Case
from caselaw.search.engine import SearchEngine
from caselaw.store import CaseStore, index_queue

RebuildProgress = Callable[[int, int], None]
"""Called as a rebuild reads the store: (cases taken so far, cases in the store)."""

TURN_SECONDS = 60.0
"""How long an update waits for the other threads of its process to finish theirs (each waits in turn)."""
CHUNK = 500
"""Cases read from the store and handed to the engine at a time (memory stays flat on a long catch-up)."""

_turn = threading.RLock()


@dataclass(frozen=True)
class IndexUpdate:
    """What bringing the index up to date did: cases upserted, or a whole rebuild and why, or why neither."""

    engine: str
    updated: int = 0
    rebuilt: int | None = None
    """Cases written by a whole rebuild, when one was needed."""
    rebuild_reason: str | None = None
    error: str | None = None
    """Why the index was not updated (engine unreachable or busy); the cases stay stored."""
    caught_up: int = 0
    """Of `updated`, the cases that earlier updates had left queued."""

    @property
    def indexed(self) -> bool:
        """Whether the index now holds what the store holds for the cases written."""
        return self.error is None

    def line(self) -> str:
        """One line for a person: what happened to the index, and what to do when it was not updated."""
        if self.error is not None:
            # The cases are stored; re-running ingest would skip them as already stored, so only a reindex helps.
            return (
                f"search index not updated: {self.error}; the change stays queued for the next update, "
                "or run `caselaw reindex --check` once the engine is back"
            )
        if self.rebuilt is not None:
            return f"search index rebuilt from the store: {self.rebuilt} case(s) ({self.engine}; {self.rebuild_reason})"
        if not self.updated:
            return "search index: nothing to update"
        earlier = f"; {self.caught_up} left queued by earlier updates" if self.caught_up else ""
        return f"search index updated: {self.updated} case(s) ({self.engine}{earlier})"


def counted(cases: Iterable[Case], report: Callable[[int], None]) -> Iterator[Case]:
    """`cases`, calling `report` with how many the engine has taken so far (progress for every engine)."""
    for taken, case in enumerate(cases, start=1):
        yield case
        report(taken)


def rebuild_from_store(engine: SearchEngine, store: CaseStore, progress: RebuildProgress | None = None) -> int:
    """Rebuild the engine's whole index from the store, reporting progress; the number of cases written.

    Empties the index queue of every change made before the rebuild started reading (those made meanwhile stay
    queued: the rebuild may have read their case before or after the change)."""
    with _turn:
        through = index_queue.last_change(store)
        if progress is None:
            written = engine.rebuild(store.iter_cases())
        else:
            total = store.count()
            progress(0, total)
            written = engine.rebuild(counted(store.iter_cases(), lambda taken: progress(taken, total)))
        if engine.vectors is not None:
            engine.vectors.rebuild(store)  # swapped with the keyword index, from the vectors stored with the cases
        index_queue.done(store, through)
        return written


def index_stored(
    engine: SearchEngine,
    store: CaseStore,
    case_ids: Iterable[str],
    *,
    progress: RebuildProgress | None = None,
) -> IndexUpdate:
    """Bring the index up to date after `case_ids` were written to `store` (and whatever is queued from before).

    Upserts every case the store's index queue holds, `case_ids` first, into the live index (a case deleted from
    the store is deleted from it); when there is no index, or it was built by another schema version, rebuilds the
    whole index from the store instead (with `progress`). An engine that cannot be reached or stays busy leaves
    the index as it was and says why; the changes stay queued, marked as failed: the store stays the system of
    record.
    """
    ids = list(dict.fromkeys(case_ids))
    if not _turn.acquire(timeout=TURN_SECONDS):
        error = f"other updates of the search index kept it busy for {TURN_SECONDS:g} s"
        with contextlib.suppress(Exception):
            index_queue.failed(store, index_queue.last_change(store), error)
        return IndexUpdate(engine.name, error=error)
    try:
        # The queue is what the index lacks: `case_ids` no longer in it were taken meanwhile by another update
        # (a thread that had the turn before this one takes every change queued then, this one's included).
        queued = index_queue.pending(store)
        waiting, asked = set(queued.case_ids), set(ids)
        mine = [case_id for case_id in ids if case_id in waiting]
        earlier = [case_id for case_id in queued.case_ids if case_id not in asked]
        try:
            try:
                if not mine and not earlier:
                    engine.count()  # IndexNotReady without a (current) index: built even when nothing changed
                    return IndexUpdate(engine.name)
                written = _apply(engine, store, [*mine, *earlier])
            except IndexNotReady as missing:
                rebuilt = rebuild_from_store(engine, store, progress)
                return IndexUpdate(engine.name, rebuilt=rebuilt, rebuild_reason=_reason(missing))
        except EngineUnavailable as error:
            index_queue.failed(store, queued.through, error.message)
            return IndexUpdate(engine.name, error=error.message)
        index_queue.done(store, queued.through)
        if engine.vectors is not None:
            engine.vectors.refresh(store)  # rebuilt only when the store's vectors changed (`caselaw embed`)
        return IndexUpdate(engine.name, updated=written, caught_up=len(earlier))
    finally:
        _turn.release()


def _apply(engine: SearchEngine, store: CaseStore, case_ids: list[str]) -> int:
    """Upsert the stored version of each case, delete from the index those no longer stored; the cases upserted."""
    written = 0
    for start in range(0, len(case_ids), CHUNK):
        cases: list[Case] = []
        for case_id in case_ids[start : start + CHUNK]:
            try:
                cases.append(store.get_case(case_id))
            except CaseNotFound:
                with contextlib.suppress(NotFound):
                    engine.delete(case_id)
        if cases:
            written += engine.upsert(cases)
    return written


def _reason(missing: IndexNotReady) -> str:
    """Why a rebuild was needed, without the advice to run one (it has just been done)."""
    return missing.message.split(": run `caselaw reindex`")[0]
