"""Case metadata read from a decision's text: forum, identifiers, dates, respondent State, decision type,
outcomes and the articles invoked, in the five languages. Each kind of field is read by its own module
(forums, states, dates, identifiers); this one puts them together."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from caselaw.ingest.dates import MONTH_FIRST, read_dates
from caselaw.ingest.forums import find_forum, open_forum_code
from caselaw.ingest.identifiers import caption, read_identifiers
from caselaw.ingest.keywords import Folded, matcher, negated
from caselaw.ingest.states import country_code, respondent_states, symbol_country
from caselaw.taxonomy import get_taxonomy

__all__ = ["Metadata", "articles", "country_code", "extract", "open_forum_code"]

_HEAD_CHARS = 4000  # forum, parties and dates are stated in a decision's first page or two
_TYPE_CHARS = 1500  # a decision names what it is in its title and caption
_ARTICLE = re.compile(
    r"(?:\barts?\.|\barticles?|\bart[ií]culos?|\bartigos?|\bالمادت(?:ان|ين)|\bالمواد|\bالمادة|\bmaterias?)\s+"
    r"((?:\d{1,3}[A-Za-z]?(?:\s?\((?:\d{1,2}|[a-z])\))*)(?:(?:\s*,\s*|\s+(?:and|y|et|e|و)\s*)\d{1,3}[A-Za-z]?"
    r"(?:\s?\((?:\d{1,2}|[a-z])\))*)*)",
    re.IGNORECASE,
)
_ONE_ARTICLE = re.compile(r"(\d{1,3}[A-Za-z]?)((?:\s?\((?:\d{1,2}|[a-z])\))*)")
# What the operative part of a treaty body's decision says when it ends a case without Views.
_INADMISSIBLE = re.compile(
    r"(?:is|are|be|declared|declares|therefore) (?:partly |partially )?inadmissible|(?:es|son|sea|declara|declarar)"
    r" inadmisible|(?:est|sont|declare|declaree) irrecevable|(?:e|sao|declara|declarada) inadmissivel|غير مقبول"
)
_DISCONTINUED = re.compile(
    r"discontinue|poner fin al examen|cesar el examen|archivar|cesser l'examen|mettre fin a l'examen|"
    r"encerrar o exame|arquivar|وقف النظر"
)
_DESIGNATION_SHARE = 0.5  # a keyword filling half a caption line or more is what the document calls itself


@dataclass
class Metadata:
    """What was read from the text; None or empty where the text does not say."""

    forum: str | None = None
    forum_confidence: float = 0.0
    forum_name: str | None = None  # the forum's name as printed (a national court's, or a listed forum's caption)
    forum_country: str | None = None  # a national court the taxonomy does not list: its country
    forum_level: str | None = None  # … and its forum_levels code
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    decision_date: date | None = None
    decision_year: int | None = None  # the year alone, when the text gives no day ("October 2001")
    communication_date: date | None = None
    hearing_date: date | None = None
    publication_date: date | None = None
    respondent_states: list[str] = field(default_factory=list)
    decision_type: str | None = None
    outcome: str | None = None
    article_outcomes: list[tuple[str, str]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)


def extract(text: str, title: str | None, running_headers: list[str]) -> Metadata:
    """Read every metadata field that `text` states."""
    meta = Metadata()
    forum = find_forum(text, running_headers)
    meta.forum, meta.forum_confidence, meta.forum_name = forum.code, forum.confidence, forum.name
    meta.forum_country, meta.forum_level = forum.country, forum.level
    own = caption(text, running_headers)
    meta.identifiers = read_identifiers(own)
    meta.respondent_states = _states(text, own, meta.forum, forum.country)
    country = meta.respondent_states[0] if meta.respondent_states else None
    dates = read_dates(text, running_headers, month_first=country in MONTH_FIRST)
    meta.decision_date, meta.communication_date = dates.decision, dates.communication
    meta.hearing_date, meta.publication_date, meta.decision_year = dates.hearing, dates.publication, dates.decision_year
    meta.decision_type = _decision_type(title, text, meta.forum, any(s == "report" for s, _ in meta.identifiers))
    meta.articles = articles(text, meta.forum)
    meta.outcome, meta.article_outcomes = _outcomes(text, meta.forum)
    return meta


def _states(text: str, own: str, forum: str | None, country: str | None) -> list[str]:
    """A national court's own State; the State a UN country document is about (its symbol); the respondent
    State before an international body."""
    taxonomy = get_taxonomy()
    if forum is not None and taxonomy.has("forums", forum) and taxonomy.forum(forum).country:
        return [str(taxonomy.forum(forum).country)]
    if country is not None:
        return [country]
    symbol = symbol_country(own)
    return [symbol] if symbol else respondent_states(text[:_HEAD_CHARS])


def _decision_type(title: str | None, text: str, forum: str | None, numbered_report: bool) -> str | None:
    """What the decision calls itself in its title and caption; the tail of a treaty body's decision for one
    that ends the case (inadmissible, discontinued); else the forum's usual kind of decision."""
    head = Folded.of("\n".join([title or "", text[:_TYPE_CHARS]]))
    scores: dict[str, float] = defaultdict(float)
    designated = False
    for number, hit in enumerate(matcher("decision_types").finditer(head)):
        line_start = head.folded.rfind("\n", 0, hit.start) + 1
        line_end = head.folded.find("\n", hit.end)
        line = head.folded[line_start : line_end if line_end >= 0 else len(head.folded)].strip(" ()[]*∗.:")
        # A caption line that is the keyword ("ADMISIBILIDAD", "ORDER", "SUPERVISIÓN DE CUMPLIMIENTO DE
        # SENTENCIA") says what the document is; mentions further down cite other decisions.
        designation = bool(line) and (hit.end - hit.start) >= _DESIGNATION_SHARE * len(line)
        designated = designated or (designation and hit.weight >= 0.1)
        scores[hit.code] += hit.weight * (1.0 / (1.0 + hit.start / 300) + (1.0 if number == 0 else 0.0))
        if designation:
            # Outweighs mentions; a generic word alone on its line ("ORDER", "RESOLUCIÓN DE LA") less so.
            scores[hit.code] += 3.0 if hit.weight >= 0.3 else 1.0
    level = get_taxonomy().forum(forum).level if forum and get_taxonomy().has("forums", forum) else None
    if not designated and level in ("treaty-body", "regional-commission", "regional-committee"):
        ending = _fold_tail(text)
        if _INADMISSIBLE.search(ending):
            return "inadmissibility-decision"
        if _DISCONTINUED.search(ending):
            return "discontinuance"
    if scores:
        return max(scores.items(), key=lambda item: item[1])[0]
    if forum is None:
        return None
    if level == "regional-commission" and numbered_report:
        return "merits-report"  # a commission's numbered report that says nothing else is its report on the merits
    return {
        "treaty-body": "views",
        "regional-commission": "merits-decision",
        "regional-committee": "merits-decision",
    }.get(level or "", "judgment")


def _fold_tail(text: str) -> str:
    """The folded operative part of a decision: its last fifth, at most 3000 characters."""
    return Folded.of(text[-min(3000, max(600, len(text) // 5)) :]).folded


@cache
def _primary_instrument(forum: str | None) -> str | None:
    if forum is None or not get_taxonomy().has("forums", forum):
        return None  # an open national forum: no treaty of its own, articles need their instrument named
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
