"""The selection table in the caselaw SQLite file: one transaction per operation, every change logged.

One module per aggregate — `candidates` (and the table), `scores`, `comments` (and history), `precedents`,
`criteria` — over the shared `base`; `SelectionStore` puts them together.
"""

from __future__ import annotations

from types import TracebackType

from caselaw.config import Settings
from caselaw.selection.catalogue import default_criteria
from caselaw.selection.models import CriteriaSet
from caselaw.selection.store.candidates import CandidateStore
from caselaw.selection.store.comments import CommentStore
from caselaw.selection.store.criteria import CriteriaStore
from caselaw.selection.store.precedents import PrecedentStore
from caselaw.selection.store.scores import ScoreStore
from caselaw.store import CaseStore, open_store

__all__ = ["SelectionStore", "open_selection_store"]


class SelectionStore(CriteriaStore, CandidateStore, ScoreStore, CommentStore, PrecedentStore):
    """Candidates, scores, comments, history and precedents, in the same SQLite file as the cases.

    It works through the `CaseStore`'s connection (WAL, foreign keys, busy timeout, `synchronous=FULL`,
    migrations applied) and its lock, so the selection tables share the durability of the cases they cite
    and one process never holds two connections contending for the same write lock.
    """

    def __init__(self, cases: CaseStore, criteria: CriteriaSet | None = None, *, owns_cases: bool = False) -> None:
        self.cases = cases
        self._owns_cases = owns_cases
        self.criteria = criteria or default_criteria()
        self.register_criteria(self.criteria)

    def close(self) -> None:
        """Close the underlying case store when this object opened it."""
        if self._owns_cases:
            self.cases.close()

    def __enter__(self) -> SelectionStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_selection_store(settings: Settings, criteria: CriteriaSet | None = None) -> SelectionStore:
    """Open the store under the configured data directory with the selection tables; closing it closes both."""
    return SelectionStore(open_store(settings), criteria, owns_cases=True)
