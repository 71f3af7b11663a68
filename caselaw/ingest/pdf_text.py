"""Read a PDF's text layer with pypdfium2: one call for a page's text, a few box look-ups per line.

pdfplumber measured about 190 ms for a page of a fixture decision; pypdfium2's text layer about 5 ms.
Layout needs positions, but not of every character: a line's first and last character give its box,
its baseline and its font size, and only lines that look too wide for their characters, or that carry
digits glued to a word (footnote marks), are looked at more closely.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from caselaw.errors import CorruptPdf, EncryptedPdf, TooManyPages, TruncatedPdf
from caselaw.ingest.arabic import fix_rtl_line, is_rtl, repair_lam_alef
from caselaw.ingest.lines import Line, PageLines

# pdfium marks a hyphen it removed at a line end with U+FFFE and joins the two lines; U+0002 in older builds.
_SOFT_HYPHENS = str.maketrans("", "", "\ufffe\x02\u00ad")
# Digits glued to a word or a closing punctuation mark: a footnote mark if printed smaller than the line.
_MARK_CANDIDATE = re.compile(r"(?<=[^\W\d_]|[.,;:)\]»”\"'])\d{1,3}(?:,\d{1,3})*(?=[\s.,;:)]|$)")
# A line is split where the gap between two words is wider than this many font sizes (side-by-side blocks).
_GAP_SPLIT = 2.5
_MARK_RATIO = 0.8


@contextmanager
def open_pdf(data: bytes, max_pages: int) -> Iterator[pdfium.PdfDocument]:
    """Open PDF bytes, naming what is wrong: password-protected, truncated, corrupt or too many pages."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedPdf("the PDF is password-protected; ingest it again once it is decrypted") from None
        if b"%%EOF" not in data[-2048:]:
            raise TruncatedPdf(f"the PDF is truncated (no end-of-file marker): {exc}") from None
        raise CorruptPdf(f"the PDF cannot be opened: {exc}") from None
    try:
        pages = len(document)
        if pages > max_pages:
            raise TooManyPages(f"the PDF has {pages} pages, more than the limit of {max_pages}", pages=pages)
        yield document
    finally:
        document.close()


