"""A decision's parties read from its caption, however the caption is printed.

On one line ("Case of A v. B", "Affaire A c. B", "A vs. B on 29 April, 2025"), over a few lines that a layout
cut apart ("CASO A Y OTROS" / "(“…”) VS. PERÚ"), stacked with the parties' roles around a "v." or "Versus"
alone ("A, Plaintiff, / v. / B, Defendant."; "In the matter between: A / and / B"), labelled on a treaty
body's cover ("Submitted by: A … State party: B", in the five languages), as a petition's cover ("PETITION
12.357 / PERU / A"), as a matter regarding a State ("Asunto A respecto de Colombia"), or cited in an
opinion's first paragraph ("in the Case of A v. B"). Names come from the document itself, never from a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caselaw.ingest.keywords import fold
from caselaw.ingest.party_names import OTHERS, Parties, country_short_name, smart_case
from caselaw.ingest.states import country_code
from caselaw.ingest.title_noise import is_boilerplate, is_institution, is_sentence

VERSUS = re.compile(r"\s+(?:v\.?|vs\.?|Vs\.?|VS\.?|V\.|c\.|c/|contre|contra|CONTRA|versus|Versus|VERSUS|ضد)\s+")
_VERSUS_ALONE = re.compile(r"^(?:v\.?|vs\.?|versus|contra|contre|c\.|ضد|and|et|y|e)$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[–—-]\s+|:\s+")
_LEAD = re.compile(
    r"^(?:(?:summary|résumé|resumen|resumo|ملخص)\s*[–—:-]?\s+"
    r"|(?:judgment|arrêt|sentencia|acórdão)\s+(?:in the case of|en l'affaire|en el caso|no caso)\s+"
    r"|in the (?:matter|case) of\s+|case of\s+(?:the\s+)?|affaire\s+|caso\s+|causa\s+|between\s+"
    r"|vistos los autos\s*:?\s*|(?:arrêt|judgment)\s+|(?:case\s+)?title\s*:?\s+|neutral citation\s*:?\s*)",
    re.IGNORECASE,
)
_TRAIL = re.compile(r"\s+(?:judgment|arrêt|sentencia|acórdão|decision|décision)$", re.IGNORECASE)
# A heading that names the kind of document, not the case: "Views adopted by…", "Decisão", "حكم", "Summary".
GENERIC = re.compile(
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
_ROLE_WORDS = (
    r"(?:plaintiffs?|defendants?|petitioners?|respondents?|appellants?|appellees?|applicants?|complainants?|"
    r"claimants?|employee|employer|carrier|intervenors?|amicus curiae|accused|demandantes?|demandad[oa]s?|"
    r"recurrentes?|recurrid[oa]s?|requérante?s?|défendeurs?|défenderesses?|demandeurs?|demanderesses?|"
    r"requerentes?|requerid[oa]s?|autor(?:es|as?)?|r[ée]us?|المدعي|المدعى عليه|المستأنف|المستأنف ضده)"
)
# A party's role printed after its name: "– First Appellant", "…APPELLANT(S)", ", Plaintiff - Appellee,".
_ROLE = re.compile(
    r"(?:^|[\s,.;:…)–—-]+)(?:\.{2,}\s*)?(?:\d{1,2}\s+)?(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+)?"
    rf"{_ROLE_WORDS}(?:\s*\(s\))?(?:\s*[-–—]\s*{_ROLE_WORDS}(?:\s*\(s\))?)?[\s.,;]*(?:with|and|et|y)?\s*$",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    rf"^[\s.,;:…)(\[\]-]*(?:(?:\d+\s*)?(?:(?:first|second|third)\s+)?{_ROLE_WORDS}(?:\s*\(s\))?[\s.,;:)–—-]*)+$",
    re.IGNORECASE,
)
# A docket printed in a caption's right-hand column: "Docket No. 2019-06-0263", "Case No. 2:18-cv-10166 (AFM)".
_DOCKET = re.compile(
    r"(?i)\b(?:state file|docket|case|file)\s+(?:no|number)s?\.?\s*:?\s*[\w:./-]*\d[\w:./-]*(?:\s*\([A-Z]{2,6}\))?"
)
# Blocks that stop a stacked caption: the body's first words, headings, labels, dockets, the bench.
_STOP = re.compile(
    r"^(?:in the matter between|between|entre|judgment|order|coram|before|heard|delivered|present|docket|case no|"
    r"no\.|w\.?p\.?|civil|criminal|appeal|state file|judge|date|j u d g m e n t|memorandum|opinion|and$|with$)",
    re.IGNORECASE,
)
_CASE_LEAD = re.compile(
    r"^(?:caso|case of|case|affaire|causa|asunto|assunto|in the matter of|matter of|in re|title)\b", re.IGNORECASE
)
_DETAIL_BRACKET = re.compile(
    r"\s*[(\[]\s*(?:\d|(?:civil|criminal|case|suit|petition|appeal|application|judgment|ruling|order|merits|"
    r"admissibility|reparations|preliminary|misc|writ)\b)",
    re.IGNORECASE,
)
_KANOON_DATE = re.compile(r"\s+on\s+\d{1,2}\s+\w+,?\s+\d{4}\s*$")


@dataclass
class Found:
    """Parties found, and where: the caption is worth more than a citation in the body."""

    parties: Parties
    source: str  # "line", "window", "stacked", "labelled", "petition", "matter", "prose"


def parties_of(text: str, identifiers: list[str], prose: bool = False) -> Parties | None:
    """The parties of a caption line, with identifiers, framing words and generic headings stripped."""
    text = text.strip().strip('«»“”"').strip()
    if is_boilerplate(text):
        return None  # "See United States v. …, 200 U.S. 321": a citation, not this document's caption
    for piece in _SEPARATOR.split(text):
        match = VERSUS.search(piece) or _slash_versus(piece)
        if match is None:
            continue
        inner = re.search(r"\(([^()]*" + re.escape(match.group(0).strip()) + r"[^()]*)\)", piece)
        if inner and not VERSUS.search(piece.replace(inner.group(0), "")):
            piece = inner.group(1)  # "Communication 276/2003 (Endorois c. Kenya)"
        return _split_parties(piece, identifiers, prose)
    return None


def _slash_versus(piece: str) -> re.Match[str] | None:
    """ "A / Nigeria": a slash between a party and a State, as the African Commission writes it."""
    match = re.search(r"\s+/\s+", piece)
    return match if match and country_code(piece[match.end() :].strip(" .")) else None


def strip_role(text: str) -> str:
    """A party without the role printed after it ("…APPELLANT(S)", ", Plaintiff - Appellee,")."""
    previous = None
    while previous != text:
        previous = text
        text = _ROLE.sub("", text).strip(" ,;:")
    return re.sub(r"\s*(?:\.{2,}|…)\s*$", "", text).strip(" ,;:")


def _split_parties(piece: str, identifiers: list[str], prose: bool) -> Parties | None:
    printed = re.sub(r";\s+(?=et al\b)", ", ", piece.strip().strip('«»“”"').strip(), flags=re.IGNORECASE)
    piece = smart_case(printed)
    for _ in range(3):
        piece = _LEAD.sub("", piece).strip()
        for value in identifiers:
            if piece.startswith(value):
                piece = piece[len(value) :].strip(" –—-:,")
    # "CA 9535/06 Abu Massad v. …", "الاستئناف المدني 9535/06 أبو مساعد ضد …": a case number before the parties.
    piece = re.sub(r"^(?:[^\d\s]+\s+){0,3}\d+(?:[/.]\d+)+\s+(?=\S)", "", _TRAIL.sub("", piece))
    piece = _KANOON_DATE.sub("", piece)  # "A vs B on 29 April, 2025": a web print's title
    match = VERSUS.search(piece) or _slash_versus(piece)
    if match is None:
        return None
    applicant, respondent = strip_role(piece[: match.start()].strip(" ,")), piece[match.end() :].strip()
    found = _PROSE.match(applicant)
    if bool(found) != prose:
        return None
    if found:
        applicant = applicant[found.end() :]
    lower = applicant[:1].islower() and applicant[:1].isascii()
    if not applicant or not respondent or GENERIC.match(applicant) or lower or _INSTRUMENT.search(applicant):
        return None
    if applicant[:1] in "(“\"'«[" or not re.search(r"\w", applicant):
        return None  # "(“CESANTES…”) VS. PERÚ": the second line of a caption, its first line elsewhere
    if not prose and (re.match(r"^\d+\s", applicant) or is_sentence(applicant)):
        return None  # "1 I have voted … in the Case of A v. B": a paragraph citing a case, not a caption
    if re.match(r"^(?:la|el|los|las|le|les|o|a|os|as|the)\s+[a-zà-ÿ]", respondent):
        return None  # "contra la mujer": a preposition in prose, not a party
    respondent = re.sub(r"^\d{1,2}\.\s*", "", respondent)  # "1. The Government of …": the first of a list
    rest = ""
    subject = re.search(r"\s+s/\s+", respondent)  # Argentine captions: "A c/ B s/ amparo" (the object of the suit)
    if subject:
        respondent, rest = respondent[: subject.start()], respondent[subject.start() :].strip()
    respondent = _end_of_respondent(respondent)
    if not respondent:
        return None
    versus = _printed_versus(match.group(0).strip())
    # A side in capitals beside a role in lower case ("ROCK BORDELON, Petitioners v. …"): cased side by side.
    cased = _cased(applicant), _cased(respondent)
    capitals = piece != printed or cased != (applicant, respondent)
    return Parties(cased[0], cased[1], rest.rstrip(" .»"), versus, capitals=capitals)


def _cased(side: str) -> str:
    """A party in capitals in title case, comma by comma ("W.J. SULLIVAN, Warden" → "W.J. Sullivan, Warden")."""
    segments = side.split(", ")
    # Only a segment with no lower-case letter at all: "APDF et IHRDA" is acronyms in a mixed-case line.
    return ", ".join(smart_case(s, heading=len(s.split()) > 1) if s.upper() == s else s for s in segments)


def _end_of_respondent(respondent: str) -> str:
    """The respondent up to the citation details, a second caption or the unnamed co-respondents."""
    second = VERSUS.search(respondent)
    if second:
        respondent = respondent[: second.start()]
    others = OTHERS.search(respondent)
    if others:
        numbered = re.match(r"\s*\(No\.? \d+\)", respondent[others.end() :])  # "(No 2)": the decision's own
        respondent = respondent[: others.end() + (numbered.end() if numbered else 0)]
    bracket = _DETAIL_BRACKET.search(respondent)
    if bracket and bracket.start() > 0:
        respondent = respondent[: bracket.start()]
    segments = respondent.split(", ")
    # ", SC Petition No. 3 of 2018", ", judgment of 6 February 2020 (Merits, …)": citation details, not parties.
    details = re.compile(r"\d|^(?:judgment|sentencia|arrêt|decision)\b", re.IGNORECASE)
    cut = next((i for i, segment in enumerate(segments) if i and details.search(segment)), len(segments))
    respondent = strip_role(", ".join(segments[:cut]).strip(" »"))
    if respondent.endswith(".") and not re.search(r"\b(?:etc|al|Ors|Anr|Ltd|Inc|Co|No|[A-Z])\.$", respondent):
        respondent = respondent[:-1]
    return respondent.strip()


def _printed_versus(word: str) -> str | None:
    """The versus word as printed, spelled as citations do ("v" → "v.", "VS." → "vs."); None for "/" ."""
    word = word.lower()
    return {"v": "v.", "versus": "v.", "vs": "vs.", "/": None, "and": None, "et": None, "y": None, "e": None}.get(
        word, word
    )


def comma_caption(block: str) -> Parties | None:
    """ "Report No. 75/02, Case 11.140, Mary and Carrie Dann, United States": the petitioner, then the State."""
    segments = block.strip(" .").split(", ")
    if len(segments) < 3 or not re.search(r"\d", segments[0]) or re.search(r"\d", segments[-2]):
        return None
    if country_code(segments[-1]) is None or GENERIC.match(segments[-2]):
        return None
    return Parties(segments[-2], segments[-1])


def window_captions(head: list[str], identifiers: list[str]) -> list[Parties]:
    """Captions a layout cut into two or three blocks: "CASO A Y OTROS" / "(“B”) VS. PERÚ", "A …" / "VERSUS B"."""
    found = []
    for index in range(len(head) - 1):
        for size in (2, 3):
            pieces = head[index : index + size]
            if len(pieces) < size or any(len(p) > 200 for p in pieces) or VERSUS.search(f" {pieces[0]} "):
                continue
            # The versus word between the last two lines ("A" / "VERSUS B"), or a caption's own opening word.
            edge = _EDGE_END.search(pieces[-2]) or _EDGE_START.match(pieces[-1])
            if not (_CASE_LEAD.match(pieces[0]) or (edge and size == 2)):
                continue
            parties = parties_of(" ".join(pieces), identifiers)
            if parties is not None:
                found.append(parties)
                break
    return found


_EDGE_END = re.compile(r"\s(?:v\.?|vs\.?|versus|c\.|contre|contra|ضد)$", re.IGNORECASE)
_EDGE_START = re.compile(r"^(?:v\.?|vs\.?|versus|c\.|contre|contra|ضد)\s", re.IGNORECASE)


def run_on(head: list[str], parties: Parties, identifiers: list[str]) -> Parties:
    """A one-line caption whose respondent runs on into the next block, up to citation details (a web print's
    wrapped title: "A v Landbank" / "Real Estate … Limited (Civil Suit 381 of 2015) [2021]")."""
    for index, block in enumerate(head[:-1]):
        if not block.endswith(parties.respondent) or len(head[index + 1]) > 200:
            continue
        joined = parties_of(f"{block} {head[index + 1]}", identifiers)
        rest = head[index + 1]
        detail = _DETAIL_BRACKET.search(rest) or _KANOON_DATE.search(rest)
        if joined and joined.respondent.startswith(parties.respondent + " ") and detail:
            return joined
    return parties


def stacked_captions(head: list[str]) -> list[Parties]:
    """Captions stacked around a "v." (or "Versus", "and" after "between") printed alone on its line."""
    found: list[Parties] = []
    between = connected = False
    head = [_clean(piece) for block in head for piece in _column_pieces(block)]
    for index, raw in enumerate(head):
        block = strip_role(raw) or raw
        if re.match(r"^(?:in the matter between|between|entre)\b", block, re.IGNORECASE):
            between = True
        if found and re.match(r"^(?:with|along with|connected with|and connected matters?)$", block, re.IGNORECASE):
            connected = True  # matters heard with the first: the first names the judgment
        alone = _VERSUS_ALONE.match(block)
        if alone is None or index == 0 or index + 1 >= len(head):
            continue
        if connected:
            break
        if fold(block) in ("and", "et", "y", "e") and not between:
            continue  # "and" joins a stacked caption only after "Between"
        before, listed = _collect(list(reversed(head[:index])))
        after, respondents = _collect(head[index + 1 :])
        if before and after:
            before.reverse()
            applicant = _lines(before)
            if listed and len(before) > 1 and not OTHERS.search(before[0]):
                applicant = smart_case(before[0]) + " and Others"
            respondent = after[0] if respondents else _lines(after)
            parties = Parties(_cased(smart_case(applicant)), _cased(smart_case(_end_of_respondent(respondent))))
            parties.versus = _printed_versus(block)
            if parties.respondent and not GENERIC.match(parties.applicant):
                found.append(parties)
    return found


_TITLE_WORD = re.compile(
    r"^(?:warden|secretary|commissioner|director|minister|governor|sheriff|attorney general"
    r"|superintendent|administrator|executor|trustee|guardian|chairman|president)\W*$",
    re.I,
)


def _lines(pieces: list[str]) -> str:
    """A party's name printed over lines, an office on its own line after a comma ("Knowles, Warden")."""
    text = pieces[0]
    for piece in pieces[1:]:
        text += (", " if _TITLE_WORD.match(piece) else " ") + piece
    return text


