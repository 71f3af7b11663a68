"""Case names read from a document: the full title, the short "A v. B" name, and the slug of an id.

Parties come from the caption however it is printed (see `captions`), the running headers (usually the
publisher's short citation) and, for an opinion or an order that prints no caption, the case its first
paragraph names. A decision without parties is named by its own number ("Sentencia T-025 de 2004", "ADPF 709
MC") or, for the Cour de cassation, by the citation lawyers use. Other documents are named by their own heading
(an Act's short title, "Concluding observations on …", a declaration's title, a letter's subject; see
`headings`). Furniture, boilerplate, slogans, symbols and institutions' names are never a title
(`title_noise`), nor are generic headings ("Judgment", "Decisão", "حكم", "Views adopted by…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caselaw.ingest import headings
from caselaw.ingest.arabic_titles import arabic_decision_title
from caselaw.ingest.captions import (
    GENERIC,
    comma_caption,
    labelled,
    marriage_caption,
    matter_caption,
    parties_of,
    petition_caption,
    prose_caption,
    run_on,
    stacked_captions,
    window_captions,
)
from caselaw.ingest.keywords import fold
from caselaw.ingest.party_names import (
    Parties,
    ascii_slug,
    cut,
    short_parties,
    slug_of,
    smart_case,
    surname_parties,
)
from caselaw.ingest.title_noise import is_boilerplate, is_noise, is_symbol

_HEAD_BLOCKS = 24  # the caption and preamble; numbered paragraphs start soon after
_MAX_CAPTION = 320  # longer blocks are prose, not a caption
_DECISION_NAME = re.compile(
    r"^(?:sentencia|sentença|acórdão|judgment|arrêt|auto|resolución)\s+(?:n\.?\s?[º°o]\.?\s*|no\.?\s*)?"
    r"[A-Z]{0,3}-?\d+(?:/\d{2,4})?(?:\s+de\s+\d{4})?$",
    re.IGNORECASE,
)
_DOCKET_NAME = re.compile(r"^([A-Z]{2,6}\s+\d{1,6}(?:\s+[A-Z]{2,3})?)(?:\s*/\s*[A-Z]{2})?$")
# A separate opinion's heading: its title is the case's name and the opinion's.
_OPINION = re.compile(
    r"^(?:(?:joint|partly|partially)\s+)?(?:concurring|dissenting|separate|individual|reasoned)\s+opinion\b"
    r"|^(?:vote|opinion)\s+(?:concordant|dissident|individuel|raisonné|séparée?)\b"
    r"|^voto\s+(?:razonado|concurrente|disidente|particular|separado|concordante|vencido|conjunto)\b"
    r"|^opini[oó]n\s+(?:separada|disidente|concurrente|individual)\b|^declara[cç][aã]o de voto\b",
    re.IGNORECASE,
)
_HEADING_KINDS = {"legislation", "report", "article", "press-release"}


@dataclass
class Name:
    """A case name: `full` as the caption prints it, `short` for lists, `slug` for the id (ASCII, may be empty)."""

    full: str
    short: str | None
    slug: str
    guessed: bool = False
    """Taken from the first line that may name the document, not from a caption, heading or number: an editor checks
    it (review reason `title`)."""


def name_case(
    blocks: list[str],
    title: str | None,
    headers: list[str],
    language: str,
    identifiers: list[str],
    level: str | None,
    room: int = 40,
    *,
    forum_names: list[str] | None = None,
    kind: str | None = None,
    states: list[str] | None = None,
) -> Name:
    """The document's name from its caption, headers, preamble or heading.

    `room`: the slug's share of a 60-character id; `forum_names`: the deciding body's names as printed (never a
    title); `kind`: the record kind (a report or an Act is named by its heading first); `states`: respondent
    States' ISO codes (the State of a treaty body's cover that prints none).
    """
    names = [n for n in (forum_names or []) if n]
    raw = _strip_line_numbers(_head(blocks))
    head = [b for b in raw if not is_noise(b, names, headers)]
    register = headings.register_heading(raw, headers)
    if register is not None:
        return _named(register, room)  # a Federal Register rule or notice: its own heading under "Proposed Rules"
    if kind in _HEADING_KINDS:
        heading = _heading(blocks, raw, head, title, kind)
        if heading is not None:
            return _named(heading, room)
    if kind == "submission":
        # A filing is named by its own heading ("Declaration of …"), not by the caption of the case it is in.
        filing = headings.submission_heading(head)
        if filing is not None:
            return _named(headings.filed_as(filing, head, headers), room)
    found = _case_name(blocks, raw, head, title, headers, language, identifiers, level, room, states or [])
    if found is not None:
        form = headings.form_heading(head) if kind == "other" else None
        if form is not None and form.casefold() not in found.full.casefold():
            found.full = f"{found.full} — {form}"[:1000]  # a paper filed in the case: "A v. B — Jury Note No. 2"
        return found
    citation = headings.cassation_citation(raw, headers)
    if citation is not None:
        return Name(full=citation, short=citation, slug=cut(ascii_slug(citation.replace("Cass.", "cass")), room))
    heading = _heading(blocks, raw, head, title, kind)
    if heading is not None:
        return _named(heading, room)
    communication = headings.communication_name(raw) if kind in (None, "decision") else None
    if communication is not None:
        return Name(full=communication, short=communication, slug="")
    arabic = arabic_decision_title(raw, names) if language == "ar" else None
    if arabic is not None:
        return _named(arabic, room)  # "قرار لجنة …": the heading with its authority and number
    # No parties, no number, no heading of a known shape: the first line that may name the document, which
    # names no case when it is generic ("Decisão"), so the id then falls back to an identifier.
    fallback = next((b for b in [title or "", *head] if _may_name(b, names, headers)), "")
    stamp = headings.filing_stamp([*raw, *headers])
    named = headings.undouble(fallback) or stamp or _identifier_name(identifiers) or "Untitled document"
    full = smart_case(named, heading=True)
    slug = "" if GENERIC.match(full) or not fallback else cut(ascii_slug(full), room)
    return Name(full=full[:1000], short=None, slug=slug, guessed=True)


def _may_name(text: str, names: list[str], headers: list[str]) -> bool:
    """Whether a line could name a document: words in it, not furniture, not a sentence of the body."""
    if not text or is_noise(text, names, headers) or len(text) > 250:
        return False
    if GENERIC.match(text) and len(text.split()) > 4:
        return False  # "Views adopted by the Committee under …": what the document is, not which
    if re.match(r"^[^\W\d][\w ]{1,30}\s?:\s", text):
        return False  # "Subject matter: eviction": a preamble entry
    return bool(re.search(r"[^\W\d_]{4,}", text)) and not re.search(r"[a-z]{3,}[.;]\s+[A-Z]", text)


def _named(heading: str, room: int) -> Name:
    return Name(full=heading[:1000], short=None, slug=cut(ascii_slug(heading), room))


def _identifier_name(identifiers: list[str]) -> str:
    """The first identifier that is not a document symbol ("E/C.12/70/D/12/2019" names a file, not a case)."""
    return next((i for i in identifiers if not is_symbol(i)), "")


def _case_name(
    blocks: list[str],
    raw: list[str],
    head: list[str],
    title: str | None,
    headers: list[str],
    language: str,
    identifiers: list[str],
    level: str | None,
    room: int,
    states: list[str],
) -> Name | None:
    """A decision's name from its parties or its number; None when neither is printed."""
    versus = _versus_word(language)
    lines = [p for b in head if not GENERIC.match(b) and (p := parties_of(b, identifiers) or comma_caption(b))]
    lines = [run_on(head, p, identifiers) for p in lines]
    windows = window_captions(raw, identifiers)
    # A party name after a generic heading ("Summary: A v. B") is a summary's, often abridged: ranked lower.
    titled = [p for b in head if GENERIC.match(b) and (p := parties_of(b, identifiers))]
    from_headers = [p for h in headers if not is_boilerplate(h) and (p := parties_of(h, identifiers))]
    covers = [
        p
        for p in [labelled(raw, states, language), petition_caption(raw, language), matter_caption(raw, language)]
        if p
    ]
    marriage = marriage_caption(raw)
    if marriage is not None and not lines:
        return Name(full=marriage, short=marriage, slug=cut(ascii_slug(marriage.removeprefix("In re ")), room))
    stacked = stacked_captions(raw)
    prose = [b for b in head if parties_of(b, identifiers, prose=True)]
    decision = _decision_name(title, head, headers)
    captions = [*lines, *windows]
    parties = [*captions, *covers, *titled, *from_headers, *stacked[:1]]
    if not parties and not prose and decision is None:
        cited = prose_caption(blocks, identifiers)
        parties = [cited] if cited else []
    if not (captions or (parties and decision is None)):
        if decision is not None:
            name, heading = decision
            full = heading or (f"{name}, {prose[0]}" if prose else name)
            return Name(full=full[:1000], short=name[:300], slug=cut(ascii_slug(name), room))
        if prose:
            applicant = parties_of(prose[0], identifiers, prose=True)
            assert applicant is not None
            short = short_parties(applicant, language, level, english=False)
            slug = slug_of(applicant, language, level, room)
            return Name(full=prose[0][:1000], short=_join(short, versus), slug=slug)
        return None
    # The full title is the caption as printed; the short one the publisher's own (a running header),
    # unless the caption's short form only extends it ("Endorois" → "Endorois Welfare Council").
    best = [*from_headers, *captions, *titled, *covers, *parties][0]
    fuller = ([*captions, *titled, *covers] or [best])[0]
    short = short_parties(best, language, level, english=False)
    other = short_parties(fuller, language, level, english=False)
    if other.applicant != short.applicant and other.applicant.startswith(short.applicant + " "):
        best, short = fuller, other
    if language == "en" and states == ["US"]:
        short = surname_parties(best, short)  # American courts cite people by surname: "Regalado v. Sullivan"
    full = _join(_printed_case(parties[0], parties), versus, full=True)
    if stacked and parties[0] is stacked[0] and len(_distinct(stacked)) > 1:
        # Appeals heard together under one order: each caption, in the order printed.
        full = "; ".join(_join(p, versus, full=True) for p in _distinct(stacked)[:3])
    opinion = next((b for b in raw[:6] if _OPINION.match(b)), None)
    if opinion is not None:
        full = f"{full} — {smart_case(opinion, heading=True)}"
    return Name(full=full[:1000], short=_join(short, versus), slug=slug_of(best, language, level, room))


