"""Read an RTF file: paragraphs with their font sizes, table rows, page breaks, footnotes, the first header.

A tokenizer over the RTF 1.9.1 specification's control words, groups and destinations. striprtf (PyPI) was
measured first: plain text only, so no title is found (no sizes), footnotes are dropped with their text, and
rows come out as `a|b|`; unrtf turns paragraphs into `<br>` lines, inlines the footnotes into the sentence,
and writes embedded pictures into the working directory. Neither keeps what the layout needs.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace

from caselaw.errors import CorruptDocument
from caselaw.ingest.typeset import Item, Note, PageBreak, Paragraph, Row

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_DEPTH = 1000  # groups nested deeper are not a document (a parser bomb)
# Destinations whose text is not the document's: tables of fonts, colours and styles, metadata, pictures,
# objects, field instructions (the field's result is kept), bookmarks, comments, headers and footers of later
# pages. Any group starting with `\*` is skipped too, as the specification asks of readers that do not know it.
_SKIPPED = {
    "colortbl", "stylesheet", "info", "pict", "object", "objdata", "fldinst", "datafield", "themedata",
    "colorschememapping", "latentstyles", "datastore", "generator", "filetbl", "listtable", "listoverridetable",
    "revtbl", "rsidtbl", "xmlnstbl", "bkmkstart", "bkmkend", "xe", "tc", "txe", "atnid", "atnauthor",
    "annotation", "atrfstart", "atrfend", "nonshppict", "shpinst", "sp", "sn", "sv", "userprops", "template",
    "docvar", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "pn", "pgdsctbl", "mmathPr", "fonttbl", "wgrffmtfilter",
    "headerl", "footer", "footerl", "footerr", "footerf", "private", "blipuid", "picprop",
}  # fmt: skip
_SYMBOLS = {
    "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’", "ldblquote": "“", "rdblquote": "”",
    "emspace": " ", "enspace": " ", "qmspace": " ", "tab": " ", "zwj": "\u200d", "zwnj": "\u200c",
}  # fmt: skip
# \fcharset values and their code pages (RTF 1.9.1, "Font table").
_CHARSETS = {
    0: "cp1252", 77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "cp936", 136: "cp950",
    161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251",
    222: "cp874", 238: "cp1250", 255: "cp437",
}  # fmt: skip


@dataclass
class Rtf:
    """What an RTF file gave: the flowed items, the notes and the running header's lines."""

    items: list[Item] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    running: list[str] = field(default_factory=list)


@dataclass
class _State:
    """Character and destination properties, saved at `{` and restored at `}`."""

    size: float = 12.0
    skip: bool = False
    hidden: bool = False
    target: str = "body"  # body, note or header
    codepage: str = "cp1252"
    fallback: int = 1  # \ucN: characters that follow a \uN as its fallback for older readers
    in_table: bool = False
    fonts: bool = False  # inside the font table


