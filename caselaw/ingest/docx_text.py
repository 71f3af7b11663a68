"""Read a Word document (DOCX) from its XML parts with the standard library: paragraphs with their font sizes,
list numbers as Word prints them, table rows, page breaks, footnotes and endnotes, the headers (the first
page's, a UN document's masthead, as text; the others as the running header).

python-docx was measured against this (see tests/ingest/test_formats.py's module docstring): it needs lxml, is
slower, and gives neither list numbers, footnotes, text boxes nor inherited font sizes, which the layout and
the paragraph numbering need; the parts read here are few and documented (ECMA-376 part 1, §17).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from caselaw.errors import CorruptDocument
from caselaw.ingest.arabic import is_rtl
from caselaw.ingest.typeset import Item, Note, PageBreak, Paragraph, Row

_MAX_PART = 256 << 20  # an XML part larger than this unpacked is a ZIP bomb, not a decision
_RATIO = 200  # nor is a part that unpacks to more than 200 times its packed size (text XML packs about 10:1)
_REL_DOCUMENT = "/officeDocument"
_DEFAULT_HALF_POINTS = 20  # Word's size when nothing says otherwise: 10 pt
_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
_ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_SKIPPED = {"del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "fldData", "Fallback"}
_SKIPPED |= {"footnotePr", "endnotePr", "sectPr", "tblPr", "trPr", "tcPr", "commentReference", "annotationRef"}


@dataclass
class Docx:
    """What a DOCX gave: the flowed items, the notes, the running header's lines, the page count Word saved."""

    items: list[Item] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    running: list[str] = field(default_factory=list)
    pages: int | None = None


def read_docx(data: bytes) -> Docx:
    """The text of a DOCX; CorruptDocument when the package or its XML is broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Reader(archive).read()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
        # RuntimeError: an encrypted ZIP member; ValueError and OSError: a damaged stream (zlib).
        raise CorruptDocument(f"the Word document (DOCX) cannot be opened: {exc}") from None
    except ET.ParseError as exc:
        raise CorruptDocument(f"the Word document (DOCX) has broken XML: {exc}") from None


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML differ only there)."""
    return tag.rsplit("}", 1)[-1]


def _strip_namespaces(root: ET.Element) -> ET.Element:
    """Names without namespaces, once per part: lookups are then ElementTree's own (`find`, `get`), in C."""
    for element in root.iter():
        element.tag = _local(element.tag)
        if element.attrib and any("}" in key for key in element.attrib):
            element.attrib = {_local(key): value for key, value in element.attrib.items()}
    return root


def _attr(element: ET.Element | None, name: str) -> str | None:
    """The value of the attribute `w:name` (any namespace)."""
    return None if element is None else element.get(name)


def _child(element: ET.Element | None, *path: str) -> ET.Element | None:
    """The first descendant along `path` of local names."""
    return None if element is None else element.find("/".join(path))


def _on(element: ET.Element | None) -> bool:
    """A toggle property (`<w:vanish/>`, `<w:vanish w:val="0"/>`)."""
    return element is not None and _attr(element, "val") not in ("0", "false", "off")


