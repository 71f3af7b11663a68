"""One file in, one draft case out: the work a worker process does, with no access to the store."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import pycountry
import pypdfium2 as pdfium

from caselaw.config import Settings
from caselaw.errors import IngestError, IngestTimeout, MetadataMissing
from caselaw.ingest import language, metadata, ocr, tagging, titles
from caselaw.ingest.dedupe import signature
from caselaw.ingest.keywords import fold
from caselaw.ingest.layout import Layout, analyse
from caselaw.ingest.lines import PageLines
from caselaw.ingest.pdf_text import open_pdf, page_lines
from caselaw.ingest.sniff import read_original
from caselaw.models import (
    ArticleOutcome,
    Case,
    CaseDates,
    Document,
    Footnote,
    PageConfidence,
    Paragraph,
    Party,
    Provenance,
    ReviewStatus,
    TagFacet,
    Title,
)
from caselaw.taxonomy import get_taxonomy

_SECTION_CHARS = 200  # language is detected on runs of blocks of at least this many characters
_ID_LIMIT = 60  # ids are read in URLs and lists: forum, year and a short name fit in 60 characters


@dataclass
class Extracted:
    """What a worker returns for one path: a draft case with one document, or the error that stopped it."""

    path: str
    sha256: str | None = None
    case: Case | None = None
    error: str | None = None
    code: str | None = None
    message: str | None = None
    seconds: float = 0.0
    pages: int = 0
    size: int = 0
    notes: list[str] = field(default_factory=list)
    known_case: str | None = None  # set by the parent for a file the store already holds
    named: bool = True  # False when the id could not be built from a Latin-script case name (Arabic only)
    sketch: tuple[int, ...] = ()  # near-duplicate sketch of the text, computed here to spare the parent


def warm_up() -> None:
    """Load the taxonomy, keyword matchers, country names and language model now (once per process)."""
    language.detect("warm up the language model with a sentence long enough to be classified")
    metadata.extract("Committee on Economic, Social and Cultural Rights, State party: Spain", None, [])
    for code in ("en", "es", "fr", "pt", "ar"):
        tagging.tag([tagging.Passage(None, "housing")], [], [code])


def extract_file(path: str, settings: Settings) -> Extracted:
    """Read, extract and describe one file; every expected failure becomes `error`, never an exception."""
    started = time.perf_counter()
    result = Extracted(path)
    try:
        with _deadline(settings.file_timeout_seconds, path):
            original = read_original(Path(path), settings.max_file_bytes)
            result.sha256, result.size = original.sha256, original.size
            described = _describe(original.data, original.sha256, Path(path), settings)
            result.case, result.named, result.pages, result.notes = described
            result.sketch = signature(result.case.documents[0].text)
    except IngestError as exc:
        result.error, result.code, result.message = type(exc).__name__, exc.code, exc.message
        result.sha256 = result.sha256 or exc.details.get("sha256")
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _deadline(seconds: float, path: str) -> Iterator[None]:
    """Raise IngestTimeout in this process after `seconds` (the parent also kills a worker that never returns)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise IngestTimeout(f"{Path(path).name} took longer than {seconds:g} s to read; the limit is a setting")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe(data: bytes, sha256: str, path: Path, settings: Settings) -> tuple[Case, bool, int, list[str]]:
    notes: list[str] = []
    with open_pdf(data, settings.max_pages) as pdf:
        pages = [page_lines(pdf, number) for number in range(len(pdf))]
        extraction, per_page, needs_ocr = _ocr_where_needed(pdf, pages, settings, notes)
    confidences = list(per_page.values())
    confidence = sum(confidences) / len(confidences) if confidences else None
    # One badly read page is enough to need an editor: the worst page decides, the mean is what is summarised.
    worst = min(confidences) if confidences else None
    layout = analyse(pages)
    sections = _sections(layout)
    languages = language.detect_sections(sections) or ([] if needs_ocr else ["und"])
    main_language = languages[0] if languages and languages[0] != "und" else _filename_language(path) or "en"
    languages = [main_language, *[x for x in languages if x not in (main_language, "und")]]
    meta = metadata.extract(layout.text, layout.title, layout.running_headers)
    forum = meta.forum or _filename_forum(path)
    if forum is None:
        raise MetadataMissing(
            f"{path.name}: no forum named in the text"
            + (" (no text layer and no OCR: install Tesseract)" if needs_ocr else "")
        )
    status = ReviewStatus.OK
    if needs_ocr:
        status = ReviewStatus.NEEDS_OCR
    elif _doubtful(worst, settings, meta, layout):
        status = ReviewStatus.NEEDS_REVIEW
    document = Document(
        sha256=sha256,
        language=main_language,
        languages=languages,
        title=layout.title,
        text=layout.text,
        paragraphs=[Paragraph(number=n, text=t) for n, t in layout.paragraphs],
        footnotes=[Footnote(mark=m, text=t) for m, t in layout.footnotes],
        running_headers=layout.running_headers,
        status=status,
        provenance=Provenance(
            filename=path.name,
            size_bytes=len(data),
            page_count=len(pages),
            extraction=extraction,
            ocr_confidence=None if confidence is None else round(confidence, 1),
            ocr_pages=[PageConfidence(page=n + 1, confidence=round(c, 1)) for n, c in sorted(per_page.items())],
            added_at=datetime.now(UTC),
        ),
    )
    case, named = _case(document, meta, forum, layout, status)
    return case, named, len(pages), notes


def _doubtful(confidence: float | None, settings: Settings, meta: metadata.Metadata, layout: Layout) -> bool:
    """Whether an editor should look: low OCR confidence, a forum guessed or weakly named, no text."""
    low_ocr = confidence is not None and confidence < settings.ocr_min_confidence
    return low_ocr or meta.forum is None or meta.forum_confidence < 0.5 or not layout.blocks