def _distinct(captions: list[Parties]) -> list[Parties]:
    seen: dict[tuple[str, str], Parties] = {}
    for parties in captions:
        seen.setdefault((fold(parties.applicant), fold(parties.respondent)), parties)
    return list(seen.values())


def _heading(blocks: list[str], raw: list[str], head: list[str], title: str | None, kind: str | None) -> str | None:
    """A document's own heading: an Act's short title, a UN heading, an instrument's title, a subject line."""
    instrument = headings.instrument_title(title, head)
    if kind in (None, "legislation"):
        act = headings.short_title(blocks, instrument)
        if act is not None and (kind == "legislation" or instrument):
            note = headings.amendment_note(title, raw)
            return f"{act} ({note})" if note and note not in act else act
    if kind == "report":
        return headings.un_heading(raw) or headings.letter_subject(raw)
    if kind == "submission":
        return headings.submission_heading(head) or headings.un_heading(head) or instrument
    return instrument or headings.un_heading(head) or headings.letter_subject(raw) or headings.submission_heading(head)


def _printed_case(chosen: Parties, candidates: list[Parties]) -> Parties:
    """The same parties from a line printed in mixed case, if one says the same: its capitals are not a guess."""
    key = (fold(chosen.applicant), fold(chosen.respondent))
    same = (c for c in candidates if not c.capitals and (fold(c.applicant), fold(c.respondent)) == key)
    return next(same, chosen) if chosen.capitals else chosen


