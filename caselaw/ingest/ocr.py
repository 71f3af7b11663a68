"""OCR of pages without a text layer: pypdfium2 renders the page, Tesseract reads it (TSV, word confidences)."""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from caselaw.errors import ImageTooLarge
from caselaw.ingest.arabic import is_rtl
from caselaw.ingest.lines import Line, PageLines

MIN_DPI = 100
"""Below this Tesseract reads next to nothing: a page that fits the pixel limit only at less is refused."""
IMAGE_FACTOR = 8
"""The images of a page may declare this many times the render limit in pixels (a 1200 dpi scan of a large page
fits); past that, decoding them alone costs seconds of CPU per page, for nothing a decision prints."""

_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")
# ISO 639-1 (what language detection returns) to Tesseract's traineddata names.
TESSERACT_LANGUAGES = {"en": "eng", "es": "spa", "fr": "fra", "pt": "por", "ar": "ara", "de": "deu", "it": "ita"}


class OcrUnavailable(Exception):
    """Tesseract cannot be run: the document is stored as `needs-ocr`."""


@cache
def installed_languages(command: str) -> frozenset[str]:
    """Languages the Tesseract at `command` has data for; OcrUnavailable when it cannot be run."""
    if shutil.which(command) is None:
        raise OcrUnavailable(f"Tesseract is not installed (no {command!r} on PATH)")
    try:
        listing = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"Tesseract at {command!r} cannot be run: {exc}") from None
    return frozenset(line.strip() for line in listing.stdout.splitlines()[1:] if line.strip())


def choose_languages(command: str, wanted: list[str]) -> list[str]:
    """The wanted Tesseract languages that are installed, in order; never an empty list."""
    available = installed_languages(command)
    chosen = [language for language in wanted if language in available]
    if not chosen:
        raise OcrUnavailable(f"none of the OCR languages {wanted} is installed for Tesseract")
    return chosen


def render_dpi(number: int, width: float, height: float, dpi: int, max_pixels: int) -> float:
    """The resolution page `number` (`width` × `height` points) is rendered at: `dpi`, lowered so that the bitmap
    holds at most `max_pixels`; ImageTooLarge when even MIN_DPI would not fit (a page metres wide)."""
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if pixels <= max_pixels:
        return float(dpi)
    fitted = dpi * math.sqrt(max_pixels / pixels)
    if fitted < MIN_DPI:
        raise ImageTooLarge(
            f"page {number + 1} measures {width / 72:,.0f} × {height / 72:,.0f} inches: rendering it for OCR would "
            f"take {pixels / 1e6:,.0f} megapixels at {dpi} dpi, more than the limit of {max_pixels / 1e6:,.0f} even "
            f"at {MIN_DPI} dpi (CASELAW_OCR_MAX_MEGAPIXELS)"
        )
    return fitted


def check_images(page: pdfium.PdfPage, number: int, max_pixels: int) -> None:
    """ImageTooLarge when the images drawn on the page declare more than IMAGE_FACTOR × `max_pixels` pixels: pdfium
    decodes an image whole to draw it, whatever size it is drawn at, so the declared size is what it costs."""
    total = 0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        width, height = image.get_px_size()
        total += max(0, width) * max(0, height)
    if total > IMAGE_FACTOR * max_pixels:
        raise ImageTooLarge(
            f"the images on page {number + 1} declare {total / 1e6:,.0f} megapixels, more than the "
            f"{IMAGE_FACTOR * max_pixels / 1e6:,.0f} allowed for a page rendered for OCR (CASELAW_OCR_MAX_MEGAPIXELS)"
        )


