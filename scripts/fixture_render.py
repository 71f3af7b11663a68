"""Lay out and render one fixture decision as a PDF: the page engine behind make_fixtures.py."""

from __future__ import annotations

import io
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import pypdfium2 as pdfium
from fpdf import FPDF
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# Fixed metadata: the corpus must be byte-for-byte reproducible.
CREATION_DATE = datetime(2026, 1, 1, tzinfo=UTC)
PRODUCER = "caselaw scripts/make_fixtures.py"
FONT_FILES = {
    ("sans", ""): "DejaVuSans.ttf",
    ("sans", "B"): "DejaVuSans-Bold.ttf",
    ("serif", ""): "DejaVuSerif.ttf",
    ("serif", "B"): "DejaVuSerif-Bold.ttf",
}
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 22.0
TEXT_W = PAGE_W - 2 * MARGIN
FIRST_TOP, BODY_TOP, BODY_BOTTOM = 16.0, 24.0, 274.0
HEADER_Y, FOOTER_Y = 11.0, 281.0
GUTTER = 8.0
RASTER_DPI = 200
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
VOWELS = frozenset("aeiouyáéíóúàèìòùâêîôûãõäëïöüœæаеёиоуыэюя")
# Consonant pairs never split, and onset clusters kept together with the next syllable (V-CCV).
KEEP_TOGETHER = frozenset(
    {"ch", "sh", "th", "ph", "gh", "ll", "rr", "qu", "gu", "nh", "lh"}
    | {"bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "tr", "vr"}
)
LOCALE: dict[str, dict[str, str]] = {
    "en": {"page": "Page", "of": "of", "summary": "Summary — not an official document"},
    "es": {"page": "Página", "of": "de", "summary": "Resumen — documento no oficial"},
    "fr": {"page": "Page", "of": "sur", "summary": "Résumé — document non officiel"},
    "pt": {"page": "Página", "of": "de", "summary": "Resumo — documento não oficial"},
    "ar": {"page": "صفحة", "of": "من", "summary": "ملخص — وثيقة غير رسمية"},
    "ru": {"page": "Страница", "of": "из", "summary": "Резюме — неофициальный документ"},
}
# Page-number style per layout: bare number like UN documents, or "Page n of N" in the document's language.
FOOTER_WORDS = {"un-views": False, "commission": True, "court": False, "summary": True}


def _number_as_text(value: Any) -> Any:
    # YAML reads an unquoted `number: 12` as an int; a float (2.10 -> 2.1) would silently lose digits.
    if isinstance(value, bool | float):
        raise ValueError(f'paragraph number {value!r} must be quoted in the YAML, e.g. "2.1"')
    return str(value) if isinstance(value, int) else value


def _clean(value: Any) -> Any:
    # Printed text is re-flowed word by word, so the golden text is the source with whitespace collapsed.
    return " ".join(value.split()) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_clean), Field(min_length=1)]


class SourceModel(BaseModel):
    """Base of the source-file models: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class SourceParagraph(SourceModel):
    """A paragraph as written in a source file."""

    number: Annotated[str | None, BeforeValidator(_number_as_text)] = None
    text: Text
    footnotes: list[Text] = Field(default_factory=list)


class SourceSection(SourceModel):
    """A section: an optional heading and its paragraphs."""

    heading: Text | None = None
    paragraphs: list[SourceParagraph] = Field(default_factory=list)


class SourceDocument(SourceModel):
    """One document of a source file: what to print and how."""

    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    kind: str
    official: bool = True
    layout: Literal["un-views", "commission", "court", "summary"]
    features: list[Literal["two-columns", "hyphenation", "image-only"]] = Field(default_factory=list)
    running_header: Text | None = None
    caption: list[Text] = Field(default_factory=list)
    title: Text
    preamble: list[tuple[Text, Text]] = Field(default_factory=list)
    sections: list[SourceSection] = Field(min_length=1)

    @property
    def rtl(self) -> bool:
        """Whether the document is written right to left."""
        return self.language in RTL_LANGUAGES

    def words(self) -> dict[str, str]:
        """The page and banner words in the document's language, English when unknown."""
        return LOCALE.get(self.language, LOCALE["en"])