def _head(blocks: list[str]) -> list[str]:
    """The caption and preamble blocks: up to the first long block (the body's first paragraph)."""
    head = []
    for block in blocks[:_HEAD_BLOCKS]:
        if len(block) > _MAX_CAPTION:
            break
        head.append(block.strip())
    return head


def _strip_line_numbers(head: list[str]) -> list[str]:
    """A transcript's or pleading paper's margin numbers ("3 MICHAEL A. KNOWLES,", "4 WARDEN,") taken off.

    The numbers count on from block to block, one or a run of them per block ("2 3 4 … 13 JS-6" then "14 W.J.
    SULLIVAN,"), with unnumbered blocks between; four in a row make a margin, fewer may be a name's number."""
    runs = [_leading_run(b) for b in head]
    margin: set[int] = set()
    chain: list[int] = []
    count, last = 0, -1
    for index, run in enumerate(runs):
        if not run or run[0] >= _MARGIN_LIMIT:
            continue
        if run[0] != last + 1:
            if count >= 4:
                margin.update(chain)
            chain, count = [], 0
        chain.append(index)
        count += len(run)
        last = run[-1]
    if count >= 4:
        margin.update(chain)
    return [_strip_run(b, len(runs[i])) if i in margin else b for i, b in enumerate(head)]