def _clean(block: str) -> str:
    """A caption line without the right-hand column's brackets and docket: ") v. ) State File No. 9687-2019".

    A line that held only the right-hand column (a docket, the judge's name) comes out empty: it is skipped,
    never read as a party's name nor as the end of the caption."""
    if _COLUMN_ENTRY.match(block):
        return ""
    if block.count(")") > block.count("("):
        block = re.sub(r"(?:^|\s)\)(?=\s|$)", " ", block)
    cleaned = " ".join(_DOCKET.sub(" ", block).split())
    return cleaned if cleaned or not _DOCKET.search(block) else ""


# The right-hand column of a caption printed alone after its bracket: ") Judge A. B. Smith", ") Docket No. 12".
_COLUMN_ENTRY = re.compile(
    r"^\)\s*(?:(?:administrative |magistrate |presiding )?judge|hon(?:ourable|orable|\.)|docket|case|state file|file"
    r"|no\.|appeal|heard|division)\b",
    re.IGNORECASE,
)
# A transcript's caption is ruled off by a column of colons: "JOHN DOE, : WARDEN, :", "v. : No. 08-1234".
_COLON_RULE = re.compile(r"\s+:(?=\s|$)")
_BARE_DOCKET = re.compile(r"^No\.\s*\d[\w-]*\s*", re.IGNORECASE)


