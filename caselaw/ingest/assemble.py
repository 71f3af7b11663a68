"""Positioned words in, lines in reading order out: rows by baseline, rows cut at gaps, columns read in turn.

A PDF may draw its words in any order (a word at a time, columns interleaved, lines bottom-up), so the order
the reader found the words in is used for one thing only: telling a gutter from a wide justified space.
Rows are read top-down, a row's blocks left to right (right to left on an Arabic row). A region is cut at its
tallest gutter (a strip no text enters for `_TALL` rows): when both sides hold running text they are read one
after the other as columns (`Line.column` numbers them, and the layout follows that order); otherwise the
region is a table, read cell by cell, its rows keeping their label/value pieces for the layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from itertools import pairwise
from operator import or_

from caselaw.ingest.arabic import fix_rtl_line, is_rtl
from caselaw.ingest.lines import Line

# Gaps, in font sizes: wider than `_HARD_GAP` always parts two blocks on a row; wider than `_SOFT_GAP` parts them
# when the two words were not drawn one after the other, or when a neighbouring row is parted there too.
_HARD_GAP = 2.5
_SOFT_GAP = 0.8
_ROW = 0.5  # a word whose baseline is within this many font sizes of a row's joins it (superscripts do)
_MARK_RATIO = 0.8  # a number printed under this share of its row's size, raised, is a footnote mark
# A list marker set apart from its text by a tab: "61.", "(a)", "iv)", "•" — rejoined with its text.
_MARKER = re.compile(
    r"^(?:[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z\u0621-\u064a]|[ivxlcIVXLC]{1,6})[.)\]]?|[•·▪◦‣–—*-])$"
)
_NUMBER = re.compile(r"^\d{1,3}$")
_MARK = re.compile(r"^\d{1,3}(?:,\d{1,3})*$")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_STRONG_LTR = re.compile(r"[^\W_]")
_LATIN = re.compile(r"[^\W\d_]")
_COLUMN_MIN = 8.0  # a column of running text is at least this many font sizes wide
_FULL_LINE = 0.6  # ... and most of its lines fill this share of its width
_WORD_SPACE = 0.2  # words the reader did not part by a space are one word unless this many font sizes apart
_BLANK = 4.0  # a gap between two rows wider than this many font sizes is blank space no gutter runs across
_TALL = 4  # a gutter between columns runs down this many rows at least
_CELL_PITCH = 1.45  # lines of one table cell are at most this many font sizes apart, baseline to baseline


@dataclass(slots=True)
class Word:
    """A word and its box in points, top-down; `order` is its position in the reader's own text order, `spaced`
    whether the reader put a space before it there (not a line break)."""

    text: str
    x0: float
    x1: float
    top: float
    baseline: float
    size: float
    order: int
    spaced: bool = True
    rtl: bool = False  # written in Arabic script (`arabic(text)`)


@dataclass(slots=True)
class _Segment:
    words: list[Word]
    row: int = 0
    x0: float = field(init=False)
    x1: float = field(init=False)

    def __post_init__(self) -> None:
        words = self.words
        self.x0 = words[0].x0
        self.x1 = words[0].x1 if len(words) == 1 else max(word.x1 for word in words)


def arabic(text: str) -> bool:
    """Whether `text` has a letter of the Arabic script: `Word.rtl`."""
    return _ARABIC.search(text) is not None


def assemble(words: list[Word]) -> list[Line]:
    """Lines in reading order from a page's words (any order)."""
    if not words:
        return []
    rows = [_split_row(row, size) for row, size in _rows(words)]
    _confirm_gutters(rows)
    segmented = [[_Segment(part, number) for part in row_parts] for number, row_parts in enumerate(rows)]
    _hang_markers(segmented)
    reader = _Reader(_SOFT_GAP * _median([word.size for word in words]))
    return reader.read(segmented)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _rows(words: list[Word]) -> list[tuple[list[Word], float]]:
    """Words grouped into rows by baseline, top-down; each row's words left to right, with the row's size."""
    rows: list[tuple[list[Word], float, float]] = []  # words, reference baseline, reference size
    for word in sorted(words, key=lambda w: w.baseline):
        if rows:
            members, baseline, size = rows[-1]
            step = word.baseline - baseline
            if step <= _ROW * (size if size < word.size else word.size) or _raised(members, size, word, step):
                members.append(word)
                if word.size > size:  # the row's own baseline is that of its largest type, not a superscript's
                    rows[-1] = (members, word.baseline, word.size)
                continue
        rows.append(([word], word.baseline, word.size))
    return [(sorted(members, key=lambda w: w.x0), _body(members)) for members, _, _ in rows]


