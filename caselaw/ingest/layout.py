"""Turn positioned lines into a document: running headers, page numbers and footnotes out, columns in
reading order, lines joined into blocks, numbered paragraphs found."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from caselaw.ingest.keywords import fold
from caselaw.ingest.lines import Line, PageLines
from caselaw.ingest.months import STARTS_WITH_MONTH

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:page|página|pagina|pág\.?|p\.|صفحة)\s*)?\d{1,4}"
    r"(?:\s*(?:of|de|sur|/|من)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:\[(\d{1,4})\]|¶\s*(\d{1,4})|(\d{1,3}(?:\.\d{1,3})*)(\.?))\s+(?=\S)")
_NOTE_MARK = re.compile(r"^(\d{1,3}|[*†‡§])\s+(?=\S)")
_DIGITS = re.compile(r"\d+")
_MARK_ONLY = re.compile(r"^\d{1,3}(?:,\d{1,3})*$")
_TERMINAL = (".", ":", ";", "!", "?", "»", "”", ")")
_BAND = 0.1  # top and bottom tenth of a page: where running headers, footers and page numbers live
_SMALL = 0.85  # lines printed under this share of the body size, below the body, are footnotes


@dataclass(slots=True)
class Block:
    """Lines that belong together: a paragraph, a heading, a caption line, a preamble entry."""

    text: str
    size: float
    page: int


@dataclass
class Layout:
    """What the layout analysis found in a document."""

    blocks: list[Block] = field(default_factory=list)
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    running_headers: list[str] = field(default_factory=list)
    title: str | None = None
    rtl: bool = False

    @property
    def text(self) -> str:
        """Body text: blocks separated by a blank line, numbered paragraphs as `number text`."""
        return "\n\n".join(block.text for block in self.blocks)


def analyse(pages: list[PageLines]) -> Layout:
    """Lay out a document's pages (text layer or OCR) into blocks, paragraphs and footnotes."""
    all_lines = [line for page in pages for line in page.lines]
    layout = Layout()
    if not all_lines:
        return layout
    body = _body_size(all_lines)
    layout.rtl = sum(len(line.text) for line in all_lines if line.rtl) > 0.5 * sum(len(x.text) for x in all_lines)
    furniture = _furniture(pages, body)
    ordered: list[tuple[PageLines, list[Line]]] = []
    notes: list[Line] = []
    columns: dict[int, tuple[float, float]] = {}
    for page in pages:
        # A superscript footnote mark that the reader returned as a line of its own ("1" raised above the end
        # of an Arabic paragraph's last line) is dropped; the note itself starts with its mark and text.
        kept = [
            line
            for line in page.lines
            if id(line) not in furniture and not (line.size < 0.8 * body and _MARK_ONLY.match(line.text))
        ]
        small = _footnote_lines(kept, body)
        notes += [line for line in kept if id(line) in small]
        body_lines = [line for line in kept if id(line) not in small]
        ordered.append((page, _reading_order(body_lines, layout.rtl, columns, reader_order=page.ordered)))
    headers = [line.text for page in pages for line in page.lines if furniture.get(id(line)) == "header"]
    layout.running_headers = list(dict.fromkeys(headers))
    layout.blocks = _blocks(ordered, body, columns)
    layout.footnotes = _footnotes(notes)
    _number_paragraphs(layout)
    layout.title = _title(layout.blocks, body)
    return layout


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0]


def _furniture(pages: list[PageLines], body: float) -> dict[int, str]:
    """Running headers, footers and page numbers: id(line) -> "header" or "page-number"."""
    found: dict[int, str] = {}
    seen: Counter[tuple[str, int]] = Counter()
    banded: list[tuple[PageLines, Line, tuple[str, int]]] = []
    for page in pages:
        for line in page.lines:
            in_top = line.top < _BAND * page.height
            if not in_top and line.baseline < (1 - _BAND) * page.height:
                continue
            if _PAGE_NUMBER.match(line.text.strip()):
                found[id(line)] = "page-number"
                continue
            key = (_DIGITS.sub("#", line.text.strip().lower()), round(line.top / 6))
            banded.append((page, line, key))
    pages_of: dict[tuple[str, int], set[int]] = {}
    for page, _, key in banded:
        pages_of.setdefault(key, set()).add(page.number)
    seen.update({key: len(numbers) for key, numbers in pages_of.items()})
    for page, line, key in banded:
        if seen[key] >= 2 or (page.number > 0 and _lone_header(page, line, body)):
            found[id(line)] = "header"
    return found


def _lone_header(page: PageLines, line: Line, body: float) -> bool:
    """A small line alone at the top of a page after the first: a running header seen only once."""
    if line.size >= 0.95 * body or line.top >= _BAND * page.height:
        return False
    below = [other.top for other in page.lines if other.top > line.top + 1]
    return not below or min(below) - line.top > 2.0 * body


