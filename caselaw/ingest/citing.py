"""A document's citations as the case records them: read paragraph by paragraph and footnote by footnote
(`citations.find_citations`), each with its paragraph number or footnote mark and the passage around it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from pydantic import ValidationError

from caselaw.ingest.citations import FoundCitation, find_citations
from caselaw.ingest.cited_decisions import own_name_keys
from caselaw.ingest.dates import dates_in
from caselaw.models import Citation, CitationKey, Document
from caselaw.store.citations import DATE_SCHEME, NAME_SCHEMES, match_value, title_keys
from caselaw.taxonomy import get_taxonomy

MAX_CITATIONS = 1000
"""Most citations kept per document: a long judgment cites a few hundred things at most; beyond that is noise."""
_CONTEXT = 220  # characters kept on each side of a citation for its snippet
# The layout reads a raised "o" after "N" as a word of its own ("N o 2/2014", "n o 7"): joined back, so that
# the citation patterns, written for "No"/"nº", read it.
_RAISED_O = re.compile(r"\b([Nn])\s+([oº°])(?=\s*\.?\s*\d)")
# What every match of `_RAISED_O` has, in a form `re` finds fast (it starts with a set of characters).
_RAISED_O_TRIGGER = re.compile(r"[oº°](?<=\s[oº°])\s*\.?\s*\d")
_DATES = 3  # dates kept from one citation (a group of judgments of one case prints one each)
_CAPTION_CHARS = 1500  # the caption, where a decision names itself: its own names are not citations


def document_citations(
    document: Document, forum: str | None, own_identifiers: Iterable[tuple[str, str]], titles: Iterable[str | None]
) -> list[Citation]:
    """Every citation of one document: its text's blocks (numbered paragraphs with their number), then its
    footnotes; `own_identifiers` and `titles` are the decision's own, not citations."""
    numbered = {f"{p.number} {p.text}": (p.number, p.text) for p in document.paragraphs}
    blocks = [block for block in document.text.split("\n\n") if block.strip()]
    passages = _rejoined([numbered.get(block, (None, block)) for block in blocks])
    names = [title for title in titles if title]
    own = [
        *own_identifiers,
        *own_name_keys(document.text[:_CAPTION_CHARS]),
        *(k for t in names for k in own_name_keys(t)),
    ]
    language = document.language
    body = _read([(number, _joined(text)) for number, text in passages], language, forum, own)
    notes = _read([(note.mark, _joined(note.text)) for note in document.footnotes], language, forum, own)
    # Its own name as the caption prints it ("CASE OF X v. Y") is no citation: compared as the store compares keys.
    itself = {(scheme, match_value(scheme, value)) for scheme, value in own}
    for title in names:
        itself |= title_keys(title)
    found: list[Citation] = []
    seen: set[tuple[object, ...]] = set()
    for in_note, (citation, text) in [*((False, item) for item in body), *((True, item) for item in notes)]:
        place = (citation.kind, citation.keys, citation.paragraph, in_note)
        if place in seen or _names_itself(citation, itself):
            continue  # the same thing cited twice in one paragraph: once is what a reader needs
        seen.add(place)
        made = _citation(citation, text, document.sha256, in_note)
        if made is not None:
            found.append(made)
        if len(found) >= MAX_CITATIONS:
            break
    return found


def _names_itself(citation: FoundCitation, itself: set[tuple[str, str]]) -> bool:
    """Whether a decision citation names the decision itself (by identifier, or by its full case name)."""
    if citation.kind != "decision":
        return False
    keys = {(scheme, match_value(scheme, value)) for scheme, value in citation.keys}
    numbers = {key for key in keys if key[0] not in NAME_SCHEMES}
    if numbers:  # another judgment in the same case shares its name, not its numbers
        return bool(numbers & itself)
    return bool({key for key in keys if key[0] == "case-name"} & itself)


