"""Reading order of our text layer measured against poppler's `pdftotext`: the share of its word bigrams we find.

    .venv/bin/python -m tests.ingest.reading_order [FOLDER]      # per-file scores of the real corpus

The reference is plain `pdftotext` (no `-raw`, no `-layout`): it builds lines from glyph positions and orders
blocks and columns, which is the reading order we want. `-raw` keeps the content-stream order, the very
scrambling being measured, and `-layout` prints the columns of a row side by side on one line.

Both texts go through the same normalisation: NFKC, casefold, a word hyphenated at a line end rejoined (poppler
rejoins it, our layout does), punctuation out, and numbers of one to three digits out, whether glued to a word
or standing alone: footnote marks (our reader drops them), margin line numbers and page numbers, which either
reader may put before or after the line beside them. They are compared page by page on our page lines before
layout analysis, so running headers, footers and footnotes are on both sides. A bigram is two consecutive words
of a page, across line ends, so a line put in the wrong place costs the bigrams at its two ends and a line
scrambled word by word costs all of its own.

Where the two readers do not read the same words (under `AGREEING_WORDS` of poppler's words found in ours:
Arabic set with kashidas, which poppler cuts into fragments and pdfium does not, over fonts whose ligatures map
to the wrong letters), word bigrams measure the text, not its order. Order is then measured on the letters: the
share of poppler's letters (alef, lam and repeats folded) in the longest matching sequence with ours, so a
block read out of place costs its length. Pages our reader hands to OCR (no usable Unicode map) are not scored.
"""

from __future__ import annotations

import csv
import difflib
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from caselaw.ingest import pdf_text
from caselaw.ingest.pdf_text import open_pdf, page_lines

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
AGREEING_WORDS = 0.9
_PUNCT = re.compile(r"[^\w\s]|_")
_GLUED_MARK = re.compile(r"(?<=[^\W\d_])\d{1,3}\b")
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad][ \t]*\n\s*(?=[^\W\d_])")
_SHORT_NUMBER = re.compile(r"^\d{1,3}$")
# Alef, lam and tatweel: a lam-alef ligature comes out as alef + lam from poppler and lam + alef from us.
_LAM_ALEF = re.compile("[\u0627\u0623\u0625\u0622\u0644\u0640]")
_NOT_LETTER = re.compile(r"[\W_]")
_REPEAT = re.compile(r"(.)\1+")
_PDF_MAGIC = b"%PDF-"


@cache
def pdf_lines(folder: Path) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The lines of each page of each PDF of `folder` (files that are not PDFs skipped), read once per test run:
    the tests comparing a native part with its Python twin on every page share it."""
    files = []
    for path in sorted(folder.glob("*.pdf")):
        data = path.read_bytes()
        if b"%PDF-" not in data[:1024]:
            continue
        with open_pdf(data, max_pages=5000) as pdf:
            files.append(tuple(tuple(line.text for line in page_lines(pdf, n).lines) for n in range(len(pdf))))
    return tuple(files)


def normalise(text: str) -> list[str]:
    """Words of `text`: NFKC, casefolded, hyphenation rejoined, punctuation and short numbers removed."""
    text = _LINE_END_HYPHEN.sub("", unicodedata.normalize("NFKC", text).casefold())
    text = _PUNCT.sub(" ", _LAM_ALEF.sub("", text))
    return [word for word in _GLUED_MARK.sub("", text).split() if not _SHORT_NUMBER.match(word)]


def letters(text: str) -> str:
    """The letters and digits of `text` in order: NFKC, casefolded, alef and lam out, repeated letters once
    (a kashida read as a run of letters)."""
    text = _LAM_ALEF.sub("", _NOT_LETTER.sub("", unicodedata.normalize("NFKC", text).casefold()))
    return _REPEAT.sub(r"\1", text)


def bigrams(words: list[str]) -> Counter[tuple[str, str]]:
    """Consecutive word pairs, counted."""
    return Counter(pairwise(words))


def pdftotext_pages(path: Path) -> list[str]:
    """The text of each page as plain `pdftotext` reads it (its default reading order)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=300)
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def our_pages(path: Path) -> list[str | None]:
    """Each page's text as our reader's page lines, in its order, before layout; None for a page it hands to
    OCR (a text layer without a usable Unicode map). Arabic ligatures are left as drawn: poppler gives their
    letters last first ("يف" for "في") as pdfium does, and the repair (tested in test_arabic_ligatures.py) is
    no part of the order measured here."""
    with open_pdf(path.read_bytes(), max_pages=10_000) as pdf, _ligatures_as_drawn():
        pages = [page_lines(pdf, number) for number in range(len(pdf))]
    return [None if page.unmapped else "\n".join(line.text for line in page.lines) for page in pages]


