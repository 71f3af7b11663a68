"""Case metadata read from a decision's text: forum, identifiers, dates, respondent State, decision type,
outcomes and the articles invoked, in the five languages."""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pycountry

from caselaw.ingest.keywords import Folded, fold, matcher, negated
from caselaw.ingest.months import MONTH_PATTERN, MONTHS
from caselaw.taxonomy import get_taxonomy

_HEAD_CHARS = 4000  # forum, parties and dates are stated in a decision's first page or two
_ID_CHARS = 1500  # identifiers: the caption and preamble; later ones are usually other cases cited
_UN_SYMBOL = re.compile(
    r"\b(?:E/C\.12|CCPR/C|CEDAW/C|CRC/C|CRPD/C|CERD/C|CAT/C|CED/C|CMW/C)(?:/[0-9A-Z.]+)*/D/\d+/\d{4}\b"
)
_NUMBER = r"[A-Z]{0,4}[ -]?\d[\d./-]*\d|\d"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:er|º|°|st|nd|rd|th)?(?:\s+de)?\s+({MONTH_PATTERN})(?:/\S+)?(?:\s+de)?,?\s+(\d{{4}})\b"
)
_NUMERIC = re.compile(r"(?<![\d./])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d./])")
_MONTH_DAY_YEAR = re.compile(rf"\b({MONTH_PATTERN})\s+(\d{{1,2}}),\s+(\d{{4}})\b")
# Colombian style: "veintidós (22) de enero de dos mil cuatro (2004)".
_SPELLED = re.compile(rf"\((\d{{1,2}})\)\s+de\s+({MONTH_PATTERN})\s+de\s+[^()]{{0,40}}\((\d{{4}})\)")
_ADOPTION = re.compile(
    r"(adopt|decided|delivered|judgment|date of (?:the )?decision|done at|aprobad|adoptad|dictad|fecha de (?:aprobacion"
    r"|adopcion)|sentencia|decision|arret|rendu|fait a|data de (?:adocao|aprovacao)|acordao|julgad|aprovad|اعتماد|"
    r"صدر|حكم|جلسة|date of order|order dated|buenos aires|bogota|brasilia|lisboa|geneva|ginebra|geneve|genebra|"
    r"banjul|arusha|strasbourg)"
)
_FILED = re.compile(
    r"(date of (?:the )?(?:communication|application|complaint|petition)|submitted|lodged|filed|registered|"
    r"fecha de (?:la )?(?:comunicacion|presentacion|demanda)|date de (?:la )?(?:communication|requete|reclamation)|"
    r"data da (?:comunicacao|queixa|peticao)|تاريخ (?:تقديم )?البلاغ|قدم)"
)
_ARTICLE = re.compile(
    r"(?:\barts?\.|\barticles?|\bart[ií]culos?|\bartigos?|\bالمادت(?:ان|ين)|\bالمواد|\bالمادة|\bmaterias?)\s+"
    r"((?:\d{1,3}[A-Za-z]?(?:\s?\((?:\d{1,2}|[a-z])\))*)(?:(?:\s*,\s*|\s+(?:and|y|et|e|و)\s*)\d{1,3}[A-Za-z]?"
    r"(?:\s?\((?:\d{1,2}|[a-z])\))*)*)",
    re.IGNORECASE,
)
_ONE_ARTICLE = re.compile(r"(\d{1,3}[A-Za-z]?)((?:\s?\((?:\d{1,2}|[a-z])\))*)")
_PARTY_LINE = re.compile(
    r"(?:state party|estado parte|etat partie|estado parte|الدولة الطرف|respondent state|defendant state)\s*:?\s+"
)
_GENERIC_IDS = (
    (
        "communication",
        re.compile(
            r"\b(?:[Cc]ommunication|[Cc]omunicación|[Cc]omunicação)\s+(?:No\.?\s*|n\.?\s*[º°o]\.?\s*|núm\.\s*)?(\d+/\d{2,4})\b"
        ),
    ),
    (
        "case-number",
        re.compile(r"\b(?:Case|Caso|Affaire)\s+(?:No\.?\s*|n\.?\s*[º°o]\.?\s*)?([A-Z]{2,5}\s\d+/\d{2,4}|\d+\.\d+)\b"),
    ),
    ("case-number", re.compile(r"\b(?:Sentencia|Sentença)\s+((?:T|SU|C)-\d+/\d{2,4})\b")),
)
_VERSUS = re.compile(r"\s(?:v\.?|vs\.?|c\.|contra|contre|ضد|versus)\s+")
# National courts' own numbering, each printed in its usual form: the value is what a citation would write.
_COURT_NUMBERS = (
    # Argentina's Supreme Court: letter, number, volume in Roman numerals ("M. 1569. XL.").
    ("docket", re.compile(r"(?<![\w.])([A-Z]\. \d{1,5}\. [XLVI]{1,6}\.)(?!\w)")),
    # Brazil's Supreme Court: the class of action and its number ("ADPF 709 MC / DF").
    ("docket", re.compile(r"\b((?:ADPF|ADI|ADC|ADO) \d{1,5})\b")),
    # Portugal's Constitutional Court: "Acórdão n.º 187/2013" and "Processos n.os 2/13, 5/13 e 11/13".
    ("case-number", re.compile(r"\b(Acórdão n\.º \d{1,4}/\d{4})\b")),
    ("docket", re.compile(r"\b(Processos? n\.(?:os|º) \d+/\d+(?:(?:, | e )\d+/\d+)*)")),
    # Writ petitions and petitions as South Asian and Kenyan courts number them ("W.P. No. 25501/2015").
    (
        "docket",
        re.compile(
            r"\b((?:Writ Petitions?|Petition|W\.P\.) Nos?\. \d[\d-]*(?:(?:, | and )\d[\d-]*)*(?: of \d{4}|/\d{4}))"
        ),
    ),
    # Registry numbers with the kind of document in them ("Suit No. ECW/CCJ/APP/08/09").
    ("application", re.compile(r"\b(?:Suit|Application) No\.? ?([A-Z]{2,5}(?:/[A-Z]{2,5})*/APP/\d+/\d+)")),
    ("case-number", re.compile(r"\b(?:Judgment|Ruling) No\.? ?([A-Z]{2,5}(?:/[A-Z]{2,5})*/(?:JUD|RUL)/\d+/\d+)")),
    # Colombian files: "expediente T-653010 y acumulados" (the joined files are part of the reference).
    ("docket", re.compile(r"\b[Ee]xpediente (T-\d+(?: y acumulados)?)")),
    # Court-assigned neutral citations ("[2000] ZACC 19") and official reports ("Fallos: 331:1622").
    ("neutral-citation", re.compile(r"(\[\d{4}\] [A-Z]{2,8} \d{1,5})\b")),
    ("case-number", re.compile(r"\b(Fallos: \d{1,3}:\d{1,5})\b")),
    ("case-number", re.compile(r"\b(Serie C No\. \d{1,4})\b")),
)
# Appeals cited by the abbreviation of their kind, whatever the language of the summary ("CA 9535/06").
_APPEAL_KINDS = {
    "CA": r"CA|Civil Appeal(?: No\.)?|Appel civil(?: n[°º])?|Apelación civil(?: n\.º)?|الاستئناف المدني(?: رقم)?",
    "CrimA": r"CrimA|Criminal Appeal(?: No\.)?|الاستئناف الجنائي(?: رقم)?",
    "HCJ": r"HCJ|بغاتس(?: رقم)?",
}
# Egyptian and other Arab courts: "الدعوى رقم 21606 لسنة 63 قضائية" (case 21606 of judicial year 63).
_ARABIC_CASE = re.compile(r"(?:الدعوى|القضية|الطعن)\s+رقم\s+(\d+)\s+لسنة\s+(\d+)")
_FIRST_PARAGRAPH = re.compile(r"\n\n1\.? ")  # the caption ends where the numbered paragraphs begin
_MONTH_YEAR = re.compile(rf"\b({MONTH_PATTERN})\s+(?:de\s+)?(\d{{4}})\b")


