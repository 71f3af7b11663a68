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

    @property
    def width(self) -> float:
        """Horizontal extent in points."""
        return self.x1 - self.x0


@dataclass(slots=True)
class PageLines:
    """The lines of one page, in the order the reader found them, and how they were obtained."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr_confidence: float | None = None
    needs_ocr: bool = False
