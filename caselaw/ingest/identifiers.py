"""A decision's own identifiers, read from its caption and running headers: UN symbols, communication, report,
petition, case and application numbers in five languages, Series C numbers, neutral citations, ECLI, court
dockets (US, Indian, French, Latin American). Values are normalised so the same identifier printed in two
languages compares equal: the label goes ("Informe No.", "Relatório N.°"), leading zeros of the number go
("N.° 013/2021" and "No. 13/2021" are both `13/2021`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from caselaw.ingest.dates import ascii_digits
from caselaw.ingest.keywords import Folded, matcher

_CAPTION_CHARS = 2500  # identifiers: the caption and preamble; later ones are usually other cases cited
_CAPTION_END = re.compile(
    r"\n\s*(?:\[1\]|1[.)]|1\.-)\s|\n\n1 (?=[A-Z])"
)  # the numbered paragraphs begin: other cases' numbers
_NO = r"(?:(?:n|nr|num|numero|number|nos?)\s?\.?\s?[o°]?s?\.?\s*|رقم\s*)"  # "No.", "Nº", "n.º", "N.°", "núm."
_NUMBER = r"\d[\d.]*(?:/\d{2,4})?(?<!\.)"
_UN_SYMBOL = re.compile(
    r"(?<![\w/])(?:E/C\.12|CCPR/C|CEDAW/C|CRC/C|CRPD/C|CERD/C|CAT/C|CED/C|CMW/C|A/HRC|A/RES|A|E|S|HRI)"
    r"(?:/(?:[0-9]+(?:-[0-9]+)?|[A-Z]{1,5}(?:\.[0-9]+)?)){2,7}(?![\w/])"
)
# Labelled numbers, matched on folded text: (scheme, labels in the five languages).
_LABELLED = (
    ("communication", r"communication|comunicacion|comunicacao|البلاغ|بلاغ|comm\."),
    ("report", r"report|informe|rapport|relatorio|التقرير|تقرير"),
    ("petition", r"petition|peticion|petition|peticao|العريضة|الالتماس"),
    ("application", r"application|requete|demanda|queixa|الطلب"),
    ("complaint", r"(?:collective )?complaint|reclamation(?: collective)?|reclamacion(?: colectiva)?|reclamacao"
     r"(?: colectiva| coletiva)?|الشكوى(?: الجماعية)?"),
    ("case-number", r"case|caso|affaire|القضية"),
)  # fmt: skip
_SERIES_C = re.compile(r"\bseri(?:e|es) c,?\s*" + _NO + r"?(\d{1,4})\b")
_NEUTRAL = re.compile(r"(\[(?:19|20)\d{2}\] [A-Za-z]{2,10} \d{1,6})(?: (\((?:[A-Z]{2,5})\)))?")
_NEUTRAL_YEAR_FIRST = re.compile(r"(?<![\d/.:-])((?:19|20)\d{2} [A-Z]{2}[A-Z]{1,6} \d{1,6})\b")
_TAX_MEMO = re.compile(r"\b(T\.C\. (?:Memo\.|Summary Opinion) \d{4}-\d{1,4})\b")
_ECLI = re.compile(r"\b(ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25})")
# United States district courts: office, year, kind, number, judges ("2:18-cv-10166-JAK (AFM)").
_US_CASE = re.compile(r"\b(\d{1,2}:\d{2}-[A-Za-z]{2,4}-\d{3,6})((?:-[A-Z]{2,4}){0,3})(?:\s?\(([A-Za-z]{2,6})\)?)?")
_DOCKET_LIST = re.compile(
    r"\b(?:docket|dockets|file|state file)\s+" + _NO + r"\s*((?:[A-Z]{2,5}-)?\d[\d-]*\d(?:\s*(?:,|and|&)\s*"
    r"(?:[A-Z]{2,5}-)?\d[\d-]*\d)*)",
    re.IGNORECASE,
)
# Appellate and Supreme Court numbers of the United States ("No. 07-1315", "No. 33971-8-III").
_US_NUMBER = re.compile(r"(?:^|\n|\[|\()\s*Nos?\. ?(\d{2,6}-\d{1,5}(?:-[IVX]{1,4})?)\b")
# A kind of proceeding, its number and year, as South Asian, Kenyan and other common-law courts print them
# ("W.P. No. 150 of 2020", "SLP (Crl.) No. 354 of 2019", "CIVIL SUIT 381 OF 2015").
_KIND_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+[A-Z]?|[A-Z]{2,4}(?![a-z])|[A-Z][a-z]+|[A-Z]{5,})"
_OF_YEAR = re.compile(
    rf"(?<![\w.])((?:{_KIND_WORD}\.? ?){{1,4}}(?:\((?:[A-Za-z]{{1,5}}\.?)\) ?)?)(?:No\.? ?|NO\.? ?)?(\d{{1,6}}) "
    r"(?:of|OF) ((?:19|20)\d{2})\b"
)
_NOT_A_KIND = re.compile(
    r"^(?:OF|OUT|AND|IN|THE|ON|AT|BY|TO|NO|WITH|FROM|ARISING|Act|ACT|Acts|Section|Sections|SECTION|Rule|Rules|"
    r"Article|Articles|Regulation|Regulations|Chapter|Schedule|Ordinance|Order|Notification|Year|Page|Para|"
    r"Paragraph|Part|Item|Clause)$"
)
_FRENCH_APPEAL = re.compile(r"\bpourvoi\s+" + _NO + r"(?:[a-z]\s+)?(\d{2}-\d{2}\.\d{3})")
_FRENCH_JUDGMENT = re.compile(r"\barret\s+" + _NO + r"(\d{1,6}(?: [a-z]{1,3}(?:-[a-z]{1,3})*)?)\b")
_LATIN_PROCEEDINGS = re.compile(
    r"\b(accion de inconstitucionalidad|amparo (?:en revision|directo(?: en revision)?)|controversia constitucional|"
    r"recurso (?:de (?:casacion|amparo|apelacion|revision|nulidad|queja|inconstitucionalidad)|extraordinario|"
    r"especial)|juicio de amparo|accion de tutela|accion de amparo|habeas corpus)\s+" + _NO + r"?(\d{1,6}/\d{2,4})"
)
# National courts' own numbering, each printed in its usual form: the value is what a citation would write.
_COURT_NUMBERS = (
    # Argentina's Supreme Court: letter, number, volume in Roman numerals ("M. 1569. XL.").
    ("docket", re.compile(r"(?<![\w.])([A-Z]\. \d{1,5}\. [XLVI]{1,6}\.)(?!\w)")),
    # Brazil's Supreme Court: the class of action and its number ("ADPF 709 MC / DF").
    ("docket", re.compile(r"\b((?:ADPF|ADI|ADC|ADO) \d{1,5})\b")),
    # Portugal's Constitutional Court: "Acórdão n.º 187/2013" and "Processos n.os 2/13, 5/13 e 11/13".
    ("case-number", re.compile(r"\b(Acórdão n\.º \d{1,4}/\d{4})\b")),
    ("docket", re.compile(r"\b(Processos? n\.(?:os|º) \d+/\d+(?:(?:, | e )\d+/\d+)*)")),
    # Writ petitions numbered by the year ("W.P. No. 25501/2015", "Writ Petitions Nos. 4610-4612 … of 1981").
    (
        "docket",
        re.compile(r"\b((?:Writ Petitions?|W\.P\.) Nos?\. \d[\d-]*(?:(?:, | and )\d[\d-]*)*(?: of \d{4}|/\d{4}))"),
    ),
    # Registry numbers with the kind of document in them ("Suit No. ECW/CCJ/APP/08/09").
    ("application", re.compile(r"\b(?:Suit|Application) No\.? ?([A-Z]{2,5}(?:/[A-Z]{2,5})*/APP/\d+/\d+)")),
    ("case-number", re.compile(r"\b(?:Judgment|Ruling) No\.? ?([A-Z]{2,5}(?:/[A-Z]{2,5})*/(?:JUD|RUL)/\d+/\d+)")),
    # Colombian files: "expediente T-653010 y acumulados" (the joined files are part of the reference).
    ("docket", re.compile(r"\b[Ee]xpediente (T-\d+(?: y acumulados)?)")),
    ("case-number", re.compile(r"\b(Fallos: \d{1,3}:\d{1,5})\b")),
    ("case-number", re.compile(r"\b(?:Sentencia|Sentença)\s+((?:T|SU|C)-\d+/\d{2,4})\b")),
)
# Appeals cited by the abbreviation of their kind, whatever the language of the summary ("CA 9535/06").
_APPEAL_KINDS = {
    "CA": r"CA|Civil Appeal(?: No\.)?|Appel civil(?: n[°º])?|Apelación civil(?: n\.º)?|الاستئناف المدني(?: رقم)?",
    "CrimA": r"CrimA|Criminal Appeal(?: No\.)?|الاستئناف الجنائي(?: رقم)?",
    "HCJ": r"HCJ|بغاتس(?: رقم)?",
}
# Egyptian and other Arab courts: "الدعوى رقم 21606 لسنة 63 قضائية" (case 21606 of judicial year 63).
_ARABIC_CASE = re.compile(r"(?:الدعوى|القضية|الطعن)\s+رقم\s+(\d+)\s+لسنة\s+(\d+)")
# An Arab registry's own number, labelled either way round ("رقم الطلب 148", "الطلب رقم 148", "القرار رقم 12"): the
# label says what the number is, so a bare number counts (a paragraph is "البند" or "الفقرة", never these). A
# request or grievance is an application; a decision, suit, case or appeal a case number.
_ARABIC_NOUNS = {"الطلب": "application", "التظلم": "application", "القرار": "case-number", "الدعوى": "case-number",
                 "القضية": "case-number", "الطعن": "case-number"}  # fmt: skip
_ARABIC_NUMBERED = re.compile(
    rf"(?<!\w)(?:رقم\s+({'|'.join(_ARABIC_NOUNS)})|({'|'.join(_ARABIC_NOUNS)})\s+رقم)"
    r"\s*[:.]?\s*\(?(\d+(?:[/-]\d+)+|\d{3,})(?![\d/])"
)
# Schemes whose numbers are printed with and without leading zeros across languages ("N.° 013/2021", "No. 13/2021").
_UNPADDED = frozenset({"communication", "report", "petition", "complaint", "case-number"})
_BARE_NUMBER = r"[A-Z]{0,4}[ -]?\d[\d./-]*\d|\d"


def caption(text: str, running_headers: list[str]) -> str:
    """The part of a text where its own identifiers are printed: the caption (before the numbered paragraphs)
    and the running headers."""
    head = text[:_CAPTION_CHARS]
    first = _CAPTION_END.search(head)
    return (head[: first.start()] if first else head) + "\n" + "\n".join(running_headers)


def read_identifiers(text: str) -> list[tuple[str, str]]:
    """Every identifier printed in `text` (a caption), as (scheme, normalised value), without repeats."""
    found: dict[tuple[str, str], None] = {}
    keys: set[str] = set()
    schemes: set[tuple[str, str]] = set()

    def add(scheme: str, value: str) -> None:
        value = " ".join(value.split()).strip(" ,;-")
        key = _key(value)
        # The same number again, or a part of one of its scheme already read ("4610-4612" of "Nos. 4610-4612 and
        # 5068-5079"); a communication number is also part of its UN symbol, and both are kept.
        if not value or not key or key in keys or any(f" {key} " in f" {k} " for s, k in schemes if s == scheme):
            return
        keys.add(key)
        schemes.add((scheme, key))
        found[(scheme, value)] = None

    text = ascii_digits(text)
    folded = Folded.of(text)
    for match in _UN_SYMBOL.finditer(text):
        if "/" in match.group(0)[2:] and re.search(r"\d", match.group(0)):
            add("un-symbol", match.group(0))
    for scheme, value in _court_numbers(text, folded):
        add(scheme, value)
    for scheme, value in _labelled(folded):
        add(scheme, value)
    for scheme, value in _generic(folded, keys):
        add(scheme, value)
    return list(found)


def _court_numbers(text: str, folded: Folded) -> Iterator[tuple[str, str]]:
    """Numbers in the forms particular courts print them, most specific first."""
    for scheme, pattern in _COURT_NUMBERS:
        for match in pattern.finditer(text):
            yield scheme, match.group(1)
    for abbreviation, spelled in _APPEAL_KINDS.items():
        for match in re.finditer(rf"(?<!\w)(?:{spelled})\s+(\d{{1,6}}/\d{{2,4}})\b", text):
            yield "case-number", f"{abbreviation} {match.group(1)}"
    for match in _ARABIC_CASE.finditer(text):
        yield "case-number", f"{match.group(1)}/{match.group(2)}"
    for match in _ARABIC_NUMBERED.finditer(text):
        yield _ARABIC_NOUNS[match.group(1) or match.group(2)], match.group(3)
    for match in _ECLI.finditer(text):
        yield "ecli", match.group(1)
    for match in _NEUTRAL.finditer(text):
        yield "neutral-citation", match.group(1) + (f" {match.group(2)}" if match.group(2) else "")
    for match in _NEUTRAL_YEAR_FIRST.finditer(text):
        yield "neutral-citation", match.group(1)
    for match in _TAX_MEMO.finditer(text):
        yield "neutral-citation", match.group(1)
    for match in _US_CASE.finditer(text):
        judges = match.group(2).upper()
        referral = f" ({match.group(3)})" if match.group(3) else ""
        yield "docket", match.group(1).lower() + judges + referral
    for match in _DOCKET_LIST.finditer(text):
        for number in re.split(r"\s*(?:,|\band\b|&)\s*", match.group(1)):
            yield "docket", number
    for match in _US_NUMBER.finditer(text):
        yield "docket", match.group(1)
    for match in _OF_YEAR.finditer(text):
        kind = _kind(match.group(1))
        if kind and not _cites_another_court(text, match.start()):
            yield "docket", f"{kind} No. {match.group(2)} of {match.group(3)}"
    for match in _FRENCH_APPEAL.finditer(folded.folded):
        yield "docket", match.group(1)
    for match in _FRENCH_JUDGMENT.finditer(folded.folded):
        yield "case-number", folded.span(match.start(1), match.end(1))
    for match in _LATIN_PROCEEDINGS.finditer(folded.folded):
        kind = folded.span(match.start(1), match.end(1))
        yield "docket", f"{kind[:1].upper()}{kind[1:].lower()} {_number(match.group(2))}"


def arabic_numbered(text: str) -> str | None:
    """The first Arab registry number of `text` with its noun, as a title cites it: "الطلب رقم 148"."""
    match = _ARABIC_NUMBERED.search(ascii_digits(text))
    return f"{match.group(1) or match.group(2)} رقم {match.group(3)}" if match else None


def _cites_another_court(text: str, start: int) -> bool:
    """Whether a number stands in brackets about another court's decision ("(Being an appeal from the
    Judgment of the Court of Appeal in Civil Appeal No. 218 of 2014)"); "(ARISING OUT OF SLP …)" is the case's
    own earlier number."""
    before = text[max(0, start - 200) : start]
    opened = before.rfind("(")
    if opened <= before.rfind(")"):
        return False
    return re.search(r"(?i)\b(?:court|tribunal|judg(?:e)?ment|decision|ruling|order)\b", before[opened:]) is not None


def _kind(printed: str) -> str | None:
    """The kind of proceeding before an "N of YEAR" number, tidied ("CIVIL SUIT" -> "Civil Suit", "W.P.No." ->
    "W.P."); None when the words are not a kind of proceeding (an Act, a Section)."""
    printed = re.sub(r"(?<=\.)\s*No(?:s)?\.?\s*$", "", printed.strip(), flags=re.IGNORECASE)
    words = [w for w in printed.replace("(", " (").split() if not re.fullmatch(r"No[s]?\.?", w, re.IGNORECASE)]
    while words and _NOT_A_KIND.match(words[0].strip(".")):
        words.pop(0)
    if not words or any(_NOT_A_KIND.match(w.strip(".")) for w in words):
        return None
    # Capitals throughout ("CIVIL SUIT"): the words are written as words, abbreviations ("SLP") kept.
    shouting = any(w.isalpha() and w.isupper() and len(w) >= 5 for w in words)
    tidy = []
    for word in words:
        if word.startswith("("):
            tidy.append("(" + word[1:2].upper() + word[2:].lower())  # "(CRL.)" -> "(Crl.)"
        elif "." not in word and (len(word) >= 5 or (shouting and len(word) >= 4)):
            tidy.append(word[:1].upper() + word[1:].lower())
        else:
            tidy.append(word)
    return " ".join(tidy)


def _labelled(folded: Folded) -> Iterator[tuple[str, str]]:
    """ "Communication No. 2/2014", "Informe Nº 47/02", "Petición 12.357", "Caso 12.228", "Serie C No. 198"."""
    for scheme, labels in _LABELLED:
        # A case number may carry its court's letters ("Case CCT 39/09").
        letters = r"(?:[a-z]{2,5}\s)?" if scheme == "case-number" else ""
        pattern = re.compile(rf"(?<!\w)(?:{labels})\s+{_NO}?[:.]?\s*(?:p-)?({letters}{_NUMBER})(?![\w/])")
        for match in pattern.finditer(folded.folded):
            value = folded.span(match.start(1), match.end(1))
            if re.search(r"[/.]", value) and (value[:1].isdigit() or value.split()[0].isupper()):
                # (A bare number is more often a paragraph or a page.) A registry that pads its numbers in
                # every language ("Application No. 006/2012") keeps them as printed.
                yield scheme, value if scheme == "application" else _number(value)
    for match in _SERIES_C.finditer(folded.folded):
        if not _in_citation(folded.folded, match.start()):
            yield "series-c", str(int(match.group(1)))


def _in_citation(folded: str, start: int) -> bool:
    """Whether a reference stands inside brackets citing another decision ("(Case X, Judgment of …. Series C
    No. 11)"): the bracket opened before it is not closed."""
    before = folded[max(0, start - 200) : start]
    return before.rfind("(") > before.rfind(")")