def _raised(members: list[Word], size: float, word: Word, step: float) -> bool:
    """Whether the row so far is marks raised above `word`'s baseline (superscripts come first in baseline
    order). A word joins a row within half the smaller size of its baseline: half the larger would put a small
    line beside a large title in the title's row."""
    return word.size * _MARK_RATIO >= size and step <= _ROW * word.size and all(len(m.text) <= 4 for m in members)


def _body(words: list[Word]) -> float:
    """The size most of the row's characters are printed in."""
    first = words[0].size
    if len(words) == 1:
        return round(first, 1)
    if all(word.size == first for word in words):
        return round(first, 1)
    sizes: Counter[float] = Counter()
    for word in words:
        sizes[round(word.size, 1)] += len(word.text)
    return sizes.most_common(1)[0][0]


def _split_row(words: list[Word], size: float) -> list[list[Word]]:
    """A row cut into blocks at wide gaps (a soft gap only between items the reader did not set one after the
    other with a space: pdfium breaks its line there, or drew them elsewhere in its order)."""
    if len(words) == 1:
        return [words]
    words = _without_doubles(words)
    gaps = [word.x0 - before.x1 for before, word in pairwise(words)]
    if not gaps:
        return [words]
    if min(gaps) < 0 and any(_overprinted(before, word) for before, word in pairwise(words)):
        return _runs(words)
    hard, soft = _HARD_GAP * size, _soft_gap(words, gaps, size)
    if max(gaps) <= min(hard, soft, size):
        return [words]  # the common row: no gap wide enough to part it
    parts: list[list[Word]] = [[words[0]]]
    for (before, word), gap in zip(pairwise(words), gaps, strict=True):
        em = max(size, min(before.size, word.size))
        resized = abs(word.size - before.size) > 0.15 * em and gap > em  # a date set beside a title
        if gap > _HARD_GAP * em or resized or (gap > soft and _apart(before, word)):
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _apart(before: Word, word: Word) -> bool:
    """Whether the reader did not set two neighbours one after the other with a space between them. pdfium breaks
    a shaped Arabic line at each glyph run: there only its order counts."""
    if abs(word.order - before.order) != 1:
        return True
    later = word if word.order > before.order else before
    return not later.spaced and not (word.rtl and before.rtl)