def _footnote_lines(lines: list[Line], body: float) -> set[int]:
    small = [line for line in lines if line.size < _SMALL * body]
    if not small:
        return set()
    large = [line for line in lines if line.size >= 0.9 * body]
    # Notes annotate running text above them: small lines under a title with no body text above them (a court's
    # own caption pages set small inside a print) are the page's text, not its notes.
    running = [line.top for line in large if line.size <= 1.15 * body]
    notes = set()
    for line in small:
        overlaps_below = any(
            other.top > line.top and other.x0 < line.x1 and other.x1 > line.x0 and other.size >= body * 0.95
            for other in large
        )
        if not overlaps_below and any(top < line.top for top in running):
            notes.add(id(line))
    return notes


def _reading_order(
    lines: list[Line], rtl: bool, columns: dict[int, tuple[float, float]], *, reader_order: bool = False
) -> list[Line]:
    """Top to bottom; a run of narrow lines in two columns is read column by column (edges into `columns`).
    A reader that ordered the page itself (the text layer's: any number of columns) is followed as it is."""
    if not lines:
        return []
    if reader_order:
        numbered: dict[int, list[Line]] = {}
        for item in lines:
            if item.column:
                numbered.setdefault(item.column, []).append(item)
        for members in numbered.values():
            ends = sorted(member.x1 for member in members)
            edge = (min(member.x0 for member in members), ends[int(0.9 * (len(ends) - 1))])
            columns.update((id(member), edge) for member in members)
        return lines
    lines = sorted(lines, key=lambda line: (round(line.baseline), line.x0))
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    mid = (left + right) / 2

    def side(line: Line) -> int:
        if line.width > 0.55 * (right - left):
            return 0
        if line.x1 <= mid + 2:
            return 1
        return 2 if line.x0 >= mid - 2 else 0

    sides = [side(line) for line in lines]
    if sides.count(1) < 3 or sides.count(2) < 3:
        return lines
    result: list[Line] = []
    run: list[tuple[int, Line]] = []
    for line, where in [*zip(lines, sides, strict=True), (None, 0)]:
        if where:
            run.append((where, line))  # type: ignore[arg-type]
            continue
        first, second = (2, 1) if rtl else (1, 2)
        for column in (first, second):
            members = [item for s, item in run if s == column]
            if members:
                ends = sorted(item.x1 for item in members)
                edge = (min(item.x0 for item in members), ends[int(0.9 * (len(ends) - 1))])
                columns.update((id(item), edge) for item in members)
            result += members
        run = []
        if line is not None:
            result.append(line)
    return result


def _blocks(
    ordered: list[tuple[PageLines, list[Line]]], body: float, columns: dict[int, tuple[float, float]]
) -> list[Block]:
    pitch = _normal_pitch([lines for _, lines in ordered], body)
    blocks: list[Block] = []
    current: list[Line] = []
    start_page, labelled = 0, False
    previous: Line | None = None
    edges = (0.0, 0.0)
    for page, lines in ordered:
        if lines:
            ends = sorted(line.x1 for line in lines)
            edges = (min(line.x0 for line in lines), ends[int(0.9 * (len(lines) - 1))])
        # A block may go on over a page break: `_breaks` decides at the next page's first line.
        for position, line in enumerate(lines):
            if previous is not None and _breaks(
                previous, line, pitch, body, columns.get(id(previous), edges), labelled
            ):
                blocks.append(_join(current, start_page))
                current = []
            if not current:
                start_page, labelled = page.number, line.piece and _is_label(lines, position)
            current.append(line)
            previous = line
    if current:
        blocks.append(_join(current, start_page))
    return [block for block in blocks if block.text]


def _is_label(lines: list[Line], position: int) -> bool:
    """Whether a row of side-by-side pieces starts a `label: value` entry (a preamble table row)."""
    line = lines[position]
    if line.text.endswith(":"):
        return True
    following = lines[position + 2] if position + 2 < len(lines) else None
    return following is not None and following.text.endswith(":") and abs(following.x0 - line.x0) < 2


def _normal_pitch(pages: list[list[Line]], body: float) -> float:
    pitches = [
        b.baseline - a.baseline
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if abs(a.size - body) < 0.3 and abs(b.size - body) < 0.3 and 0 < b.baseline - a.baseline < 3 * body
    ]
    return median(pitches) if pitches else 1.2 * body


