"""General comments and general recommendations of the UN treaty bodies cited in a decision, in five languages,
with the committee that adopted them resolved from the context: the committee named before the reference in
the same paragraph, the document symbol printed after it, the decision's own forum ("its general comment"), or
the committee the document names most."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from caselaw.ingest.dates import ascii_digits
from caselaw.ingest.keywords import Folded, fold
from caselaw.ingest.literals import Guarded

# Matched on folded text (lower case, no accents): "General Comment No. 7 (1997)", "observación general núm. 4",
# "observation générale n° 7", "comentário geral n.º 4", "التعليق العام رقم 4"; plural lists ("general
# comments Nos. 4 and 7"). `recommendation` marks the kind CEDAW and CERD adopt.
_NO = r"(?:(?:n|nr|num|numero|number|nos?)\s?\.?\s?[o°]?s?\.?\s*|رقم\s*|قم\s*)?"
_LATIN = re.compile(
    r"(?<![\w])(?:(general (?:comments?|recommendations?))"
    r"|((?:observacion(?:es)?|comentarios?|observacao|observacoes|observations?|recomendacion(?:es)?|"
    r"recomendacao|recomendacoes|recommandations?) (?:generales|generale|general|gerais|geral)s?))"
    r"\s*,?\s*"
    + _NO
    + r"(\d{1,2})(?![\d/.]\d)((?:\s*(?:\(\d{4}\))?\s*(?:,|and|y|et|e)\s*(?:"
    + _NO
    + r")?\d{1,2}(?![\d/]))*)"
    r"(?:\s*\(((?:19|20)\d{2})\))?"
)
# A word every match of `_LATIN` ("general", "generale(s)", "geral", "gerais") or of `_ARABIC` has in it (folded).
COMMENT_WORDS = _NEEDED = ("genera", "gera", "عام")
# Arabic: "التعليق العام رقم 4", "تعليقها العام رقم 7", "التوصية العامة رقم 24"; extraction of right-to-left
# text may drop letters ("قم" for "رقم") and reverse the year's brackets ("(2014)2" for "2 (2014)").
_ARABIC = re.compile(
    r"(ال)?(تعليق|توصي)\S*(?:\s+\S+)?\s+(?:ال)?عام\S*\s+(?:ر?قم)?[\s\u200e\u200f\u202a-\u202e]*"
    r"(?:\)?\s*((?:19|20)\d{2})\s*\(\s*)?(\d{1,2})(?!\d)(?:\s*\(((?:19|20)\d{2})\))?"
)
# Committees by name or by their document symbols, in the five languages (on folded text): a hint of the body.
_BODIES: tuple[tuple[str, str], ...] = (
    ("un-cescr", r"economic,? social and cultural rights? committee|committee on economic,? social and cultural|"
     r"derechos economicos,? sociales y culturales|droits economiques,? sociaux et culturels|"
     r"direitos economicos,? sociais e culturais|\bcescr\b|\bcdesc\b|comite desc|comite dos desc|"
     r"بالحقوق الاقتصادية والاجتماعية والثقافية|الحقوق الاقتصادية والاجتماعية والثقافية|\be/c\.12/"),
    ("un-ccpr", r"human rights committee|committee on human rights|comite de derechos humanos|"
     r"comite des droits de l'homme|comite (?:de|dos) direitos humanos|اللجنة المعنية بحقوق الإنسان|\bccpr/"),
    ("un-cedaw", r"discrimination against women|discriminacion contra la mujer|a l'egard des femmes|"
     r"discriminacao contra (?:as mulheres|a mulher)|\bcedaw\b|\bcedef\b|التمييز ضد المرأة|سيداو"),
    ("un-crc", r"rights of the child|derechos del nino|droits de l'enfant|direitos da crianca|لجنة حقوق الطفل|"
     r"\bcrc/"),
    ("un-crpd", r"rights of persons with disabilities|derechos de las personas con discapacidad|"
     r"droits des personnes handicapees|direitos das pessoas com deficiencia|بحقوق الأشخاص ذوي الإعاقة|"
     r"حقوق الأشخاص ذوي الإعاقة|\bcrpd\b|\bcdph\b"),
    ("un-cerd", r"racial discrimination|discriminacion racial|discrimination raciale|discriminacao racial|"
     r"التمييز العنصري|\bcerd\b"),
)  # fmt: skip
_BODY_RE = [(code, re.compile(pattern)) for code, pattern in _BODIES]
_BODY_GUARDS = [(code, Guarded(pattern)) for code, pattern in _BODY_RE]
_SYMBOL_AFTER = re.compile(r"(e/c\.12|ccpr/c|cedaw/c|crc/c|crpd/c|cerd/c)/")
_SYMBOL_BODY = {"e/c.12": "un-cescr", "ccpr/c": "un-ccpr", "cedaw/c": "un-cedaw", "crc/c": "un-crc",
                "crpd/c": "un-crpd", "cerd/c": "un-cerd"}  # fmt: skip
# The committee's own comment: "its general comment", "su observación general", "son observation générale".
_OWN = re.compile(r"(?:\b(?:its|su|sus|son|ses|sua|suas|seu|seus)\s+(?:\w+\s+)?$)|(?:تعليقها|توصيتها)")
_PREFIX = {"un-cescr": "cescr", "un-ccpr": "ccpr", "un-cedaw": "cedaw", "un-crc": "crc", "un-crpd": "crpd",
           "un-cerd": "cerd"}  # fmt: skip
_RECOMMENDING = frozenset({"un-cedaw", "un-cerd"})  # the committees whose texts are "general recommendations"
_AUTHOR = re.compile(
    r"[\s,]*(?:\(\d{4}\)[\s,]*)?"
    r"(?:adopted by |issued by |of |del |de |du |des |do |da |dos |adoptee par |aprobada por )"
    r"(?:the |la |el |le |les |o |a |l')?"
)
_BEFORE = 300  # characters before a reference where its committee is named ("Committee on …, General Comment 4")


@dataclass(frozen=True)
class CommentReference:
    """One general comment or recommendation cited: where, as written, its number, year and committee."""

    start: int
    end: int
    text: str
    number: int
    year: int | None
    body: str | None
    recommendation: bool

    @property
    def code(self) -> str | None:
        """The taxonomy code (`cescr-gc-7`, `cedaw-gr-24`); None when the committee is not known."""
        if self.body is None:
            return None
        kind = "gr" if self.body in _RECOMMENDING else "gc"
        return f"{_PREFIX[self.body]}-{kind}-{self.number}"


def dominant_body(texts: list[str]) -> str | None:
    """The treaty body a document names most (its own committee, in a committee's document), if any."""
    counts: Counter[str] = Counter()
    joined = "\x00".join(texts)
    # One fold and one scan of each name for all the passages (no name straddles the NUL between two of them),
    # and no scan for a name whose words the text lacks; every code is counted, in order, as ties go to the first.
    pieces = [fold(joined)] if texts and joined.count("\x00") == len(texts) - 1 else [fold(text) for text in texts]
    for folded in pieces:
        for code, guard in _BODY_GUARDS:
            counts[code] += len(guard.pattern.findall(folded)) if guard.possible(folded) else 0
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


def find_comments(text: str, forum: str | None, fallback: str | None = None) -> Iterator[CommentReference]:
    """General comments and recommendations cited in one paragraph, committees resolved from context."""
    # Most passages: neither pattern can match, and each costs a scan of the passage. Checked on the plain fold
    # (digits and the offsets' map play no part in these words), before the passage is folded with its offsets.
    plain = fold(text)
    if not any(word in plain for word in _NEEDED):
        return
    text = ascii_digits(text)
    folded = Folded.of(text)
    own = forum if forum in _PREFIX else fallback
    for match in _LATIN.finditer(folded.folded):
        recommendation = "recom" in (match.group(1) or match.group(2) or "")
        numbers = [int(match.group(3)), *(int(n) for n in re.findall(r"\d{1,2}(?!\d)", _no_years(match.group(4))))]
        year = int(match.group(5)) if match.group(5) and len(numbers) == 1 else None
        body = _body(folded.folded, match.start(), match.end(), own, recommendation)
        for number in numbers:
            yield CommentReference(match.start(), match.end(), folded.span(match.start(), match.end()),
                                   number, year, body, recommendation)  # fmt: skip
    for match in _ARABIC.finditer(folded.folded):
        recommendation = match.group(2) == "توصي"
        year_text = match.group(3) or match.group(5)
        body = _body(folded.folded, match.start(), match.end(), own, recommendation)
        year = int(year_text) if year_text else None
        printed = folded.span(match.start(), match.end())
        yield CommentReference(match.start(), match.end(), printed, int(match.group(4)), year, body, recommendation)


def _no_years(tail: str) -> str:
    """The list part of a match without its bracketed years ("(1991) and 7" -> " and 7")."""
    return re.sub(r"\(\d{4}\)", " ", tail)


def _body(folded: str, start: int, end: int, own: str | None, recommendation: bool) -> str | None:
    """The committee of a reference: named last before it in the paragraph, else its document symbol right after,
    else the decision's own committee ("its general comment", or nothing said), else none."""
    before = folded[max(0, start - _BEFORE) : start]
    named: tuple[int, str] | None = None
    for code, pattern in _BODY_RE:
        for hit in pattern.finditer(before):
            if named is None or hit.start() > named[0]:
                named = (hit.start(), code)
    # "its general comment" after a committee was named for another text: the possessive wins when close.
    if own is not None and _OWN.search(folded[max(0, start - 20) : start]):
        return own
    # "la observación general núm. 4 del Comité de …": the committee named right after, introduced as its author.
    after = folded[end : end + 160]
    introduced = _AUTHOR.match(after)
    if introduced:
        for code, pattern in _BODY_RE:
            found = pattern.search(after, introduced.end())
            if found and found.start() <= introduced.end() + 40:
                return code
    if named is not None and _fits(named[1], recommendation):
        return named[1]
    symbol = _SYMBOL_AFTER.search(folded, end, end + 200)
    if symbol:
        return _SYMBOL_BODY[symbol.group(1)]
    if own is not None and _fits(own, recommendation):
        return own
    return "un-cedaw" if recommendation and own is None and named is None else None


def _fits(body: str, recommendation: bool) -> bool:
    """Whether a committee issues texts of this kind (CEDAW and CERD adopt recommendations, the others
    comments); citing texts sometimes mix the words, so a named committee is trusted for comments."""
    return not recommendation or body in _RECOMMENDING
