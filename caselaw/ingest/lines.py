"""The unit every reader produces and the layout works on: a positioned line of text on a page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    """One line (or one separated segment of a line) with its box in points, top-down from the page top."""

    text: str
    x0: float
    x1: float
    top: float
    baseline: float
    size: float
    rtl: bool = False
    piece: bool = False  # one of several blocks printed side by side on one row
    column: int = 0  # the reader's number for the column of running text the line is in; 0 outside columns

    @property
    def width(self) -> float:
        """Horizontal extent in points."""
        return self.x1 - self.x0


@dataclass(slots=True)
class PageLines:
    """The lines of one page, in reading order when the reader can tell it, and how they were obtained."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr_confidence: float | None = None
    needs_ocr: bool = False
    ordered: bool = False  # the lines are in reading order already (columns read in turn): the layout keeps it
    unmapped: bool = False  # the text layer's fonts map glyphs to no Unicode: its text was dropped for OCR
    # On an unmapped page, the numbers its text layer still gives exactly (digits from a font with a simple
    # encoding): OCR puts them in place of what it reads there (see `ocr.ocr_page`).
    kept: list[Line] = field(default_factory=list)
