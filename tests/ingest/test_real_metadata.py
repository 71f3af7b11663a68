"""Metadata read from the real corpus (`../shared/realdocs`) against its hand labels, text from Poppler while our
own text layer is being fixed (see real_metadata.py; `python -m tests.ingest.real_metadata -v` prints every row).

The floors are what the extractor reached when they were last raised; each may only go up. Without the folder
these tests skip, saying so (CI has it).
"""

from __future__ import annotations

import shutil

import pytest

from caselaw.config import Settings
from tests.ingest.real_metadata import REALDOCS, Row, Scores, describe, gold_rows, read_row, score

# Of 34 decisions, 4 print no readable forum (a Word file named .pdf, a scan whose page names only its
# division, a judgment whose court appears nowhere in its text, a text layer of unmapped Arabic glyphs).
FLOORS = {"forum": 0.88, "state": 0.91, "date": 0.97, "identifiers": 0.75}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REALDOCS / "gold.tsv").is_file(), reason=f"the real corpus is not at {REALDOCS}"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="Poppler's pdftotext is not installed"),
]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    """Every gold row with what the extractor read from Poppler's text of the file."""
    settings = Settings()
    return [read_row(row, "plain", settings, None) for row in gold_rows()]


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_decisions_figure_does_not_fall_below_its_floor(rows: list[Row], figure: str) -> None:
    decisions: Scores = score(rows)["decisions"]
    hits = {"forum": decisions.forum, "state": decisions.state, "date": decisions.date}.get(figure)
    total = decisions.rows
    if figure == "identifiers":
        hits, total = decisions.identifiers, decisions.identifiers_total
    assert hits is not None
    misses = [line for row in rows if row.kind == "decision" for line in describe(row)]
    assert hits / total >= FLOORS[figure], f"{figure}: {hits}/{total}\n" + "\n".join(misses)