def _column_pieces(block: str) -> list[str]:
    """A caption block cut at a transcript's colon rule, each piece without the docket the rule's column holds."""
    if not block.rstrip().endswith(" :"):
        return [block]  # "Requérant : A" is a French label; the rule ends every line of a transcript's caption
    pieces = [_BARE_DOCKET.sub("", piece.strip()) for piece in _COLON_RULE.split(block)]
    return [piece for piece in pieces if piece.strip()] or [block]


def _collect(blocks: list[str]) -> tuple[list[str], bool]:
    """A party's name from the blocks next to the versus word: role-only lines skipped, up to three lines; or,
    when the nearest line ends with a role, each neighbouring line that also ends with one (one party each)."""
    name: list[str] = []
    listed = False  # parties one per line, each with its role ("A – First Appellant", "B – Second Appellant")
    for raw in blocks:
        if _ROLE_ONLY.match(raw) or re.fullmatch(r"[\s)(:;,|]*", raw) or GENERIC.match(raw):
            if name:
                break
            continue
        if _STOP.match(raw) or is_boilerplate(raw) or _VERSUS_ALONE.match(strip_role(raw) or raw):
            break
        role = bool(_ROLE.search(raw))
        if (listed and not role) or (name and not role and is_institution(raw)):
            break  # the last of the listed parties, or the court's name above the caption
        text = strip_role(re.sub(r"^[\s)|:]+|[\s(|:]+$", "", re.sub(r"^\d{1,2}\.\s*", "", raw)))
        text = re.sub(r"(?i)\s*\b(?:case|docket)\s+no\.?\s*:?\s*\S+", "", text).strip(" ,")
        if not text or (re.search(r"\d{3,}", text) and not name):
            break
        if re.match(r"^(?:at|in the|rep\.|represented|through|r/o)\b", text, re.IGNORECASE):
            break  # the seat of the court, or a party's address and representative
        name.append(text)
        if role and len(name) == 1:
            listed = True
        elif listed:
            continue
        elif len(name) >= 3 or (raw.rstrip().endswith(",") and not _TITLE_WORD.match(text)):
            break  # "Name," ends a party; "WARDEN," is the office of the name above it
    return [n.strip(" ,") for n in name], listed


