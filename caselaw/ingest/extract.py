"""One file in, one draft case out: the work a worker process does, with no access to the store."""

from __future__ import annotations

import logging
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
from caselaw.errors import CorruptPdf, IngestError, IngestTimeout, ResourceLimit
from caselaw.ingest import kinds, language, metadata, ocr, tagging, titles
from caselaw.ingest.citing import document_citations
from caselaw.ingest.dedupe import signature
from caselaw.ingest.formats import read_flowed
from caselaw.ingest.keywords import fold
from caselaw.ingest.layout import Layout, analyse
from caselaw.ingest.lines import PageLines
from caselaw.ingest.pdf_text import open_pdf, page_lines
from caselaw.ingest.sniff import PDF, media_type_of, read_original
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
    ReviewReason,
    ReviewStatus,
    TagFacet,
    Title,
    is_listed_forum,
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
    kinds.classify(["warm up"], None, "en")


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
    except MemoryError:
        # An allocation refused under the worker's memory limit (or the machine's): the file's cost, not a bug.
        limit = ResourceLimit(f"{Path(path).name} needs more memory to read than this process may take")
        result.error, result.code, result.message = type(limit).__name__, limit.code, limit.message
    except Exception as exc:  # one file's failure is that file's, never the batch's or the server's
        failure = _unexpected(exc, Path(path).name)
        result.error, result.code, result.message = type(failure).__name__, failure.code, failure.message
    result.seconds = time.perf_counter() - started
    return result


_PDF_LIBRARIES = ("pypdfium2", "pdfplumber", "pdfminer")
log = logging.getLogger("caselaw.ingest")


def _unexpected(exc: Exception, name: str) -> IngestError:
    """The named failure for an exception no reader anticipated: CorruptPdf when a PDF library raised it (a page
    tree that loops, a stream that does not decode), else a logged IngestError (a bug, but only this file's)."""
    found: BaseException | None = exc
    while found is not None:
        tb = found.__traceback__
        while tb is not None:
            if str(tb.tb_frame.f_globals.get("__name__", "")).startswith(_PDF_LIBRARIES):
                return CorruptPdf(f"{name}: the PDF's structure is broken ({type(exc).__name__}: {str(exc)[:200]})")
            tb = tb.tb_next
        found = found.__cause__ or found.__context__
    log.error("unexpected error reading %s", name, exc_info=exc)
    return IngestError(f"{name}: the file could not be read ({type(exc).__name__}); the error has been logged")


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
    media_type = media_type_of(data, path.name)
    if media_type == PDF:
        with open_pdf(data, settings.max_pages) as pdf:
            pages = [page_lines(pdf, number) for number in range(len(pdf))]
            extraction, per_page, needs_ocr = _ocr_where_needed(pdf, pages, settings, notes)
        page_count: int | None = len(pages)
    else:  # Word, RTF, HTML: the text is the file's own, never OCR
        pages, page_count = read_flowed(data, media_type, settings.file_timeout_seconds)
        extraction, per_page, needs_ocr = "text-layer", {}, False
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
    if needs_ocr:
        notes.append("no text layer and no OCR: install Tesseract, then ingest the file again")
    low_ocr = worst is not None and worst < settings.ocr_min_confidence
    document = Document(
        sha256=sha256,
        language=main_language,
        languages=languages,
        title=layout.title,
        text=layout.text,
        paragraphs=[Paragraph(number=n, text=t) for n, t in layout.paragraphs],
        footnotes=[Footnote(mark=m, text=t) for m, t in layout.footnotes],
        running_headers=layout.running_headers,
        status=ReviewStatus.NEEDS_OCR if needs_ocr else ReviewStatus.NEEDS_REVIEW if low_ocr else ReviewStatus.OK,
        provenance=Provenance(
            filename=path.name,
            size_bytes=len(data),
            media_type=media_type,
            page_count=page_count,
            extraction=extraction,
            ocr_confidence=None if confidence is None else round(confidence, 1),
            ocr_pages=[PageConfidence(page=n + 1, confidence=round(c, 1)) for n, c in sorted(per_page.items())],
            added_at=datetime.now(UTC),
        ),
    )
    case, named, kind_confidence, title_guessed = _case(document, meta, forum, layout)
    reasons = _review_reasons(case, meta, layout, needs_ocr=needs_ocr, low_ocr=low_ocr)
    if title_guessed and case.kind == "decision":
        reasons.append("title")  # no caption, heading or number named it: the first plausible line stands in
    if kind_confidence < 0.5:
        reasons.insert(0, "kind")
    status = ReviewStatus.NEEDS_OCR if needs_ocr else ReviewStatus.NEEDS_REVIEW if reasons else ReviewStatus.OK
    case = case.model_copy(update={"status": status, "review_reasons": reasons})
    return case, named, len(pages), notes


