"""Reciprocal rank fusion: one ranking from several, each list counting by rank alone (scores never compared)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

Item = TypeVar("Item", bound=Hashable)

RRF_K = 60
"""The usual constant (Cormack et al. 2009): a hit's weight is 1/(k + rank), so top ranks of either list lead."""


def rrf(rankings: list[list[Item]], k: int = RRF_K) -> list[tuple[Item, float]]:
    """Ids of every ranking, by the sum of 1/(k + rank) over the rankings they are in (ties: first seen first)."""
    scores: dict[Item, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