def _generic(folded: Folded, taken: set[str]) -> Iterator[tuple[str, str]]:
    """Numbers after any identifier label of the taxonomy ("Docket No.", "Expediente", "Requête n°")."""
    for hit in matcher("identifier_schemes").finditer(folded):
        if hit.weight < 0.5 or hit.code == "un-symbol":
            continue
        after = folded.span(hit.end, hit.end + 40)
        number = re.match(rf"\s*{_NO}?[:.]?\s*({_BARE_NUMBER})", after, re.IGNORECASE)
        if number and re.search(r"\d", number.group(1)):
            # "Sentencia T-025/04": the keyword's trailing letters belong to the number.
            prefix = re.search(r"\b[A-Z]{1,3}-$", folded.span(hit.start, hit.end))
            value = (prefix.group(0) if prefix else "") + number.group(1).strip(" .-/")
            if not re.search(r"[/.-]", value):
                continue  # a bare number is more often a paragraph or a page than an identifier
            if any(f" {_key(value)} " in f" {other} " for other in taken):
                continue  # part of a number already read in its court's own form ("T-653010 y acumulados")
            yield hit.code, _number(value) if hit.code in _UNPADDED else value


def _number(value: str) -> str:
    """A number without the leading zeros of its first part ("013/2021" -> "13/2021", "47/02" kept)."""
    return re.sub(r"^0+(?=\d)", "", value.strip(" .-/"))


def _key(value: str) -> str:
    """What two printings of one identifier share: its numbers without leading zeros ("WPA 13989 of 2025" and
    "W.P.A. No. 13989 of 2025"; "N.° 013/2021" and "No. 13/2021")."""
    return " ".join(p.lstrip("0") or "0" for p in re.findall(r"\d+", value))
