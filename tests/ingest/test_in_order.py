"""Parallel ingest reads the largest files first yet stores in the order the files were given."""

from __future__ import annotations

from pathlib import Path

from caselaw.ingest.extract import Extracted
from caselaw.ingest.workers import InOrder, largest_first


def test_largest_first_keeps_the_given_order_among_equals_and_puts_unreadable_last(tmp_path: Path) -> None:
    sizes = {"a.pdf": 10, "b.pdf": 300, "c.pdf": 10, "d.pdf": 4000}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    paths = [str(tmp_path / name) for name in ["a.pdf", "missing.pdf", "b.pdf", "c.pdf", "d.pdf"]]
    assert [Path(p).name for p in largest_first(paths)] == ["d.pdf", "b.pdf", "a.pdf", "c.pdf", "missing.pdf"]


def test_results_reach_the_store_in_the_given_order_whatever_order_they_finish_in() -> None:
    recorded: list[str] = []
    in_order = InOrder(["a", "b", "c", "d"], lambda result: recorded.append(result.path))
    in_order(Extracted("c"))
    in_order(Extracted("d"))
    assert recorded == []  # "a" and "b" are still being read
    in_order(Extracted("a"))
    assert recorded == ["a"]
    in_order(Extracted("b"))
    assert recorded == ["a", "b", "c", "d"]
    in_order.flush()
    assert recorded == ["a", "b", "c", "d"]


def test_a_path_given_twice_gets_both_results_in_turn() -> None:
    recorded: list[tuple[str, int]] = []
    in_order = InOrder(["a", "b", "a"], lambda result: recorded.append((result.path, result.pages)))
    in_order(Extracted("a", pages=1))
    in_order(Extracted("a", pages=2))
    in_order(Extracted("b", pages=3))
    assert recorded == [("a", 1), ("b", 3), ("a", 2)]


def test_a_batch_cut_short_still_hands_on_what_was_read() -> None:
    recorded: list[str] = []
    in_order = InOrder(["a", "b", "c"], lambda result: recorded.append(result.path))
    in_order(Extracted("c"))
    in_order.flush()  # "a" and "b" were never read (interrupted): "c" is not lost
    assert recorded == ["c"]