# A treaty body's cover labels may share a line; a court's role labels start one.
_LABELS = {
    "applicant": (
        r"(?:(?:communication\s+)?(?:submitted by|presentad[ao]s? por|présentée? par|apresentad[ao]s? por|"
        r"المقدمة? من|مقدمة? من|authors? of the communication|author(?:\(s\)|s)?|auteure?s?(?:\(e?s\))?|"
        r"autor(?:\(es\)|\(as\)|es|as?)?|صاحب البلاغ|أصحاب البلاغ)"
        r"|(?<![^\n])(?:complainants?|plaignante?s?|plaintiffs?|applicants?|requérante?s?|"
        r"requerentes?|reqte\.?\s?\(s\)|petitioners?|appellants?|demandantes?|accionantes?|"
        r"المدعي|المدعون|المستأنفون|المستأنف|الشاكي))"
    ),
    "victim": (
        r"(?:alleged victims?|alleged victim\(s\)|presumed victims?|victime?s? présumée?s?|victime\(s\) présumée\(s\)|"
        r"presuntas? víctimas?|presunta\(s\) víctima\(s\)|supostas? vítimas?|suposta\(s\) vítima\(s\)|"
        r"الضحية المزعومة|الضحايا المزعومون|الضحية)"
    ),
    "respondent": (
        r"(?:state party|estado parte|état partie|respondent state|état défendeur|estado demandado|الدولة الطرف"
        r"|(?<![^\n])(?:defendants?|respondents?|défendeurs?|intdo\.?\s?\(a/s\)|requeridos?|demandados?|"
        r"المدعى عليهم|المدعى عليه|المستأنف ضدهما|المستأنف ضده|المشكو في حقه))"
    ),
}
_LABEL = re.compile(
    "|".join(rf"(?P<{role}>(?:^|(?<=\s)|(?<=\n)){pattern}\s*:)" for role, pattern in _LABELS.items()),
    re.IGNORECASE,
)
_NEXT_LABEL = re.compile(
    r"\s(?:date of (?:communication|adoption|decision)|fecha de|date de la|data d[ae]|document references?|"
    r"referencias?|références?|subject matter|asunto|objet|assunto|procedural issues?|substantive issues?|"
    r"articles? of|artículos? de|articles? du|artigos? d|تاريخ|الموضوع)\b[^:]{0,40}:",
    re.IGNORECASE,
)
_REPRESENTED = re.compile(r"\s*\([^)]*(?:represent|représent|ممثل|counsel|conseil|abogad|advogad)[^)]*\)", re.I)


