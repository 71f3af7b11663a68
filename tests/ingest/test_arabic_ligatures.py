"""Every Arabic ligature a PDF reader splits last letter first is put back, not only lam-alef.

A Word export draws lam + meem, khah + lam, beh + alef, lam + meem + jeem... each with one glyph, and the text layer
gives the glyph's letters in reverse ("امل..." for "الم..."). `repair_ligatures` reverses the letters that one glyph
drew; here the glyphs are spelled out by hand (`drawn`), and the real corpus shows the article comes back whole.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from caselaw.ingest.arabic import repair_ligatures
from caselaw.ingest.pdf_text import open_pdf, page_lines

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"


def drawn(glyphs: str) -> tuple[str, Callable[[int], bool]]:
    """The text a reader returns for glyphs separated by "|", and the box test that says which letters share one."""
    text, owner = "", []
    for number, glyph in enumerate(glyphs.split("|")):
        text += glyph
        owner += [number] * len(glyph)
    return text, lambda i: owner[i] == owner[i + 1]


@pytest.mark.parametrize(
    ("glyphs", "expected"),
    [
        ("ا|مل|ال|ح|ك|م", "الملاحكم"),  # lam + meem and lam + alef in one word
        ("ا|خل|ت|ا|م", "الختام"),  # lam + khah
        ("ا|أل|و|يل", "الأولي"),  # lam + hamza-alef, lam + yeh
        ("اب|ل|ت|ق|ر|ي|ر", "بالتقرير"),  # beh + alef
        ("يف", "في"),  # feh + yeh
        ("ا|جمل|ت|م|ع", "المجتمع"),  # three letters, one glyph
        ("ا|ل|ح|ق", "الحق"),  # no ligature: nothing moves
    ],
)
def test_letters_of_one_glyph_are_put_back(glyphs: str, expected: str) -> None:
    text, same_glyph = drawn(glyphs)
    assert repair_ligatures(text, same_glyph) == expected


def test_only_arabic_letters_are_reordered() -> None:
    # Marks (shadda + fatha drawn as one glyph), digits and Latin letters sharing a box stay as they are.
    for glyphs in ("ب|َّ", "12|3", "fi|x", "(ب|)"):
        text, same_glyph = drawn(glyphs)
        assert repair_ligatures(text, same_glyph) == text
    # Words of a run are repaired one by one, the space between them untouched.
    text, same_glyph = drawn("ا|مل|ح|ق| |يف| |ا|ل|ع|م|ل")
    assert repair_ligatures(text, same_glyph) == "المحق في العمل"


def test_a_pair_ending_in_a_right_joining_letter_is_not_tested() -> None:
    # "لا" already in reading order: alef joins no letter after it, so it cannot open a ligature split backwards.
    calls: list[int] = []

    def same_glyph(index: int) -> bool:
        calls.append(index)
        return True

    assert repair_ligatures("لا", same_glyph) == "لا" and calls == []


ARABIC_REPORTS = sorted(REALDOCS.glob("report_*_ar.pdf")) if REALDOCS.is_dir() else []
WORD = re.compile(r"[\u0621-\u064a]{2,}")
# The article split by a lam + meem/hah/jeem/khah glyph: alef, then the letter, then lam. Rare in real words.
SPLIT_ARTICLE = re.compile(r"ا[محجخ]ل")


@pytest.mark.skipif(not ARABIC_REPORTS, reason=f"the real corpus is absent ({REALDOCS})")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("path", ARABIC_REPORTS, ids=lambda p: p.name)
def test_real_word_exports_keep_the_article_whole(path: Path) -> None:
    with open_pdf(path.read_bytes(), max_pages=500) as document:
        text = "\n".join(line.text for n in range(min(3, len(document))) for line in page_lines(document, n).lines)
    ours = WORD.findall(text)
    poppler = WORD.findall(
        subprocess.run(["pdftotext", "-l", "3", str(path), "-"], capture_output=True, text=True).stdout
    )

    def split(words: list[str]) -> float:
        return sum(1 for word in words if SPLIT_ARTICLE.match(word)) / max(1, len(words))

    assert split(poppler) > 0.03, "pdftotext no longer shows the damage: the check is too weak"
    assert split(ours) < 0.005