_MARGIN_LIMIT = 60  # a pleading page has 28 lines, a transcript 25: a larger first number is not a margin's


def _leading_run(block: str) -> list[int]:
    """The numbers a block starts with while they count up by one ("2 3 4 JS-6" → [2, 3, 4])."""
    run: list[int] = []
    for token in block.split():
        if not re.fullmatch(r"\d{1,2}", token) or (run and int(token) != run[-1] + 1):
            break
        run.append(int(token))
    return run


def _strip_run(block: str, size: int) -> str:
    """The block without its first `size` numbers; a block of numbers alone is kept (it is furniture anyway)."""
    words = block.split()
    return " ".join(words[size:]) if len(words) > size else block


def _versus_word(language: str) -> str:
    return {"es": "c.", "fr": "c.", "pt": "c.", "ar": "ضد"}.get(language, "v.")


def _decision_name(title: str | None, head: list[str], headers: list[str]) -> tuple[str, str | None] | None:
    """A decision's numbered name ("Sentencia T-025 de 2004", "ADPF 709 MC"), and the heading it abbreviates."""
    for candidate in [title or "", *head]:
        if _DECISION_NAME.match(candidate.strip()):
            return smart_case(candidate.strip(), heading=True), None
    for header in headers:
        match = _DOCKET_NAME.match(header.strip())
        if match:
            number = re.search(r"\d+", match.group(1))
            assert number is not None
            heading = next((b for b in head if re.search(rf"\b{number.group(0)}\b", b) and len(b) > 30), None)
            return match.group(1), smart_case(heading) if heading else None
    return None


def _join(parties: Parties, versus: str, full: bool = False) -> str:
    applicant, respondent = parties.applicant, parties.respondent
    word = parties.versus or versus
    if full:
        applicant, respondent = _expand_others(applicant), _expand_others(respondent)
        return f"{applicant} {word} {respondent}{' ' + parties.rest if parties.rest else ''}"[:1000]
    return f"{applicant} {word} {respondent}"[:300]


def _expand_others(text: str) -> str:
    text = re.sub(r"\s*&\s*(?:Ors|ORS)\.?", " and Others", text)
    return re.sub(r"\s*&\s*(?:Anr|ANR)\.?", " and Another", text)
