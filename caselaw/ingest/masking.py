"""Blank out the names of bodies and instruments before keywords are matched, so that their words are not read
as evidence: "Cultural Rights" in "Committee on Economic, Social and Cultural Rights", "Child" in "Convention on
the Rights of the Child", "Health" in "Ministry of Health".

Three sources, in the five languages: the forums' and instruments' own names (taxonomy keywords); a general
pattern — a body or instrument noun ("Committee", "Ministerio", "Pacte", "وزارة"), at most two words, a
connector ("on", "de", "relatif aux"), then the name, read as capitalised words, or as the run of words after
"rights"/"derechos"/"droits" where names are written in lower case; and the names of the category of rights as a
whole ("economic, social and cultural rights"), which say nothing about which right is at stake.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from caselaw.ingest.keywords import Folded, find_all, fold, matcher
from caselaw.ingest.literals import Guarded
from caselaw.taxonomy import LANGUAGES

_BODY_NOUNS = (
    # en
    "committee|commission|council|court|tribunal|board|ministry|department|secretariat|office|agency|authority|"
    "institute|special rapporteur|rapporteur|working group|fund|programme|program|bureau|covenant|convention|"
    "protocol|charter|declaration|treaty|pact|general comment|general recommendation|"
    # es
    "comite|comision|consejo|corte|juzgado|ministerio|secretaria|departamento|oficina|instituto|"
    "relator especial|relatora especial|grupo de trabajo|fondo|programa|superintendencia|defensoria|pacto|"
    "convencion|protocolo|declaracion|tratado|observacion general|recomendacion general|caja|"
    # fr
    "conseil|cour|ministere|institut|rapporteur special|rapporteuse speciale|groupe de travail|fonds|pacte|"
    "protocole|charte|traite|observation generale|recommandation generale|caisse|"
    # pt
    "comissao|conselho|juizo|escritorio|fundo|convencao|declaracao|comentario geral|observacao geral|caixa|"
    "recomendacao geral"
)
_CONNECTORS = (
    r"on|of|for|against|relating to|concerning|on the|of the|for the|"
    r"de|del|de la|de los|de las|sobre|sobre los|sobre las|sobre el|sobre la|para|para la|para el|relativo a|"
    r"relativa a|relativo al|en materia de|"
    r"des|du|de l'|sur|sur les|pour|pour les|relatif a|relative a|relatif aux|relative aux|relatifs aux|"
    r"relatives aux|aux|a l'egard des|"
    r"do|da|dos|das|sobre os|sobre as|relativo aos|relativa aos|em materia de"
)
_GENERIC = re.compile(
    rf"(?<!\w)(?:{_BODY_NOUNS})(?:\s+[\w'-]+){{0,2}}?\s+(?:{_CONNECTORS})\s+",
)
# English puts the noun last ("Costa Rican Social Security Fund", "Workers' Compensation Appeals Board"): the
# capitalised words before one of these nouns are a name.
_TRAILING = re.compile(
    r"(?<!\w)(?:fund|administration|service|authority|court|board|department|ministry|agency|institute|commission|"
    r"committee|council|tribunal|office|bureau|corporation)(?!\w)"
)
_NAME_BEFORE = 6
_RIGHTS_WORDS = frozenset({"rights", "right", "derechos", "derecho", "droits", "droit", "direitos", "direito"})
_SMALL_WORDS = frozenset(
    {"of", "the", "and", "on", "with", "for", "in", "against", "to", "de", "la", "los", "las", "del", "y", "e", "et"}
    | {"des", "du", "aux", "a", "l'", "les", "le", "da", "do", "dos", "das", "sobre", "em", "en", "con", "com", "avec"}
    | {"o", "os", "as", "al"}
)
_NAME_WORDS = 10
_LOWER_NAME_WORDS = 6
_WORD = re.compile(r"[\w'-]+|,|[^\w\s]")
# Arabic: the construct state needs no connector ("وزارة الصحة"); "the Committee" alone is often the subject of
# a verb ("ترى اللجنة أن الحق في السكن"), so only indefinite nouns and "concerned with" names are followed.
_ARABIC = re.compile(
    r"(?<!\w)[وبل]?(?:وزارة|لجنة|مجلس|صندوق|برنامج|هيئة|(?:اللجنة|المقرر الخاص|المقررة الخاصة|الفريق العامل|المجلس|"
    r"الهيئة) (?:المعنية|المعني|الخاص|الخاصة)|اتفاقية|الاتفاقية|العهد الدولي|الميثاق|ميثاق|الاعلان|اعلان|معاهدة|"
    r"التعليق العام|التوصية العامة)((?:\s+[^\s،.:؛()]+){1,5})"
)
_CATEGORIES = (
    "economic, social and cultural rights",
    "economic, social, cultural and environmental rights",
    "economic and social rights",
    "social and economic rights",
    "socio-economic rights",
    "socioeconomic rights",
    "civil and political rights",
    "derechos economicos, sociales y culturales",
    "derechos economicos, sociales, culturales y ambientales",
    "derechos sociales",
    "droits economiques, sociaux et culturels",
    "droits sociaux",
    "direitos economicos, sociais e culturais",
    "direitos economicos, sociais, culturais e ambientais",
    "direitos sociais",
    "الحقوق الاقتصادية والاجتماعية والثقافية",
    "الحقوق الاقتصادية والاجتماعية",
)


# Each expression scanned only where its matches can start, with the same matches (`literals.Guarded`): on a long
# judgment, `re` trying them at every position was most of the cost of tagging.
_GUARDS = {pattern: Guarded(pattern) for pattern in (_GENERIC, _TRAILING, _ARABIC)}


@cache
def _categories() -> Guarded:
    phrases = sorted((fold(p) for p in _CATEGORIES), key=len, reverse=True)
    body = "|".join(r"\s*".join(re.escape(part) for part in re.split(r"\s+", p)) for p in phrases)
    # Arabic attaches "and", "with", "to" to the next word ("بالحقوق"): those letters may precede a name.
    return Guarded(re.compile(rf"(?<!\w)[وبلف]{{0,2}}(?:{body}|desca?|escr)(?!\w)"))


def name_spans(text: Folded) -> list[tuple[int, int]]:
    """Folded offsets of the names of bodies, instruments and of the category of rights in `text`."""
    folded = text.folded
    spans: list[tuple[int, int]] = []
    for hits in find_all((matcher("forums", LANGUAGES), matcher("instruments", LANGUAGES)), text):
        spans += [(hit.start, hit.end) for hit in hits]
    spans += [(m.start(), m.end()) for m in _categories().finditer(folded)]
    for match in _GUARDS[_GENERIC].finditer(folded):
        end = _name_end(text, match.end())
        if end > match.end():
            spans.append((match.start(), end))
    for match in _GUARDS[_TRAILING].finditer(folded):
        if _capitalised(text, match.start()):
            start = _name_start(text, match.start())
            if start < match.start():
                spans.append((start, match.end()))
    for match in _GUARDS[_ARABIC].finditer(folded):
        spans.append((match.start(), match.end()))
    return spans


def mask(text: Folded) -> Folded:
    """`text` with the names found by `name_spans` blanked out in its folded form (offsets unchanged)."""
    spans = name_spans(text)
    if not spans:
        return text
    chars = list(text.folded)
    for start, end in spans:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
    return replace(text, folded="".join(chars))


def _name_end(text: Folded, start: int) -> int:
    """Where the name that starts at folded offset `start` ends: capitalised words (with small words and commas
    between them), or, when it starts with a word for rights, the few words that follow in any case."""
    end = start
    lower_run = False
    words = 0
    for token in _WORD.finditer(text.folded, start, min(len(text.folded), start + 200)):
        word = token.group(0)
        if words == 0:
            lower_run = word in _RIGHTS_WORDS
        if word == ",":
            continue
        if not word[0].isalnum() and word not in ("'",):
            break  # a full stop, a bracket, a colon: the name is over
        gap = text.folded[end : token.start()]
        if "\n" in gap or any(mark in gap for mark in ".;:()[]"):
            break
        words += 1
        if lower_run:
            if words > _LOWER_NAME_WORDS:
                break
            end = token.end()
            continue
        if word in _SMALL_WORDS:
            if words > _NAME_WORDS:
                break
            continue
        if not _capitalised(text, token.start()) or words > _NAME_WORDS:
            break
        end = token.end()
    return end


def _name_start(text: Folded, end: int) -> int:
    """Where a name ending in a noun at folded offset `end` starts: the capitalised words right before it."""
    start = end
    words = 0
    for token in reversed(list(_WORD.finditer(text.folded, max(0, end - 120), end))):
        word = token.group(0)
        gap = text.folded[token.end() : start]
        if "\n" in gap or any(mark in gap for mark in ".;:()[],"):
            break
        if not word[0].isalnum() or words >= _NAME_BEFORE:
            break
        words += 1
        if word in _SMALL_WORDS:
            continue
        if not _capitalised(text, token.start()):
            break
        start = token.start()
    return start


def _capitalised(text: Folded, start: int) -> bool:
    index = text.index(start)
    char = text.original[index] if index < len(text.original) else ""
    return char.isupper() or char.isdigit()