def ocr_page(
    document: pdfium.PdfDocument,
    number: int,
    languages: list[str],
    dpi: int,
    command: str,
    timeout: float,
    max_pixels: int = 50_000_000,
    kept: Sequence[Line] = (),
) -> PageLines:
    """Render page `number` (at most `max_pixels`: see `render_dpi`) and OCR it; lines carry boxes in points like
    the text layer's; `kept` (text-layer numbers, see `PageLines.kept`) replace the words OCR read over them.
    ImageTooLarge for a page or images too large to render."""
    page = document[number]
    try:
        width, height = page.get_size()
        resolution = render_dpi(number, width, height, dpi, max_pixels)
        check_images(page, number, max_pixels)
        bitmap = page.render(scale=resolution / 72, grayscale=True)
        image = _pgm(bitmap)
    finally:
        page.close()
    try:
        done = subprocess.run(
            [command, "stdin", "stdout", "-l", "+".join(languages), "--psm", "3", "tsv"],
            input=image,
            capture_output=True,
            timeout=timeout,
            check=True,
            # One thread per Tesseract: its OpenMP threads fight the other workers for the cores (measured:
            # 11 s a page with the default, 5 s with one thread, on this 2-core machine).
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"Tesseract failed on page {number + 1}: {exc}") from None
    return _lines(done.stdout.decode("utf-8", "replace"), number, width, height, resolution, kept)


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """The rendered page as a binary PGM, which Tesseract reads from stdin without an image library."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = buffer if stride == width else b"".join(buffer[y * stride : y * stride + width] for y in range(height))
    return f"P5 {width} {height} 255\n".encode() + rows


def _lines(tsv: str, number: int, width: float, height: float, dpi: float, kept: Sequence[Line] = ()) -> PageLines:
    scale = 72 / dpi
    words: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        # Tesseract marks the direction of words in a mixed line (LRM, RLM): no part of the word.
        text = row["text"] = (row.get("text") or "").translate(_DIRECTION_MARKS).strip()
        if row.get("level") != "5" or not text:
            continue
        words[(row["block_num"], row["par_num"], row["line_num"])].append(row)
        confidence = float(row["conf"])
        if confidence >= 0:
            confidences.append(confidence)
    result = PageLines(number, width, height)
    placed = _place_kept(words, kept, scale) if kept else {}
    for key, items in words.items():
        lefts = [int(w["left"]) for w in items]
        rights = [int(w["left"]) + int(w["width"]) for w in items]
        tops = [int(w["top"]) for w in items]
        bottoms = [int(w["top"]) + int(w["height"]) for w in items]
        text = " ".join(w["text"].strip() for w in items)
        size = (sorted(b - t for b, t in zip(bottoms, tops, strict=True))[len(items) // 2]) * scale * 0.9
        if key in placed:
            text = _with_kept(items, placed[key], scale, is_rtl(text))
            size = max(number.size for number in placed[key])  # the text layer's size is exact, OCR's a guess
        x0, x1 = min(lefts) * scale, max(rights) * scale
        if key in placed:
            x0, x1 = min(x0, *(n.x0 for n in placed[key])), max(x1, *(n.x1 for n in placed[key]))
        result.lines.append(Line(text, x0, x1, min(tops) * scale, max(bottoms) * scale, size, is_rtl(text)))
    result.lines += [line for line in kept if not any(line in group for group in placed.values())]
    result.lines.sort(key=lambda line: (round(line.baseline), line.x0))
    # Tesseract reads a hanging paragraph number as a block of its own, its baseline a little off the text's:
    # a line that sits to the left on (nearly) the same row goes first.
    lines = result.lines
    for index in range(len(lines) - 1):
        here, after = lines[index], lines[index + 1]
        if after.x1 < here.x0 and abs(after.baseline - here.baseline) < 0.6 * max(here.size, after.size):
            lines[index], lines[index + 1] = after, here
    result.ocr_confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return result


def _place_kept(
    words: dict[tuple[str, str, str], list[dict[str, str]]], kept: Sequence[Line], scale: float
) -> dict[tuple[str, str, str], list[Line]]:
    """The OCR line each kept number sits on: the one its box overlaps most in height (none: a line of its own)."""
    placed: dict[tuple[str, str, str], list[Line]] = defaultdict(list)
    for number in kept:
        best, overlap = None, 0.0
        for key, items in words.items():
            top = min(int(w["top"]) for w in items) * scale
            bottom = max(int(w["top"]) + int(w["height"]) for w in items) * scale
            shared = min(bottom, number.baseline) - max(top, number.top)
            if shared > max(overlap, 0.5 * (number.baseline - number.top)):
                best, overlap = key, shared
        if best is not None:
            placed[best].append(number)
    return placed


def _with_kept(items: list[dict[str, str]], numbers: list[Line], scale: float, rtl: bool) -> str:
    """An OCR line's text with the kept numbers in place of the words read over them, in reading order."""
    pieces: list[tuple[float, str]] = []
    for word in items:
        left = int(word["left"]) * scale
        middle = left + int(word["width"]) * scale / 2
        if not any(n.x0 - 1 <= middle <= n.x1 + 1 for n in numbers):
            pieces.append((middle, word["text"].strip()))
    pieces += [((n.x0 + n.x1) / 2, n.text) for n in numbers]
    pieces.sort(key=lambda piece: -piece[0] if rtl else piece[0])
    return " ".join(text for _, text in pieces)
