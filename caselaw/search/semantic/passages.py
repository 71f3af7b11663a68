"""Cut a case into the passages that are embedded: along numbered paragraphs, what the decision decides first.

A query describes facts or a legal question; a decision answers it in its summary, its cover (subject matter,
substantive issues), its merits and operative part, and tells the facts. Procedure, the parties' submissions and
boilerplate (signatures, "done in English and French") say little about either, so when a case has more passages
than `MAX_PASSAGES` they are the ones left out. Headings are recognised in the five languages, case-insensitively
and without accents, the way every other rule of this project reads them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from caselaw.models import Case, Document

MAX_PASSAGES = 32
"""Passages embedded per case at most (the encoder does ~30 passages/s per core: this bounds a case's cost)."""
TARGET_CHARS = 900
"""Short paragraphs are joined up to about this length; longer ones are split at sentences below `MAX_CHARS`."""
MAX_CHARS = 1000
MIN_CHARS = 60
"""A passage shorter than this (a signature, a date line, a lone heading) is boilerplate."""
_HEADING_CHARS = 120
_COVERED = 0.5


def fold(text: str) -> str:
    """Lower case without accents (Arabic hamza seats split off too), for matching headings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _compile(pattern: str) -> re.Pattern[str]:
    """A pattern matched against `fold`ed text, folded the same way (NFKD splits some Arabic letters too)."""
    return re.compile(fold(pattern))


# Sections in the order they are kept when a case has too many passages.
SECTIONS: tuple[str, ...] = (
    "summary", "issues", "operative", "merits", "facts", "other", "arguments", "procedure",
)  # fmt: skip
_RANK = {name: rank for rank, name in enumerate(SECTIONS)}

_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "operative",
        _compile(
            r"\b(?:for these reasons|operative (?:part|provisions)|decides|holds|orders|conclusions?|"
            r"por (?:estas|tales) razones|resuelve|falla|parte dispositiva|decide|conclusiones?|"
            r"par ces motifs|dispositif|decide|pelos (?:fundamentos|motivos)|dispositivo|decisao|"
            r"لهذه الأسباب|حكمت|المنطوق)\b"
        ),
    ),
    (
        "merits",
        _compile(
            r"\b(?:merits|the law|consideration of the merits|assessment|analysis|reasoning|"
            r"fondo|cuestiones de fondo|consideraciones|fundamentos(?: juridicos)?|examen del fondo|"
            r"fond|examen au fond|en droit|appreciation|merito|fundamentacao|apreciacao|"
            r"الأسس الموضوعية|الموضوع|الأسباب)\b"
        ),
    ),
    ("facts", _compile(r"\b(?:facts?|background|hechos|antecedentes|faits|fatos|factos|relatorio|الوقائع)\b")),
    (
        "arguments",
        _compile(
            r"\b(?:complaint|submissions?|observations?|comments?|arguments?|queja|denuncia|observaciones|"
            r"comentarios|alegaciones|plainte|griefs?|commentaires|queixa|alegacoes|observacoes|"
            r"الشكوى|ملاحظات|تعليقات)\b"
        ),
    ),
    (
        "procedure",
        _compile(
            r"\b(?:procedure|proceedings|admissibility|jurisdiction|procedimiento|admisibilidad|competencia|"
            r"recevabilite|competence|procedimento|admissibilidade|المقبولية|الإجراءات)\b"
        ),
    ),
)
_COVER = _compile(
    r"^(?:subject[- ]matter|substantive issues?|issues?|asunto|cuestiones de fondo|objet|questions? de fond|"
    r"assunto|questoes de merito|الموضوع|المسائل الموضوعية)\s*:"
)
_BOILERPLATE = _compile(
    r"\b(?:done in|adopted in (?:english|french|spanish)|hecho en|aprobad[oa] en (?:espanol|ingles|frances)|"
    r"fait en|adopte en|feito em|signed|firmado|signe|assinado|registrar|secretario|greffier)\b"
)
_SENTENCE_END = re.compile(r"(?<=[.;!?؟])\s+")


@dataclass(frozen=True)
class Passage:
    """One piece of a case that is embedded: its section, language, paragraph number (if one) and text."""

    section: str
    language: str
    paragraph: str | None
    text: str


def heading_section(line: str) -> str | None:
    """The section a heading line opens, or None when it is not a recognised heading."""
    folded = fold(line.strip())
    if not folded or len(folded) > _HEADING_CHARS:
        return None
    for section, pattern in _HEADINGS:
        if pattern.search(folded):
            return section
    return None


def is_boilerplate(text: str) -> bool:
    """Signatures, dates, lone headings, "done in English": too short or formulaic to say what a case is about."""
    if len(text) < MIN_CHARS or sum(c.isalpha() for c in text) < len(text) // 2:
        return True
    return len(text) < 300 and _BOILERPLATE.search(fold(text)) is not None


def split_long(text: str, limit: int = MAX_CHARS) -> list[str]:
    """`text` in pieces below `limit`, cut between sentences (inside one only when a sentence is longer)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > limit:
            head = sentence[:limit]
            space = head.rfind(" ")
            cut_at = space if space > limit // 2 else limit
            pieces.append(sentence[:cut_at].strip())
            sentence = sentence[cut_at:].strip()
        if current and len(current) + 1 + len(sentence) > TARGET_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return [piece for piece in pieces if piece]


def _sections_of(document: Document) -> list[str]:
    """The section of each numbered paragraph, from the headings between paragraphs in the document's text."""
    text = document.text
    found: list[str] = []
    section = "other"
    at = 0
    for paragraph in document.paragraphs:
        start = text.find(paragraph.text[:60], at) if paragraph.text else -1
        if start >= 0:
            for line in text[at:start].splitlines():
                named = heading_section(line)
                if named is not None:
                    section = named
            at = start + len(paragraph.text)
        found.append(section)
    return found


def _cover(document: Document) -> str | None:
    """The cover's subject matter and substantive issues (treaty-body Views list them before paragraph 1)."""
    lines = [line.strip() for line in document.text[:4000].splitlines()]
    kept = [line for line in lines if _COVER.match(fold(line))]
    return " ".join(kept) if kept else None


def _blocks(document: Document) -> list[tuple[str | None, str, str]]:
    """(paragraph number, section, text) of a document: its numbered paragraphs, else its blank-line blocks.

    Numbered paragraphs that hold under `_COVERED` of the text are not the body (a court's judgment numbered only
    in its footnotes, a list of orders): cut along the blocks instead, or most of what the case says is never
    embedded (measured on the real corpus: six queries of 54 missed their decision for that alone)."""
    covered = sum(len(paragraph.text) for paragraph in document.paragraphs)
    if document.paragraphs and covered >= _COVERED * len(document.text):
        sections = _sections_of(document)
        return [(p.number, s, p.text) for p, s in zip(document.paragraphs, sections, strict=True)]
    blocks: list[tuple[str | None, str, str]] = []
    section = "other"
    for block in re.split(r"\n\s*\n", document.text):
        named = heading_section(block)
        if named is not None:
            section = named
            continue
        blocks.append((None, section, block))
    return blocks


def _document_passages(document: Document) -> list[Passage]:
    """A document's passages: its cover, then its paragraphs (short neighbours of one section joined)."""
    found: list[Passage] = []
    cover = _cover(document)
    if cover and len(cover) >= MIN_CHARS:
        found.append(Passage("issues", document.language, None, cut_text(cover)))
    pending: list[tuple[str | None, str, str]] = []

    def flush() -> None:
        if pending:
            joined = " ".join(text for _, _, text in pending)
            number, section = pending[0][0], pending[0][1]
            for piece in split_long(joined):
                if not is_boilerplate(piece):
                    found.append(Passage(section, document.language, number, piece))
            pending.clear()

    for number, section, text in _blocks(document):
        text = " ".join(text.split())
        if not text:
            continue
        size = sum(len(t) + 1 for _, _, t in pending)
        if pending and (pending[0][1] != section or size + len(text) > TARGET_CHARS):
            flush()
        pending.append((number, section, text))
        if len(text) >= TARGET_CHARS // 2:
            flush()
    flush()
    return found


def cut_text(text: str) -> str:
    """Whitespace collapsed and cut below `MAX_CHARS` at a word boundary."""
    pieces = split_long(text)
    return pieces[0] if pieces else ""


def case_passages(case: Case, limit: int = MAX_PASSAGES) -> list[Passage]:
    """The passages of `case` to embed, at most `limit`, in the order kept: summary, issues, operative, merits...

    The original-language document comes first (a translation says the same again): its passages are kept before
    any of the other versions'.
    """
    head: list[Passage] = []
    title = case.titles.get(case.original_language or "") or next(iter(case.titles.values()))
    for language, summary in case.summaries.items():
        for piece in split_long(f"{title.full}. {summary}"):
            head.append(Passage("summary", language, None, piece))
    remedies = " ".join(remedy.text for remedy in case.remedies)
    if remedies:
        head.extend(Passage("operative", case.remedies[0].language, None, piece) for piece in split_long(remedies))
    documents = sorted(case.documents, key=lambda d: d.language != case.original_language)
    ranked: list[tuple[int, int, int, Passage]] = []
    for order, document in enumerate(documents):
        for position, passage in enumerate(_document_passages(document)):
            ranked.append((min(order, 1), _RANK.get(passage.section, len(SECTIONS)), position, passage))
    ranked.sort(key=lambda item: item[:3])
    seen: set[str] = set()
    kept: list[Passage] = []
    for passage in head + [item[3] for item in ranked]:
        if passage.text in seen:
            continue
        seen.add(passage.text)
        kept.append(passage)
        if len(kept) >= limit:
            break
    return kept


def passages_hash(passages: list[Passage]) -> str:
    """Hash of what is embedded: unchanged passages need no new vectors."""
    digest = hashlib.sha256()
    for passage in passages:
        digest.update(f"{passage.section}\x1f{passage.language}\x1f{passage.paragraph}\x1f{passage.text}\x1e".encode())
    return digest.hexdigest()