@dataclass
class _Style:
    based_on: str | None = None
    half_points: int | None = None
    complex_half_points: int | None = None
    num: tuple[str, int] | None = None  # (numId, ilvl) a paragraph style numbers its paragraphs with
    hidden: bool = False
    page_break_before: bool = False


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.main = self._main_part()
        self.rels = self._rels(self.main)
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self.default_size = _DEFAULT_HALF_POINTS
        self.levels: dict[str, dict[int, _Level]] = {}  # abstractNumId -> level -> format
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, list[int]] = {}
        self.restarted: set[str] = set()
        self.notes: dict[tuple[str, str], str] = {}
        self.cited: list[Note] = []

    def read(self) -> Docx:
        root = self._xml(self.main)
        if root is None:
            raise CorruptDocument(f"the Word document (DOCX) has no main part ({self.main})")
        body = _child(root, "body")
        if body is None:
            raise CorruptDocument("the Word document (DOCX) has no body")
        self._load_styles()
        self._load_numbering()
        self._load_notes("footnotes", "footnote")
        self._load_notes("endnotes", "endnote")
        self.counters.clear()  # numbered paragraphs inside notes do not advance the body's lists
        self.restarted.clear()
        result = Docx(pages=self._page_count())
        first, running = self._headers(body)
        result.items = [*first, *self._blocks(body)]
        result.running = [p.text for item in running for p in _paragraphs(item)]
        result.notes = self.cited
        return result

    # -- parts ---------------------------------------------------------------------------------------------

    def _bytes(self, name: str) -> bytes | None:
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return None
        if info.file_size > _MAX_PART or info.file_size > _RATIO * max(info.compress_size, 1 << 16):
            raise CorruptDocument(f"the Word document's part {name} unpacks to {info.file_size} bytes (a ZIP bomb?)")
        with self.archive.open(info) as handle:
            return handle.read(_MAX_PART + 1)

    def _xml(self, name: str) -> ET.Element | None:
        data = self._bytes(name)
        if data is None:
            return None
        if b"<!ENTITY" in data[:4096]:
            raise CorruptDocument(f"the Word document's part {name} declares XML entities, which Word never writes")
        return _strip_namespaces(ET.fromstring(data))

    def _main_part(self) -> str:
        rels = self._xml("_rels/.rels")
        for rel in rels if rels is not None else []:
            if (_attr(rel, "Type") or "").endswith(_REL_DOCUMENT):
                return (_attr(rel, "Target") or "word/document.xml").lstrip("/")
        return "word/document.xml"

    def _rels(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        root = self._xml(posixpath.join(folder, "_rels", name + ".rels"))
        found = {}
        for rel in root if root is not None else []:
            target = _attr(rel, "Target") or ""
            if _attr(rel, "Id") and _attr(rel, "TargetMode") != "External":
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                )
                found[_attr(rel, "Id") or ""] = path
        return found

    def _related(self, kind: str) -> str | None:
        """The part the main document relates to by type (`styles`, `numbering`, `footnotes`), by name else."""
        folder = posixpath.dirname(self.main)
        root = self._xml(posixpath.join(folder, "_rels", posixpath.basename(self.main) + ".rels"))
        for rel in root if root is not None else []:
            if (_attr(rel, "Type") or "").endswith("/" + kind):
                return self.rels.get(_attr(rel, "Id") or "")
        return posixpath.join(folder, kind + ".xml")

    def _page_count(self) -> int | None:
        app = self._xml("docProps/app.xml")
        pages = _child(app, "Pages")
        text = (pages.text or "").strip() if pages is not None else ""
        return int(text) if text.isdigit() and int(text) > 0 else None

    def _load_styles(self) -> None:
        root = self._xml(self._related("styles") or "word/styles.xml")
        if root is None:
            return
        size = _child(root, "docDefaults", "rPrDefault", "rPr", "sz")
        if size is not None and (_attr(size, "val") or "").isdigit():
            self.default_size = int(_attr(size, "val") or _DEFAULT_HALF_POINTS)
        for element in root:
            if element.tag != "style":
                continue
            style_id = _attr(element, "styleId") or ""
            style = _Style(based_on=_attr(_child(element, "basedOn"), "val"))
            properties = _child(element, "rPr")
            style.half_points = _half_points(_child(properties, "sz"))
            style.complex_half_points = _half_points(_child(properties, "szCs"))
            style.hidden = _on(_child(properties, "vanish"))
            paragraph = _child(element, "pPr")
            style.num = _num(paragraph)
            style.page_break_before = _on(_child(paragraph, "pageBreakBefore"))
            self.styles[style_id] = style
            if _attr(element, "type") == "paragraph" and _attr(element, "default") in ("1", "true", "on"):
                self.default_style = style_id

    def _load_numbering(self) -> None:
        root = self._xml(self._related("numbering") or "word/numbering.xml")
        for element in root if root is not None else []:
            name = element.tag
            if name == "abstractNum":
                levels = {}
                for level in element:
                    if level.tag == "lvl":
                        levels[int(_attr(level, "ilvl") or 0)] = _level(level)
                self.levels[_attr(element, "abstractNumId") or ""] = levels
            elif name == "num":
                overrides = {}
                for override in element:
                    start = _child(override, "startOverride")
                    if override.tag == "lvlOverride" and start is not None:
                        overrides[int(_attr(override, "ilvl") or 0)] = int(_attr(start, "val") or 1)
                self.nums[_attr(element, "numId") or ""] = (
                    _attr(_child(element, "abstractNumId"), "val") or "",
                    overrides,
                )

    def _load_notes(self, part: str, element_name: str) -> None:
        root = self._xml(self._related(part) or f"word/{part}.xml")
        for note in root if root is not None else []:
            if note.tag != element_name or _attr(note, "type") in _NOTE_TYPES:
                continue
            paragraphs = [p for item in self._blocks(note) for p in _paragraphs(item)]
            self.notes[(element_name, _attr(note, "id") or "")] = " ".join(p.text for p in paragraphs)

    # -- body ----------------------------------------------------------------------------------------------

    def _headers(self, body: ET.Element) -> tuple[list[Item], list[Item]]:
        """The first section's headers: the first page's own (a UN document's masthead with its symbol), read as
        the page's text, and the other pages' header, the running header."""
        section = next((p for p in body.iter() if p.tag == "sectPr"), None)
        if section is None:
            return [], []
        references = {_attr(r, "type") or "default": _attr(r, "id") for r in section if r.tag == "headerReference"}

        def header(kind: str) -> list[Item]:
            part = self.rels.get(references.get(kind) or "")
            root = self._xml(part) if part else None
            return self._blocks(root) if root is not None else []

        first = header("first") if _on(_child(section, "titlePg")) else []
        return first, header("default")

    def _blocks(self, container: ET.Element) -> list[Item]:
        items: list[Item] = []
        for element in container:
            name = element.tag
            if name == "p":
                items += self._paragraph(element)
            elif name == "tbl":
                items += self._table(element)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag", "txbxContent"):
                items += self._blocks(element)
            elif name == "AlternateContent":
                choice = _child(element, "Choice")  # the Fallback repeats the same content for older readers
                items += self._blocks(choice) if choice is not None else []
        return items

    def _table(self, table: ET.Element) -> list[Item]:
        items: list[Item] = []
        for row in _rows(table):
            cells = [self._blocks(cell) for cell in row if cell.tag == "tc"]
            if any(not isinstance(i, Paragraph) for cell in cells for i in cell):
                items += [i for cell in cells for i in cell]  # a nested table: cell by cell
            else:
                items.append(Row([[i for i in cell if isinstance(i, Paragraph)] for cell in cells]))
        return items

    def _paragraph(self, element: ET.Element) -> list[Item]:
        properties = _child(element, "pPr")
        style = self._style_chain(_attr(_child(properties, "pStyle"), "val") or self.default_style)
        items: list[Item] = []
        if _on(_child(properties, "pageBreakBefore")) or any(s.page_break_before for s in style):
            items.append(PageBreak())
        if _on(_child(properties, "rPr", "vanish")) and not "".join(element.itertext()).strip():
            return items
        label = self._label(_num(properties) or next((s.num for s in style if s.num), None))
        runs: list[tuple[str, float]] = [(label + " ", 0.0)] if label else []
        floating: list[Item] = []
        for piece in self._inline(element, style, floating):
            if isinstance(piece, PageBreak):
                items.append(_joined(runs, self._size(style, None, "")))
                items.append(piece)
                runs = []
            else:
                runs.append(piece)
        items.append(_joined(runs, self._size(style, None, "")))
        items += floating
        return [i for i in items if not isinstance(i, Paragraph) or i.text.strip()]

    def _inline(
        self, element: ET.Element, style: list[_Style], floating: list[Item], run: ET.Element | None = None
    ) -> Iterator[tuple[str, float] | PageBreak]:
        """The text of a paragraph's runs with their sizes, page breaks, and text boxes set aside in `floating`."""
        for child in element:
            name = child.tag
            if name in _SKIPPED:
                continue
            if name == "r":
                properties = _child(child, "rPr")
                if _on(_child(properties, "vanish")) or any(s.hidden for s in self._style_chain(_rstyle(properties))):
                    continue
                yield from self._inline(child, style, floating, child)
            elif name == "t":
                text = child.text or ""
                yield text, self._size(style, run, text)
            elif name in ("tab", "ptab"):
                yield " ", 0.0
            elif name in ("br", "cr"):
                if _attr(child, "type") == "page":
                    yield PageBreak()
                elif _attr(child, "type") != "column":
                    yield "\n", 0.0
            elif name == "noBreakHyphen":
                yield "-", 0.0
            elif name in ("footnoteReference", "endnoteReference"):
                kind = name.removesuffix("Reference")
                note = self.notes.get((kind, _attr(child, "id") or ""))
                if note is not None:
                    custom = _attr(child, "customMarkFollows") in ("1", "true", "on")
                    self.cited.append(Note("*" if custom else str(len(self.cited) + 1), note))
            elif name == "sym":
                continue  # a glyph of a symbol font (Wingdings): no Unicode text
            elif name == "txbxContent":
                floating += self._blocks(child)
            elif name == "AlternateContent":
                choice = _child(child, "Choice")
                if choice is not None:
                    yield from self._inline(choice, style, floating, run)
            elif name == "p":
                floating += self._paragraph(child)  # a paragraph inside a drawing outside a text box
            elif name == "tbl":
                floating += self._table(child)
            else:
                yield from self._inline(child, style, floating, run)

    # -- properties ----------------------------------------------------------------------------------------

    def _style_chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        while style_id and style_id in self.styles and len(chain) < 20:
            style = self.styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain

    def _size(self, paragraph: list[_Style], run: ET.Element | None, text: str) -> float:
        """A run's size in points: its own, its character style's, its paragraph style's, the default."""
        complex_script = is_rtl(text)
        properties = _child(run, "rPr")
        own = _half_points(_child(properties, "szCs" if complex_script else "sz"))
        own = own or _half_points(_child(properties, "sz"))
        if own:
            return own / 2
        for style in [*self._style_chain(_rstyle(properties)), *paragraph]:
            size = (style.complex_half_points if complex_script else None) or style.half_points
            if size:
                return size / 2
        return self.default_size / 2

    def _label(self, num: tuple[str, int] | None) -> str:
        """The number Word prints before a list paragraph (`3.`, `(b)`, `2.1`), empty for bullets."""
        if num is None or num[0] in ("", "0") or num[0] not in self.nums:
            return ""
        abstract, overrides = self.nums[num[0]]
        levels = self.levels.get(abstract, {})
        level = min(max(num[1], 0), 8)
        if level not in levels:
            return ""
        # Lists sharing an abstract definition continue one count, unless a list restarts it (startOverride).
        counters = self.counters.setdefault(abstract, [0] * 9)
        if num[0] not in self.restarted and overrides:
            self.restarted.add(num[0])
            for at, start in overrides.items():
                counters[at] = start - 1 if at == level else start
        counters[level] = counters[level] + 1 if counters[level] else levels[level].start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        template = levels[level]
        if template.fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            value = counters[at] or (levels[at].start if at in levels else 1)
            return _format(value, levels[at].fmt if at in levels else "decimal")

        return re.sub(r"%([1-9])", number, template.text).strip()