@dataclass
class Metadata:
    """What was read from the text; None or empty where the text does not say."""

    forum: str | None = None
    forum_confidence: float = 0.0
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    decision_date: date | None = None
    decision_year: int | None = None  # the year alone, when the text gives no day ("October 2001")
    communication_date: date | None = None
    respondent_states: list[str] = field(default_factory=list)
    decision_type: str | None = None
    outcome: str | None = None
    article_outcomes: list[tuple[str, str]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)


def extract(text: str, title: str | None, running_headers: list[str]) -> Metadata:
    """Read every metadata field that `text` states."""
    head = Folded.of(text[:_HEAD_CHARS])
    meta = Metadata()
    meta.forum, meta.forum_confidence = _forum(head)
    # Identifiers are read from the caption: the numbered paragraphs cite other decisions' numbers.
    caption = text[:_ID_CHARS]
    first = _FIRST_PARAGRAPH.search(caption)
    caption = caption[: first.start()] if first else caption
    meta.identifiers = _identifiers(caption + "\n" + "\n".join(running_headers))
    meta.decision_date, meta.communication_date = _dates(text)
    meta.decision_year = meta.decision_date.year if meta.decision_date else _decision_year(text)
    meta.respondent_states = _states(head, meta.forum)
    meta.decision_type = _decision_type(Folded.of(" ".join([title or "", text[:1500]])), meta.forum)
    meta.articles = articles(text, meta.forum)
    meta.outcome, meta.article_outcomes = _outcomes(text, meta.forum)
    return meta


