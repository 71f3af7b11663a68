"""The native item cutter (`caselaw/ingest/_items.c`) gives exactly the lines of its Python twin, page for page.

The C file repeats the rules of `pdf_text._Items` for speed; this is what keeps the two the same: every page of the
fixtures and of the real corpus (../shared/realdocs, skipped where absent) read both ways, compared field by field.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caselaw.ingest.lines import PageLines
from caselaw.ingest.pdf_text import _native_cutter, open_pdf, page_lines
from tests.ingest.conftest import FIXTURES
from tests.ingest.reading_order import REALDOCS


def _built() -> None:
    if _native_cutter() is None:
        if os.environ.get("CI"):
            pytest.fail("caselaw.ingest._items was not built by the install (setup.py): CI must build it")
        pytest.skip("caselaw.ingest._items is not built here (run `make install`)")


def _both(path: Path) -> list[tuple[int, PageLines, PageLines]]:
    """Each page of `path` read with the native cutter and with the Python one."""
    pages = []
    with open_pdf(path.read_bytes(), max_pages=5000) as pdf:
        for number in range(len(pdf)):
            pages.append((number, page_lines(pdf, number, native=True), page_lines(pdf, number, native=False)))
    return pages


def _pdfs(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.glob("*.pdf")) if path.read_bytes()[:1024].find(b"%PDF-") != -1]


def test_native_cutter_is_used_and_reads_lines() -> None:
    _built()
    _, native, python = _both(FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.pdf")[0]
    assert native.lines and native.lines == python.lines
    assert any("Spain" in line.text for line in native.lines)


@pytest.mark.parametrize("path", _pdfs(FIXTURES / "pdf"), ids=lambda path: path.name)
def test_fixture_pages_are_the_same_both_ways(path: Path) -> None:
    _built()
    for number, native, python in _both(path):
        assert native == python, f"{path.name} page {number + 1}"


def test_real_corpus_pages_are_the_same_both_ways() -> None:
    _built()
    if not REALDOCS.is_dir():
        pytest.skip(f"the real corpus is absent ({REALDOCS})")
    differing = []
    pages = 0
    for path in _pdfs(REALDOCS):
        for number, native, python in _both(path):
            pages += 1
            if native != python:
                differing.append(f"{path.name} p{number + 1}")
    assert pages > 1000
    assert differing == []
