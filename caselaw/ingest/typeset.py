"""Lay flowed text (paragraphs, table rows, notes, page breaks) out as positioned lines for the layout.

Word, RTF and HTML files carry paragraphs, not positions. The layout analysis works on positioned lines, so
each paragraph becomes one line (one per forced line break) on a synthetic page: the paragraph's own font
size, a gap between paragraphs wider than any line pitch (the layout starts a block there), lines set at the
left margin (no columns are ever guessed), nothing in the top or bottom tenth of a page (where the layout
looks for running headers and page numbers), and the notes last, smaller than the body (as footnotes).
A table row whose cells each hold one line becomes side-by-side pieces, as a PDF's label/value rows do.
A running header (a Word header part) is set where a PDF prints it, in that top band of every page, so the
layout finds it as it finds a PDF's; a single page gets a second one holding only the header, for it to repeat.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from caselaw.ingest.arabic import is_rtl
from caselaw.ingest.lines import Line, PageLines

DEFAULT_SIZE = 12.0
_WIDTH, _MIN_HEIGHT, _MARGIN = 595.0, 842.0, 72.0  # A4 in points, one-inch margins
_TEXT_WIDTH = _WIDTH - 2 * _MARGIN
_CHAR = 0.5  # the mean width of a character, in font sizes
_LEADING = 1.2  # baseline to baseline within a paragraph, in font sizes
_PARAGRAPH_GAP = 3.5  # baseline to baseline between paragraphs: more than the layout's 3 body sizes of pitch
_NOTE_SIZE = 0.7  # notes are set at this share of the body size (the layout takes under 0.85 as footnotes)
_PIECES_ROOM = 0.45  # cells start within the left 45% of the text width: the layout never sees two columns
_HEADER_TOP, _HEADER_LINES = 24.0, 3  # running header lines stay within the top band of the shortest page
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters, and the private use area: glyphs of symbol fonts (Wingdings, Symbol), no text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\u200b\ue000-\uf8ff]")


@dataclass
class Paragraph:
    """A paragraph of flowed text; `\\n` in its text is a forced line break."""

    text: str
    size: float = DEFAULT_SIZE


@dataclass
class Row:
    """A table row: the paragraphs of each cell, in reading order."""

    cells: list[list[Paragraph]] = field(default_factory=list)


@dataclass
class PageBreak:
    """A forced page break."""


@dataclass
class Note:
    """A footnote or endnote: its mark as printed (a number, or `*` for a symbol) and its text."""

    mark: str
    text: str


Item = Paragraph | Row | PageBreak


def clean(text: str) -> str:
    """Text of one line: control characters out, runs of spaces (tabs, no-break spaces) as one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def typeset(items: Sequence[Item], notes: Sequence[Note] = (), running: Sequence[str] = ()) -> list[PageLines]:
    """Pages of positioned lines, one page per forced page break, notes at the end of the last page, the running
    header's lines (`running`) at the top of every page."""
    body = body_size(items)
    pages: list[list[Line]] = [[]]
    state = _Cursor()
    for item in items:
        if isinstance(item, PageBreak):
            if pages[-1]:
                _end_page(pages[-1])
                pages.append([])
                state = _Cursor()
        elif isinstance(item, Row):
            pages[-1] += _row(item, state)
        else:
            pages[-1] += _paragraph(item, state, _MARGIN, _TEXT_WIDTH)
    note_size = round(_NOTE_SIZE * body, 1)
    for note in notes:
        text = clean(note.text)
        if text:
            mark = note.mark if re.fullmatch(r"\d{1,3}|[*†‡§]", note.mark) else "*"
            pages[-1] += _paragraph(Paragraph(f"{mark} {text}", note_size), state, _MARGIN, _TEXT_WIDTH)
    result = [_page(number, lines) for number, lines in enumerate(pages) if lines or number == 0]
    header = [text for text in (clean(line) for line in running) if text][:_HEADER_LINES]
    if header:
        if len(result) == 1:
            result.append(PageLines(1, _WIDTH, _MIN_HEIGHT, ordered=True))
        size = 0.9 * body  # not small enough to pass for a footnote
        for page in result:
            for number, text in enumerate(header):
                top = _HEADER_TOP + number * _LEADING * size
                width = min(len(text) * _CHAR * size, _TEXT_WIDTH)
                page.lines.insert(number, Line(text, _MARGIN, _MARGIN + width, top, top + size, size, is_rtl(text)))
    return result