def _forum(head: Folded) -> tuple[str | None, float]:
    scores: dict[str, float] = defaultdict(float)
    for number, hit in enumerate(matcher("forums").finditer(head)):
        # The caption names the forum first; later text cites other bodies (the Commission that referred a
        # case to the Court): the first mention gets a bonus and the weight of mentions decays with position.
        scores[hit.code] += hit.weight * (1.0 / (1.0 + hit.start / 300) + (1.0 if number == 0 else 0.0))
    if not scores:
        return None, 0.0
    code, score = max(scores.items(), key=lambda item: item[1])
    return code, min(1.0, score / 2.0)


def _identifiers(text: str) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for match in _UN_SYMBOL.finditer(text):
        found[("un-symbol", match.group(0))] = None
    for scheme, pattern in _GENERIC_IDS:
        for match in pattern.finditer(text):
            found[(scheme, match.group(1).strip(" .-"))] = None
    court: dict[tuple[str, str], None] = {}
    for scheme, pattern in _COURT_NUMBERS:
        for match in pattern.finditer(text):
            court[(scheme, match.group(1))] = None
    for abbreviation, spelled in _APPEAL_KINDS.items():
        for match in re.finditer(rf"(?<!\w)(?:{spelled})\s+(\d{{1,6}}/\d{{2,4}})\b", text):
            court[("case-number", f"{abbreviation} {match.group(1)}")] = None
    for match in _ARABIC_CASE.finditer(text):
        court[("case-number", f"{match.group(1)}/{match.group(2)}")] = None
    found.update(court)
    taken = {value for _, value in court}
    folded = Folded.of(text)
    for hit in matcher("identifier_schemes").finditer(folded):
        if hit.weight < 0.5 or hit.code == "un-symbol":
            continue
        after = folded.span(hit.end, hit.end + 40)
        number = re.match(rf"\s*(?:n[º°o.]*\s*|no\.?\s*|núm\.\s*|n\.º\s*|رقم\s*)?[:.]?\s*({_NUMBER})", after)
        if number and re.search(r"\d", number.group(1)):
            # "Sentencia T-025/04": the keyword's trailing letters belong to the number.
            prefix = re.search(r"\b[A-Z]{1,3}-$", folded.span(hit.start, hit.end))
            value = (prefix.group(0) if prefix else "") + number.group(1).strip(" .-/")
            if not re.search(r"[/.-]", value):
                continue  # a bare number is more often a paragraph or a page than an identifier
            if any(value in other for other in taken):
                continue  # part of a number already read in its court's own form ("T-653010 y acumulados")
            found[(hit.code, value)] = None
    return list(found)