def labelled(head: list[str], states: list[str], language: str) -> Parties | None:
    """ "Submitted by: A … State party: B" (and kin in the five languages) from a treaty body's cover."""
    text = "\n".join(head)
    marks = list(_LABEL.finditer(text))
    found: dict[str, str] = {}
    for number, mark in enumerate(marks):
        role = mark.lastgroup or ""
        end = marks[number + 1].start() if number + 1 < len(marks) else len(text)
        value = text[mark.end() : end]
        stop = _NEXT_LABEL.search(" " + value)
        value = value[: max(0, stop.start() - 1)] if stop else value
        value = _REPRESENTED.sub("", " ".join(value.split()))
        if role in ("applicant", "victim"):
            value = re.split(r",\s+(?=[a-z])|،|\s\((?:born|née?|nacid[ao]|nascid[ao])\b", value)[0]
        value = re.sub(r"(?<=[a-z]{3})\.$", "", value.split("،")[0].strip(" ;,"))
        if not value or role in found or re.match(r"^(?:the|l[ae]|l')\s*aut", value, re.IGNORECASE):
            continue
        if len(value) > 200:
            continue  # prose after a label-like phrase, not a cover entry
        if _EDGE_START.match(value) or _VERSUS_ALONE.match(value):
            continue  # "Petitioner : / v. : …": a transcript's stacked caption, its role then its "v.", no label
        found[role] = value
    applicant = found.get("applicant") or found.get("victim")
    respondent = found.get("respondent")
    if applicant and not respondent and states and ("applicant" in found or "victim" in found):
        respondent = country_short_name(states[0], language)
    if applicant and respondent:
        return Parties(smart_case(applicant), smart_case(respondent))
    return None


