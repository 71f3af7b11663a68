"""Embed the store's cases: cut, encode in batches, store the vectors with each case (resumable, per model).

A case is embedded when the store holds vectors of the current model for exactly the passages it cuts into now;
every other case (never embedded, embedded by another model, or changed since) is embedded again. Each case is
saved as soon as its vectors are computed, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from caselaw.errors import CaseNotFound
from caselaw.models import Case
from caselaw.search.semantic.encoder import BATCH, Encoder
from caselaw.search.semantic.passages import Passage, case_passages, passages_hash
from caselaw.store import CaseStore
from caselaw.store import passages as stored

EmbedProgress = Callable[[int, int, int], None]
"""Called after each batch: (cases done, cases to embed, passages embedded so far)."""


@dataclass(frozen=True)
class EmbedReport:
    """What an embedding run did and how fast."""

    model: str
    cases: int
    """Cases embedded by this run."""
    passages: int
    skipped: int
    """Cases already embedded by this model for their current text."""
    seconds: float
    """Time spent cutting, encoding and storing (the model load apart)."""
    load_seconds: float = 0.0
    """Time the model took to load (0 when it was loaded already, or nothing needed embedding)."""

    @property
    def rate(self) -> float:
        """Passages embedded per second."""
        return self.passages / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """One line for a person."""
        return (
            f"embedded {self.cases} case(s), {self.passages} passage(s) in {self.seconds:.1f} s "
            f"(+{self.load_seconds:.1f} s model load; {self.rate:.1f} passages/s; {self.skipped} already embedded; "
            f"model {self.model})"
        )


def pending_cases(store: CaseStore, model: str, case_ids: Iterable[str] | None = None) -> tuple[list[str], int]:
    """Ids of the cases lacking current vectors of `model` (all stored cases, or `case_ids`), and how many are up
    to date."""
    done = stored.hashes(store, model)
    todo: list[str] = []
    fresh = 0
    for case in store.iter_cases() if case_ids is None else _cases(store, case_ids):
        if done.get(case.id) == passages_hash(case_passages(case)):
            fresh += 1
        else:
            todo.append(case.id)
    return todo, fresh


def _cases(store: CaseStore, case_ids: Iterable[str]) -> Iterator[Case]:
    """The stored cases of `case_ids` (those deleted meanwhile left out)."""
    for case_id in dict.fromkeys(case_ids):
        try:
            yield store.get_case(case_id)
        except CaseNotFound:
            continue


def embed_store(
    store: CaseStore,
    encoder: Encoder,
    *,
    case_ids: Iterable[str] | None = None,
    progress: EmbedProgress | None = None,
) -> EmbedReport:
    """Embed every stored case (or those of `case_ids`) that lacks vectors of the encoder's model."""
    model = encoder.key
    todo, fresh = pending_cases(store, model, case_ids)
    load = encoder.load() if todo else 0.0
    started = time.perf_counter()
    done = embedded = 0
    batch: list[tuple[Case, list[Passage]]] = []
    waiting = 0
    if progress is not None:
        progress(0, len(todo), 0)

    def flush() -> None:
        nonlocal done, embedded, waiting
        texts = [passage.text for _, passages in batch for passage in passages]
        vectors = encoder.encode(texts)
        at = 0
        for case, passages in batch:
            rows = [
                stored.StoredPassage(case.id, position, p.section, p.language, p.paragraph, p.text)
                for position, p in enumerate(passages)
            ]
            own = vectors[at : at + len(passages)] if passages else np.zeros((0, vectors.shape[1]), np.float32)
            stored.save(store, case.id, model, passages_hash(passages), rows, own)
            at += len(passages)
        done += len(batch)
        embedded += len(texts)
        batch.clear()
        waiting = 0
        if progress is not None:
            progress(done, len(todo), embedded)

    for case_id in todo:
        try:
            case = store.get_case(case_id)
        except CaseNotFound:  # deleted meanwhile: nothing to embed
            continue
        passages = case_passages(case)
        batch.append((case, passages))
        waiting += len(passages)
        if waiting >= BATCH * 2:
            flush()
    if batch:
        flush()
    return EmbedReport(model, done, embedded, fresh, time.perf_counter() - started, load)