def _date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), MONTHS[month], int(day))
    except (KeyError, ValueError):
        return None


def _dates(text: str) -> tuple[date | None, date | None]:
    """Decision and communication dates from labelled dates in the head, or a signature line at the end."""
    head = Folded.of(text[:_HEAD_CHARS])
    tail = Folded.of(text[-1500:]) if len(text) > _HEAD_CHARS else Folded.of("")
    adopted: list[date] = []
    filed: list[date] = []
    unlabelled: list[date] = []
    for part in (head, tail):
        for start, value in _all_dates(part.folded):
            before = part.folded[max(0, start - 70) : start]
            context = before[before.rfind("\n") + 1 :]
            if not context.strip():
                context = before.rstrip()  # a date alone on its line: its label is the line above ("Arrêt")
            if _FILED.search(context):
                filed.append(value)
            elif _ADOPTION.search(context):
                adopted.append(value)
            elif part is head:
                unlabelled.append(value)
    communication = min(filed) if filed else None
    # The latest labelled date: a judgment also cites the dates of the decisions it reviews.
    candidates = adopted or [d for d in unlabelled if communication is None or d > communication]
    decision = max(candidates) if candidates else None
    if decision and communication and communication > decision:
        communication = None
    return decision, communication


def _decision_year(text: str) -> int | None:
    """The year of a decision dated only by month ("Decided: 30th Ordinary Session, October 2001")."""
    head = fold(text[:_HEAD_CHARS])
    years = []
    for match in _MONTH_YEAR.finditer(head):
        before = head[max(0, match.start() - 70) : match.start()]
        if _ADOPTION.search(before[before.rfind("\n") + 1 :]) and match.group(1) in MONTHS:
            years.append(int(match.group(2)))
    return max(years) if years else None


def country_code(name: str) -> str | None:
    """The ISO code of the State `name` names by itself ("Slovak Republic", "République du Mali"), if any."""
    folded = re.sub(r"^(?:the |la |le |l'|el |o |a )", "", fold(name.strip(" .")))
    return _country_names().get(folded)


def _all_dates(folded: str) -> list[tuple[int, date]]:
    dated: list[tuple[int, date]] = []
    for pattern in (_DAY_MONTH_YEAR, _SPELLED):
        dated += [(m.start(), d) for m in pattern.finditer(folded) if (d := _date(m[1], m[2], m[3]))]
    dated += [(m.start(), d) for m in _MONTH_DAY_YEAR.finditer(folded) if (d := _date(m[2], m[1], m[3]))]
    for m in _NUMERIC.finditer(folded):
        try:
            dated.append((m.start(), date(int(m[3]), int(m[2]), int(m[1]))))
        except ValueError:
            continue
    return sorted(dated)


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    translations = {
        language: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in ("es", "fr", "pt", "ar")
    }
    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in [n for n in english if n]:
            names[fold(name)] = country.alpha_2
            for translation in translations.values():
                names[fold(translation.gettext(name))] = country.alpha_2
    names.update({fold(k): v for k, v in _EXTRA_NAMES.items()})
    return {name: code for name, code in names.items() if len(name) > 3}


_EXTRA_NAMES = {
    "the United Kingdom": "GB", "United States": "US", "the United States": "US", "Estados Unidos": "US",
    "États-Unis": "US", "Brasil": "BR", "Brésil": "BR", "Bolivia": "BO", "Venezuela": "VE", "Russia": "RU",
    "Bulgarie": "BG", "Slovaquie": "SK", "Eslovaquia": "SK", "Eslováquia": "SK", "Kenia": "KE", "Quénia": "KE",
    "Nigéria": "NG", "إسبانيا": "ES", "اسبانيا": "ES", "مصر": "EG", "إسرائيل": "IL", "الأرجنتين": "AR",
}  # fmt: skip