def _level(element: ET.Element) -> _Level:
    start = _attr(_child(element, "start"), "val")
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=_attr(_child(element, "numFmt"), "val") or "decimal",
        text=_attr(_child(element, "lvlText"), "val") or "",
    )


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else "a"
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman, rest = "", max(value, 1)
        for amount, numeral in _ROMAN:
            while rest >= amount:
                roman, rest = roman + numeral, rest - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _num(properties: ET.Element | None) -> tuple[str, int] | None:
    numbering = _child(properties, "numPr")
    num_id = _attr(_child(numbering, "numId"), "val")
    if num_id is None:
        return None
    level = _attr(_child(numbering, "ilvl"), "val") or "0"
    return num_id, int(level) if level.isdigit() else 0


def _rstyle(properties: ET.Element | None) -> str | None:
    return _attr(_child(properties, "rStyle"), "val")


def _half_points(element: ET.Element | None) -> int | None:
    value = _attr(element, "val")
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def _rows(table: ET.Element) -> Iterator[ET.Element]:
    for child in table:
        name = child.tag
        if name == "tr":
            yield child
        elif name in ("sdt", "sdtContent", "customXml"):
            yield from _rows(child)


def _paragraphs(item: Item) -> list[Paragraph]:
    if isinstance(item, Paragraph):
        return [item]
    if isinstance(item, Row):
        return [p for cell in item.cells for p in cell]
    return []


def _joined(runs: list[tuple[str, float]], fallback: float) -> Paragraph:
    """One paragraph from its runs; its size is the size most of its characters are set in."""
    text = "".join(text for text, _ in runs)
    weights: dict[float, int] = {}
    for piece, size in runs:
        if size and piece.strip():
            weights[size] = weights.get(size, 0) + len(piece.strip())
    size = max(weights, key=lambda s: weights[s]) if weights else fallback
    return Paragraph(text, size)
