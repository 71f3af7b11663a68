"""Keeping the search index in step with the store: rebuilds with progress, updates after ingest.

Lives at the CLI level because ingest must not import search (tests/test_layers.py); the search layer is
imported inside the functions, as it loads the tantivy extension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console

from caselaw.config import Settings
from caselaw.errors import EngineUnavailable, IndexNotReady
from caselaw.models import Case
from caselaw.store import CaseStore

if TYPE_CHECKING:
    from caselaw.search import SearchEngine

PLAIN_STEPS = 10
"""Progress lines printed by a rebuild when the output is not a terminal (logs, CI)."""


def counted(cases: Iterable[Case], report: Callable[[int], None]) -> Iterator[Case]:
    """`cases`, calling `report` with how many the engine has taken so far (progress for every engine)."""
    for taken, case in enumerate(cases, start=1):
        yield case
        report(taken)


def rebuild_index(engine: SearchEngine, store: CaseStore, console: Console) -> tuple[int, int]:
    """Rebuild from the store with a progress bar (plain lines off a terminal); (cases written, cases verified)."""
    total = store.count()
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"indexing ({engine.name})", total=total)
            written = engine.rebuild(counted(store.iter_cases(), lambda n: bar.update(task, completed=n)))
    else:
        step = max(1, -(-total // PLAIN_STEPS))

        def line(taken: int) -> None:
            if taken % step == 0 or taken == total:
                console.print(f"reindex: {taken}/{total} cases read", highlight=False)

        written = engine.rebuild(counted(store.iter_cases(), line))
    return written, engine.count()


def update_index(settings: Settings, store: CaseStore, case_ids: list[str]) -> str:
    """Upsert `case_ids` from the store into the configured engine's index; a line saying what happened.

    Without an index nothing is built (a partial index would hide the other cases): the line says to reindex.
    """
    if not case_ids:
        return "search index: nothing to update"
    from caselaw.search import open_engine

    try:
        with open_engine(settings) as engine:
            engine.count()  # IndexNotReady when there is no index, or one of another schema version
            written = engine.upsert(store.get_case(case_id) for case_id in case_ids)
    except IndexNotReady as error:
        return f"search index not updated: {error.message}"
    except EngineUnavailable as error:
        # The cases are stored; re-running ingest would skip them as already stored, so only a reindex helps.
        return f"search index not updated: {error.message}; run `caselaw reindex` once the engine is back"
    return f"search index updated: {written} case(s) ({settings.engine})"