def read_rtf(data: bytes) -> Rtf:
    """The text of an RTF file; CorruptDocument for what is not RTF past its first bytes."""
    if b"\x00" in data[: 1 << 16] and b"\\bin" not in data:
        raise CorruptDocument("the RTF file holds binary data outside a \\bin block: it is damaged")
    return _Reader(data).read()


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.state = _State()
        self.stack: list[_State] = []
        self.default_codepage = "cp1252"
        self.font_pages: dict[int, str] = {}
        self.font: int | None = None
        self.title_page = False
        self.body: list[Item] = []
        self.header: list[Item] = []
        self.first_header: list[Item] = []
        self.notes: list[Note] = []
        self.runs: dict[str, list[tuple[str, float]]] = {"body": [], "note": [], "header": [], "headerf": []}
        self.row: list[list[Paragraph]] = []
        self.cell: list[Paragraph] = []
        self.pending = bytearray()  # \'hh bytes, decoded together (a double-byte code page needs pairs)
        self.skip_chars = 0
        self.note_text: list[str] = []

    def read(self) -> Rtf:
        position, end = 0, len(self.data)
        while position < end:
            match = _TOKEN.match(self.data, position)
            if match is None:  # a lone backslash at the very end
                break
            position = match.end()
            word, hexa, symbol, brace, text = (
                match.group(1),
                match.group(3),
                match.group(4),
                match.group(5),
                match.group(6),
            )
            if hexa is not None:
                self._byte(int(hexa, 16))
                continue
            self._decode_pending()
            if word is not None:
                argument = match.group(2)
                if word == b"bin":  # binary data of the given length follows: skipped whole
                    position += max(int(argument or 0), 0)
                    continue
                self._word(word.decode("ascii"), int(argument) if argument else None)
            elif symbol is not None:
                self._symbol(symbol.decode("latin-1"))
            elif brace == b"{":
                self.stack.append(self.state)
                self.state = replace(self.state)
                if len(self.stack) > _MAX_DEPTH:
                    raise CorruptDocument(f"the RTF file nests groups more than {_MAX_DEPTH} deep")
                if self.data.startswith(b"\\*", position):
                    self.state.skip = True
            elif brace == b"}":
                self._close_group()
            elif text is not None:
                self._text(text.decode("latin-1"))
        self._decode_pending()
        while self.stack:
            self._close_group()  # a file cut short: what was read is kept
        self._paragraph("body")
        self._end_row()
        # The first page's own header (\\headerf, with \\titlepg) is that page's text; the other, the running header.
        first = self.first_header if self.title_page else []
        return Rtf([*first, *self.body], self.notes, [p.text for p in self.header if isinstance(p, Paragraph)])

    # -- groups and destinations ---------------------------------------------------------------------------

    def _close_group(self) -> None:
        closing = self.state
        if not self.stack:
            return
        self.state = self.stack.pop()
        if closing.target != self.state.target and not closing.skip:
            self._paragraph(closing.target)
            if closing.target == "note":
                text = " ".join(" ".join(self.note_text).split())
                if text:
                    self.notes.append(Note(str(len(self.notes) + 1), text))
                self.note_text = []
        self.skip_chars = 0

    def _word(self, word: str, argument: int | None) -> None:
        state = self.state
        if word in _SKIPPED:
            if word == "fonttbl":
                state.fonts = True
            else:
                state.skip = True
            return
        if state.fonts:
            self._font_table(word, argument)
            return
        if state.skip:
            return
        if word == "ansicpg" and argument:
            self.default_codepage = self.state.codepage = _codepage(argument) or self.default_codepage
        elif word == "f" and argument is not None:
            self.font = argument
            state.codepage = self.font_pages.get(argument, self.default_codepage)
        elif word == "fs" and argument:
            state.size = argument / 2
        elif word == "plain":
            state.size, state.hidden = 12.0, False
            state.codepage = self.default_codepage
        elif word == "v":
            state.hidden = argument != 0
        elif word == "uc":
            state.fallback = max(argument or 0, 0)
        elif word == "u" and argument is not None:
            self._emit(chr(argument + 65536 if argument < 0 else argument))
            self.skip_chars = state.fallback
        elif word in ("par", "sect"):
            self._paragraph(state.target)
        elif word == "line":
            self._emit("\n")
        elif word == "page":
            self._paragraph(state.target)
            if state.target == "body":
                self._end_row()
                self.body.append(PageBreak())
        elif word == "pagebb" and state.target == "body":
            self._paragraph("body")
            self.body.append(PageBreak())
        elif word == "intbl":
            state.in_table = True
        elif word == "pard":
            state.in_table = False
        elif word in ("cell", "nestcell"):
            self._paragraph(state.target, cell=True)
            self.row.append(self.cell)
            self.cell = []
        elif word in ("row", "nestrow"):
            self._end_row()
        elif word == "footnote":
            state.target = "note"  # the body's paragraph goes on after the note's group
        elif word in ("header", "headerr", "headerf"):
            word = "header" if word == "headerr" else word  # right-hand pages' header: the usual one
            state.target = word
            # The first section's headers only: later sections' are running headers of later pages.
            state.skip = bool(self.first_header if word == "headerf" else self.header)
        elif word == "titlepg":
            self.title_page = True
        elif word == "chftn":
            return  # the note's number: we number notes ourselves, and drop the mark from the body
        elif word in _SYMBOLS:
            self._emit(_SYMBOLS[word])

    def _font_table(self, word: str, argument: int | None) -> None:
        if word == "f" and argument is not None:
            self.font = argument
        elif word == "fcharset" and argument is not None and self.font is not None:
            page = _CHARSETS.get(argument)
            if page and argument != 0:
                self.font_pages[self.font] = page

    def _symbol(self, symbol: str) -> None:
        if self.state.skip or self.state.fonts:
            return
        if symbol == "*":
            self.state.skip = True
        elif symbol == "~":
            self._emit("\u00a0")
        elif symbol == "_":
            self._emit("-")
        elif symbol in "\\{}":
            self._emit(symbol)
        elif symbol in "\r\n":
            self._paragraph(self.state.target)  # `\` before a line end is a \par
        elif self.skip_chars:
            self.skip_chars -= 1

    # -- text ----------------------------------------------------------------------------------------------

    def _byte(self, value: int) -> None:
        if self.skip_chars:
            self.skip_chars -= 1
            return
        if not self.state.skip and not self.state.fonts:
            self.pending.append(value)

    def _decode_pending(self) -> None:
        if self.pending:
            text = bytes(self.pending).decode(self.state.codepage, "replace")
            self.pending.clear()
            self._emit(text)

    def _text(self, text: str) -> None:
        if self.skip_chars:
            dropped = min(self.skip_chars, len(text))
            text, self.skip_chars = text[dropped:], self.skip_chars - dropped
        if not text or self.state.skip or self.state.fonts:
            return
        # Text outside \'hh escapes is 7-bit by the specification; a writer that put 8-bit bytes there meant
        # its code page.
        self._emit(text.encode("latin-1").decode(self.state.codepage, "replace") if not text.isascii() else text)

    def _emit(self, text: str) -> None:
        if self.state.skip or self.state.hidden or self.state.fonts:
            return
        self.runs[self.state.target].append((text, self.state.size))

    def _paragraph(self, target: str, cell: bool = False) -> None:
        """End the paragraph being read in `target` (body, note, header, headerf)."""
        runs = self.runs[target]
        self.runs[target] = []
        text = "".join(t for t, _ in runs).strip()
        if _SURROGATE.search(text):  # characters outside the BMP arrive as two \uN surrogates
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if target == "note":
            if text:
                self.note_text.append(text)
            return
        weights: dict[float, int] = {}
        for piece, size in runs:
            if piece.strip():
                weights[size] = weights.get(size, 0) + len(piece.strip())
        paragraph = Paragraph(text, max(weights, key=lambda s: weights[s]) if weights else 12.0)
        if target != "body":
            if text:
                (self.first_header if target == "headerf" else self.header).append(paragraph)
            return
        if cell or self.state.in_table:
            if text:
                self.cell.append(paragraph)
            return
        self._end_row()
        if text:
            self.body.append(paragraph)

    def _end_row(self) -> None:
        if self.cell:
            self.row.append(self.cell)
            self.cell = []
        if any(self.row):
            self.body.append(Row(self.row))
        self.row = []


def _codepage(number: int) -> str | None:
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return None