def _review_reasons(
    case: Case, meta: metadata.Metadata, layout: Layout, *, needs_ocr: bool, low_ocr: bool
) -> list[ReviewReason]:
    """What an editor should complete or check. A readable file is always stored; what it lacks is listed here."""
    reasons: list[ReviewReason] = []
    if needs_ocr:
        reasons.append("ocr")
    elif not layout.blocks:
        reasons.append("text")
    if low_ocr:
        reasons.append("ocr-confidence")
    if case.kind == "decision":
        # A decision is findable by forum, State and date: each one missing is a gap in every facet and list.
        if case.forum is None:
            reasons.append("forum")
        elif meta.forum is not None and meta.forum_confidence < 0.5:
            reasons.append("forum-confidence")
        if not case.respondent_states:
            reasons.append("state")
        if case.dates.decision is None:
            reasons.append("decision-date")
    return reasons


def _ocr_where_needed(
    pdf: pdfium.PdfDocument, pages: list[PageLines], settings: Settings, notes: list[str]
) -> tuple[str, dict[int, float], bool]:
    """OCR the pages without text: (extraction, confidence per 0-based page, whether OCR was needed but absent)."""
    blank = [page.number for page in pages if not page.lines or _stamp_only(page)]
    if not blank:
        return "text-layer", {}, False
    try:
        chosen = ocr.choose_languages(settings.tesseract_cmd, _ocr_languages(pages, settings))
        confidences = []
        for number in blank:
            timeout = max(5.0, settings.file_timeout_seconds)
            most = settings.ocr_max_megapixels * 10**6
            kept = pages[number].kept  # an unmapped text layer's exact numbers
            pages[number] = ocr.ocr_page(
                pdf, number, chosen, settings.ocr_dpi, settings.tesseract_cmd, timeout, most, kept
            )
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


# A court's e-filing stamp across the top of a page: "Case 2:15-cv-01234-AB Document 44 Filed 07/29/19 Page 1 of 1".
_FILING_STAMP = re.compile(r"\bCase\s*:?\s*\S+\s+Document\s+[\d-]+\s+Filed\b", re.IGNORECASE)