@contextmanager
def _ligatures_as_drawn() -> Iterator[None]:
    """Our reader without its ligature repair, for the time of a measurement."""
    namespace = vars(pdf_text)
    repair = namespace["repair_ligatures"]
    namespace["repair_ligatures"] = lambda text, same_glyph: text
    try:
        yield
    finally:
        namespace["repair_ligatures"] = repair


@dataclass(frozen=True)
class Score:
    """One file's figures: word bigrams found / poppler's, words found / poppler's, letters in sequence."""

    name: str
    found: int
    total: int
    words_found: int
    words_total: int
    letters_found: int = 0
    letters_total: int = 0
    ocr_pages: int = 0
    lines: int = 0  # our page lines with text, and the words on them
    line_words: int = 0

    @property
    def share(self) -> float:
        """Share of the reference's bigrams found in ours (1.0 when the reference has none)."""
        return self.found / self.total if self.total else 1.0

    @property
    def words(self) -> float:
        """Share of the reference's words (multiset) that ours has: whether the two agree on the text at all."""
        return self.words_found / self.words_total if self.words_total else 1.0

    @property
    def sequence(self) -> float:
        """Share of the reference's letters in the longest sequence matching ours."""
        return self.letters_found / self.letters_total if self.letters_total else 1.0

    @property
    def words_a_line(self) -> float:
        """Our page lines' mean number of words (1.0 when every word came out as a line of its own)."""
        return self.line_words / self.lines if self.lines else 0.0

    @property
    def order(self) -> float:
        """The reading-order score: bigram `share`, or `sequence` where the readers disagree on the words."""
        return self.share if self.words >= AGREEING_WORDS else self.sequence


def _matched(theirs: str, mine: str) -> int:
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def score_file(path: Path) -> Score:
    """Our page lines against `pdftotext`, summed over pages: bigram recall (multiset, page by page), word
    recall, and, only where the words disagree, letters in sequence."""
    reference, ours = pdftotext_pages(path), our_pages(path)
    pairs = [(text, ours[n] if n < len(ours) else "") for n, text in enumerate(reference)]
    scored = [(theirs, mine) for theirs, mine in pairs if mine is not None]
    found = total = words_found = words_total = 0
    ours_lines = [line for _, mine in scored for line in mine.splitlines() if line.strip()]
    shape = {"lines": len(ours_lines), "line_words": sum(len(line.split()) for line in ours_lines)}
    for theirs, mine in scored:
        a, b = normalise(theirs), normalise(mine)
        wanted = bigrams(a)
        found += sum((wanted & bigrams(b)).values())
        total += sum(wanted.values())
        words_found += sum((Counter(a) & Counter(b)).values())
        words_total += len(a)
    ocr_pages = len(pairs) - len(scored)
    score = Score(path.name, found, total, words_found, words_total, ocr_pages=ocr_pages, **shape)
    if score.words >= AGREEING_WORDS:
        return score
    streams = [(letters(theirs), letters(mine)) for theirs, mine in scored]
    matched, length = sum(_matched(a, b) for a, b in streams), sum(len(a) for a, _ in streams)
    return Score(path.name, found, total, words_found, words_total, matched, length, ocr_pages, **shape)


def born_digital(folder: Path = REALDOCS) -> list[Path]:
    """Files of the real corpus labelled `scanned=no` that really are PDFs (one is a Word file named .pdf)."""
    with (folder / "gold.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    paths = [folder / row["file"] for row in rows if row["scanned"] == "no"]
    return [path for path in paths if path.read_bytes()[:1024].find(_PDF_MAGIC) >= 0]


def available(folder: Path = REALDOCS) -> str | None:
    """Why the real-corpus measurement cannot run here, or None when it can."""
    if not (folder / "gold.tsv").is_file():
        return f"the real corpus is absent ({folder} has no gold.tsv)"
    if shutil.which("pdftotext") is None:
        return "poppler's pdftotext is not installed"
    return None


def report(folder: Path = REALDOCS) -> str:
    """Each born-digital file's figures, worst first, then the minimum and median order score."""
    reason = available(folder)
    if reason:
        return f"skipped: {reason}"
    scores = sorted((score_file(path) for path in born_digital(folder)), key=lambda s: s.order)
    lines = ["order  bigrams  words  letters  bigrams found/total  OCR pages  file"]
    for s in scores:
        sequence = f"{s.sequence:.3f}" if s.letters_total else "  -  "
        lines.append(
            f"{s.order:.3f}  {s.share:.3f}    {s.words:.3f}  {sequence}    {s.found:>7}/{s.total:<7}"
            f"  {s.ocr_pages:>3}        {s.name}"
        )
    orders = [score.order for score in scores]
    lines.append(f"files {len(orders)}  min {orders[0]:.3f}  median {orders[len(orders) // 2]:.3f}")
    return "\n".join(lines)


def main() -> int:
    """Print the report for the folder given (the real corpus by default)."""
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else REALDOCS))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
