"""The search index seen from the command line: rebuilds with progress, and the index update after a store write.

What to do to the index after a write is decided by `caselaw.search.sync` (shared with the API); this module
adds the progress bar (plain lines off a terminal). The search layer is imported inside the functions, as it
loads the tantivy extension.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console

from caselaw.config import Settings
from caselaw.errors import EngineUnavailable
from caselaw.store import CaseStore

if TYPE_CHECKING:
    from caselaw.search import SearchEngine
    from caselaw.search.sync import RebuildProgress

PLAIN_STEPS = 10
"""Progress lines printed by a rebuild when the output is not a terminal (logs, CI)."""


@contextmanager
def rebuild_progress(console: Console, engine_name: str) -> Iterator[RebuildProgress]:
    """A rebuild's progress: a bar on a terminal, about `PLAIN_STEPS` plain lines off one."""
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        bar = Progress(*columns, console=console, transient=True)
        task = bar.add_task(f"indexing ({engine_name})", total=None)

        def advance(taken: int, total: int) -> None:
            bar.start()  # on the first call only (a no-op after): an update that rebuilds nothing shows no bar
            bar.update(task, completed=taken, total=total)

        try:
            yield advance
        finally:
            bar.stop()
        return

    def line(taken: int, total: int) -> None:
        step = max(1, -(-total // PLAIN_STEPS))
        if taken and (taken % step == 0 or taken == total):
            console.print(f"reindex: {taken}/{total} cases read", highlight=False)

    yield line


def rebuild_index(engine: SearchEngine, store: CaseStore, console: Console) -> tuple[int, int]:
    """Rebuild from the store with a progress bar (plain lines off a terminal); (cases written, cases verified)."""
    from caselaw.search.sync import rebuild_from_store

    with rebuild_progress(console, engine.name) as progress:
        written = rebuild_from_store(engine, store, progress)
    return written, engine.count()


def update_index(settings: Settings, store: CaseStore, case_ids: list[str], console: Console) -> str:
    """Bring the configured engine's index up to date after `case_ids` were stored; a line saying what happened.

    With no index, or one of an older schema, the whole index is rebuilt from the store (see `caselaw.search.sync`).
    """
    from caselaw.search import open_engine
    from caselaw.search.sync import index_stored

    try:
        with open_engine(settings) as engine, rebuild_progress(console, engine.name) as progress:
            return index_stored(engine, store, case_ids, progress=progress).line()
    except EngineUnavailable as error:
        return f"search index not updated: {error.message}; run `caselaw reindex` once the engine is back"


def check_index(engine: SearchEngine, store: CaseStore, console: Console) -> bool:
    """Compare the index with the store and repair what differs; whether they agree at the end.

    Drift is a change the index has not taken (queued in the store: an update failed, or a process died between
    its store write and its index update) or a count that differs with nothing queued. Queued changes are taken
    in order; counts that still differ are repaired by a whole rebuild.
    """
    from caselaw.errors import IndexNotReady
    from caselaw.search.sync import index_stored
    from caselaw.store import index_queue

    def describe(label: str) -> tuple[int, int | None, index_queue.QueueState]:
        cases, queue = store.count(), index_queue.state(store)
        try:
            indexed: int | None = engine.count()
        except IndexNotReady:
            indexed = None
        shown = "no index" if indexed is None else f"{indexed} case(s)"
        console.print(
            f"{label}: store {cases} case(s), last change {queue.last_change}; index {shown}, complete through "
            f"change {queue.indexed_through}; {queue.pending} change(s) queued, {queue.failed} failed",
            highlight=False,
        )
        return cases, indexed, queue

    cases, indexed, queue = describe("before")
    if not queue.pending and cases == indexed:
        console.print("the index holds what the store holds", highlight=False)
        return True
    if queue.pending or indexed is None:
        with rebuild_progress(console, engine.name) as progress:
            console.print(index_stored(engine, store, [], progress=progress).line(), highlight=False)
    cases, indexed, queue = describe("after update")
    if cases != indexed:
        written, verified = rebuild_index(engine, store, console)
        console.print(f"counts differed: rebuilt, {written} case(s) written, {verified} in the index", highlight=False)
        cases, indexed, queue = describe("after rebuild")
    return not queue.pending and cases == indexed