def _stamp_only(page: PageLines) -> bool:
    """A scanned page whose only text is the e-filing stamp the court's system added: its content needs OCR."""
    return all(_FILING_STAMP.search(line.text) for line in page.lines)


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
    document: Document, meta: metadata.Metadata, forum: str | None, layout: Layout
) -> tuple[Case, bool, float, bool]:
    """The draft case, whether its id comes from a case name (not from an identifier), how sure its kind is, and
    whether its title is only guessed."""
    taxonomy = get_taxonomy()
    year = str(meta.decision_year) if meta.decision_year else "undated"
    level = taxonomy.forum(forum).level if forum is not None and is_listed_forum(forum) else None
    found = kinds.classify(
        [block.text for block in layout.blocks],
        layout.title,
        document.language,
        has_forum=forum is not None,
        decision_type=meta.decision_type,
        identifiers=meta.identifiers,
    )
    decision = found.kind == "decision"
    # The id starts with the forum; a record of no known forum starts with its kind instead.
    prefix = forum or (meta.forum_country or "").lower() or found.kind
    name = titles.name_case(
        [block.text for block in layout.blocks],
        layout.title,
        layout.running_headers,
        document.language,
        [value for _, value in meta.identifiers],
        level,
        room=_ID_LIMIT - len(f"{prefix}-{year}-"),
        forum_names=_forum_names(forum, meta),
        kind=found.kind,
        states=[s for s in meta.respondent_states if s in taxonomy.countries],
    )
    title = Title(full=name.full, short=name.short)
    # A name in Arabic script alone has no ASCII slug: the id falls back to the decision's first identifier.
    slug = name.slug or (_slug(meta.identifiers[0][1]) if meta.identifiers else _slug(name.full))
    passages = [tagging.Passage(None, block.text) for block in layout.blocks]
    numbered = {f"{n} {t}": n for n, t in layout.paragraphs}
    passages = [tagging.Passage(numbered.get(p.text), p.text) for p in passages]
    tags = tagging.tag(passages, meta.articles, document.languages, document.sha256, kind=found.kind)
    states = [s for s in meta.respondent_states if s in taxonomy.countries]
    parties = [Party(name=_country_name(code), role="respondent", country=code) for code in states]
    outcomes = [ArticleOutcome(article=a, outcome=o) for a, o in meta.article_outcomes]
    case = Case(
        id=f"{prefix}-{year}-{slug}"[:120].rstrip("-"),
        identifiers=[{"scheme": scheme, "value": value} for scheme, value in meta.identifiers],
        titles={document.language: title},
        forum=forum,
        forum_name=_forum_name(forum, meta),
        forum_country=meta.forum_country if forum is not None and not is_listed_forum(forum) else None,
        forum_level=meta.forum_level if forum is not None and not is_listed_forum(forum) else None,
        kind=found.kind,
        kind_evidence=found.as_evidence(document.sha256),
        decision_type=(meta.decision_type or "judgment") if decision else None,
        articles=meta.articles,
        respondent_states=states,
        region=taxonomy.region_of(states[0]) if states else None,
        dates=_dates(meta),
        parties=parties,
        rights=tags[TagFacet.RIGHTS],
        issues=tags[TagFacet.ISSUES],
        affected_groups=tags[TagFacet.AFFECTED_GROUPS],
        charter_conditions=tags[TagFacet.CHARTER_CONDITIONS],
        outcome=meta.outcome,
        article_outcomes=outcomes,
        original_language=document.language,
        documents=[document],
        citations=document_citations(document, forum, meta.identifiers, [name.full, layout.title]),
    )
    return case, bool(name.slug), found.confidence, name.guessed


def _forum_names(forum: str | None, meta: metadata.Metadata) -> list[str]:
    """Every name the deciding body goes by here: never a title."""
    names = [meta.forum_name] if meta.forum_name else []
    if forum is not None and is_listed_forum(forum):
        names += list(get_taxonomy().forum(forum).labels.values())
    return names


def _dates(meta: metadata.Metadata) -> CaseDates:
    """The dates as printed, each kept only where it fits the others (a communication after the decision is
    a misreading, not a fact to refuse the record for)."""
    decision, communication, publication = meta.decision_date, meta.communication_date, meta.publication_date
    if decision is not None and communication is not None and communication > decision:
        communication = None
    if decision is not None and publication is not None and publication < decision:
        publication = None
    return CaseDates(decision=decision, communication=communication, publication=publication)


def _forum_name(forum: str | None, meta: metadata.Metadata) -> str | None:
    """The forum's printed name: always kept for an unlisted court (its label), and when no forum was placed."""
    name = meta.forum_name[:300] if meta.forum_name else None
    if forum is not None and not is_listed_forum(forum) and name is None:
        name = forum.split("-", 1)[1].replace("-", " ").capitalize()  # a code with no printed name: its words
    return name


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country is not None else code
