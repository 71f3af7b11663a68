"""Read a web page (a court's published judgment) with the standard library's tolerant HTML parser.

What is the page's and not the decision's is left out: scripts and styles, navigation, forms, asides, the
page's banner and footer (`header`/`footer` outside any article or section, as HTML-AAM maps them), hidden
elements; when the page marks its main content (`<main>`, `role="main"`), only that is read. Headings and
font sizes give the lines their sizes (so a title stands out), table rows become rows, `<br>` a line break,
and superscript note marks are dropped as they are on a PDF's lines.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from caselaw.errors import CorruptDocument
from caselaw.ingest.typeset import DEFAULT_SIZE, Item, Paragraph, Row

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "html", "listing", "xmp", "plaintext", "noframes",
}  # fmt: skip
_SKIP = {
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "option", "textarea",
    "iframe", "svg", "object", "canvas", "map", "head", "title", "audio", "video", "dialog", "menu", "datalist",
}  # fmt: skip
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar"}
_SECTIONING = {"article", "aside", "main", "nav", "section"}  # a header or footer inside one belongs to it
_HEADINGS = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}  # browsers' default em sizes
_RELATIVE = {"small": 0.83, "big": 1.2}
_FONT_SIZES = {1: 7.5, 2: 10.0, 3: 12.0, 4: 13.5, 5: 18.0, 6: 24.0, 7: 36.0}  # <font size>, in points
_KEYWORDS = {"xx-small": 7.0, "x-small": 7.5, "small": 10.0, "medium": 12.0, "large": 13.5}
_KEYWORDS |= {"x-large": 18.0, "xx-large": 24.0, "xxx-large": 36.0}
_FONT_SIZE = re.compile(r"font-size\s*:\s*(?:([\d.]+)\s*(pt|px|em|rem|%)|([a-z-]+))", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MARK = re.compile(r"\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}|[*†‡§])\s*")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([\w.:-]+)""")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_SPACE = re.compile(r"[ \t\r\n\f]+")
# Cells close at a new cell or row, rows at a new row; the search stops at these (the element that holds them).
_SCOPES = {"p": {"td", "th", "table", "caption", "button", "body", "html"}, "li": {"ul", "ol", "table", "body"}}
_SCOPES |= {"dt": {"dl", "table", "body"}, "dd": {"dl", "table", "body"}}
_SCOPES |= {"td": {"tr", "table"}, "th": {"tr", "table"}, "tr": {"table"}}


