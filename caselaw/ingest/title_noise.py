"""Lines that are never a title: page furniture, stamps, boilerplate, slogans, symbols and institutions' names.

A document's first lines are often not its name: the organisation that publishes it ("United Nations"), the
court that decides ("Corte Interamericana de Derechos Humanos"), the UN document's symbol and distribution
notes ("CRPD/C/ALB/CO/1", "Distr.: General", "GE.19-17655"), an e-filing stamp ("Case 2:18-cv-10166 Document
47 Filed 06/07/19 Page 1 of 3"), a web printer's buttons ("Télécharger PDF"), an anniversary slogan printed on
every page ("1983-2023. 40 Años de Democracia"), or a citation from a syllabus's boilerplate ("See United States
v. Detroit Timber & Lumber Co., 200 U.S. 321, 337"). These rules say so for any document, in the five languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from caselaw.ingest.keywords import fold
from caselaw.ingest.states import country_code

# Publishing and filing furniture: distribution notes, job numbers, language lines, stamps, page counters.
_BOILERPLATE = re.compile(
    r"^(?:distr\.?\s*[:.]?\s*(?:general|generale|limited|restricted|limitada|restringida|restreinte)\b"
    r"|original\s*:|originale?\s*:|idioma original|langue originale|anglais|english only|espanol\b|francais\b"
    r"|(?:english|french|spanish|arabic|russian|chinese|ingles|frances|arabe|ruso|chino)(?:,\s*\w+)*"
    r"\s+(?:and|y|et)(?:\s|$)"
    r"|advance unedited version|version avancee non editee|version avanzada sin editar|versao avancada"
    r"|ge\.\d{2}-\d{3,}|[a-z]?\d{2}-\d{5}\s*\(\w\)"
    r"|case\s*:?\s*\d{1,2}:\d{2}-[a-z]{2}-\d+|case\s*:\s*\d{2}-\d{3,}"
    r"|filed\b|received\b|redacted\b|\[redacted\]|js-\d\b|reportable\b|not reportable\b|non-reportable\b"
    r"|official\s*-\s*subject to final review|publie au bulletin|publie au recueil|ecli:|telecharger\b"
    r"|imprimer\b|print this|download\b|descargar\b|baixar\b|https?://|www\.|[\w.-]+\.(?:org|gov|com|net)\b"
    r"|page \d+ of \d+|pagina \d+ de \d+|\d+\s*/\s*\d+$|-\s*\d+\s*-$|\(?uploaded on"
    r"|r\s?e\s?p\s?u\s?b\s?l\s?i\s?q\s?u\s?e\s+f\s?r\s?a\s?n\s?c\s?a\s?i\s?s\s?e|au nom du peuple francais"
    r"|in the name of the people|en nombre del pueblo|em nome do povo|بسم الله"
    r"|(?:\w+ )?\d{1,2},? \d{4},? \d{1,2}:\d{2}\s*(?:am|pm)"
    r"|(?:\d{1,2}(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?[a-z]+\.?,?\s+(?:de\s+)?\d{4}"
    r"|[a-z]+\.?\s+\d{1,2},?\s+\d{4})\.?$"
    r"|\*\s*(?:the present document|le present document|el presente documento|o presente documento)"
    r"|(?:this|the present) document (?:is being|was) (?:issued|published)"
    r"|(?:see|cf\.?|voir|vease|ver)\s"
    r"|note\s*:\s*where it is feasible|syllabus\b|headnote\b|\(slip opinion\)|opinion of the court\b"
    r"|proposed rules$|rules and regulations$|presidential documents$|notices$"  # a federal register's sections
    r"|table of contents|table des matieres|indice\b|sumario\b|contents$|contenido$|المحتويات"
    r"|\(?\s*(?:pdf|txt|doc)\s*\)?$|\[[^\]]*\]$|\W*$)",
    re.IGNORECASE,
)
# A UN or registry symbol alone: "CRPD/C/ALB/CO/1", "A/HRC/45/12", "E/C.12/66/D/5/2015", "CCPR/C/120/D/2324/2013".
_SYMBOL = re.compile(r"^[A-Z]{1,6}(?:\.\d+)?\s?/(?:\s?[A-Za-z0-9.()-]+\s?/)+\s?[A-Za-z0-9.()-]+$")
# A reporter citation ("200 U.S. 321", "85 FR 47698", "[2024] ZASCA 21") makes a line a citation, not a caption.
_REPORTER = re.compile(r"\b\d{1,4}\s+(?:U\.\s?S\.|S\.\s?Ct\.|F\.\s?(?:2d|3d|4th|Supp\.?)|L\.\s?Ed\.)\s+\d+")
# The name of a court, commission, committee or organisation, with nothing after it but its seat.
_INSTITUTION = re.compile(
    r"^(?:in (?:the|la) |before the |devant la |ante la |perante o |(?:the|la|le|el|o|a|les|los) )?"
    r"(?:(?:united nations|nations unies|naciones unidas|nacoes unidas|organi[sz]ation|organisation|organizacion"
    r"|organizacao|الامم المتحدة|هيية|مجلس|محكمة|المحكمة|اللجنة|لجنة|ديوان|امانة|وزارة|بلدية|امارة|محافظة)\b"
    r"|(?!(?:report|rapport|informe|relatorio|declaration|declaracion|declaracao|resolution|resolucion|resolucao"
    r"|decision|judgment|sentencia|arret|order|concluding|observations?|list|liste|lista|views|constatations"
    r"|dictamen|opinion|statement|comment|letter|act|law|ley|loi|lei|charter|charte|carta|rules|reglamento"
    r"|reglement|regulations?|decree|decret|decreto|general|submission|brief|memorial|amicus|annual|informacion"
    r"|information|follow|seguimiento|suivi)\b)(?:[\w'’.-]+ ){0,6}"
    r"(?:court|cour|corte|tribunal|tribunale|juzgado|committee|comite|commission|comision|comissao|council|conseil"
    r"|consejo|conselho|board|bureau|division|district|circuit|chamber|chambre|sala|camara|registry|greffe"
    r"|secretaria|relatoria|department|ministry|ministere|ministerio|procuraduria|defensoria|ombudsman)"
    r"\b)",
    re.IGNORECASE,
)
_JURISDICTION = re.compile(
    r"^(?:(?:criminal|civil|original|appellate|writ|special original|extraordinary|constitutional)\s+)*"
    r"(?:appellate|original|writ)?\s*jurisdiction$|^\(?(?:special )?original jurisdiction\)?$",
    re.IGNORECASE,
)
# A State's own name printed as the issuing authority: "REPUBLIC OF KENYA", "República de Colombia".
_STATE_NAME = re.compile(
    r"^(?:the )?(?:republic|republica|republique|republique|estado|etat|state|kingdom|reino|royaume|federal republic"
    r"|republica federativa|union)\s+(?:of|de|du|do|da|des|del)\s+",
    re.IGNORECASE,
)
# The seat a court sits at, on a line of its own under the court's name: "AT NASHVILLE", "At Jackson".
_SEAT = re.compile(r"^at\s+[a-z][a-z'’.-]+(?:\s+[a-z][a-z'’.-]+){0,2}\s*[.,]?$", re.IGNORECASE)
_YEAR_SPAN = re.compile(r"\b(?:1[89]|20)\d{2}\s*[-–—/]\s*(?:1[89]|20)\d{2}\b")
_CELEBRATION = re.compile(
    r"\b(?:anos|years|ans|anniversary|aniversario|anniversaire|bicentenario|bicentenaire|centenario|centenaire"
    r"|jubilee|jubileo|celebra\w*|conmemora\w*|homenaje|hommage|year of|ano de|ano del|annee de|annee du)\b",
    re.IGNORECASE,
)
_GARBLE = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷ÞþÐðÝýÆæØø$<>@#*~^|")
_VERSUS = re.compile(r"\s(?:v\.?|vs\.?|versus|c\.|contre|contra|c/|ضد)\s", re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """Publishing, filing and web furniture: "Distr.: General", "GE.19-…", an e-filing stamp, a URL, a symbol."""
    line = " ".join(text.split())
    folded = fold(line)
    if _BOILERPLATE.match(folded) or is_symbol(line):
        return True
    if _REPORTER.search(line) and not line.lower().startswith(("in the matter", "in re")):
        return True
    # Mostly digits and punctuation: dates, numbers, docket fragments, a margin's line numbers; or a text layer
    # whose fonts map to the wrong characters ("Ý Éà4<¶ÕÞÚ2¤è´").
    if sum(ch in _GARBLE for ch in line) > 0.1 * len(line):
        return True
    letters = sum(ch.isalpha() for ch in line)
    return letters < 3 or (letters < 0.3 * len(line) and not _VERSUS.search(line))


def is_symbol(text: str) -> bool:
    """A UN or registry document symbol alone: "CRPD/C/ALB/CO/1", "E/C.12/66/D/5/2015"."""
    line = " ".join(text.split()).replace(" /", "/").replace("/ ", "/")
    return bool(_SYMBOL.match(line))


def is_slogan(text: str) -> bool:
    """A short line with a span of years or an anniversary, and no parties: "1983-2023. 40 Años de Democracia"."""
    line = " ".join(text.split())
    if len(line) > 90 or _VERSUS.search(line):
        return False
    folded = fold(line)
    return bool(_YEAR_SPAN.search(folded)) or (bool(_CELEBRATION.search(folded)) and bool(re.search(r"\d", folded)))


def is_institution(text: str, names: Iterable[str] = ()) -> bool:
    """The name of a court, body, organisation or State as printed (the forum's own `names` included)."""
    line = " ".join(text.split()).strip(" .,:;*∗")
    if not line or _VERSUS.search(f" {line} ") or len(line) > 160:
        return False
    folded = _bare(line)
    for name in names:
        known = _bare(name)
        if known and (folded == known or (folded.startswith(known) and len(folded) - len(known) < 40)):
            return True
        if known and known.startswith(folded + " ") and len(folded) >= 8:
            return True  # "Inter-American" cut from its line
    if _JURISDICTION.match(folded):
        return True
    if _STATE_NAME.match(folded) and country_code(line) is not None:
        return True
    if country_code(line) is not None and len(line.split()) <= 4:
        return True  # a State's name alone is an issuing authority or a caption's second line, not a title
    match = _INSTITUTION.match(folded)
    if match is None:
        return False
    # "Supreme Court of Appeal of South Africa", "Comité des droits de l'enfant", "Tribunal Superior de Bogotá":
    # an institution's name is mostly capitalised words and connectors, with no verb or sentence in it.
    return len(line.split()) <= 14 and not re.search(r"[.;]\s+\S", line) and not is_sentence(line)


def is_noise(text: str, names: Iterable[str] = (), headers: Iterable[str] = ()) -> bool:
    """Whether a line can never be a title: furniture, a slogan, a running header, an institution's name, a seat."""
    line = " ".join(text.split())
    if not line:
        return True
    folded = fold(line)
    if any(folded == fold(" ".join(h.split())) for h in headers) and not _VERSUS.search(f" {line} "):
        return True
    return is_boilerplate(line) or is_slogan(line) or is_institution(line, names) or bool(_SEAT.match(folded))


def _bare(text: str) -> str:
    """An institution's name without articles, punctuation and "in the", for comparison."""
    folded = re.sub(r"[^\w\s]", " ", fold(text))
    folded = re.sub(r"^(?:in the|in|before the|the|la|le|el|les|los|o|a)\s+", "", " ".join(folded.split()))
    return folded


def is_sentence(text: str) -> bool:
    """Whether a line reads as a sentence (a verb in it), not as a name or a heading."""
    folded = fold(text)
    return bool(
        re.search(
            r"\b(?:is|are|was|were|has|have|shall|will|que|qui|est|sont|es|son|fue|foi|sao|considering|considerando"
            r"|having|held|holds|finds|decides|decide|resuelve|decida|voted|j'ai|i have|i am|we have|hemos"
            r"|nous avons)\b",
            folded,
        )
    )