_PETITION = re.compile(
    r"^(?:petition|petición|petição|peticao|case|caso|communication|comunicación|comunicação|"
    r"requête|demande|application)\s+(?:n(?:o|º|°|\.º)\.?\s*)?[\d.]+(?:/\d+)?\s*$",
    re.IGNORECASE,
)


def petition_caption(head: list[str], language: str) -> Parties | None:
    """A commission's cover: "PETITION 12.357" then the petitioner and the State, one per line, either order."""
    for index, block in enumerate(head):
        if not _PETITION.match(block):
            continue
        near = head[index + 1 : index + 5]
        states = [b for b in near if country_code(b.strip(" .")) is not None and len(b.split()) <= 4]
        name: list[str] = []
        for block in near:
            if block in states or re.search(r"\d", block) or block.startswith(("[", "(")) or len(block) > 200:
                if name:
                    break  # the petitioner's name printed over two lines ends here
                continue
            if is_boilerplate(block) or GENERIC.match(block):
                break
            name.append(block)
        if states and name:
            code = country_code(states[0].strip(" ."))
            state = (country_short_name(code, language) if code else None) or smart_case(states[0], heading=True)
            return Parties(smart_case(" ".join(name), heading=True), state)
    return None


_MATTER = re.compile(r"^(asunto|matter of|affaire|assunto|caso|case of|case)\s+(.{3,150})$", re.IGNORECASE)
_REGARDING = re.compile(
    r"(?:^|\s)(respecto de|regarding|with respect to|with regard to|à l'égard de|concernant|a respeito de|"
    r"em relação a)\s+"
    r"(?:la |el |the |l'|o |a )?(.{3,80})$",
    re.IGNORECASE,
)