Font = tuple[str, str, float]  # family, style, size in points


@dataclass
class Item:
    """A piece of text on a line: offset from the frame's left edge, width, alignment, raise."""

    dx: float
    w: float
    text: str
    font: Font
    align: str = "L"
    rise: float = 0.0


@dataclass
class Line:
    """One line of a block: its height and its items."""

    h: float
    items: list[Item]


@dataclass
class Op:
    """A drawing operation on a page: text in a cell, or a rule when `font` is None."""

    x: float
    y: float
    w: float
    h: float
    text: str = ""
    font: Font | None = None
    align: str = "L"


@dataclass
class Page:
    """A laid-out page: its drawing operations."""

    ops: list[Op] = field(default_factory=list)


class Measure:
    """String widths with a per-font cache, measured with the same FPDF object that renders."""

    def __init__(self, pdf: FPDF, fonts_dir: Path) -> None:
        self.pdf, self.fonts_dir = pdf, fonts_dir
        self.cache: dict[tuple[Font, str], float] = {}

    def select(self, font: Font) -> None:
        """Make `font` current, loading its TTF on first use (parsing a TTF is the slowest step)."""
        family, style, size = font
        if f"{family.lower()}{style.upper()}" not in self.pdf.fonts:
            self.pdf.add_font(family, style, str(self.fonts_dir / FONT_FILES[family, style]))
        self.pdf.set_font(family, style, size)

    def __call__(self, text: str, font: Font) -> float:
        """Width of `text` in `font`, in mm."""
        key = (font, text)
        if key not in self.cache:
            self.select(font)
            self.cache[key] = self.pdf.get_string_width(text)
        return self.cache[key]


def break_points(word: str) -> list[int]:
    """Indices where a word (>= 8 letters) may be hyphenated, longest prefix first."""
    lead = len(word) - len(word.lstrip("(«“\"'¡¿"))
    core = word[lead:].rstrip(".,;:)»”\"'!?")
    if len(core) < 8 or not core.isalpha() or core.isupper():
        return []
    low = core.lower()
    points = []
    # At least three letters on each side, so neither half is a stray fragment.
    for i in range(3, len(low) - 2):
        a, b, c = low[i - 1], low[i], low[i + 1]
        v_cv = a in VOWELS and b not in VOWELS and c in VOWELS
        vc_cv = a not in VOWELS and b not in VOWELS and c in VOWELS and a + b not in KEEP_TOGETHER
        v_ccv = a in VOWELS and b + c in KEEP_TOGETHER and i + 2 < len(low) and low[i + 2] in VOWELS
        if v_cv or vc_cv or v_ccv:
            points.append(lead + i)
    return sorted(points, reverse=True)


def wrap(words: list[str], width: float, font: Font, measure: Measure, hyphenate: bool) -> list[list[str]]:
    """Greedy line breaking; with `hyphenate`, split a long word when its head fills the line better."""
    space = measure(" ", font)
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    queue = deque(words)
    while queue:
        word = queue.popleft()
        start = used + space if line else 0.0
        if start + measure(word, font) <= width:
            line.append(word)
            used = start + measure(word, font)
            continue
        split = (
            next((i for i in break_points(word) if start + measure(word[:i] + "-", font) <= width), None)
            if hyphenate
            else None
        )
        if split is not None:
            line.append(word[:split] + "-")
            queue.appendleft(word[split:])
        elif not line:
            line.append(word)  # a word wider than the line stands alone rather than looping forever
        else:
            queue.appendleft(word)
        lines.append(line)
        line, used = [], 0.0
    if line:
        lines.append(line)
    return lines