def _states(head: Folded, forum: str | None) -> list[str]:
    names = _country_names()
    pattern = _country_pattern()
    found: dict[str, None] = {}
    for anchor in [*_PARTY_LINE.finditer(head.folded), *_VERSUS.finditer(head.folded)]:
        match = pattern.match(head.folded, anchor.end())
        if match:
            found[names[match.group(1)]] = None
        if len(found) >= 1 and anchor.re is _PARTY_LINE:
            break
    if not found:
        # A caption line that is only a State's name ("UNITED STATES" under the petitioners' names).
        for block in head.folded.split("\n\n")[:12]:
            code = names.get(re.sub(r"^(?:the |la |le |l'|el |o |a )", "", block.strip()))
            if code:
                found[code] = None
                break
    if not found and forum is not None:
        country = get_taxonomy().forum(forum).country
        if country:
            found[country] = None
    return list(found)[:1]


@cache
def _country_pattern() -> re.Pattern[str]:
    names = sorted(_country_names(), key=len, reverse=True)
    return re.compile(r"(?:the |la |le |l'|el |o |a )?(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def _decision_type(head: Folded, forum: str | None) -> str | None:
    scores: dict[str, float] = defaultdict(float)
    for hit in matcher("decision_types").finditer(head):
        scores[hit.code] += hit.weight
    if scores:
        return max(scores.items(), key=lambda item: item[1])[0]
    if forum is None:
        return None
    level = get_taxonomy().forum(forum).level
    return {
        "treaty-body": "views",
        "regional-commission": "merits-decision",
        "regional-committee": "merits-decision",
    }.get(level, "judgment")


@cache
def _primary_instrument(forum: str | None) -> str | None:
    if forum is None:
        return None
    instruments = get_taxonomy().forum(forum).instruments
    return next((i for i in instruments if not i.startswith("OP")), instruments[0] if instruments else None)


def articles(text: str, forum: str | None) -> list[str]:
    """Articles invoked, normalised to `INSTRUMENT:ARTICLE`; the instrument named after the reference, else
    the forum's own treaty."""
    found: dict[str, None] = {}
    default = _primary_instrument(forum)
    instruments = matcher("instruments")
    for match in _ARTICLE.finditer(text):
        # The instrument named right after the reference ("of the Covenant", "de la Charte africaine").
        window = Folded.of(text[match.end() : match.end() + 60])
        instrument = next((h.code for h in instruments.finditer(window) if h.weight >= 0.3), default)
        if instrument is None or not get_taxonomy().has("instruments", instrument):
            continue
        for one in _ONE_ARTICLE.finditer(match.group(1)):
            found[f"{instrument}:{one.group(1)}{one.group(2).replace(' ', '')}"] = None
    return list(found)


def _outcomes(text: str, forum: str | None) -> tuple[str | None, list[tuple[str, str]]]:
    tail = Folded.of(text[int(len(text) * 0.6) :])
    hits = sorted(matcher("outcomes").finditer(tail), key=lambda h: (h.start, -(h.end - h.start)))
    per_article: dict[str, str] = {}
    scores: dict[str, float] = defaultdict(float)
    covered = -1
    for hit in hits:
        if hit.start < covered:
            continue  # "no constituye una violación" contains "constituye una violación"
        code = hit.code
        if code == "violation" and negated(tail, hit.start):
            code = "no-violation"
        covered = hit.end
        scores[code] += hit.weight
        sentence_end = tail.folded.find(".", hit.end)
        sentence = tail.original[hit.start : sentence_end if sentence_end > 0 else hit.end + 200]
        if get_taxonomy().entry("outcomes", code).per_article:
            for article in articles(sentence, forum)[:4]:
                per_article.setdefault(article, code)
    outcome = max(scores.items(), key=lambda item: item[1])[0] if scores else None
    return outcome, list(per_article.items())
