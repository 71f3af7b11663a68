"""Read a PDF's text layer with pypdfium2 into lines in reading order, built from the boxes of what it draws.

pdfplumber measured about 190 ms for a page of a fixture decision; pypdfium2's text layer about 5 ms. pdfium's
text follows the order the PDF draws in, which is not always the reading order (a word at a time, columns
interleaved, lines drawn bottom-up), so it is only cut into items here (`_Items`: runs pdfium drew in one go, cut
at any gap between them; single words where the drawing goes back on itself), each with its box, baseline and
size, and `assemble` builds the lines from the boxes. The size is read as printed (the size set times the text
matrix's scale): a size of 1 scaled ten times once made every space look like a gap between two blocks.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from caselaw.errors import CorruptPdf, EncryptedPdf, TooManyPages, TruncatedPdf
from caselaw.ingest.arabic import repair_ligatures
from caselaw.ingest.assemble import Word, arabic, assemble
from caselaw.ingest.lines import Line, PageLines

if TYPE_CHECKING:
    from caselaw.ingest._items import Item

# pdfium marks a hyphen it removed at a line end with U+FFFE and joins the two lines; U+0002 in older builds.
_HYPHEN_MARKS = "\ufffe\x02"
_TOKEN = re.compile(f"[^\\s{_HYPHEN_MARKS}]+[{_HYPHEN_MARKS}]?")
# A piece of pdfium's text between its line breaks (a hyphen it removed ends one: the next word is on the next line).
_PIECE = re.compile(f"[^\\r\\n{_HYPHEN_MARKS}]+[{_HYPHEN_MARKS}]?")
# Digits glued to a word or a closing punctuation mark: a footnote mark if printed smaller than the word.
_MARK_CANDIDATE = re.compile(r"(?<=[^\W\d_]|[.,;:)\]»”\"'])\d{1,3}(?:,\d{1,3})*(?=[\s.,;:)]|$)")
_DIGIT = re.compile(r"\d")
_SPACES = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u3000"
_MARK_RATIO = 0.8
# Runs of one piece further apart than this many font sizes are cut into words: a justified line spaces its
# words up to about one size, a tab or a gutter between two blocks is wider (a gutter narrower than this,
# drawn row by row, goes unseen).
_RUN_GAP = 1.0
# A number or a date alone ("148159", "2025/09/16", "0559022006"); in the noise of an unmapped font a digit or
# two turn up here and there, four or more standing alone do not.
_NUMBER = re.compile(r"\d+(?:[/.\-:]\d+)*")
_NUMBER_DIGITS = 4
log = logging.getLogger("caselaw.ingest")


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
        self.out = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        self.rect = pdfium_c.FS_RECTF()
        self.origin = (ctypes.c_double(), ctypes.c_double())
        self._m = pdfium_c.FS_MATRIX()

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, right, top, bottom) of a character, top-down."""
        left, right, bottom, top = self.out
        pdfium_c.FPDFText_GetCharBox(self.raw, index, left, right, bottom, top)
        return left.value, right.value, self.height - top.value, self.height - bottom.value

    def size(self, index: int) -> float:
        """Font size of a character in points, as printed: the size set times the text matrix's scale (a PDF
        may set size 1 and scale the text by ten)."""
        pdfium_c.FPDFText_GetMatrix(self.raw, index, self._m)
        return float(pdfium_c.FPDFText_GetFontSize(self.raw, index)) * math.hypot(self._m.c, self._m.d)


def page_lines(document: pdfium.PdfDocument, number: int, *, native: bool = True) -> PageLines:
    """The lines of page `number` (0-based) in reading order, Arabic repaired; none when it has no text layer
    or one without a usable Unicode map (`unmapped`: the pipeline OCRs pages without lines). `native=False`
    cuts the items in Python (the reference the native cutter is tested against)."""
    page = document[number]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            result = PageLines(number, width, height, ordered=True)
            if text.strip() and _unmapped(textpage):
                result.unmapped = True  # no lines: the page is read like a scan (Latin-1 noise is no text)
                result.kept = _numbers(text, _Boxes(textpage, height), textpage)
            elif text.strip():
                boxes = _Boxes(textpage, height)
                exact = len(text) == textpage.count_chars()
                words, vertical = _words(text, boxes, textpage if not exact else None, native)
                result.lines = assemble(words) + _vertical_lines(vertical)
            return result
        finally:
            textpage.close()
    finally:
        page.close()


