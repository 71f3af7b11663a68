"""Passages of each case and their sentence vectors, stored with the case so an index rebuild never re-embeds.

Vectors are keyed by model (name and version): a case embedded by another model counts as not embedded. What
is cut and how it is embedded lives in the search layer (`caselaw.search.semantic`); this module only keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from caselaw.store.cases import CaseStore

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class StoredPassage:
    """One passage of a case: where it comes from, its text and (when read with vectors) its vector."""

    case_id: str
    position: int
    section: str
    language: str
    paragraph: str | None
    text: str


def save(
    store: CaseStore,
    case_id: str,
    model: str,
    text_hash: str,
    passages: list[StoredPassage],
    vectors: Vector,
) -> None:
    """Replace the passages and vectors of `case_id` for `model`, atomically (a case is never half embedded)."""
    if len(passages) != len(vectors):
        raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
    dimension = int(vectors.shape[1]) if vectors.ndim == 2 and len(vectors) else 1
    data = np.ascontiguousarray(vectors, dtype="<f4")
    with store.transaction() as connection:
        exists = connection.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone()
        if exists is None:
            return  # deleted meanwhile: nothing to keep
        connection.execute("DELETE FROM passages WHERE case_id = ? AND model = ?", (case_id, model))
        connection.execute("DELETE FROM passage_sets WHERE case_id = ? AND model = ?", (case_id, model))
        connection.executemany(
            "INSERT INTO passages (case_id, model, position, section, language, paragraph, text, vector) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (case_id, model, p.position, p.section, p.language, p.paragraph, p.text, data[i].tobytes())
                for i, p in enumerate(passages)
            ],
        )
        connection.execute(
            "INSERT INTO passage_sets (case_id, model, text_hash, dimension, embedded_at) VALUES (?, ?, ?, ?, ?)",
            (case_id, model, text_hash, dimension, datetime.now(UTC).isoformat()),
        )


def hashes(store: CaseStore, model: str) -> dict[str, str]:
    """Per embedded case, the hash of the passage texts its vectors were computed from."""
    with store.reading() as connection:
        rows = connection.execute("SELECT case_id, text_hash FROM passage_sets WHERE model = ?", (model,))
        return {str(row[0]): str(row[1]) for row in rows}


def stamp(store: CaseStore, model: str) -> str:
    """A value that changes whenever the vectors stored for `model` change (cases embedded, re-embedded, deleted)."""
    with store.reading() as connection:
        row = connection.execute(
            "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM passage_sets WHERE model = ?", (model,)
        ).fetchone()
    return f"{model}:{int(row[0])}:{int(row[1])}"


def count(store: CaseStore, model: str) -> tuple[int, int]:
    """(cases embedded, passages stored) for `model`."""
    with store.reading() as connection:
        cases = connection.execute("SELECT COUNT(*) FROM passage_sets WHERE model = ?", (model,)).fetchone()
        rows = connection.execute("SELECT COUNT(*) FROM passages WHERE model = ?", (model,)).fetchone()
    return int(cases[0]), int(rows[0])


def iter_vectors(store: CaseStore, model: str, batch: int = 5000) -> Iterator[tuple[StoredPassage, bytes]]:
    """Every stored passage of `model` with its raw float32 vector, in (case, position) order, read in batches."""
    last: tuple[str, int] = ("", -1)
    while True:
        with store.reading() as connection:
            rows = connection.execute(
                "SELECT case_id, position, section, language, paragraph, text, vector FROM passages "
                "WHERE model = ? AND (case_id > ? OR (case_id = ? AND position > ?)) "
                "ORDER BY case_id, position LIMIT ?",
                (model, last[0], last[0], last[1], batch),
            ).fetchall()
        if not rows:
            return
        for row in rows:
            passage = StoredPassage(str(row[0]), int(row[1]), str(row[2]), str(row[3]), row[4], str(row[5]))
            yield passage, bytes(row[6])
        last = (str(rows[-1][0]), int(rows[-1][1]))