def read_html(data: bytes) -> list[Item]:
    """The decision's paragraphs and table rows from a web page; CorruptDocument for binary content."""
    text = decode(data)
    if len(_BINARY.findall(text)) > max(20, len(text) // 100):
        raise CorruptDocument("the HTML file holds binary data (a compressed or damaged download?)")
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.result()


def decode(data: bytes) -> str:
    """The page's text: by byte-order mark, declared charset, UTF-8 if it is valid, else Windows-1252."""
    for bom, by_bom in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(by_bom, "replace")
    declared = _XML_ENCODING.search(data[:200]) or _CHARSET.search(data[:4096])
    codec = _codec(declared.group(1).decode("ascii", "ignore")) if declared else None
    for candidate in dict.fromkeys(c for c in (codec, "utf-8") if c):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", "replace")


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as Windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


@dataclass
class _Open:
    tag: str
    size: float
    skip: bool
    pre: bool
    main: bool
    sectioned: bool


@dataclass
class _Table:
    cells: list[list[Paragraph]] | None = None  # the open row's cells
    flat: bool = False  # the open row holds a nested table: its content is read cell by cell instead
    main: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.tables: list[_Table] = []
        self.items: list[tuple[Item, bool]] = []  # with whether each is in the page's main content
        self.runs: list[tuple[str, float]] = []  # the paragraph being read: text and size
        self.marks: list[int] = []  # where each open <sup>'s text starts in `runs`

    def result(self) -> list[Item]:
        self._flush()
        while self.tables:
            self._end_table()
        if any(main for _, main in self.items):
            return [item for item, main in self.items if main]
        return [item for item, _ in self.items]

    # -- the element stack ---------------------------------------------------------------------------------

    def _top(self) -> _Open:
        return self.stack[-1] if self.stack else _Open("", DEFAULT_SIZE, False, False, False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _VOID:
            if not self._top().skip:
                if tag == "br":
                    self.runs.append(("\n", 0.0))
                elif tag == "hr":
                    self._flush()
            return
        for closed, scope in _SCOPES.items():
            closes = tag == closed or (closed == "p" and tag in _BLOCK) or (closed in ("td", "th") and tag == "tr")
            closes = (
                closes
                or (closed in ("td", "th") and tag in ("td", "th"))
                or (closed in ("dt", "dd") and tag in ("dt", "dd"))
            )
            if closes:
                self._close(closed, scope)
        parent = self._top()
        role = values.get("role", "").lower()
        skip = parent.skip or tag in _SKIP or role in _SKIP_ROLES or "hidden" in values
        skip = skip or values.get("aria-hidden", "").lower() == "true"
        skip = skip or _HIDDEN_STYLE.search(values.get("style", "")) is not None
        skip = skip or (tag in ("header", "footer") and not parent.sectioned)
        main = parent.main or tag == "main" or role == "main"
        opened = _Open(
            tag,
            _size(tag, values, parent.size),
            skip,
            parent.pre or tag in ("pre", "listing", "xmp", "textarea"),
            main,
            parent.sectioned or tag in _SECTIONING,
        )
        if tag in _BLOCK:
            self._flush()
        if skip:
            self.stack.append(opened)
            return
        if tag == "table":
            for table in self.tables:
                if table.cells is not None and not table.flat:
                    self._flatten(table)
            self.tables.append(_Table(main=main))
        elif tag == "tr" and self.tables:
            self._end_row(self.tables[-1])
            self.tables[-1].cells = []
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            if table.cells is None:
                table.cells = []
            if not table.flat:
                table.cells.append([])
        elif tag == "sup":
            self.marks.append(len(self.runs))
        self.stack.append(opened)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag("br", [])  # `</br>` is read as `<br>` (HTML parsing rules)
            return
        if tag == "p" and not any(o.tag == "p" for o in self.stack):
            self._flush()  # a stray `</p>` ends a paragraph all the same
            return
        at = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].tag == tag), None)
        if at is not None:
            while len(self.stack) > at:
                self._pop()

    def handle_data(self, data: str) -> None:
        top = self._top()
        if top.skip or not data:
            return
        self.runs.append((data if top.pre else _SPACE.sub(" ", data), top.size))

    def _close(self, tag: str, scope: set[str]) -> None:
        """Close an open `tag` (a paragraph, cell, row, item) implied by a new element, within its scope."""
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                while len(self.stack) > index:
                    self._pop()
                return
            if self.stack[index].tag in scope:
                return

    def _pop(self) -> None:
        element = self.stack.pop()
        if element.skip:
            return
        if element.tag in _BLOCK:
            self._flush()
        if element.tag == "sup" and self.marks:
            start = self.marks.pop()
            if _MARK.fullmatch("".join(text for text, _ in self.runs[start:])):
                del self.runs[start:]  # a note mark printed as a superscript, dropped as on a PDF's line
        elif element.tag == "tr" and self.tables:
            self._end_row(self.tables[-1])
        elif element.tag == "table" and self.tables:
            self._end_table()

    # -- output --------------------------------------------------------------------------------------------

    def _flush(self) -> None:
        """End the paragraph being read: its text, at the size most of its characters have."""
        if not self.runs:
            return
        text = "".join(text for text, _ in self.runs)
        weights: dict[float, int] = {}
        for piece, size in self.runs:
            if size and piece.strip():
                weights[size] = weights.get(size, 0) + len(piece.strip())
        self.runs, self.marks = [], []
        if text.strip():
            size = max(weights, key=lambda s: weights[s]) if weights else DEFAULT_SIZE
            self._emit(Paragraph(text.strip(), size))

    def _emit(self, paragraph: Paragraph) -> None:
        for table in reversed(self.tables):
            if table.cells is not None and not table.flat:
                if not table.cells:
                    table.cells.append([])
                table.cells[-1].append(paragraph)
                return
            if not table.flat:
                break  # text in a table but outside any row (stray): read where it stands
        self.items.append((paragraph, self._top().main))

    def _flatten(self, table: _Table) -> None:
        """A nested table starts in `table`'s row: the row's cells so far are read as paragraphs, in turn."""
        cells, table.cells, table.flat = table.cells or [], [], True
        for cell in cells:
            for paragraph in cell:
                self.items.append((paragraph, table.main))

    def _end_row(self, table: _Table) -> None:
        self._flush()
        if table.cells and not table.flat:
            self.items.append((Row(table.cells), table.main))
        table.cells, table.flat = None, False

    def _end_table(self) -> None:
        self._end_row(self.tables[-1])
        self.tables.pop()


def _size(tag: str, attributes: dict[str, str], parent: float) -> float:
    """An element's font size in points, from its tag, `<font size>` or its style's `font-size`."""
    size = parent * _HEADINGS.get(tag, 1.0) * _RELATIVE.get(tag, 1.0)
    if tag == "font" and attributes.get("size"):
        value = attributes["size"].strip()
        try:
            number = int(value)
        except ValueError:
            number = 3
        if value.startswith(("+", "-")):
            number += 3
        size = _FONT_SIZES[min(max(number, 1), 7)]
    match = _FONT_SIZE.search(attributes.get("style", ""))
    if match:
        if match.group(3):
            return _KEYWORDS.get(match.group(3).lower(), size)
        try:
            amount = float(match.group(1))
        except ValueError:
            return size
        unit = match.group(2).lower()
        converted = {"pt": amount, "px": amount * 0.75, "em": amount * parent, "rem": amount * DEFAULT_SIZE}
        size = converted.get(unit, amount / 100 * parent)
    return min(max(size, 4.0), 96.0)