def _breaks(previous: Line, line: Line, pitch: float, body: float, edges: tuple[float, float], labelled: bool) -> bool:
    """Whether `line` starts a new block after `previous`."""
    size = max(previous.size, line.size)
    step = line.baseline - previous.baseline
    if (line.piece or previous.piece) and not labelled:
        return True  # side-by-side blocks (a masthead) are blocks of their own
    if labelled and abs(step) < 0.2 * size:
        return False  # the value beside its label
    jumped = step <= 0.2 * size  # a new column or a new page: judge by how the previous line ended
    if not jumped and step > 1.2 * pitch * size / body:
        return True
    if abs(previous.size - line.size) > 0.15 * body and not labelled:
        return True  # a change of type size: a caption line, a heading, a title ends here
    ended = _ends_sentence(previous.text)
    if _NUMBERED.match(line.text) is not None and (ended or jumped):
        return True
    if ended and _centred(line, edges) and not labelled:
        return True
    if previous.text.endswith("-") or labelled:
        return False
    first_word = line.text.split(" ", 1)[0]
    char_width = previous.width / max(len(previous.text), 1)
    if _centred(previous, edges):
        room = edges[1] - edges[0] - previous.width  # a centred line: the room is on both sides
    else:
        room = edges[1] - previous.x1 if not previous.rtl else previous.x0 - edges[0]
    # The next line's first word would have fitted at the end of this one: the line was ended on purpose.
    # Arabic glyph widths vary more around their mean, and RTL lines are ragged: a wider margin of error.
    return room > (2.0 if previous.rtl else 1.3) * char_width * (len(first_word) + 1)


_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:v|vs|c|no|nos|n°|nº|art|arts|para|paras|dr|mr|mrs|ms|st|cf|p|pp|op|cit)\.$", re.I
)


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence; "v." and "No." end abbreviations, not sentences."""
    text = text.rstrip()
    return text.endswith(_TERMINAL) and not _ABBREVIATION.search(text)


def _centred(line: Line, edges: tuple[float, float]) -> bool:
    """Set in from both edges by about as much: a caption line, not a paragraph's hanging-indented line."""
    left, right = line.x0 - edges[0], edges[1] - line.x1
    return not line.rtl and min(left, right) > 4 * line.size and abs(left - right) < 4 * line.size


def _join(lines: list[Line], page: int) -> Block:
    if any(line.piece for line in lines):
        # A label/value table row: the label column's lines, then the value column's.
        split = min((line.x0 for line in lines[1:] if line.piece and line.x0 > lines[0].x1), default=lines[0].x1)
        lines = [line for line in lines if line.x0 < split - 2] + [line for line in lines if line.x0 >= split - 2]
    text = ""
    for line in lines:
        piece = line.text.strip()
        if not text:
            text = piece
        elif text.endswith("-") and piece[:1].islower() and text[-2:-1].isalpha():
            text = text[:-1] + piece  # a word hyphenated at the line end
        else:
            text += " " + piece
    return Block(" ".join(text.split()), max(line.size for line in lines), page)


def _footnotes(lines: list[Line]) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if not lines:
        return notes
    leftmost = sorted(lines, key=lambda other: other.x0)
    for line in lines:
        match = _NOTE_MARK.match(line.text)
        # The mark hangs at the left of its column's notes (two-column pages have notes under each column):
        # the leftmost note line overlapping this one, found from the left (a scan of all would be quadratic).
        margin = next(other.x0 for other in leftmost if other.x1 > line.x0 and other.x0 < line.x1)
        at_margin = line.x0 <= margin + 2.5 or line.rtl
        if match and (at_margin or not notes):
            notes.append((match.group(1), line.text[match.end() :].strip()))
        elif notes:
            mark, text = notes[-1]
            joined = text[:-1] + line.text if text.endswith("-") and line.text[:1].islower() else f"{text} {line.text}"
            notes[-1] = (mark, joined.strip())
    return [(mark, " ".join(text.split())) for mark, text in notes if text]


_BARE_NUMBER = re.compile(r"^(?:\[\d{1,4}\]|¶\s*\d{1,4}|\d{1,3}(?:\.\d{1,3})*\.?)$")


def _number_paragraphs(layout: Layout) -> None:
    # A number printed apart from its paragraph (OCR sees the hanging number as a block of its own).
    merged: list[Block] = []
    for block in layout.blocks:
        if merged and _BARE_NUMBER.match(merged[-1].text) and not _NUMBERED.match(block.text):
            block = Block(f"{merged.pop().text} {block.text}", block.size, block.page)
        merged.append(block)
    layout.blocks = merged
    for block in layout.blocks:
        match = _NUMBERED.match(block.text)
        if not match:
            continue
        number = next(group for group in match.groups()[:3] if group)
        rest = block.text[match.end() :]
        words = rest.split()
        bare = match.group(3) is not None and "." not in number and not match.group(4)
        if len(words) < (6 if bare else 3) or STARTS_WITH_MONTH.match(fold(rest)) or int(number.split(".")[0]) > 999:
            continue
        layout.paragraphs.append((number, rest))
        block.text = f"{number} {rest}"


def _title(blocks: list[Block], body: float) -> str | None:
    first_paragraph = next((i for i, b in enumerate(blocks) if _NUMBERED.match(b.text)), len(blocks))
    large = [b for b in blocks[:first_paragraph] if b.size >= 1.2 * body and b.page == blocks[0].page]
    return large[-1].text if large else None