class Flow:
    """Places lines into frames (a page, or a column of it), with footnotes at each frame's foot."""

    def __init__(self, measure: Measure, fn_font: Font, rtl: bool) -> None:
        self.measure, self.fn_font, self.rtl = measure, fn_font, rtl
        self.pages: list[Page] = [Page()]
        self.columns, self.column, self.top = 1, 0, FIRST_TOP
        self.y = FIRST_TOP
        self.notes: list[Line] = []

    @property
    def frame_w(self) -> float:
        """Width of the current frame."""
        return (TEXT_W - GUTTER * (self.columns - 1)) / self.columns

    def frame_x(self) -> float:
        """Left edge of the current frame; columns run right to left in RTL documents."""
        index = self.columns - 1 - self.column if self.rtl else self.column
        return MARGIN + index * (self.frame_w + GUTTER)

    def notes_height(self, extra: list[Line]) -> float:
        """Height of the footnote area with `extra` footnote lines added."""
        lines = self.notes + extra
        return 0.0 if not lines else 4.0 + sum(line.h for line in lines)

    def set_columns(self, columns: int) -> None:
        """Start a run of `columns` columns at the current height."""
        self.finish_frame()
        self.columns, self.column, self.top = columns, 0, self.y

    def finish_frame(self) -> None:
        """Draw the footnotes collected for the current frame at its foot."""
        if not self.notes:
            return
        x, y = self.frame_x(), BODY_BOTTOM - self.notes_height([])
        rule_x = x + self.frame_w - 30.0 if self.rtl else x
        self.pages[-1].ops.append(Op(rule_x, y + 1.5, 30.0, 0.0))
        y += 3.0
        for line in self.notes:
            self.draw(line, x, y)
            y += line.h
        self.notes = []

    def next_frame(self) -> None:
        """Move to the next column, or to a new page."""
        self.finish_frame()
        if self.column + 1 < self.columns:
            self.column += 1
        else:
            self.pages.append(Page())
            self.column, self.top = 0, BODY_TOP
        self.y = self.top

    def ensure(self, height: float) -> None:
        """Move on unless `height` fits in the current frame (an empty frame always takes it)."""
        if self.y > self.top and self.y + height > BODY_BOTTOM - self.notes_height([]) - 1.0:
            self.next_frame()

    def place(self, line: Line, notes: list[Line] | None = None) -> None:
        """Place one line, and the footnotes whose marks it carries, moving on if they do not fit."""
        notes = notes or []
        room = BODY_BOTTOM - self.notes_height(notes) - (1.0 if notes or self.notes else 0.0)
        if self.y > self.top and self.y + line.h > room:
            self.next_frame()
        self.draw(line, self.frame_x(), self.y)
        self.y += line.h
        self.notes.extend(notes)

    def draw(self, line: Line, x: float, y: float) -> None:
        """Turn a line's items into page operations, mirrored in RTL documents."""
        for item in line.items:
            dx, align = item.dx, item.align
            if self.rtl:
                dx = self.frame_w - item.dx - item.w
                align = {"L": "R", "R": "L"}.get(align, align)
            self.pages[-1].ops.append(Op(x + dx, y - item.rise, item.w, line.h, item.text, item.font, align))

    def space(self, height: float) -> None:
        """Vertical space, dropped at the top of a frame."""
        if self.y > self.top:
            self.y += height