# A raised "o" that the layout set on a line of its own, with the rest of its line: "o 7 (2018) sur la ...".
_RAISED_LINE = re.compile(r"^[oº°]\s+(?=\d{1,5}\b)")
# The line the "o" was raised from ends with the "N" of "No", or with the label itself when the "N" went too.
_BEFORE_RAISED = re.compile(
    r"(?:\b[Nn]|\b(?:g[ée]n[ée]rale?s?|general(?:es)?|gera(?:l|is)|comments?|communications?|comunicaci[oó]n|"
    r"comunica[cç][aã]o|observations?|recommandations?|recomendaci[oó]n|petition|p[ée]tition|requ[êe]te))\s*$"
)
_RAISED_REACH = 2  # blocks apart the two halves may be set (the raised line often comes before its own line)


def _rejoined(passages: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """Passages with each raised-"o" line joined back to the line it was raised from ("de son observation
    générale n" + "o 7 (2018) sur la participation" -> "... générale no 7 (2018) sur la participation"): the
    layout sets such a line apart, sometimes before its own, and neither half reads as a citation alone."""
    result = list(passages)
    taken: set[int] = set()
    for index, (_, text) in enumerate(passages):
        raised = _RAISED_LINE.match(text)
        if raised is None:
            continue
        for distance in (-1, 1, -2, 2)[: 2 * _RAISED_REACH]:
            other = index + distance
            if not 0 <= other < len(passages) or other in taken or _RAISED_LINE.match(passages[other][1]):
                continue
            number, head = result[other]
            end = _BEFORE_RAISED.search(head)
            if end is None:
                continue
            glue = "o " if head.rstrip().endswith(("N", "n")) and len(end.group(0).strip()) == 1 else " no "
            result[other] = (number, f"{head.rstrip()}{glue}{text[raised.end() :]}")
            result[index] = (passages[index][0], "")
            taken |= {index, other}
            break
    return [(number, text) for number, text in result if text]


def _joined(text: str) -> str:
    return _RAISED_O.sub(r"\1\2", text) if _RAISED_O_TRIGGER.search(text) else text


def _read(
    passages: list[tuple[str | None, str]], language: str, forum: str | None, own: list[tuple[str, str]]
) -> list[tuple[FoundCitation, str]]:
    """Citations of passages, each with the text of the passage it stands in."""
    # Read together (an unattributed general comment takes the committee the document names most), each passage
    # under its position, so a citation finds its passage's text (its offset is into that text) and number again.
    found = find_citations([(str(index), text) for index, (_, text) in enumerate(passages)], language, forum, own)
    result = []
    for citation in found:
        number, text = passages[int(citation.paragraph or 0)]
        result.append((replace(citation, paragraph=number), text))
    return result


def _citation(found: FoundCitation, text: str, sha256: str, in_note: bool) -> Citation | None:
    """The model of one citation; None for one whose keys the model cannot take."""
    keys = [
        CitationKey(scheme=scheme, value=value[:300])
        for scheme, value in found.keys
        if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", scheme) and value.strip()
    ]
    code = found.code
    if found.kind == "general-comment" and code is not None and not get_taxonomy().has("general_comments", code):
        code = None  # a number the taxonomy does not list yet: the key keeps it
    if not keys:
        return None
    if found.kind == "decision":
        # "Judgment of December 4, 1991": tells this judgment from the others of the same case, named alike.
        printed = list(dict.fromkeys(dates_in(found.text)))[:_DATES]
        keys += [CitationKey(scheme=DATE_SCHEME, value=day.isoformat()) for day in printed]
    try:
        return Citation(
            kind=found.kind,
            text=(found.text.strip() or text[found.start : found.start + 80])[:500],
            keys=keys,
            code=code,
            paragraph=None if in_note else found.paragraph,
            footnote=found.paragraph if in_note else None,
            document=sha256,
            context=_context(text, found.start, len(found.text)),
        )
    except ValidationError:
        return None


def _context(text: str, start: int, length: int) -> str:
    """The passage around a citation, cut at word boundaries, marked with … where cut."""
    begin, end = max(0, start - _CONTEXT), min(len(text), start + length + _CONTEXT)
    if begin > 0:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    if end < len(text):
        space = text.rfind(" ", start + length, end)
        end = space if space > 0 else end
    passage = " ".join(text[begin:end].split())
    return f"{'… ' if begin > 0 else ''}{passage}{' …' if end < len(text) else ''}"[:600]