class _Boxes:
    """Character boxes and font sizes of one text page, through reusable ctypes out-parameters."""

    def __init__(self, textpage: pdfium.PdfTextPage, height: float) -> None:
        self.raw = textpage.raw
        self.height = height
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))
        self._x, self._y = ctypes.c_double(), ctypes.c_double()

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, right, top, bottom) of a character, top-down."""
        pdfium_c.FPDFText_GetCharBox(self.raw, index, self._l, self._r, self._b, self._t)
        return self._l.value, self._r.value, self.height - self._t.value, self.height - self._b.value

    def baseline(self, index: int) -> float:
        """Baseline of a character, top-down."""
        pdfium_c.FPDFText_GetCharOrigin(self.raw, index, self._x, self._y)
        return self.height - self._y.value

    def size(self, index: int) -> float:
        """Font size of a character in points."""
        return float(pdfium_c.FPDFText_GetFontSize(self.raw, index))


def page_lines(document: pdfium.PdfDocument, number: int) -> PageLines:
    """The lines of page `number` (0-based), Arabic repaired; an empty list when it has no text layer."""
    page = document[number]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            result = PageLines(number, width, height)
            if text.strip():
                boxes = _Boxes(textpage, height)
                exact = len(text) == textpage.count_chars()
                result.lines = _merge_rtl_fragments(list(_lines(text, boxes, textpage if not exact else None)))
            return result
        finally:
            textpage.close()
    finally:
        page.close()


def _merge_rtl_fragments(lines: list[Line]) -> list[Line]:
    """Join the pieces pdfium cuts a shaped right-to-left line into (it breaks at every glyph run that
    moves leftwards), ordering them right to left; a gap wider than a fifth of the size is a space."""
    if not any(line.rtl for line in lines):
        return lines
    merged: list[Line] = []
    for line in lines:
        same_row = [m for m in merged if m.rtl and line.rtl and abs(m.baseline - line.baseline) < 0.3 * line.size]
        if not same_row:
            merged.append(line)
            continue
        row = same_row[-1]
        left, right = (line, row) if line.x1 <= row.x0 + 0.5 * line.size else (row, line)
        gap = right.x0 - left.x1
        if gap > _GAP_SPLIT * line.size:
            merged.append(line)  # side-by-side blocks (two columns), not pieces of one line
            continue
        joiner = " " if gap > 0.2 * line.size and not right.text.endswith(" ") else ""
        row.text = (right.text + joiner + left.text).strip()
        row.x0, row.x1 = min(row.x0, line.x0), max(row.x1, line.x1)
    return merged


def _lines(text: str, boxes: _Boxes, mapper: pdfium.PdfTextPage | None) -> Iterator[Line]:
    def to_char(i: int) -> int:
        # Text and character indices differ only when the page has characters outside the BMP.
        return i if mapper is None else int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(mapper.raw, i))

    start = 0
    for raw_line in text.split("\r\n"):
        begin = start
        start += len(raw_line) + 2
        # pdfium joins a line ending in a hyphen to the next one, marking the hyphen with U+FFFE: split them
        # again so that layout sees both lines' positions; the joiner rejoins the word.
        offset = begin
        for physical in raw_line.split("\ufffe"):
            stripped = physical.strip()
            if stripped:
                first = offset + (len(physical) - len(physical.lstrip()))
                hyphen = "-" if offset + len(physical) < begin + len(raw_line) else ""
                yield from _segments(stripped, first, boxes, to_char, hyphen)
            offset += len(physical) + 1


def _segments(text: str, first: int, boxes: _Boxes, to_char: Callable[[int], int], hyphen: str = "") -> Iterator[Line]:
    a = boxes.box(to_char(first))
    b = boxes.box(to_char(first + len(text) - 1))
    size = boxes.size(to_char(first)) or max(a[3] - a[2], 1.0)
    mixed = abs(boxes.size(to_char(first + len(text) - 1)) - size) > 0.5
    baseline = boxes.baseline(to_char(first))
    top = min(a[2], b[2])
    if is_rtl(text):
        lead = len(text) - len(text.lstrip("0123456789,"))
        if 0 < lead < len(text) - 1 and text[lead] == " ":
            # A footnote mark at the end of an RTL paragraph comes first in logical order: "2 الإنساني ...".
            body_size = boxes.size(to_char(first + lead + 1))
            if size < _MARK_RATIO * body_size:
                text, first, size = text[lead + 1 :], first + lead + 1, body_size
        text = repair_lam_alef(text, lambda i: _same_glyph(boxes, to_char(first + i)))
        text = _drop_marks(text, first, size, boxes, to_char)  # the repair keeps positions: marks still line up
        yield Line(
            fix_rtl_line(text).translate(_SOFT_HYPHENS), min(a[0], b[0]), max(a[1], b[1]), top, baseline, size, True
        )
        return
    pieces = [(0, len(text), a[0], max(a[1], b[1]))]
    # Too wide for its characters: two blocks side by side on one line (a masthead, a date beside a title).
    if len(text) > 3 and (mixed or (b[1] - a[0]) > 0.9 * size * len(text)):
        pieces = _split_wide(text, first, size, boxes, to_char, mixed)
    for number, (begin, end, x0, x1) in enumerate(pieces, start=1):
        piece = _drop_marks(text[begin:end], first + begin, size, boxes, to_char).strip()
        if number == len(pieces):
            piece += hyphen
        if piece:
            yield Line(piece.translate(_SOFT_HYPHENS), x0, x1, top, baseline, size, False, len(pieces) > 1)


def _same_glyph(boxes: _Boxes, char: int) -> bool:
    first, second = boxes.box(char), boxes.box(char + 1)
    return abs(first[0] - second[0]) < 0.01 and abs(first[1] - second[1]) < 0.01


def _drop_marks(text: str, first: int, size: float, boxes: _Boxes, to_char: Callable[[int], int]) -> str:
    cuts = [
        (match.start(), match.end())
        for match in _MARK_CANDIDATE.finditer(text)
        if boxes.size(to_char(first + match.start())) < _MARK_RATIO * size
    ]
    for begin, end in reversed(cuts):
        text = text[:begin] + text[end:]
    return text


def _split_wide(
    text: str, first: int, size: float, boxes: _Boxes, to_char: Callable[[int], int], mixed: bool = False
) -> list[tuple[int, int, float, float]]:
    """Cut a line at gaps wider than `_GAP_SPLIT` font sizes, or (on a line printed in two sizes) at a gap of
    one font size where the size changes: (start, end, x0, x1) of each piece."""
    pieces = []
    piece_start, piece_x0 = 0, boxes.box(to_char(first))[0]
    for position, char in enumerate(text):
        if char != " " or position == 0 or position + 1 >= len(text):
            continue
        left = boxes.box(to_char(first + position - 1))[1]
        right = boxes.box(to_char(first + position + 1))[0]
        gap = right - left
        changes = mixed and gap > size and abs(boxes.size(to_char(first + position + 1)) - size) > 0.5
        # A negative gap: the next word is drawn left of the last one, overlapping it: another block.
        if gap > _GAP_SPLIT * size or changes or gap < -size:
            pieces.append((piece_start, position, piece_x0, left))
            piece_start, piece_x0 = position + 1, right
    pieces.append((piece_start, len(text), piece_x0, boxes.box(to_char(first + len(text) - 1))[1]))
    return pieces
