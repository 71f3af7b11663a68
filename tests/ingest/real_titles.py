"""Titles of the real corpus (../shared/realdocs) against its hand labels: accuracy and every miss.

Run as `python -m tests.ingest.real_titles [--reader pipeline|pdftotext] [--kind classify|gold|none] [-v] [FILE…]`.
`pdftotext` lays out Poppler's word boxes with our layout analysis (a stand-in while our own text layer
scrambles some born-digital files); `pipeline` reads as ingest does. Only the titles are computed (no store),
so a run takes a minute, not the corpus evaluation's ingest.

A full title counts as the corpus evaluation counts it (`corpus_eval.title_matches`); `strict` is the issue's
own test: equal once normalised, or both of the gold title's parties present in a title of at most 250 characters.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caselaw.config import Settings
from caselaw.errors import IngestError
from caselaw.ingest import metadata, ocr
from caselaw.ingest.arabic import is_rtl
from caselaw.ingest.corpus_eval import normalise_title, title_matches
from caselaw.ingest.extract import _stamp_only
from caselaw.ingest.kinds import classify
from caselaw.ingest.layout import Layout, analyse
from caselaw.ingest.lines import Line, PageLines
from caselaw.ingest.pdf_text import open_pdf, page_lines
from caselaw.ingest.titles import name_case
from caselaw.taxonomy import get_taxonomy

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
_MAX_PAGES = 1000  # ingest reads every page; a constitution names itself in its last sections


def strict(ours: str | None, gold: str) -> bool:
    """The brief's own test: equal once normalised, or both of the gold's parties named (as substrings)."""
    if not ours:
        return False
    mine = normalise_title(ours)
    if mine == normalise_title(gold):
        return True
    core = re.sub(r"\s*\([^)]*\)", "", re.split(r"\s[—–]\s", gold)[0])
    sides = [normalise_title(side) for side in re.split(r"\s(?:v\.?|vs\.?|c\.|ضد|respecto de|regarding)\s", core)]
    return len(sides) == 2 and all(side and side in mine for side in sides) and len(ours) <= 250


@dataclass
class Row:
    """One gold row and what we named it."""

    file: str
    language: str
    kind: str
    gold: str
    ours: str | None = None
    short: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the full title matches the gold one as the corpus evaluation counts it."""
        return bool(self.ours) and title_matches(self.ours or "", self.gold)


