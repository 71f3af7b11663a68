"""Decisions cited in a paragraph: by identifier in the forms the forums print them (UN symbols, communication,
petition, report and application numbers in five languages, Inter-American Series C, neutral and law-report
citations, Colombian "T-025 de 2004", dockets) and by case name in citation form ("Caso X vs. Y", "X v Y").

Spans are found here; their values are normalised by `identifiers.read_identifiers`, the one normaliser of
identifiers, so that a citation and the cited decision's own caption give the same (scheme, value)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from caselaw.ingest.identifiers import read_identifiers
from caselaw.ingest.keywords import fold
from caselaw.ingest.literals import Guarded, Passages

_NO = r"(?:(?:N|n|Nr|nr|Núm|núm|Num|num|No|no|Nos|nos|N\.os|n\.os)\s?\.?\s?[oº°]?s?\.?\s*|رقم\s*)"
_NUM = r"\d{1,5}/\d{2,4}"
_LIST = rf"{_NUM}(?:\s*(?:,|and|y|et|e|و)\s*{_NUM})*"


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph that cites a decision, and its normalised keys."""

    start: int
    end: int
    keys: tuple[tuple[str, str], ...]
    name: bool = False  # a case name, not an identifier


# A UN treaty body's decision symbol: the communication part `/D/` is what makes it a decision.
_UN_DECISION = re.compile(r"(?<![\w/])(?:E/C\.12|CCPR/C|CEDAW/C|CRC/C|CRPD/C|CERD/C|CAT/C|CED/C)/\d+(?:/[A-Z]+)?/D/"
                          r"\d+/\d{4}(?![\w/])")  # fmt: skip
_LABELLED = re.compile(
    r"(?<![\w])((?:[Cc]ommunications?|[Cc]omunicaci[oó]n(?:es)?|[Cc]omunica[cç](?:ão|ões)|(?:ال)?بلاغ(?:ين|ات)?|"
    r"[Pp]etition|[Pp]etici[oó]n|[Pp]étition|[Pp]eti[cç]ão|[Rr]eport|[Ii]nforme|[Rr]apport|[Rr]elat[oó]rio|"
    r"[Cc]omplaint|[Rr]eclamaci[oó]n|[Rr]éclamation|[Rr]eclama[cç]ão|[Aa]pplications?|[Rr]equêtes?|[Dd]emandas?|"
    r"[Cc]ase|[Cc]aso|[Aa]ffaire)(?:\s+(?:[Cc]ollective|[Cc]olectiva|[Cc]oletiva|[Cc]ollectives?))?)\s*"
    r"(?:" + _NO + r")?[:.]?\s*(P-\d{1,5}-\d{2}|\d{1,3}\.\d{3}|" + _LIST + r")(?![\w/])"
)
_ECHR_APPLICATION = re.compile(r"(?:(?<=, )|(?<=\())(?:[Nn]os?\.|[Nn]°|n\.º|nº)\s*(\d{3,6}/\d{2})(?![\w/])")
_SERIES = re.compile(r"\bS[ée]ries?\s+C,?\s*" + _NO + r"?\s*(\d{1,4})\b")
_NEUTRAL = re.compile(r"\[(?:19|20)\d{2}\]\s+[A-Z][A-Za-z]{1,9}\s+\d{1,6}\b(?:\s\([A-Z]{2,5}\))?")
_NEUTRAL_YEAR_FIRST = re.compile(r"(?<![\d/.:(\[-])(?:19|20)\d{2} (?:SCC|SCR|UKSC|UKHL|EWCA Civ|ONCA|NZSC|HCA|KESC|"
                                 r"KEHC|KECA|ZACC|ZASCA|INSC) \d{1,5}\b")  # fmt: skip
# Law reports: "2015 (2) SA 102 (SCA)", "(2011) 4 SCC 454", "AIR 1981 SC 746", "2001 (1) BCLR 1169 (CC)".
_REPORTER = re.compile(
    r"(?<![\w\]])(?:\(?((?:19|20)\d{2})\)?\s+\(?(\d{1,2})\)?\s+(SA|SCC|BCLR|All SA|SCR|ZLR)\s+(\d{1,5})"
    r"|AIR\s+((?:19|20)\d{2})\s+(SC|[A-Z][a-z]{1,5})\s+(\d{1,5}))\b"
)
# Colombian Constitutional Court: "T-025 de 2004", "sentencia C-355/06", "SU-039 de 1997".
_COLOMBIAN = re.compile(r"(?<![\w-])((?:T|C|SU|A))-(\d{2,4})(?:\s+de\s+((?:19|20)\d{2})|/(\d{2}))\b")
_DIGIT = re.compile(r"\d")
_DOCKET = re.compile(r"\b(?:Docket|Expediente|Processo|Rol|Radicado)\s+" + _NO + r"?\s*(\d[\d./-]*\d)")