def matter_caption(head: list[str], language: str) -> Parties | None:
    """A matter before a court about a State, on one line or two: "Asunto Álvarez y otros respecto de Colombia"."""
    for index, block in enumerate(head):
        matter = _MATTER.match(block)
        if matter is None or VERSUS.search(f" {block} "):
            continue
        own = _REGARDING.search(matter.group(2))
        lines = [matter.group(2)] if own else head[max(0, index - 3) : index + 3]
        name = matter.group(2)[: own.start()].strip() if own else matter.group(2)
        for number, line in enumerate(lines):
            regarding = _REGARDING.search(line)
            code = country_code(regarding.group(2).strip(" .")) if regarding else None
            if regarding and code:
                state = country_short_name(code, language) or regarding.group(2).strip(" .")
                # "Medidas Provisionales / respecto de …": the proceeding the line before names, kept in brackets.
                stage = lines[number - 1] if number and not own else ""
                rest = f"({stage})" if _STAGE.match(stage) else ""
                caption = smart_case(f"{matter.group(1)} {name}")
                # English has one usual word for it in a matter's name: "Matter of A regarding Colombia".
                versus = regarding.group(1).lower().replace("with regard to", "regarding")
                return Parties(caption, state, rest=rest, versus=versus)
    return None


_STAGE = re.compile(
    r"^(?:provisional measures|medidas provisionales|mesures provisoires|medidas provisórias|supervision of compliance"
    r"|supervisión de cumplimiento|supervision de l'exécution|supervisão de cumprimento|urgent measures"
    r"|medidas urgentes|mesures urgentes)\b[^\d]{0,40}$",
    re.IGNORECASE,
)
_MARRIAGE = re.compile(
    r"^in (?:the matter of )?(?:the )?marriage of\s+(?P<one>[^,]+?)(?:,\s*(?:respondent|appellant|petitioner)s?)?,?"
    r"\s+and\s+(?P<two>[^,]+?)(?:,\s*(?:respondent|appellant|petitioner)s?)?\.?$",
    re.IGNORECASE,
)


def marriage_caption(head: list[str]) -> str | None:
    """ "In the Matter of the Marriage of A B, Respondent, and C B, Appellant." → "In re Marriage of B"."""
    for block in head[:8]:
        match = _MARRIAGE.match(block.strip())
        if match:
            one, two = smart_case(match["one"]).split(), smart_case(match["two"]).split()
            if one[-1:] == two[-1:]:
                return f"In re Marriage of {one[-1]}"
            return f"In re Marriage of {' '.join(one)} and {' '.join(two)}"
    return None


_PROSE_CASE = re.compile(
    r"\b(?i:in the case of|in the matter of|dans l['’]affaire|en el caso|no caso|en la causa|in re)\s+"
    r"(?P<caption>[A-ZÀ-Ý][^;:]{2,200}?\s(?:v\.|vs\.|Vs\.|c\.)\s+(?:le |la |l['’]|el |the |o |a )?"
    r"[A-ZÀ-Ý][\w'’-]+(?:\s(?:[A-ZÀ-Ý][\w'’-]+|de|del|of|da|do))*)"
)


def prose_caption(blocks: list[str], identifiers: list[str]) -> Parties | None:
    """The case an opinion or an order names in its first paragraphs: "in the Case of A v. Chile"."""
    for block in blocks[:8]:
        match = _PROSE_CASE.search(block)
        if match:
            caption = re.sub(r"\s(v\.|vs\.|Vs\.|c\.)\s+(?:le |la |l['’]|el |the |o |a )", r" \1 ", match["caption"])
            parties = parties_of(caption, identifiers)
            if parties is not None:
                return parties
    return None
