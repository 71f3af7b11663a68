"""The dates a decision prints, told apart by their labels in five languages: adopted or delivered (the
decision), communication or petition (the filing), hearing, publication. Dates are read as printed: "1 July
2009", "July 1, 2009", "1º de julho de 2009", "1er juillet 2009", "29.04.2025", "2025/09/16", "Sep 13, 2019",
"the 5th day of October, 2021", Arabic-Indic digits, a Hijri date beside its Gregorian one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from caselaw.ingest.keywords import fold
from caselaw.ingest.months import DATE_MONTH_PATTERN, MONTH_PATTERN, MONTHS, month_number

_HEAD_CHARS = 4000
_TAIL_CHARS = 1500
_CAPTION_CHARS = 1500  # an unlabelled date counts as the decision's only in the caption
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_OTHER_DIGIT = re.compile("[٠-٩۰-۹]")
_ORDINAL = r"(?:er|re|o|a|°|st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\d/.])(\d{{1,2}}){_ORDINAL}\.?(?:\s+day\s+of|\s+de)?\s+({DATE_MONTH_PATTERN})(?:/\S+)?(?:\s+de)?,?\s+"
    r"(\d{4}|two thousand(?: and)?(?:[ -][a-z]+){0,2})(?:(?=[مه](?!\w))|(?![\d\w]))"  # "2025م": the era's letter
)
_MONTH_DAY_YEAR = re.compile(rf"\b({DATE_MONTH_PATTERN})\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})\b")
_NUMERIC = re.compile(r"(?<![\d./:-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-]?\d)")
_YEAR_FIRST = re.compile(r"(?<![\d./:-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d./-]?\d)")
# Colombian style: "veintidós (22) de enero de dos mil cuatro (2004)".
_SPELLED = re.compile(rf"\((\d{{1,2}})\)\s+de\s+({MONTH_PATTERN})\s+de\s+[^()]{{0,40}}\((\d{{4}})\)")
_MONTH_YEAR = re.compile(rf"\b({MONTH_PATTERN})\s+(?:de\s+)?(\d{{4}})\b")
_UNITS = {
    word: number
    for number, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ))
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# Countries that write numeric dates month first (07/15/2025); elsewhere 15/07/2025 is day first.
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW"})

# A label that the date right after it answers ("Date of adoption of Views:", "Delivered:", "PRONOUNCED ON :").
_DECISION_FIELD = re.compile(
    r"(?:^|[\n:;()\[\]|]|\s{2})\s*(?:date of (?:the )?adoption(?: of [^:\n]{1,40})?|"
    r"date of (?:the )?(?:decision|judgment|judgement|order|ruling)|decision date|(?:judgment )?delivered(?: on)?|"
    r"decided(?: on)?|pronounced(?: on)?|dated(?: this)?|date|adopted(?: on)?|filed(?: on)?|signed(?: on)?|"
    r"fecha de (?:la )?(?:aprobacion|adopcion|decision|sentencia|resolucion|emision)(?: [^:\n]{1,40})?|"
    r"(?:aprobad[oa]|adoptad[oa]|dictad[oa]|emitid[oa]|fallad[oa]) (?:el|en)|"
    r"date (?:d'|de l'|de la |du )?(?:adoption|decision|arret|jugement)(?: [^:\n]{1,40})?|"
    r"(?:adoptee?s?|rendue?|prononcee?) le|data (?:da |de |do )?(?:adocao|aprovacao|decisao|acordao|sentenca|"
    r"julgamento)(?: [^:\n]{1,40})?|(?:adotad[oa]|aprovad[oa]|proferid[oa]|julgad[oa]) em|"
    r"تاريخ (?:ال)?(?:اعتماد|قرار|حكم|صدور)[^\n:]{0,20}|(?:صدر|اعتمد|اعتمدت)(?: في| بتاريخ)?|بتاريخ)"
    r"\s*[:.–-]?\s*(?:on|the|el|le|em|el dia|le|on the)?\s*$"
)
# A decision's title with its date ("Sentencia de 1 de julio de 2009", "Resolución de la Corte de 16 de abril
# de 1997", "ARRÊT DE LA COUR DE CASSATION, TROISIÈME CHAMBRE CIVILE, DU 26 SEPTEMBRE 2024").
_DECISION_TITLE = re.compile(
    r"^[\W\d]*(?:judgment|judgement|sentencia|sentenca|arret|jugement|acordao|resolucion|resolucao|order|"
    r"ordonnance|auto|decision|decisao|ruling|views|dictamen|constatations|parecer|حكم|قرار)\b[^.\n]{0,90}?"
    r"(?:\b(?:of|de|du|del|dated|da|do|em|on|le|el)\b\s*(?:of\s*)?)?$"
)
# What was filed: a communication, petition, complaint, application, claim (not "lodged the FIR", "submitted
# its bid": a filing date is the case's own).
_FILING = (
    r"(?:communication|application|complaint|petition|submission|claim|plaint|suit|comunicacion|peticion|denuncia|"
    r"demanda|queja|requete|plainte|reclamation|comunicacao|peticao|queixa|reclamacao|البلاغ|الشكوى|الطلب|الدعوى)"
)
_COMMUNICATION = re.compile(
    rf"(?:date of (?:the )?(?:initial )?{_FILING}|{_FILING} (?:was |were |fue |a ete |foi )?(?:filed|lodged|"
    r"submitted|received|presentad[oa]|recibid[oa]|interpuest[oa]|introduite|deposee|soumise|apresentad[oa]|"
    rf"recebid[oa])|(?:filed|lodged|submitted|presento|interpuso|a introduit|a depose|apresentou) (?:an? |the |its "
    rf"|his |her |their |una? |la |el |une? |uma? |o |a )?{_FILING}|fecha de (?:la )?(?:presentacion|{_FILING})|"
    rf"date de (?:la |l')?{_FILING}|data d[ae] (?:apresentacao|{_FILING})|تاريخ (?:تقديم |رفع |قيد )?{_FILING})"
)
# The label after the date: "On 13 July 1998 the Commission received a petition", "Em … a CIDH recebeu uma denúncia".
_RECEIVED = re.compile(
    r"[^.;]*?\b(?:received|recibio|recebeu|a recu|recut|lodged|presento|apresentou|submitted)\s+(?:an? |una? |uma? |"
    r"une? |la |a |the )?(?:denuncia|peticao|peticion|petition|communication|comunicacion|comunicacao|plainte|"
    r"requete|complaint|queixa|application|demanda)"
)
_HEARING = re.compile(
    r"(?:\bheard\b|date of (?:the )?hearing|hearing (?:date|held)|reserved on|\bargued\b|audiencia (?:publica )?"
    r"(?:de|del|celebrada)|fecha de (?:la )?audiencia|audience (?:publique )?du|date de (?:l')?audience|"
    r"data da audiencia|audiencia realizada)"
)
_PUBLICATION = re.compile(
    r"(?:published|publication|made public|uploaded on|publicad[oa]|publicacion|publie(?:e)?|publicacao|"
    r"divulgad[oa]|نشر)"
)
# Where the decision says it was done, at its end ("Done at Geneva", "San José, Costa Rica", "Fait à").
_SIGNED = re.compile(
    r"(?:done|adopted|decided|delivered|dated|signed|given|hecho|dado|dada|adoptad|aprobad|fait|adopte|rendu|"
    r"feito|adotad|aprovad|sala de sesiones|geneva|ginebra|geneve|genebra|new york|san jose|washington|"
    r"strasbourg|banjul|arusha|abuja|new delhi|nairobi|pretoria|johannesburg|bloemfontein|lisboa|brasilia|"
    r"bogota|buenos aires|lima|mexico|madrid|paris|اعتمد|صدر|حرر)"
)
_CAPTION_END = re.compile(r"(?m)^\s*(?:\[1\]|1[.)]|1\.-)(?:\s|$)|\n\n1 (?=[a-z])")


@dataclass
class Dates:
    """The dates read from a text; None where it prints none."""

    decision: date | None = None
    communication: date | None = None
    hearing: date | None = None
    publication: date | None = None
    decision_year: int | None = None  # the year alone, when the text gives no day ("October 2001")


def read_dates(text: str, running_headers: list[str], month_first: bool = False) -> Dates:
    """The decision, communication, hearing and publication dates that `text` prints."""
    headers = "\n".join(running_headers)
    head = fold(headers + "\n" + text[:_HEAD_CHARS]).translate(_DIGITS)
    tail = fold(text[-_TAIL_CHARS:]).translate(_DIGITS) if len(text) > _HEAD_CHARS else ""
    caption_end = min(len(headers) + _CAPTION_CHARS, _caption_end(head))
    found = Dates()
    labelled: list[date] = []
    unlabelled: list[date] = []
    for start, value in all_dates(head, month_first):
        before = head[max(0, start - 160) : start]
        line = before[before.rfind("\n") + 1 :]
        if not line.strip():
            line = before.rstrip()[before.rstrip().rfind("\n") + 1 :]  # a date alone on its line: the label above
        sentence = re.split(r"[.;]\s", before)[-1]
        if _DECISION_FIELD.search(line) or _DECISION_TITLE.match(line.strip()):
            labelled.append(value)
        elif _COMMUNICATION.search(sentence) or _RECEIVED.match(head, start + 10, start + 240):
            found.communication = found.communication or value
        elif _HEARING.search(line):
            found.hearing = found.hearing or value
        elif _PUBLICATION.search(line):
            found.publication = found.publication or value
        elif start < caption_end:
            unlabelled.append(value)
    found.decision = next(iter(labelled + unlabelled), None) or _signed(tail, month_first)
    _order(found)
    found.decision_year = found.decision.year if found.decision else _decision_year(head)
    return found


def _caption_end(head: str) -> int:
    match = _CAPTION_END.search(head)
    return match.start() if match else len(head)


def _order(found: Dates) -> None:
    """Drop what contradicts the decision date: a filing after it, a publication or hearing that cannot be."""
    if found.decision is None:
        return
    if found.communication and found.communication > found.decision:
        found.communication = None
    if found.publication and found.publication < found.decision:
        found.publication = None
    if found.hearing and found.hearing > found.decision:
        found.hearing = None


def _signed(tail: str, month_first: bool) -> date | None:
    """The date of a signature line at the end ("Done at Geneva on 5 March 2015", "Dated this 5th day of…")."""
    dated = [(start, value) for start, value in all_dates(tail, month_first)]
    for start, value in reversed(dated):
        before = tail[max(0, start - 120) : start].rstrip()
        # The place on the date's own line ("New Delhi, February 28, 2025") or alone on the line above it.
        if _SIGNED.search(before[before.rfind("\n") + 1 :]):
            return value
    return None


def _decision_year(head: str) -> int | None:
    """The year of a decision dated only by month ("Decided: 30th Ordinary Session, October 2001")."""
    years = []
    for match in _MONTH_YEAR.finditer(head):
        before = head[max(0, match.start() - 70) : match.start()]
        line = before[before.rfind("\n") + 1 :]
        if re.search(r"\b(?:decided|adopted|delivered|adoptad|aprobad|adopte|adotad|aprovad)", line):
            years.append(int(match.group(2)))
    return max(years) if years else None


def all_dates(folded: str, month_first: bool = False) -> list[tuple[int, date]]:
    """(offset, date) of every full date in folded text, in order."""
    dated: list[tuple[int, date]] = []
    for match in _DAY_MONTH_YEAR.finditer(folded):
        _add(dated, match.start(), _year(match[3]), month_number(match[2]), match[1])
    for match in _SPELLED.finditer(folded):
        _add(dated, match.start(), int(match[3]), MONTHS.get(match[2]), match[1])
    for match in _MONTH_DAY_YEAR.finditer(folded):
        _add(dated, match.start(), int(match[3]), month_number(match[1]), match[2])
    for match in _NUMERIC.finditer(folded):
        first, second, year = int(match[1]), int(match[3]), match[4]
        if len(year) == 4 and int(year) < 1700:
            continue  # a Hijri date ("24/03/1447هـ")
        if len(year) == 2:
            # A two-digit year only in a court's filing stamp ("Filed 07/29/19").
            if not re.search(r"filed\s*$", folded[max(0, match.start() - 12) : match.start()]):
                continue
            year = "20" + year
        # Day first unless a part over 12 says otherwise, or the country writes the month first.
        month_leads = second > 12 or (month_first and first <= 12)
        day, month = (second, first) if month_leads else (first, second)
        _add(dated, match.start(), int(year), month, str(day))
    for match in _YEAR_FIRST.finditer(folded):
        year = int(match[1])
        if year < 1700:
            continue  # a Hijri date; its Gregorian twin is printed beside it ("1447/03/24 الموافق 2025/09/16")
        _add(dated, match.start(), year, int(match[3]), match[4])
    return sorted(dated)


def _add(dated: list[tuple[int, date]], start: int, year: int | None, month: int | None, day: str) -> None:
    if year is None or month is None:
        return
    try:
        dated.append((start, date(year, month, int(day))))
    except ValueError:
        return


def _year(text: str) -> int | None:
    """A year in digits, or spelled in English after 2000 ("two thousand twenty-five")."""
    if text.isdigit():
        return int(text)
    words = re.split(r"[ -]+", text.removeprefix("two thousand").replace(" and ", " ").strip())
    number = 0
    for word in (w for w in words if w and w != "and"):
        if word in _TENS:
            number += _TENS[word]
        elif word in _UNITS:
            number += _UNITS[word]
        else:
            return None
    return 2000 + number


def ascii_digits(text: str) -> str:
    """`text` with Arabic-Indic and Persian digits written as ASCII ones."""
    # `translate` with a table looks every character up: most texts have no such digit to change (per passage of
    # the real corpus, 0.29 s -> 0.03 s).
    if text.isascii() or _OTHER_DIGIT.search(text) is None:
        return text
    return text.translate(_DIGITS)


def dates_in(text: str, month_first: bool = False) -> Iterator[date]:
    """Every full date in `text`, in order (for callers with their own labels)."""
    for _, value in all_dates(fold(text).translate(_DIGITS), month_first):
        yield value
