"""Case names read from a decision's caption: the full title, the short "A v. B" name, and the slug of an id.

Candidates come from the caption lines ("A v. B", "In the matter of A v. B", "Affaire A c. B"), the running
headers (usually the publisher's short citation), the preamble's party lines ("Submitted by:" / "State party:",
"Plaintiff:" / "Defendant:", "المدعي:" / "المدعى عليهم:"), a caption split over blocks around "versus", and a
decision's own numbered name ("Sentencia T-025 de 2004", "ADPF 709 MC"); generic headings ("Judgment",
"Decisão", "حكم", "Views adopted by…") are never a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caselaw.ingest.keywords import fold
from caselaw.ingest.metadata import country_code
from caselaw.ingest.party_names import OTHERS, Parties, ascii_slug, cut, short_parties, slug_of, smart_case

_HEAD_BLOCKS = 16  # the caption and preamble; numbered paragraphs start soon after
_MAX_CAPTION = 320  # longer blocks are prose, not a caption
_VERSUS = re.compile(r"\s+(?:v\.?|vs\.?|VS\.|V\.|c\.|c/|contre|contra|CONTRA|versus|VERSUS|ضد)\s+")
_VERSUS_ALONE = re.compile(r"^(?:v\.?|vs\.?|versus|contra|contre|c\.|ضد)$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[–—-]\s+|:\s+")
_LEAD = re.compile(
    r"^(?:(?:summary|résumé|resumen|resumo|ملخص)\s*[–—:-]?\s+"
    r"|(?:judgment|arrêt|sentencia|acórdão)\s+(?:in the case of|en l'affaire|en el caso|no caso)\s+"
    r"|in the (?:matter|case) of\s+|case of\s+(?:the\s+)?|affaire\s+|caso\s+|causa\s+|between\s+"
    r"|vistos los autos\s*:?\s*|(?:arrêt|judgment)\s+)",
    re.IGNORECASE,
)
_TRAIL = re.compile(r"\s+(?:judgment|arrêt|sentencia|acórdão|decision|décision)$", re.IGNORECASE)
# A heading that names the kind of document, not the case: "Views adopted by…", "Decisão", "حكم", "Summary".
_GENERIC = re.compile(
    r"^(?:views|decision|decisão|décision|decisión|dictamen|constatations|opinion|resumo|summary|résumé|resumen|"
    r"judgment|arrêt|sentencia|acórdão|acordam|order|ordem|auto|vistos|ملخص|حكم|قرار|آراء|رأي)\b",
    re.IGNORECASE,
)
# A treaty's name is no party: "Convención sobre la eliminación de … discriminación contra la mujer".
_INSTRUMENT = re.compile(
    r"\b(?:convention|convención|convenção|covenant|pacto|pacte|protocol|protocolo|protocole|declaration|"
    r"declaración|déclaration|declaração|charter|carta|charte)\b",
    re.IGNORECASE,
)
_PROSE = re.compile(
    r"^.*?\b(?:instaurad[ao]|promovid[ao]|interpuest[ao]|presentad[ao]|deducid[ao]|ajuizad[ao]|brought|filed)"
    r"\s+(?:por|by|pela|pelo)\s+",
    re.IGNORECASE,
)
_APPLICANT = (
    r"(?:communication\s+)?(?:submitted by|presentad[ao]s? por|présentée? par|apresentad[ao]s? por|مقدمة? من|"
    r"complainants?|plaignante?s?|plaintiffs?|applicants?|requérante?s?|requerentes?|reqte\.?\s?\(s\)|"
    r"petitioners?|appellants?|authors?|auteure?s?|autora?e?s?|demandantes?|accionantes?|"
    r"المدعي|المدعون|المستأنفون|المستأنف|الشاكي)"
)
_RESPONDENT = (
    r"(?:state party|estado parte|état partie|respondent state|état défendeur|estado demandado|defendants?|"
    r"respondents?|défendeurs?|intdo\.?\s?\(a/s\)|requeridos?|demandados?|"
    r"الدولة الطرف|المدعى عليهم|المدعى عليه|المستأنف ضدهما|المستأنف ضده|المشكو في حقه)"
)
_LABELLED = {
    "applicant": re.compile(rf"^{_APPLICANT}\s*:\s*(.{{2,300}})$", re.IGNORECASE),
    "respondent": re.compile(rf"^{_RESPONDENT}\s*:\s*(.{{2,300}})$", re.IGNORECASE),
}
_REPRESENTED = re.compile(r"\s*\([^)]*(?:represent|représent|ممثل|counsel|conseil|abogad|advogad)[^)]*\)", re.I)
_ROLE = re.compile(
    r"\s*(?:[–—-]|\.{3}|…)\s*(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+)?"
    r"(?:appellants?|respondents?|applicants?|petitioners?|plaintiffs?|defendants?|amicus curiae)\s*$",
    re.IGNORECASE,
)
_DECISION_NAME = re.compile(
    r"^(?:sentencia|sentença|acórdão|judgment|arrêt|auto|resolución)\s+(?:n\.?\s?[º°o]\.?\s*|no\.?\s*)?"
    r"[A-Z]{0,3}-?\d+(?:/\d{2,4})?(?:\s+de\s+\d{4})?$",
    re.IGNORECASE,
)
_DOCKET_NAME = re.compile(r"^([A-Z]{2,6}\s+\d{1,6}(?:\s+[A-Z]{2,3})?)(?:\s*/\s*[A-Z]{2})?$")


@dataclass
class Name:
    """A case name: `full` as the caption prints it, `short` for lists, `slug` for the id (ASCII, may be empty)."""

    full: str
    short: str | None
    slug: str


def name_case(
    blocks: list[str],
    title: str | None,
    headers: list[str],
    language: str,
    identifiers: list[str],
    level: str | None,
    room: int = 40,
) -> Name:
    """The case's name from its caption, headers and preamble; `room`: the slug's share of a 60-character id."""
    head = _head(blocks)
    versus = _versus_word(language)
    captions = [p for b in head if not _GENERIC.match(b) and (p := _parties(b, identifiers) or _comma_caption(b))]
    # A party name after a generic heading ("Summary: A v. B") is a summary's, often abridged: ranked lower.
    titled = [p for b in head if _GENERIC.match(b) and (p := _parties(b, identifiers))]
    from_headers = [p for h in headers if (p := _parties(h, identifiers))]
    labelled = [p for p in [_labelled(head)] if p]
    split = [p for p in [_split_caption(head)] if p]
    prose = [b for b in head if _parties(b, identifiers, prose=True)]
    decision = _decision_name(title, head, headers)
    parties = [*captions, *labelled, *titled, *from_headers, *split]
    if captions or (parties and decision is None):
        # The full title is the caption as printed; the short one the publisher's own (a running header),
        # unless the caption's short form only extends it ("Endorois" → "Endorois Welfare Council").
        best = [*from_headers, *captions, *titled, *labelled, *split][0]
        fuller = ([*captions, *titled, *labelled] or [best])[0]
        short = short_parties(best, language, level, english=False)
        other = short_parties(fuller, language, level, english=False)
        if other.applicant != short.applicant and other.applicant.startswith(short.applicant + " "):
            best, short = fuller, other
        return Name(
            full=_join(_printed_case(parties[0], parties), versus, full=True),
            short=_join(short, versus),
            slug=slug_of(best, language, level, room),
        )
    if decision is not None:
        name, heading = decision
        full = heading or (f"{name}, {prose[0]}" if prose else name)
        return Name(full=full[:1000], short=name[:300], slug=cut(ascii_slug(name), room))
    if prose:
        applicant = _parties(prose[0], identifiers, prose=True)
        assert applicant is not None
        short = short_parties(applicant, language, level, english=False)
        return Name(full=prose[0][:1000], short=_join(short, versus), slug=slug_of(applicant, language, level, room))
    # No parties and no numbered name: the document's own heading, which names no case when it is generic
    # ("Decisão"), so the id then falls back to an identifier.
    full = smart_case(title or next(iter(head), "") or "Untitled decision", heading=True)
    slug = "" if _GENERIC.match(full) else cut(ascii_slug(full), room)
    return Name(full=full[:1000], short=None, slug=slug)


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


def _versus_word(language: str) -> str:
    return {"es": "c.", "fr": "c.", "pt": "c.", "ar": "ضد"}.get(language, "v.")


def _parties(text: str, identifiers: list[str], prose: bool = False) -> Parties | None:
    """The parties of a caption line, with identifiers, framing words and generic headings stripped."""
    text = text.strip().strip('«»“”"').strip()
    for piece in _SEPARATOR.split(text):
        match = _VERSUS.search(piece) or _slash_versus(piece)
        if match is None:
            continue
        inner = re.search(r"\(([^()]*" + re.escape(match.group(0).strip()) + r"[^()]*)\)", piece)
        if inner and not _VERSUS.search(piece.replace(inner.group(0), "")):
            piece = inner.group(1)  # "Communication 276/2003 (Endorois c. Kenya)"
        return _split_parties(piece, identifiers, prose)
    return None


def _slash_versus(piece: str) -> re.Match[str] | None:
    """ "A / Nigeria": a slash between a party and a State, as the African Commission writes it."""
    match = re.search(r"\s+/\s+", piece)
    return match if match and country_code(piece[match.end() :].strip(" .")) else None


def _split_parties(piece: str, identifiers: list[str], prose: bool) -> Parties | None:
    printed = piece.strip().strip('«»“”"').strip()
    piece = smart_case(printed)
    for _ in range(3):
        piece = _LEAD.sub("", piece).strip()
        for value in identifiers:
            if piece.startswith(value):
                piece = piece[len(value) :].strip(" –—-:,")
    # "CA 9535/06 Abu Massad v. …", "الاستئناف المدني 9535/06 أبو مساعد ضد …": a case number before the parties.
    piece = re.sub(r"^(?:[^\d\s]+\s+){0,3}\d+(?:[/.]\d+)+\s+(?=\S)", "", _TRAIL.sub("", piece))
    match = _VERSUS.search(piece) or _slash_versus(piece)
    if match is None:
        return None
    applicant, respondent = piece[: match.start()].strip(" ,"), piece[match.end() :].strip()
    found = _PROSE.match(applicant)
    if bool(found) != prose:
        return None
    if found:
        applicant = applicant[found.end() :]
    lower = applicant[:1].islower() and applicant[:1].isascii()
    if not applicant or not respondent or _GENERIC.match(applicant) or lower or _INSTRUMENT.search(applicant):
        return None
    if re.match(r"^(?:la|el|los|las|le|les|o|a|os|as|the)\s+[a-zà-ÿ]", respondent):
        return None  # "contra la mujer": a preposition in prose, not a party
    rest = ""
    subject = re.search(r"\s+s/\s+", respondent)  # Argentine captions: "A c/ B s/ amparo" (the object of the suit)
    if subject:
        respondent, rest = respondent[: subject.start()], respondent[subject.start() :].strip()
    segments = respondent.split(", ")
    # ", SC Petition No. 3 of 2018", ", judgment of 6 February 2020 (Merits, …)": citation details, not parties.
    details = re.compile(r"\d|^(?:judgment|sentencia|arrêt|decision)\b", re.IGNORECASE)
    cut = next((i for i, segment in enumerate(segments) if i and details.search(segment)), len(segments))
    respondent = ", ".join(segments[:cut]).strip(" »")
    if respondent.endswith(".") and not re.search(r"\b(?:etc|al|Ors|Ltd|Inc|Co|No|[A-Z])\.$", respondent):
        respondent = respondent[:-1]
    versus = _printed_versus(match.group(0).strip())
    return Parties(applicant, respondent, rest.rstrip(" .»"), versus, capitals=piece != printed)


def _printed_versus(word: str) -> str | None:
    """The versus word as printed, spelled as citations do ("v" → "v.", "VS." → "vs."); None for "/" ."""
    word = word.lower()
    return {"v": "v.", "versus": "v.", "vs": "vs.", "/": None}.get(word, word)


def _comma_caption(block: str) -> Parties | None:
    """ "Report No. 75/02, Case 11.140, Mary and Carrie Dann, United States": the petitioner, then the State."""
    segments = block.strip(" .").split(", ")
    if len(segments) < 3 or not re.search(r"\d", segments[0]) or re.search(r"\d", segments[-2]):
        return None
    if country_code(segments[-1]) is None or _GENERIC.match(segments[-2]):
        return None
    return Parties(segments[-2], segments[-1])


def _labelled(head: list[str]) -> Parties | None:
    """ "Submitted by: A" and "State party: B" (and their kin in the five languages) from the preamble."""
    found: dict[str, str] = {}
    for block in head:
        for role, pattern in _LABELLED.items():
            match = pattern.match(block)
            if match and role not in found:
                value = _REPRESENTED.sub("", match.group(1))
                value = re.split(r",\s+(?=[a-z])|،", value)[0] if role == "applicant" else value
                value = re.sub(r"(?<=[a-z]{3})\.$", "", re.split(r"،", value)[0].strip())
                if value and not re.match(r"^(?:the|l[ae]|l')\s*aut", value, re.IGNORECASE):
                    found[role] = value
    if "applicant" in found and "respondent" in found:
        return Parties(smart_case(found["applicant"]), smart_case(found["respondent"]))
    return None


def _split_caption(head: list[str]) -> Parties | None:
    """A caption printed over several blocks: parties with their roles, "versus" alone, the other parties."""
    for index, block in enumerate(head):
        if not _VERSUS_ALONE.match(block) or index == 0 or index + 1 >= len(head):
            continue
        before: list[str] = []
        for earlier in reversed(head[:index]):
            if not _ROLE.search(earlier) and before:
                break
            before.insert(0, _ROLE.sub("", earlier))
        after = [_ROLE.sub("", head[index + 1])]
        others = " and Others" if len(before) > 1 and not OTHERS.search(before[0]) else ""
        return Parties(smart_case(before[0]) + others, smart_case(after[0]), versus=_printed_versus(block))
    return None


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
    return re.sub(r"\s*&\s*Ors\.?", " and Others", text)