def _numbers(text: str, boxes: _Boxes, textpage: pdfium.PdfTextPage) -> list[Line]:
    """The numbers of an unmapped page's text layer, as lines: a font without a Unicode map for its letters may
    still draw its digits through a simple encoding, and OCR misreads digits more than words (a request number,
    a date in a form's grey box)."""
    exact = len(text) == textpage.count_chars()
    words, _ = _words(text, boxes, textpage if not exact else None)
    return [
        Line(w.text, w.x0, w.x1, w.top, w.baseline, w.size)
        for w in words
        if _NUMBER.fullmatch(w.text) and len(_DIGIT.findall(w.text)) >= _NUMBER_DIGITS
    ]


def _object(raw: pdfium_c.FPDF_TEXTPAGE, char: int) -> int | None:
    """The address of the text object a character was drawn by."""
    return ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, char), ctypes.c_void_p).value


def _unmapped(textpage: pdfium.PdfTextPage, samples: int = 64) -> bool:
    """Whether most characters (a sample of them) come from fonts with no usable Unicode map."""
    count = textpage.count_chars()
    picked = range(0, count, max(1, count // samples))
    errors = sum(1 for index in picked if pdfium_c.FPDFText_HasUnicodeMapError(textpage.raw, index) == 1)
    return errors > 0.5 * len(picked)


def _words(
    text: str, boxes: _Boxes, mapper: pdfium.PdfTextPage | None, native: bool = True
) -> tuple[list[Word], list[tuple[Word, bool]]]:
    """The page's words (or whole runs of them, see `_Items`), and apart those set vertically (with whether
    they read upwards); cut by the native twin of `_Items` where it is built and `native`."""
    items = _Items(text, boxes, mapper)
    cutter = _native_cutter() if native else None
    if cutter is not None:
        address = ctypes.cast(boxes.raw, ctypes.c_void_p).value or 0
        items.native(cutter(address, text, mapper is None, boxes.height))
        return items.words, items.vertical
    for match in _PIECE.finditer(text):
        items.piece(*match.span())
    return items.words, items.vertical


@functools.cache
def _native_cutter() -> Callable[[int, str, bool, float], list[Item]] | None:
    """The native item cutter bound to pypdfium2's pdfium, or None where it was not built (the Python `_Items`
    then does the same work, about four times slower)."""
    try:
        from caselaw.ingest import _items
    except ImportError:
        log.warning("caselaw.ingest._items is not built: reading PDFs with the slower Python item cutter")
        return None
    functions = (
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_GetFontSize,
        pdfium_c.FPDFText_GetMatrix,
        pdfium_c.FPDFText_IsGenerated,
        pdfium_c.FPDFText_GetTextObject,
        pdfium_c.FPDFText_GetCharIndexFromTextIndex,
    )
    _items.bind(*(ctypes.cast(function, ctypes.c_void_p).value or 0 for function in functions))
    return _items.cut


class _Items:
    """Cuts pdfium's text into the items `assemble` orders, with their boxes.

    A piece of pdfium's text between two of its line breaks that pdfium drew as one run (one text object, or
    runs that follow one another closely on one line) is one item: reading order within it is the drawing
    order, which is right. A piece with a gap in it (two blocks on one row, words drawn out of order) is cut
    into words. Boxes are pdfium's loose ones (advance width, the font's ascent and descent): a third of the
    cost of the glyph's own box. The size and the baseline are looked up at each of pdfium's line starts, for
    items with digits (footnote marks) and where the loose box's height changes; an item between shares the
    size and takes the baseline from how far its box's bottom sits from the looked-up one's."""

    def __init__(self, text: str, boxes: _Boxes, mapper: pdfium.PdfTextPage | None) -> None:
        self.text, self.boxes, self.mapper = text, boxes, mapper
        self.words: list[Word] = []
        self.vertical: list[tuple[Word, bool]] = []
        self.arabic = arabic(text)
        self.order = 0
        self.size = self.glyph = self.bottom = self.baseline = 0.0
        self._rect = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())

    def char(self, index: int) -> int:
        """The character index of a text index (they differ only after a character outside the BMP)."""
        if self.mapper is None:
            return index
        return int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(self.mapper.raw, index))

    def piece(self, start: int, end: int) -> None:
        """One piece of pdfium's text, between line breaks: one item, cut at the gaps between its runs; one item
        a word where a run goes back over another (words drawn out of order, or text printed over text)."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        hyphen = end > start and text[end - 1] in _HYPHEN_MARKS
        stop = end - 1 if hyphen else end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop <= start:
            return
        cuts = self._cuts(start, stop) if " " in text[start:stop] else []
        if cuts is None:
            for match in _TOKEN.finditer(text, start, stop):
                self.item(match.start(), match.end(), hyphen and match.end() == stop)
            return
        for begin, finish in pairwise([start, *cuts, stop]):
            while finish > begin and text[finish - 1].isspace():
                finish -= 1
            if finish > begin:
                # After a gap the space pdfium put is its own: the runs were not set one after the other.
                self.item(begin, finish, hyphen and finish == stop, spaced=None if begin == start else False)

    def _cuts(self, start: int, stop: int) -> list[int] | None:
        """Where two runs of the piece stand further apart than `_RUN_GAP` font sizes: the text index of the word
        after each such gap. None when a run goes back over the one before (drawn out of order, or printed over
        it). Only the spaces pdfium generated are looked at (a space glyph is drawn between words of one run,
        pdfium adds one where two runs meet): one call a space, and two boxes a generated one."""
        raw, text, box = self.boxes.raw, self.text, self.boxes.rect
        if _object(raw, self.char(start)) == _object(raw, self.char(stop - 1)):
            return []  # one text object from end to end: drawn in one go
        generated, loose = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetLooseCharBox
        rtl = self.arabic and arabic(text[start:stop])
        exact = self.mapper is None
        cuts: list[int] = []
        space = text.find(" ", start, stop)
        while space != -1:
            after = space + 1
            while after < stop and text[after].isspace():
                after += 1
            if generated(raw, space if exact else self.char(space)) == 1:
                loose(raw, self.char(space - 1), box)
                a0, a1, a_height = box.left, box.right, box.top - box.bottom
                loose(raw, self.char(after), box)
                b0, b1, em = box.left, box.right, max(a_height, box.top - box.bottom)
                gap = a0 - b1 if rtl else b0 - a1
                if gap < -0.3 * em:
                    return None
                if gap > _RUN_GAP * em:
                    cuts.append(after)
            space = text.find(" ", after, stop)
        return cuts

    def item(self, first: int, end: int, hyphen: bool, *, spaced: bool | None = None) -> None:
        """An item of the text from `first` to `end` (a hyphen removed at its end when `hyphen`); `spaced`:
        whether a space sets it after the item before (by default, whether pdfium's text has one there)."""
        boxes, text = self.boxes, self.text
        raw, height, box = boxes.raw, boxes.height, boxes.rect
        token = text[first:end]
        char = self.char(first)
        pdfium_c.FPDFText_GetLooseCharBox(raw, char, box)
        a0, a1, a2, a3 = box.left, box.right, height - box.top, height - box.bottom
        if end - first > 1:
            pdfium_c.FPDFText_GetLooseCharBox(raw, self.char(end - 1), box)
            b0, b1, b2, b3 = box.left, box.right, height - box.top, height - box.bottom
        else:
            b0, b1, b2, b3 = a0, a1, a2, a3
        tall = a3 - a2
        digits = _DIGIT.search(token) is not None
        if digits or abs(tall - self.glyph) > 0.02 * self.glyph or text[first - 1] == "\n" or not self.size:
            x, y = boxes.origin
            pdfium_c.FPDFText_GetCharOrigin(raw, char, x, y)
            self.size, self.glyph, self.bottom = boxes.size(char) or max(tall, 1.0), tall, a3
            self.baseline = own = height - y.value
        else:
            own = self.baseline + a3 - self.bottom
        size = self.size
        rtl = self.arabic and arabic(token)
        token = self.token(first, end, hyphen, size, digits, rtl)
        self.order += 1
        if not token:
            return
        if spaced is None:
            spaced = first > 0 and text[first - 1] in _SPACES
        word = Word(token, min(a0, b0), max(a1, b1), min(a2, b2), own, size, self.order, spaced, rtl)
        # Set vertically: the last letter's box above or below the first's rather than beside it.
        if abs((a2 + a3) - (b2 + b3)) > max(abs((a0 + a1) - (b0 + b1)), size):
            word.top, word.baseline = min(a2, b2), max(a3, b3)
            self.vertical.append((word, a2 > b2))
        else:
            self.words.append(word)

    def token(self, first: int, end: int, hyphen: bool, size: float, digits: bool, rtl: bool) -> str:
        """The printed text of the item from `first` to `end`: ligatures put back, footnote marks out, soft hyphens
        and spaces as read; empty when nothing is left."""
        token = self.text[first:end]
        if rtl and len(token) > 1:
            token = repair_ligatures(token, _SameGlyph(self.boxes, first, self.char))
        if digits:
            token = _drop_marks(token, first, size, self.boxes, self.char)
        if "\u00ad" in token:
            token = _soft_hyphens(token)
        token = " ".join(token.split()) + ("-" if hyphen else "")
        return "" if token == "-" else token

    def native(self, rows: list[Item]) -> None:
        """The items the native cutter (`caselaw.ingest._items`) found: the same rules, their text read here."""
        words, vertical, arabic_page = self.words, self.vertical, self.arabic
        for first, end, hyphen, spaced, x0, x1, top, baseline, size, order, digits, turned in rows:
            rtl = arabic_page and arabic(self.text[first:end])
            token = self.token(first, end, bool(hyphen), size, bool(digits), rtl)
            if not token:
                continue
            word = Word(token, x0, x1, top, baseline, size, order, bool(spaced), rtl)
            if turned:
                vertical.append((word, turned == 2))
            else:
                words.append(word)


def _soft_hyphens(token: str) -> str:
    """A soft hyphen ends a line as a hyphen (the layout rejoins the word); inside a word it is not printed."""
    return token[:-1].replace("\u00ad", "") + ("-" if token.endswith("\u00ad") else token[-1])


def _vertical_lines(words: list[tuple[Word, bool]]) -> list[Line]:
    """Text set vertically (margin notes, stamps): one line per column of it, after the page's other lines."""
    groups: list[list[tuple[Word, bool]]] = []
    for item in sorted(words, key=lambda item: item[0].x0):
        word = item[0]
        if groups and any(word.x0 < other.x1 and word.x1 > other.x0 for other, _ in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    lines = []
    for group in groups:
        upwards = sum(1 if up else -1 for _, up in group) > 0
        ordered = sorted((word for word, _ in group), key=lambda w: -w.baseline if upwards else w.top)
        text = " ".join(word.text for word in ordered)
        top, bottom = min(w.top for w in ordered), max(w.baseline for w in ordered)
        lines.append(Line(text, min(w.x0 for w in ordered), max(w.x1 for w in ordered), top, bottom, ordered[0].size))
    return lines


class _SameGlyph:
    """Whether characters i and i+1 of an item share one box (one glyph drew them). Their origins are compared
    first, each read once (calls come in order): cheaper than a box, and equal only for a ligature's letters or a
    mark on its letter; the boxes decide those few (a zero-width mark shares the origin, not the box)."""

    def __init__(self, boxes: _Boxes, first: int, to_char: Callable[[int], int]) -> None:
        self.boxes, self.first, self.to_char = boxes, first, to_char
        self.index, self.x, self.y = -1, 0.0, 0.0  # the character whose origin was read last

    def __call__(self, index: int) -> bool:
        boxes, to_char, first = self.boxes, self.to_char, self.first
        x, y = boxes.origin
        if index != self.index:
            pdfium_c.FPDFText_GetCharOrigin(boxes.raw, to_char(first + index), x, y)
            self.x, self.y = x.value, y.value
        this_x, this_y = self.x, self.y
        pdfium_c.FPDFText_GetCharOrigin(boxes.raw, to_char(first + index + 1), x, y)
        self.index, self.x, self.y = index + 1, x.value, y.value
        if abs(this_x - self.x) >= 0.01 or abs(this_y - self.y) >= 0.01:
            return False
        box, next_box = boxes.box(to_char(first + index)), boxes.box(to_char(first + index + 1))
        return abs(box[0] - next_box[0]) < 0.01 and abs(box[1] - next_box[1]) < 0.01


def _drop_marks(text: str, first: int, size: float, boxes: _Boxes, to_char: Callable[[int], int]) -> str:
    cuts = [
        (match.start(), match.end())
        for match in _MARK_CANDIDATE.finditer(text)
        if boxes.size(to_char(first + match.start())) < _MARK_RATIO * size
    ]
    for begin, end in reversed(cuts):
        text = text[:begin] + text[end:]
    return text