def _ocr_where_needed(
    pdf: pdfium.PdfDocument, pages: list[PageLines], settings: Settings, notes: list[str]
) -> tuple[str, dict[int, float], bool]:
    """OCR the pages without text: (extraction, confidence per 0-based page, whether OCR was needed but absent)."""
    blank = [page.number for page in pages if not page.lines]
    if not blank:
        return "text-layer", {}, False
    try:
        chosen = ocr.choose_languages(settings.tesseract_cmd, _ocr_languages(pages, settings))
        confidences = []
        for number in blank:
            timeout = max(5.0, settings.file_timeout_seconds)
            pages[number] = ocr.ocr_page(pdf, number, chosen, settings.ocr_dpi, settings.tesseract_cmd, timeout)
            confidences.append(pages[number].ocr_confidence or 0.0)
            if len(chosen) > 2:
                # The first page was read with every configured language; the rest with the one it is in.
                chosen = ocr.choose_languages(settings.tesseract_cmd, _ocr_languages(pages, settings))
    except ocr.OcrUnavailable as exc:
        notes.append(str(exc))
        for number in blank:
            pages[number].needs_ocr = True
        return ("mixed" if len(blank) < len(pages) else "ocr"), {}, True
    extraction = "ocr" if len(blank) == len(pages) else "mixed"
    low = [f"page {n + 1}: {c:.0f}" for n, c in zip(blank, confidences, strict=True) if c < settings.ocr_min_confidence]
    if low:
        notes.append("low OCR confidence on " + ", ".join(low))
    return extraction, dict(zip(blank, confidences, strict=True)), False


def _ocr_languages(pages: list[PageLines], settings: Settings) -> list[str]:
    """Languages for Tesseract: the text layer's language when some pages have one, else every configured one."""
    text = " ".join(line.text for page in pages for line in page.lines)
    found = language.detect(text)
    if found and found[0] in ocr.TESSERACT_LANGUAGES:
        detected = ocr.TESSERACT_LANGUAGES[found[0]]
        return [detected, *[x for x in settings.ocr_languages if x != detected]][:2]
    return list(settings.ocr_languages)


def _sections(layout: Layout) -> list[str]:
    """Blocks long enough to classify; short ones are folded into the next, so headings count with their text."""
    sections: list[str] = []
    pending = ""
    for block in layout.blocks:
        pending = f"{pending}\n{block.text}" if pending else block.text
        if len(pending) >= _SECTION_CHARS:
            sections.append(pending)
            pending = ""
    if pending:
        sections.append(pending)
    return sections


def _filename_forum(path: Path) -> str | None:
    """A forum code the file name starts with (`achpr-2001-serac.en.pdf`): the corpus's naming convention."""
    codes = sorted(get_taxonomy().codes("forums"), key=len, reverse=True)
    return next((code for code in codes if path.name.startswith(code + "-")), None)


def _filename_language(path: Path) -> str | None:
    suffixes = path.suffixes
    return suffixes[-2].lstrip(".") if len(suffixes) >= 2 and len(suffixes[-2]) == 3 else None


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text).encode("ascii", "ignore").decode()).strip("-")
    return slug[:limit].rstrip("-") or "case"


def _case(
    document: Document, meta: metadata.Metadata, forum: str, layout: Layout, status: ReviewStatus
) -> tuple[Case, bool]:
    """The draft case, and whether its id comes from a case name (not from an identifier)."""
    taxonomy = get_taxonomy()
    year = str(meta.decision_year) if meta.decision_year else "undated"
    name = titles.name_case(
        [block.text for block in layout.blocks],
        layout.title,
        layout.running_headers,
        document.language,
        [value for _, value in meta.identifiers],
        taxonomy.forum(forum).level,
        room=_ID_LIMIT - len(f"{forum}-{year}-"),
    )
    title = Title(full=name.full, short=name.short)
    # A name in Arabic script alone has no ASCII slug: the id falls back to the decision's first identifier.
    slug = name.slug or (_slug(meta.identifiers[0][1]) if meta.identifiers else _slug(name.full))
    passages = [tagging.Passage(None, block.text) for block in layout.blocks]
    numbered = {f"{n} {t}": n for n, t in layout.paragraphs}
    passages = [tagging.Passage(numbered.get(p.text), p.text) for p in passages]
    tags = tagging.tag(passages, meta.articles, document.languages, document.sha256)
    states = [s for s in meta.respondent_states if s in taxonomy.countries]
    parties = [Party(name=_country_name(code), role="respondent", country=code) for code in states]
    outcomes = [ArticleOutcome(article=a, outcome=o) for a, o in meta.article_outcomes]
    case = Case(
        id=f"{forum}-{year}-{slug}"[:120].rstrip("-"),
        identifiers=[{"scheme": scheme, "value": value} for scheme, value in meta.identifiers],
        titles={document.language: title},
        forum=forum,
        decision_type=meta.decision_type or "judgment",
        articles=meta.articles,
        respondent_states=states,
        region=taxonomy.region_of(states[0]) if states else None,
        dates=CaseDates(decision=meta.decision_date, communication=meta.communication_date),
        parties=parties,
        rights=tags[TagFacet.RIGHTS],
        issues=tags[TagFacet.ISSUES],
        affected_groups=tags[TagFacet.AFFECTED_GROUPS],
        charter_conditions=tags[TagFacet.CHARTER_CONDITIONS],
        outcome=meta.outcome,
        article_outcomes=outcomes,
        original_language=None,
        documents=[document],
        status=status,
    )
    return case, bool(name.slug)


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country is not None else code