# Case names. Inter-American and European style: "Caso Acevedo Jaramillo y otros Vs. Perú", "Case of the
# Mayagna (Sumo) Awas Tingni Community v. Nicaragua", "Affaire X c. France"; a short form after "supra".
_WORD = r"(?!V[Ss]?\.|VS\b|Vs\b)(?:[A-Z]\.(?:[A-Z]\.)+|[A-ZÁÉÍÓÚÑÇÂÊÔÃÕÜ][\w'’-]*|\([A-Z][\w ]{1,20}\))"
_JOIN = r"(?:(?:of|for|on|and) the|de|del|la|las|los|el|da|do|das|dos|du|des|e|y|et|and|of|for|obo|von|van|le|\d+)"
_PARTY = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)*{_WORD})*"
_VERSUS = r"\s+(?:[Vv]s?\.?|c\.|contra|versus)\s+"
_CASO = re.compile(rf"\b(?:[Cc]aso(?: d[oa]s?)?|Case of|Case|[Aa]ffaire|[Aa]sunto)\s+(?:the\s+|la\s+|los\s+|el\s+)?"
                   rf"({_PARTY}(?:\s+(?:y otros?|et al\.?|and others|e outros|et autres))?)"
                   rf"(?:{_VERSUS}({_PARTY}))?")  # fmt: skip
# Common-law style: "Government of the Republic of South Africa v Grootboom", "Bee v Road Accident Fund".
_COMMON = re.compile(rf"(?<![\w])({_PARTY})\s+v\.?\s+({_PARTY})")
_NOT_FIRST = re.compile(
    r"^(?:(?:In|See|Cf|Also|But|And|The|the|This|That|Compare|As|Per|Following|Under|Affirming|\d+)\b\.?\s*)*"
    r"(?:Cases? of\s+(?:the\s+)?)?"
)
_NOT_NAME = re.compile(
    r"^(?:No|Nos|N|Number|Núm|Num|Nº|Court|Tribunal|Corte|Cour|Estado|State|Judgment|Sentencia|Series|Serie)$"
)

# Each expression scans a passage only when the passage holds what every match of it needs (`literals.Guarded`:
# the literals read from the expression, and for a few a trigger written here): most passages cite nothing, and
# Python's `re` tries these expressions at every position of those it scans (measured 1.7 s -> 0.2 s on the
# real corpus). Labelled numbers print a digit (or "P"), then "/", "." or "-", then a digit; a common-law name
# prints " v" then "." or a space; a law report a report's abbreviation. Each trigger starts with a character
# or a set of them, which `re` finds fast.
_NUMBERED = re.compile(r"[\dP][-/.]\d")
_GUARDS = {
    pattern: Guarded(pattern, trigger)
    for pattern, trigger in (
        (_UN_DECISION, None),
        (_LABELLED, _NUMBERED),
        (_ECHR_APPLICATION, _NUMBERED),
        (_SERIES, None),
        (_NEUTRAL_YEAR_FIRST, None),
        (_COLOMBIAN, re.compile(r"-(?<=[TCUA]-)\d")),
        (_DOCKET, None),
        (_REPORTER, re.compile(r"S[AC]|BCLR|ZLR|AIR")),
        (_CASO, None),
        (_COMMON, re.compile(r"v(?<=\sv)[.\s]")),
    )
}


Scope = frozenset[re.Pattern[str]]
"""The expressions that may match in one passage of a document (`scope`)."""


def scope(passages: Passages) -> list[Scope]:
    """For each passage of one document, the expressions that may match in it: each is looked for in the whole
    document once (`literals.Guarded.places`), not in every passage."""
    allowed: list[set[re.Pattern[str]]] = [set() for _ in passages.starts]
    for pattern, guard in _GUARDS.items():
        for index in guard.places(passages):
            allowed[index].add(pattern)
    return [frozenset(patterns) for patterns in allowed]


def _scan(pattern: re.Pattern[str], text: str, within: Scope | None) -> Iterator[re.Match[str]]:
    if within is None:
        return _GUARDS[pattern].finditer(text)
    return pattern.finditer(text) if pattern in within else iter(())