def body_size(items: Sequence[Item]) -> float:
    """The size most characters are set in (as the layout computes it), 12 pt when there is no text."""
    sizes: Counter[float] = Counter()
    for item in items:
        paragraphs = [p for cell in item.cells for p in cell] if isinstance(item, Row) else [item]
        for paragraph in paragraphs:
            if isinstance(paragraph, Paragraph):
                sizes[round(paragraph.size * 2) / 2] += len(paragraph.text)
    return sizes.most_common(1)[0][0] if sizes else DEFAULT_SIZE


@dataclass
class _Cursor:
    """Where the next line goes on the current page: the previous baseline and size."""

    baseline: float = 0.0
    size: float = 0.0


def _paragraph(paragraph: Paragraph, state: _Cursor, x0: float, room: float, piece: bool = False) -> list[Line]:
    lines: list[Line] = []
    size = paragraph.size if paragraph.size > 0 else DEFAULT_SIZE
    texts = [text for text in (clean(raw) for raw in paragraph.text.split("\n")) if text]
    for number, text in enumerate(texts):
        step = _LEADING * size if number else (_PARAGRAPH_GAP * max(size, state.size) if state.size else size)
        state.baseline += step
        state.size = size
        # A line ended by a forced break is as wide as its text (the layout may end a block after a short line);
        # a paragraph's last line spans the measure, so that the page's right edge is always the margin and
        # the cells of a row, which start left of the middle, are never taken for a second column.
        last = number == len(texts) - 1 and not piece
        width = room if last else min(len(text) * _CHAR * size, room)
        lines.append(Line(text, x0, x0 + width, state.baseline - size, state.baseline, size, is_rtl(text), piece))
    return lines


def _end_page(lines: list[Line]) -> None:
    """The last line before a page break ends where a wrapped paragraph's last line would: short of the margin.

    The layout joins a page's last line to the next page's first unless the line was visibly ended (a block
    goes on over a page break); a page break always ends a paragraph here.
    """
    last = lines[-1]
    if not last.piece:
        last.x1 = last.x0 + max(last.size, (len(last.text) * _CHAR * last.size) % _TEXT_WIDTH - 4 * last.size)


def _row(row: Row, state: _Cursor) -> list[Line]:
    """Side-by-side pieces when every non-empty cell is one line; otherwise the cells' paragraphs in turn."""
    cells = [[p for p in cell if clean(p.text)] for cell in row.cells]
    cells = [cell for cell in cells if cell]
    single = all(len(cell) == 1 and "\n" not in cell[0].text.strip() for cell in cells)
    if len(cells) < 2 or not single:
        return [
            line for cell in cells for paragraph in cell for line in _paragraph(paragraph, state, _MARGIN, _TEXT_WIDTH)
        ]
    step = _PIECES_ROOM * _TEXT_WIDTH / (len(cells) - 1) if len(cells) > 1 else 0.0
    lines: list[Line] = []
    start = _Cursor(state.baseline, state.size)
    for number, cell in enumerate(cells):
        x0 = _MARGIN + number * step
        room = step - 2 * cell[0].size if number < len(cells) - 1 else _WIDTH - _MARGIN - x0
        at = _Cursor(start.baseline, start.size)
        lines += _paragraph(cell[0], at, x0, max(room, cell[0].size), piece=True)
    # Every piece of the row on one baseline: the first piece's, with the row's largest size.
    baseline = max(line.baseline for line in lines)
    for line in lines:
        line.baseline, line.top = baseline, baseline - line.size
    state.baseline, state.size = baseline, max(line.size for line in lines)
    return lines


def _page(number: int, lines: list[Line]) -> PageLines:
    """A page tall enough that no line falls in the top or bottom tenth (the layout's band for furniture)."""
    if not lines:
        return PageLines(number, _WIDTH, _MIN_HEIGHT, ordered=True)
    first, last = min(line.top for line in lines), max(line.baseline for line in lines)
    content = last - first
    height = max(_MIN_HEIGHT, (content + 2 * _MARGIN) / 0.8)
    shift = 0.1 * height + _MARGIN - first
    for line in lines:
        line.top += shift
        line.baseline += shift
    # The lines are in the document's order: the layout keeps it (no columns guessed).
    return PageLines(number, _WIDTH, height, lines, ordered=True)