def new_pdf(rtl: bool) -> FPDF:
    """An FPDF with fixed metadata; Arabic shaping for RTL documents."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0.0
    if rtl:
        # Ligatures stay on, as in real Arabic PDFs. fpdf2 writes the lam-alef ligature's ToUnicode string in
        # visual order, so extractors read "الا" as "اال": a defect real files have too, and one ingest must
        # repair (the ingest issue's golden tests rely on these fixtures showing it).
        pdf.set_text_shaping(
            use_shaping_engine=True,
            direction="rtl",
            script="arab",
            language="ar",
        )
    return pdf


def paint(measure: Measure, pages: list[Page], doc: SourceDocument, header: str) -> None:
    """Draw laid-out pages, with the running header (pages 2+) and the page number on each."""
    pdf = measure.pdf
    words, total = doc.words(), len(pages)
    # Regular text outside the body uses the body family: one TTF fewer to parse per document.
    plain = "sans" if doc.rtl else "serif"
    head_font: Font = ("sans", "B", 8.0)
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        ops = list(page.ops)
        if number > 1:
            align = "C" if doc.layout in ("court", "commission") else ("L" if doc.rtl else "R")
            ops.append(Op(MARGIN, HEADER_Y, TEXT_W, 5.0, header, head_font, align))
            ops.append(Op(MARGIN, HEADER_Y + 6.0, TEXT_W, 0.0))
        label = f"{words['page']} {number} {words['of']} {total}" if FOOTER_WORDS[doc.layout] else str(number)
        ops.append(Op(MARGIN, FOOTER_Y, TEXT_W, 5.0, label, (plain, "", 8.5), "C"))
        for op in ops:
            if op.font is None:
                pdf.set_line_width(0.25 if op.h == 0 else op.h)
                pdf.line(op.x, op.y, op.x + op.w, op.y)
                continue
            measure.select(op.font)
            if op.align == "L" and not doc.rtl:
                # text() is several times faster than cell(); same baseline as cell's vertical centring.
                pdf.text(op.x, op.y + op.h / 2 + 0.3 * pdf.font_size, op.text)
            else:
                pdf.set_xy(op.x, op.y)
                pdf.cell(op.w, op.h, op.text, align=op.align)


def rasterise(pdf_bytes: bytes) -> bytes:
    """Re-assemble a PDF as grayscale page images only: a scanned document with no text layer."""
    source = pdfium.PdfDocument(pdf_bytes)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_auto_page_break(False)
    try:
        for index in range(len(source)):
            bitmap = source[index].render(scale=RASTER_DPI / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            pdf.add_page()
            pdf.image(buffer, x=0, y=0, w=PAGE_W, h=PAGE_H)
    finally:
        source.close()
    return bytes(pdf.output())


@dataclass
class Style:
    """Fonts and line heights of one document; Arabic has no DejaVu Serif glyphs, so it is all sans."""

    body: Font
    mark: Font
    note: Font
    heading: Font = ("sans", "B", 10.5)
    title: Font = ("sans", "B", 12.5)
    label: Font = ("serif", "", 9.0)
    body_lh: float = 4.9
    note_lh: float = 3.5

    @classmethod
    def of(cls, doc: SourceDocument) -> Style:
        """The style for `doc`."""
        family = "sans" if doc.rtl else "serif"
        return cls(body=(family, "", 10.0), mark=(family, "", 6.5), note=(family, "", 7.5), label=(family, "", 9.0))


def printed_number(number: str, layout: str, forum: str) -> str:
    """A paragraph number as the real documents print it: "2.1", "[12]" (South Africa) or "12."."""
    if layout == "un-views" or number.endswith("."):
        return number
    if layout == "court" and forum.startswith("za-"):
        return f"[{number}]"
    return f"{number}."


class Composer:
    """Builds the lines of each block of a document and feeds them to a Flow."""

    def __init__(self, doc: SourceDocument, measure: Measure, forum: str) -> None:
        self.doc, self.measure, self.forum = doc, measure, forum
        self.style = Style.of(doc)
        self.flow = Flow(measure, self.style.note, doc.rtl)
        self.hyphenate = "hyphenation" in doc.features and not doc.rtl
        self.notes_seen = 0

    def lines(self, text: str, font: Font, lh: float, width: float, dx: float = 0.0, align: str = "L") -> list[Line]:
        """Wrap `text` into lines of one item each, aligned within [dx, dx + width]."""
        rows = wrap(text.split(), width, font, self.measure, False)
        return [Line(lh, [Item(dx, width, " ".join(row), font, align)]) for row in rows]

    def caption(self) -> None:
        """The caption block: UN two-column masthead, or centred heading lines."""
        doc, flow, captions = self.doc, self.flow, list(self.doc.caption)
        if doc.layout == "summary":
            flow.pages[-1].ops.append(Op(MARGIN, flow.y, TEXT_W, 0.0))
            for line in self.lines(doc.words()["summary"], ("sans", "B", 9.0), 6.0, TEXT_W, align="C"):
                flow.place(line)
            flow.pages[-1].ops.append(Op(MARGIN, flow.y, TEXT_W, 0.0))
            flow.space(3.0)
        if doc.layout == "un-views":
            # Reading order row by row stays the source order: 0 | 1, 2 | 3, then the rest on the right.
            left, right = captions[0:1] + captions[2:3], captions[1:2] + captions[3:]
            half = TEXT_W / 2
            for row in range(max(len(left), len(right))):
                items = []
                if row < len(left):
                    items.append(Item(0.0, half, left[row], ("sans", "B", 14.0 if row == 0 else 11.0)))
                if row < len(right):
                    font: Font = ("sans", "B", 12.0) if row == 0 else (self.style.body[0], "", 9.5)
                    items.append(Item(half, half, right[row], font, "R"))
                flow.place(Line(7.5 if row == 0 else 5.5, items))
            flow.space(1.5)
            flow.pages[-1].ops.append(Op(MARGIN, flow.y, TEXT_W, 0.8))
            flow.space(6.0)
            return
        for index, text in enumerate(captions):
            font = ("sans", "B", 12.5 if index == 0 else 10.5)
            if doc.layout != "court" and index > 0:
                font = (self.style.body[0], "", 10.0)
            for line in self.lines(text, font, 6.0 if index == 0 else 5.2, TEXT_W, align="C"):
                flow.place(line)
        flow.space(5.0)

    def title(self) -> None:
        """The title in bold, left-aligned in UN documents and centred elsewhere."""
        align = "L" if self.doc.layout == "un-views" else "C"
        for line in self.lines(self.doc.title, self.style.title, 6.0, TEXT_W, align=align):
            self.flow.place(line)
        self.flow.space(5.0)

    def preamble(self) -> None:
        """The label/value table under the title."""
        label_w = 58.0
        for label, value in self.doc.preamble:
            labels = wrap(label.split(), label_w - 3.0, self.style.label, self.measure, False)
            values = wrap(value.split(), TEXT_W - label_w, self.style.body, self.measure, False)
            for row in range(max(len(labels), len(values))):
                items = []
                if row < len(labels):
                    items.append(Item(0.0, label_w - 3.0, " ".join(labels[row]), self.style.label))
                if row < len(values):
                    items.append(Item(label_w, TEXT_W - label_w, " ".join(values[row]), self.style.body))
                self.flow.place(Line(self.style.body_lh, items))
            self.flow.space(1.2)
        if self.doc.preamble:
            self.flow.space(4.0)

    def heading(self, text: str) -> None:
        """A section heading in bold sans, kept with the first two lines of what follows."""
        lines = self.lines(text, self.style.heading, 5.5, self.flow.frame_w)
        self.flow.space(3.5)
        self.flow.ensure(sum(line.h for line in lines) + 2 * self.style.body_lh)
        for line in lines:
            self.flow.place(line)
        self.flow.space(1.5)

    def paragraph(self, paragraph: SourceParagraph, indent: float) -> None:
        """A paragraph with a hanging number, justified (LTR), with footnote marks and notes."""
        style, width = self.style, self.flow.frame_w
        number = printed_number(paragraph.number, self.doc.layout, self.forum) if paragraph.number else None
        dx = indent if number else 0.0
        marks = [str(self.notes_seen + i + 1) for i in range(len(paragraph.footnotes))]
        self.notes_seen += len(marks)
        mark_text = ",".join(marks)
        mark_w = self.measure(mark_text, style.mark) + 0.4 if marks else 0.0
        rows = wrap(paragraph.text.split(), width - dx, style.body, self.measure, self.hyphenate)
        last_w = self.measure(" ".join(rows[-1]), style.body)
        if marks and len(rows[-1]) > 1 and last_w + mark_w > width - dx:
            rows.append([rows[-1].pop()])  # room for the mark after the paragraph's last word
        for index, row in enumerate(rows):
            items = self.row_items(row, dx, width - dx, justify=index < len(rows) - 1)
            if index == 0 and number:
                items.insert(0, Item(0.0, indent, number, style.body))
            notes: list[Line] = []
            if index == len(rows) - 1 and marks:
                end = dx + self.measure(" ".join(row), style.body)
                items.append(Item(end + 0.3, mark_w, mark_text, style.mark, rise=1.3))
                notes = [
                    line
                    for mark, text in zip(marks, paragraph.footnotes, strict=True)
                    for line in self.note_lines(mark, text)
                ]
            self.flow.place(Line(style.body_lh, items), notes)
        self.flow.space(2.2)

    def row_items(self, row: list[str], dx: float, width: float, justify: bool) -> list[Item]:
        """A line's items: one string, or word by word spread to the full width when justified."""
        font = self.style.body
        natural = self.measure(" ".join(row), font)
        # Narrow columns without hyphenation justify into rivers of white: set them ragged right instead.
        ragged = self.doc.rtl or (self.flow.columns > 1 and not self.hyphenate)
        if not justify or ragged or len(row) < 2 or natural < 0.75 * width:
            return [Item(dx, width, " ".join(row), font)]
        gap = (width - sum(self.measure(word, font) for word in row)) / (len(row) - 1)
        items, x = [], dx
        for position, word in enumerate(row):
            # Each word keeps its trailing space, so extractors see a real space and not only a gap.
            text = word if position == len(row) - 1 else word + " "
            items.append(Item(x, self.measure(text, font), text, font))
            x += self.measure(word, font) + gap
        return items

    def note_lines(self, mark: str, text: str) -> list[Line]:
        """A footnote's lines: the mark, then the text with a hanging indent."""
        width = self.flow.frame_w
        lines = self.lines(text, self.style.note, self.style.note_lh, width - 4.0, dx=4.0)
        lines[0].items.insert(0, Item(0.0, 4.0, mark, self.style.note))
        return lines

    def compose(self) -> list[Page]:
        """Lay out the whole document."""
        self.caption()
        self.title()
        self.preamble()
        if "two-columns" in self.doc.features:
            self.flow.set_columns(2)
        numbers = [
            printed_number(p.number, self.doc.layout, self.forum)
            for section in self.doc.sections
            for p in section.paragraphs
            if p.number
        ]
        indent = max([10.0] + [self.measure(n, self.style.body) + 3.0 for n in numbers])
        for section in self.doc.sections:
            if section.heading:
                self.heading(section.heading)
            for paragraph in section.paragraphs:
                self.paragraph(paragraph, indent)
        self.flow.finish_frame()
        return self.flow.pages


def render(
    doc: SourceDocument, fonts_dir: Path, forum: str, header: str, password: str | None = None
) -> tuple[bytes, int]:
    """Render `doc` to PDF bytes and its page count; `password` encrypts it, `image-only` rasterises it."""
    pdf = new_pdf(doc.rtl)
    pdf.set_title(doc.title)
    pdf.set_lang(doc.language)
    measure = Measure(pdf, fonts_dir)
    pages = Composer(doc, measure, forum).compose()
    paint(measure, pages, doc, header)
    if password is not None:
        # RC4 (the default method) draws no random bytes: the key comes from the file id, itself an MD5 of
        # the creation date, so even the encrypted file is reproducible.
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    data = bytes(pdf.output())
    return (rasterise(data) if "image-only" in doc.features else data), len(pages)