def find_decisions(text: str, within: Scope | None = None) -> Iterator[Span]:
    """Every span of `text` citing a decision, identifiers and names, in order of position (`within`: its
    `scope`, when `text` is one passage of a document)."""
    spans: list[Span] = []
    # Every identifier pattern needs a digit; a third of the passages have none (and skip eight scans).
    for start, end, printed in _identifier_spans(text, within) if _DIGIT.search(text) else ():
        keys = tuple(read_identifiers(printed))
        if keys:
            spans.append(Span(start, end, keys))
    spans.extend(_names(text, within))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end and not span.name and not kept[-1].name:
            continue  # one identifier read twice (a communication number inside its UN symbol)
        kept.append(span)
    return iter(kept)


def _identifier_spans(text: str, within: Scope | None) -> Iterator[tuple[int, int, str]]:
    """(start, end, a printing `read_identifiers` reads) for each identifier in citation form."""
    for match in _scan(_UN_DECISION, text, within):
        yield match.start(), match.end(), match.group(0)
    for match in _scan(_LABELLED, text, within):
        label, number = match.group(1), match.group(2)
        for one in re.findall(rf"P-\d+-\d+|\d{{1,3}}\.\d{{3}}|{_NUM}", number):
            yield match.start(), match.end(), f"{label} No. {one}"
    for match in _scan(_ECHR_APPLICATION, text, within):
        yield match.start(), match.end(), f"Application no. {match.group(1)}"
    for match in _scan(_SERIES, text, within):
        yield match.start(), match.end(), f"Serie C No. {match.group(1)}"
    for match in _NEUTRAL.finditer(text):
        yield match.start(), match.end(), match.group(0)
    for match in _scan(_NEUTRAL_YEAR_FIRST, text, within):
        yield match.start(), match.end(), match.group(0)
    for match in _scan(_COLOMBIAN, text, within):
        year = match.group(3)[2:] if match.group(3) else match.group(4)
        yield match.start(), match.end(), f"Sentencia {match.group(1)}-{match.group(2)}/{year}"
    for match in _scan(_DOCKET, text, within):
        yield match.start(), match.end(), match.group(0)


def reporter_spans(text: str, within: Scope | None = None) -> Iterator[Span]:
    """Law-report citations ("2015 (2) SA 102 (SCA)"), keyed `law-report` as `YEAR (VOLUME) REPORT PAGE`."""
    if _DIGIT.search(text) is None:
        return  # no year, no page: no citation (and no scan of the passage for one)
    for match in _scan(_REPORTER, text, within):
        if match.group(1):
            value = f"{match.group(1)} ({match.group(2)}) {match.group(3)} {match.group(4)}"
        else:
            value = f"AIR {match.group(5)} {match.group(6)} {match.group(7)}"
        yield Span(match.start(), match.end(), (("law-report", value),))


def _names(text: str, within: Scope | None = None) -> Iterator[Span]:
    """Case names in citation form."""
    taken: list[tuple[int, int]] = []
    for match in _scan(_CASO, text, within):
        first = match.group(1)
        # "el caso de la Decisión": in running text a lower-case "caso" cites a case only with both parties.
        if _NOT_NAME.match(first.split()[0]) or (match.group(0)[0].islower() and not match.group(2)):
            continue
        taken.append((match.start(), match.end()))
        yield Span(match.start(), match.end(), name_keys(first, match.group(2)), name=True)
    for match in _scan(_COMMON, text, within):
        if any(s <= match.start() < e for s, e in taken):
            continue
        first = _NOT_FIRST.sub("", match.group(1))
        second = match.group(2)
        if not first or _NOT_NAME.match(first.split()[0]) or len(first) < 2:
            continue
        offset = match.group(0).find(first)
        yield Span(match.start() + max(offset, 0), match.end(), name_keys(first, second), name=True)


_DROP = re.compile(r"\b(?:y otros?|et al|and others|e outros|et autres|the|la|los|el|le)\b\.?")


def name_keys(first: str, second: str | None) -> tuple[tuple[str, str], ...]:
    """Keys of a case name: `case-name` (both parties, folded) and `party` (the first party alone), so that a
    full name and its short form ("Caso Acevedo Jaramillo y otros, supra") resolve to the same case."""
    party = " ".join(_DROP.sub(" ", fold(first)).replace(".", " ").split())
    keys: list[tuple[str, str]] = []
    if second:
        other = " ".join(_DROP.sub(" ", fold(second)).replace(".", " ").split())
        keys.append(("case-name", f"{party} v {other}"))
    keys.append(("party", party))
    return tuple(keys)


def own_name_keys(caption: str) -> list[tuple[str, str]]:
    """The keys of the case names printed in a decision's caption: its own name, not a citation."""
    return [key for span in _names(caption) for key in span.keys]
