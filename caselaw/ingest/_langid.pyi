"""Types of the native feature walk (caselaw/ingest/_langid.c, built by setup.py)."""

from array import array

def visit_counts(
    nextmove: array[int],
    nextmove_itemsize: int,
    rows: array[int],
    rows_itemsize: int,
    output: array[int],
    text: bytes,
    /,
) -> dict[int, int] | None:
    """The features the model's automaton passes over `text`, with their counts, by first occurrence; None for none."""