def _soft_gap(words: list[Word], gaps: list[float], size: float) -> float:
    """The narrowest gap that may part a row: `_SOFT_GAP` font sizes, and twice the row's usual space between
    words the reader spaced (a loosely justified line spaces its words almost that wide)."""
    spaced = sorted(gap for (before, word), gap in zip(pairwise(words), gaps, strict=True) if not _apart(before, word))
    return max(_SOFT_GAP * size, 2 * spaced[len(spaced) // 2]) if spaced else _SOFT_GAP * size


def _without_doubles(words: list[Word]) -> list[Word]:
    """A word drawn twice at almost the same place (fake bold) once."""
    kept = [words[0]]
    for word in words[1:]:
        last = kept[-1]
        if word.text == last.text and abs(word.x0 - last.x0) < 0.3 * word.size:
            continue
        kept.append(word)
    return kept


def _overprinted(before: Word, word: Word) -> bool:
    """Whether `word` (starting right of `before`'s start) is printed over `before`: by a third of the narrower
    word and a quarter of the size at least (glyphs of one line merely touch)."""
    overlap = before.x1 - word.x0
    return overlap > 0.3 * min(word.x1 - word.x0, before.x1 - before.x0) and overlap > 0.25 * word.size


def _runs(words: list[Word]) -> list[list[Word]]:
    """Words of a row where text overprints text (a long title running into a date block), cut where the
    drawing order jumps or goes back against the writing direction: each run is a block of its own."""
    runs: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.order):
        last = runs[-1][-1] if runs else None
        onward = last is not None and (
            word.x1 <= last.x0 + 0.3 * word.size if word.rtl else word.x0 >= last.x1 - 0.3 * word.size
        )
        if last is not None and word.order == last.order + 1 and onward:
            runs[-1].append(word)
        else:
            runs.append([word])
    return sorted((sorted(run, key=lambda w: w.x0) for run in runs), key=lambda run: run[0].x0)


def _confirm_gutters(rows: list[list[list[Word]]]) -> None:
    """Cut a row at a soft gap (see `_soft_gap`; words drawn in order) where the rows make a gutter of it, three
    in a row parted there: a narrow gutter between columns drawn row by row, not a wide space of justified text."""
    for number, row in enumerate(rows):
        parts: list[list[Word]] = []
        for part in row:
            if len(part) == 1:
                parts.append(part)
                continue
            cuts = []
            gaps = [word.x0 - before.x1 for before, word in pairwise(part)]
            if not gaps or max(gaps) <= _SOFT_GAP * min(word.size for word in part):
                parts.append(part)
                continue
            soft = _soft_gap(part, gaps, _body(part))
            for position, (before, word) in enumerate(pairwise(part)):
                em = max(before.size, word.size)
                if word.x0 - before.x1 <= soft:
                    continue
                if before.rtl and word.rtl:
                    continue  # Arabic is justified by stretching words, and glyphs with no Unicode leave holes
                middle, half = (before.x1 + word.x0) / 2, 0.3 * em
                parted = [
                    0 <= other < len(rows) and _parted(rows[other], middle, half)
                    for other in range(number - 2, number + 3)
                ]
                if (parted[1] and parted[0]) or (parted[1] and parted[3]) or (parted[3] and parted[4]):
                    cuts.append(position + 1)
            parts += [part[a:b] for a, b in zip([0, *cuts], [*cuts, len(part)], strict=True)]
        row[:] = parts


def _parted(row: list[list[Word]], middle: float, half: float) -> bool:
    """Whether a row has words on both sides of `middle` and none within `half` of it."""
    words = [word for part in row for word in part]
    left = any(word.x1 <= middle - half for word in words)
    right = any(word.x0 >= middle + half for word in words)
    return left and right and not any(word.x0 < middle + half and word.x1 > middle - half for word in words)


class _Reader:
    """Reads a region of rows: cut at its tallest gutter into what lies above, beside and below it; the two sides
    are columns when both hold running text (or one is a margin of line numbers), else a table read by cells."""

    def __init__(self, minimum: float) -> None:
        self.minimum = minimum
        self.columns = 0

    def read(self, rows: list[list[_Segment]]) -> list[Line]:
        """The region's lines in reading order."""
        rows = [row for row in rows if row]
        gutters = _tall_gutters(rows, self.minimum)
        if not gutters:
            return [line for row in rows for line in _row_lines(row)]
        a, b, first, last = max(gutters, key=lambda g: (g[3] - g[2], g[1] - g[0], -g[0]))
        run, middle = rows[first : last + 1], (a + b) / 2
        sides = [
            [[s for s in row if s.x1 <= middle] for row in run],
            [[s for s in row if s.x0 >= middle] for row in run],
        ]
        if _rtl([s for row in run for s in row]):
            sides.reverse()
        if all(self._text(side) for side in sides) or any(_line_numbers(side) for side in sides):
            beside = [line for side in sides for line in self._column(side)]
        else:
            beside = _cell_lines(run, sorted((g[0] + g[1]) / 2 for g in _tall_gutters(run, self.minimum)))
        return self.read(rows[:first]) + beside + self.read(rows[last + 1 :])

    def _column(self, rows: list[list[_Segment]]) -> list[Line]:
        """A column's lines; those not already in a column within it are numbered as this one."""
        lines = self.read(rows)
        self.columns += 1
        for line in lines:
            line.column = line.column or self.columns
        return lines

    def _text(self, rows: list[list[_Segment]]) -> bool:
        """Whether a side holds running text: three lines or more, at least `_COLUMN_MIN` font sizes wide, most
        of them filling it and set one under the other, few of them labels; or columns of running text itself."""
        segments = [s for row in rows for s in row]
        if len(segments) < 3:
            return False
        gutters = _tall_gutters([row for row in rows if row], self.minimum)
        if gutters:
            a, b, _, _ = max(gutters, key=lambda g: (g[3] - g[2], g[1] - g[0]))
            middle = (a + b) / 2
            before = [[s for s in row if s.x1 <= middle] for row in rows]
            after = [[s for s in row if s.x0 >= middle] for row in rows]
            if self._text(before) and self._text(after):
                return True
        em = _median([s.words[0].size for s in segments])
        left, right = min(s.x0 for s in segments), max(s.x1 for s in segments)
        full = sum(1 for s in segments if s.x1 - s.x0 >= _FULL_LINE * (right - left))
        # Running text is set line under line; a table's entries stand apart, its labels end with a colon.
        steps = [(b.words[0].baseline - a.words[0].baseline) / em for a, b in pairwise(segments)]
        close = sum(1 for step in steps if 0 < step <= _CELL_PITCH)
        labels = sum(1 for s in segments if s.words[-1].text.endswith(":"))
        return (
            right - left >= _COLUMN_MIN * em
            and full >= 0.5 * len(segments)
            and close >= 0.6 * len(steps)
            and labels < 0.3 * len(segments)
        )


def _rtl(segments: list[_Segment]) -> bool:
    """Whether most letters of the segments are Arabic."""
    arabic = sum(len(w.text) for segment in segments for w in segment.words if w.rtl)
    return arabic > 0 and arabic > 0.5 * sum(len(w.text) for segment in segments for w in segment.words)


def _hang_markers(rows: list[list[_Segment]]) -> None:
    """Join a list marker or paragraph number ("61.", "[4]", "(a)") to the text it is set apart from by a tab;
    not a number of a margin column of line numbers (the rows beside it have one at the same place)."""
    for number, row in enumerate(rows):
        rtl = _rtl(row)
        order = row[::-1] if rtl else list(row)
        index = 0
        while index < len(order) - 1:
            marker, text = order[index], order[index + 1]
            em = max(marker.words[0].size, text.words[0].size)
            gap = marker.x0 - text.x1 if rtl else text.x0 - marker.x1
            if _is_marker(marker) and gap < 2 * _HARD_GAP * em and not _numbered(rows, number, marker, em):
                order[index : index + 2] = [_Segment(marker.words + text.words, marker.row)]
            index += 1
        row[:] = order[::-1] if rtl else order


def _is_marker(segment: _Segment) -> bool:
    return len(segment.words) == 1 and _MARKER.match(segment.words[0].text) is not None


def _numbered(rows: list[list[_Segment]], number: int, marker: _Segment, em: float) -> bool:
    """Whether `marker` is one of a margin column of line numbers: five rows in a row or more with a bare number
    ending where it does (a few one-line footnotes, numbered alike, are not)."""

    def has(n: int) -> bool:
        return any(len(s.words) == 1 and _NUMBER.match(s.words[0].text) and abs(s.x1 - marker.x1) < em for s in rows[n])

    up = next((k for k in range(1, number + 1) if not has(number - k)), number + 1)
    down = next((k for k in range(1, len(rows) - number) if not has(number + k)), len(rows) - number)
    return up + down - 1 >= 5


def _tall_gutters(rows: list[list[_Segment]], minimum: float) -> list[tuple[float, float, int, int]]:
    """Strips at least `minimum` wide that no segment enters for `_TALL` rows or more, with text on both sides
    (left x, right x, first row, last row): the gutters between columns, and between a table's columns.

    Rows are bit masks of the points their segments cover, so that the search is a few integer operations a row:
    a window of `_TALL` rows with a free run of bits between covered ones starts a gutter, which is then
    followed down and up for as long as the rows leave some of it free."""
    if len(rows) < _TALL:
        return []
    left = min(segment.x0 for row in rows for segment in row)
    covered = []
    for row in rows:
        mask = 0
        for segment in row:
            low, high = int(segment.x0 - left), int(segment.x1 - left) + 1
            mask |= ((1 << (high - low)) - 1) << low
        covered.append(mask)
    width = max(1, int(minimum))
    # A gutter does not run across blank space: a footer far below two columns is not in either.
    em = minimum / _SOFT_GAP
    lines = [max(segment.words[0].baseline for segment in row) for row in rows]
    blank = [after - before > _BLANK * em for before, after in pairwise(lines)]
    found: list[tuple[int, int, int]] = []  # strip mask, first row, last row
    for start in range(len(rows) - _TALL + 1):
        if True in blank[start : start + _TALL - 1]:
            continue
        union = reduce(or_, covered[start : start + _TALL])
        free = ~union & ((1 << union.bit_length()) - 1)
        lowest = (union & -union).bit_length() - 1
        starts = _run_starts(free, width) >> (lowest + 1) << (lowest + 1)  # runs with text on both sides
        while starts:
            bit = (starts & -starts).bit_length() - 1
            strip = _run_at(free, bit)
            starts &= ~strip
            if any(strip & other and first <= start <= last for other, first, last in found):
                continue
            last = start + _TALL - 1
            while last + 1 < len(rows) and not blank[last] and (narrower := _widest(strip & ~covered[last + 1], width)):
                strip, last = narrower, last + 1
            first = start
            while first > 0 and not blank[first - 1] and (narrower := _widest(strip & ~covered[first - 1], width)):
                strip, first = narrower, first - 1
            found.append((strip, first, last))
    gutters: list[tuple[float, float, int, int]] = []
    for strip, first, last in sorted(found, key=lambda g: g[1] - g[2]):  # tallest first; its variants are not
        low = (strip & -strip).bit_length() - 1
        a, b = left + low, left + strip.bit_length()
        if not any(a < y and x < b and first <= q and p <= last for x, y, p, q in gutters):
            gutters.append((a, b, first, last))
    return gutters


def _run_starts(mask: int, width: int) -> int:
    """The bits of `mask` that start a run of `width` set bits."""
    # Doubling: `runs` holds the starts of runs of `length` bits; two such runs `length` apart make one of twice
    # the length, and two that overlap one of any length up to that (log2(width) steps instead of width - 1).
    runs, length = mask, 1
    while 2 * length <= width:
        runs &= runs >> length
        length *= 2
    if length < width:
        runs &= runs >> (width - length)
    return runs


def _run_at(mask: int, bit: int) -> int:
    """The run of set bits of `mask` starting at `bit`."""
    shifted = mask >> bit
    length = (~shifted & (shifted + 1)).bit_length() - 1
    return ((1 << length) - 1) << bit


def _widest(mask: int, width: int) -> int:
    """The widest run of set bits of `mask` if it is `width` bits at least, else 0."""
    best = 0
    while mask:
        run = _run_at(mask, (mask & -mask).bit_length() - 1)
        mask &= ~run
        if run.bit_count() >= width and run.bit_count() > best.bit_count():
            best = run
    return best


def _cell_lines(rows: list[list[_Segment]], cuts: list[float]) -> list[Line]:
    """A table: each column's lines cut into cells at blank space, cells read row by row from where they start.
    Its lines carry no column number, so the layout keeps reading its rows as label/value pieces."""
    bounds = [-1e9, *cuts, 1e9]
    columns: list[list[_Segment]] = [[] for _ in range(len(bounds) - 1)]
    for row in rows:
        for segment in row:
            middle = (segment.x0 + segment.x1) / 2
            columns[next(i for i in range(len(columns)) if middle < bounds[i + 1])].append(segment)
    columns = [members for members in columns if members]
    if _rtl([s for row in rows for s in row]):
        columns.reverse()
    cells: list[tuple[int, int, list[_Segment]]] = []  # first row, column, segments
    # A row whose first cell is a label ("State party:") starts an entry in every column.
    entries = {segment.row for segment in columns[0] if segment.words[-1].text.endswith(":")}
    for index, members in enumerate(columns):
        cell: list[_Segment] = []
        for segment in members:
            if cell:
                last = cell[-1]
                size = max(last.words[0].size, segment.words[0].size)
                pitch = segment.words[0].baseline - last.words[0].baseline
                apart = segment.x0 >= last.x1 or segment.x1 <= last.x0
                if pitch > _CELL_PITCH * size or apart or segment.row in entries:
                    cells.append((cell[0].row, index, cell))
                    cell = []
            cell.append(segment)
        if cell:
            cells.append((cell[0].row, index, cell))
    shared = Counter(segment.row for members in columns for segment in members)
    lines = []
    for _, _, cell in sorted(cells, key=lambda item: (item[0], item[1])):
        for segment in cell:
            line = _line(segment.words)
            if line is not None:
                line.piece = shared[segment.row] > 1
                lines.append(line)
    return lines


def _line_numbers(rows: list[list[_Segment]]) -> bool:
    """A margin column of bare numbers beside the text (pleading paper, transcripts): read apart from it."""
    segments = [s for row in rows for s in row]
    return len(segments) >= 5 and all(len(s.words) == 1 and _NUMBER.match(s.words[0].text) for s in segments)


def _row_lines(row: list[_Segment]) -> list[Line]:
    """A row's blocks in reading order (right to left on an Arabic row), as lines."""
    if len(row) == 1:  # most rows: one block, whichever way it reads, and no piece
        line = _line(row[0].words)
        return [] if line is None else [line]
    parts = [segment.words for segment in (row[::-1] if _rtl(row) else row)]
    lines = [line for line in (_line(words) for words in parts) if line is not None]
    if len(lines) > 1:
        for line in lines:
            line.piece = True
    return lines


def _line(words: list[Word]) -> Line | None:
    """One block of a row as a line: footnote marks out, words in reading order, Arabic punctuation repaired."""
    if len(words) == 1:  # nine lines in ten are one item: what the steps below make of one word, directly
        word = words[0]
        text = word.text.strip()
        if not text:
            return None
        rtl = word.rtl and is_rtl(word.text)
        if rtl:
            text = fix_rtl_line(text)
        return Line(text, word.x0, word.x1, word.top, word.baseline, round(word.size, 1), rtl)
    size = _body(words)
    baseline = next(word.baseline for word in words if round(word.size, 1) == size)
    rtl = any(word.rtl for word in words) and is_rtl(" ".join(word.text for word in words))
    # An Arabic row is read from its rightmost word; either way a footnote mark never starts a line.
    ordered = _bidi(sorted(words, key=lambda w: -w.x1)) if rtl else words
    small = _MARK_RATIO * size
    if any(word.size < small for word in ordered[1:]):
        ordered = [word for index, word in enumerate(ordered) if index == 0 or not _is_mark(word, size, baseline)]
    text = _join(ordered)
    if not text:
        return None
    if rtl:
        text = fix_rtl_line(text)
    top = min(word.top for word in words)
    return Line(text, words[0].x0, max(w.x1 for w in words), top, baseline, size, rtl)


def _is_mark(word: Word, size: float, baseline: float) -> bool:
    """A footnote mark printed apart: a small number raised above the row's baseline."""
    return bool(_MARK.match(word.text)) and word.size < _MARK_RATIO * size and word.baseline < baseline - 0.1 * size


def _bidi(words: list[Word]) -> list[Word]:
    """Right-to-left words (rightmost first) put in logical order: a run of Latin words reads left to right,
    with the one number just right of it ("Article 5"); other numbers among Arabic words stay right to left
    ("رقم 4 (1991)"), as the bidirectional algorithm lays them out."""
    result: list[Word] = []
    run: list[Word] = []
    for word in [*words, None]:
        if word is not None and not word.rtl and _STRONG_LTR.search(word.text):
            run.append(word)
            continue
        latin = next((i for i, w in enumerate(run) if _LATIN.search(w.text)), None)
        if latin is None:
            result += run
        else:
            start = latin - 1 if latin and not _LATIN.search(run[latin - 1].text) else latin
            result += run[:start] + run[start:][::-1]
        run = []
        if word is not None:
            result.append(word)
    return result


def _join(words: list[Word]) -> str:
    """Words joined by a space where the reader had one between them, or where they stand apart; not between
    pieces of a word the reader cut (it breaks a shaped Arabic line at each glyph run)."""
    text = ""
    for index, word in enumerate(words):
        if index:
            before = words[index - 1]
            gap = max(word.x0 - before.x1, before.x0 - word.x1)  # apart, whichever side it is on
            spaced = (word.order == before.order + 1 and word.spaced) or (
                before.order == word.order + 1 and before.spaced
            )
            text += " " if spaced or gap > _WORD_SPACE * min(word.size, before.size) else ""
        text += word.text
    return text.strip()
