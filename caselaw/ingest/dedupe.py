"""Near-duplicate texts: bottom-k sketches of word shingles, compared by estimated Jaccard similarity.

One CRC-32 per 5-word shingle and the k smallest kept: cheap enough to run in the workers on every document
(a 50-page judgment takes a few milliseconds; 64-permutation MinHash in Python took about a second).
"""

from __future__ import annotations

import heapq
import re
import zlib
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")
_SHINGLE = 5
_K = 128
NEAR_DUPLICATE = 0.8


def signature(text: str) -> tuple[int, ...]:
    """The `_K` smallest CRC-32s of the text's sampled 5-word shingles (lower case); may be empty."""
    words = _WORD.findall(text.lower())
    hashes = {zlib.crc32(" ".join(words[i : i + _SHINGLE]).encode()) for i in range(max(0, len(words) - _SHINGLE + 1))}
    return tuple(heapq.nsmallest(_K, hashes))  # sorted, as `sorted(hashes)[:_K]`, without sorting them all


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two sketches (bottom-k of the union, share found in both)."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[: min(len(a), len(b), _K)]
    both = set(a) & set(b)
    return sum(1 for value in union if value in both) / len(union)


@dataclass
class NearDuplicates:
    """Sketches seen so far in a batch; `check` names an earlier document that reads the same."""

    seen: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)

    def check(self, label: str, sketch: tuple[int, ...]) -> str | None:
        """The label of an earlier near-duplicate, if any; remembers `sketch` under `label`."""
        match = next((other for other, seen in self.seen if similarity(sketch, seen) >= NEAR_DUPLICATE), None)
        if sketch:
            self.seen.append((label, sketch))
        return match