def gold_rows() -> list[Row]:
    """Every row of gold.tsv."""
    with (REALDOCS / "gold.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Row(r["file"], r["language"], r["kind"], r["title"]) for r in reader]


def _pdftotext_pages(path: Path, count: int) -> list[PageLines]:
    """Poppler's lines with their boxes, as our readers give them (the type size from the line's height)."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", "-l", str(count), str(path), "-"], capture_output=True, check=True
    )
    # Poppler copies control characters of broken font maps into its XHTML: XML refuses them.
    xhtml = re.sub(r"<!DOCTYPE[^>]*>|[\x00-\x08\x0b\x0c\x0e-\x1f]", "", done.stdout.decode("utf-8", "replace"))
    tree = ET.fromstring(xhtml)
    pages = []
    for number, page in enumerate(tree.iter("{http://www.w3.org/1999/xhtml}page")):
        result = PageLines(number, float(page.attrib["width"]), float(page.attrib["height"]))
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            words = [w.text or "" for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
            text = " ".join(w for w in words if w).strip()
            if not text:
                continue
            x0, x1 = float(line.attrib["xMin"]), float(line.attrib["xMax"])
            top, bottom = float(line.attrib["yMin"]), float(line.attrib["yMax"])
            size = round((bottom - top) * 0.85 * 2) / 2
            result.lines.append(Line(text, x0, x1, top, bottom - 0.2 * (bottom - top), size, is_rtl(text)))
        pages.append(result)
    return pages


def _pipeline_pages(path: Path, count: int) -> list[PageLines]:
    with open_pdf(path.read_bytes(), 10_000) as pdf:
        return [page_lines(pdf, n) for n in range(min(count, len(pdf)))]


def _ocr_blank(path: Path, pages: list[PageLines], settings: Settings) -> None:
    # A scan's first pages carry its caption; a court's e-filing stamp may be a scanned page's only text.
    blank = [p.number for p in pages if not p.lines or _stamp_only(p)][:3]
    if not blank:
        return
    languages = ocr.choose_languages(settings.tesseract_cmd, list(settings.ocr_languages)[:2])
    with open_pdf(path.read_bytes(), 10_000) as pdf:
        for number in blank:
            pages[number] = ocr.ocr_page(pdf, number, languages, settings.ocr_dpi, settings.tesseract_cmd, 120)


def layout_of(path: Path, reader: str, settings: Settings) -> Layout:
    """The document laid out from the chosen reader's lines, blank pages read by OCR."""
    read: Callable[[Path, int], list[PageLines]] = _pdftotext_pages if reader == "pdftotext" else _pipeline_pages
    pages = read(path, _MAX_PAGES)
    _ocr_blank(path, pages, settings)
    return analyse(pages)


def _forum_names(meta: metadata.Metadata) -> list[str]:
    """The forum's name as printed (when metadata reads it) and its taxonomy labels."""
    names = [str(getattr(meta, "forum_name", None) or "")]
    taxonomy = get_taxonomy()
    if meta.forum and taxonomy.has("forums", meta.forum):
        names += [str(label) for label in taxonomy.forum(meta.forum).labels.values()]
    return [n for n in names if n]


def name_row(row: Row, reader: str, kind: str, settings: Settings) -> Row:
    """Our title for one gold row."""
    try:
        layout = layout_of(REALDOCS / row.file, reader, settings)
    except (IngestError, subprocess.CalledProcessError, ET.ParseError) as exc:
        row.error = type(exc).__name__
        return row
    meta = metadata.extract(layout.text, layout.title, layout.running_headers)
    taxonomy = get_taxonomy()
    level = taxonomy.forum(meta.forum).level if meta.forum and taxonomy.has("forums", meta.forum) else None
    language = row.language if row.language in ("en", "es", "fr", "pt", "ar") else "en"
    blocks = [block.text for block in layout.blocks]
    if kind == "classify":
        found = classify(
            blocks,
            layout.title,
            language,
            has_forum=meta.forum is not None,
            decision_type=meta.decision_type,
            identifiers=meta.identifiers,
        )
        kind = found.kind
    name = name_case(
        blocks,
        layout.title,
        layout.running_headers,
        language,
        [value for _, value in meta.identifiers],
        level,
        forum_names=_forum_names(meta),
        kind={"gold": row.kind, "none": None}.get(kind, kind),
        states=list(meta.respondent_states),
    )
    row.ours, row.short = name.full, name.short
    return row


def main(argv: list[str] | None = None) -> int:
    """Print every file's title beside the gold one, then the accuracy."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reader", choices=["pipeline", "pdftotext"], default="pipeline")
    parser.add_argument("--kind", choices=["classify", "gold", "none"], default="classify", help="the kind passed")
    parser.add_argument("-v", "--verbose", action="store_true", help="print matches too")
    parser.add_argument("files", nargs="*", help="only these gold rows (substrings of file names)")
    args = parser.parse_args(argv)
    if not REALDOCS.is_dir():
        print(f"no real corpus at {REALDOCS}", file=sys.stderr)  # noqa: T201
        return 2
    settings = Settings()
    rows = [r for r in gold_rows() if not args.files or any(f in r.file for f in args.files)]
    for row in rows:
        name_row(row, args.reader, args.kind, settings)
        if args.verbose or not row.ok:
            mark = "ok  " if row.ok else "MISS"
            print(f"{mark} {row.file}\n     gold:  {row.gold}\n     full:  {row.ours}\n     short: {row.short}")  # noqa: T201
            if row.error:
                print(f"     error: {row.error}")  # noqa: T201
    hits = sum(r.ok for r in rows)
    exact = sum(strict(r.ours, r.gold) for r in rows)
    by_kind: dict[str, list[bool]] = {}
    for row in rows:
        by_kind.setdefault("decision" if row.kind == "decision" else "other kinds", []).append(row.ok)
    detail = "  ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_kind.items()))
    share = hits / max(len(rows), 1)
    print(f"titles {hits}/{len(rows)} = {share:.0%}  ({detail}; strict {exact}; reader {args.reader})")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
