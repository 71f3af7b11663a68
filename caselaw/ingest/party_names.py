"""Party names in their short forms: lead parties, acronyms, surnames, a State's short name, an id's slug.

Also whether two cases name the same party, which joins a translation that prints no identifier to its case.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

import pycountry

from caselaw.ingest.keywords import fold
from caselaw.ingest.metadata import country_code
from caselaw.models import Case

# "and Others", "& Ors.", "y otros", "وآخرون", ", etc.": the unnamed co-parties of a caption.
OTHERS = re.compile(
    r"(?:[,;]?\s+(?:and others|and ors\.?|and another|and anr\.?|et autres|y otros|e outros|et al\.?)"
    r"|\s*&\s*(?:ors\.?|anr\.?|\d+\s+others)"
    r"|\s*،?\s*و?آخر(?:و|ي)ن|,\s*etc\.?)(?=\s|$|,|\()",
    re.IGNORECASE,
)
_BEHALF = re.compile(
    r"^.*?\b(?:on behalf of|au nom de|en nombre de|em nome de|نيابة عن)\s+(?:the\s+|l'|la\s+|el\s+|o\s+)?"
)
_ACRONYM = re.compile(r"[^()]*?\(([A-Z]{2,10})\)")
_SMALL_WORDS = {
    "a", "and", "as", "at", "da", "das", "de", "del", "des", "do", "dos", "du", "e", "em", "en", "et", "for", "in",
    "la", "las", "le", "les", "los", "na", "no", "of", "on", "or", "para", "por", "the", "to", "y", "v.", "vs.", "c.",
    "autres", "otros", "outros", "al.",
}  # fmt: skip
_PARTICLES = {
    "ben", "bin", "ibn", "abu", "da", "das", "de", "del", "della", "di", "do", "dos", "du", "van", "von", "der",
    "den", "el", "al", "la", "le", "mac", "mc",
}  # fmt: skip
_ORGANISATION = re.compile(
    r"\b(?:society|council|association|asociaci[oó]n|associa[cç][aã]o|centre|center|centro|project|federation|"
    r"f[eé]d[eé]ration|commission|comisi[oó]n|comiss[aã]o|government|gobierno|governo|ministry|minister|city|"
    r"authority|campaign|union|institute|institut|organi[sz]ation|rights|derechos|droits|direitos|people|peoples|"
    r"community|communities|comunidad|group|international|foundation|fund|partido|party|movement|company|ltd|"
    r"inc|state|estado|[eé]tat|republic|rep[uú]blica|r[eé]publique|municipal|municipality)\b",
    re.IGNORECASE,
)
_INTERNATIONAL = {"treaty-body", "regional-commission", "regional-committee", "regional-court", "subregional-court"}
_SLUG_STOP = {
    "and", "et", "y", "e", "the", "of", "on", "for", "in", "de", "la", "le", "du", "des", "l", "d", "da", "do",
    "del", "al", "n", "o", "no", "nos",
}  # fmt: skip
_INITIALS = re.compile(r"\b(?:[A-Za-z]\.\s?){2,}")


@dataclass
class Parties:
    """The two sides of a caption, as printed."""

    applicant: str
    respondent: str
    rest: str = ""  # what follows the respondent in a caption ("s/ amparo"): kept in the full title only
    versus: str | None = None  # as printed ("c/", "vs."); None: the language's usual word
    capitals: bool = False  # printed in capitals: the case of its letters is a guess


def short_parties(parties: Parties, language: str, level: str | None, english: bool) -> Parties:
    """The parties as lists cite them; `english` names a respondent State in English (for ids)."""
    applicant, respondent = parties.applicant, parties.respondent
    behalf = _BEHALF.match(applicant)
    if behalf:
        applicant = applicant[behalf.end() :]
    international = level in _INTERNATIONAL
    suffix = ""
    others = OTHERS.search(applicant)
    if others:
        # International bodies cite "Yordanova and Others v. Bulgaria"; national citations drop the others.
        suffix = others.group(0) if international and not others.group(0).startswith(",") else ""
        applicant = applicant[: others.start()] + applicant[others.end() :]
        if applicant[others.start() :].strip():
            # The co-parties stay where they were printed, before a case's nickname: "Acevedo Buendía et al. (“…”)".
            applicant = applicant[: others.start()] + suffix + applicant[others.start() :]
            suffix = ""
    applicant = _acronyms(applicant).strip(" ,")
    applicant = re.sub(r"^(?:the|The)\s+", "", applicant)
    if "," in applicant and not re.search(r",\s*(?:[A-Z]\.\s*)+$", applicant):
        applicant = applicant.split(",")[0]  # "Mendoza, Beatriz Silvia": the surname comes first
    if level == "treaty-body":
        applicant = _surnames(applicant, language)
    respondent = _lead_respondent(respondent, language, english)
    return Parties(applicant + suffix, respondent, versus=parties.versus)


# Words after a person's name that are no part of the surname: "Jr.", "III", an office after a comma.
_SUFFIX = re.compile(r"(?:,?\s+(?:Jr\.?|Sr\.?|II|III|IV|Esq\.?))+$")
# Words that make a name a business's or a body's, not a person's: "Ridgeline Freight Services", "Lakeside Bank".
_BUSINESS = re.compile(
    r"\b(?:services?|logistics|holdings?|systems?|industries|industry|bank|banks|trust|partners|capital|management"
    r"|insurance|freight|transport\w*|construction|builders?|properties|realty|energy|airlines?|motors|enterprises?"
    r"|solutions|technolog\w+|products|stores?|markets?|hospital|clinic|health|university|school|college|county"
    r"|district|department|board|agency|office|bureau|corporation|company|church|estate|investments?|group|fund"
    r"|foods?|farms?|media|network|communications|pharmaceuticals?|laboratories|motor|mutual|national|american"
    r"|united|general|first|global|financial|securities|resources|development|authority|police|prison|jail)\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(r"(?:,?\s+(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Co\.|Corp\.?|L\.P\.|LLP|N\.A\.|P\.C\.|S\.A\.?))$")


def surname_parties(parties: Parties, short: Parties) -> Parties:
    """The first party of each side by a person's surname, as American courts cite cases ("Regalado v. Sullivan");
    a company keeps its whole name ("Create and Construct, LLC"), anyone else its `short` form."""
    sides = [(parties.applicant, short.applicant), (parties.respondent, short.respondent)]
    applicant, respondent = (_surname(printed) or fallback for printed, fallback in sides)
    return Parties(applicant, respondent, versus=parties.versus)


def _surname(side: str) -> str | None:
    """A person's surname, a company's name, or None for anyone else (an office, a government, a group)."""
    side = OTHERS.sub("", side).strip(" ,")
    if _COMPANY.search(side):
        return side  # "Create and Construct, LLC": a company's name, "and" included
    first = re.split(r",?\s+(?:and|&)\s+|;\s+", side)[0]
    tokens = _SUFFIX.sub("", first.split(",")[0].strip()).split()
    if not 2 <= len(tokens) <= 4 or _ORGANISATION.search(first) or _BUSINESS.search(first):
        return None
    given = all(re.fullmatch(r"(?:[A-Z]\.){1,3}|[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*", t) for t in tokens[:-1])
    surname = re.fullmatch(r"(?:Ma?c|O['’])?[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*", tokens[-1])
    return tokens[-1] if given and surname else None


def _acronyms(text: str) -> str:
    """ "Socio-Economic Rights and Accountability Project (SERAP)" → "SERAP", for each name in a list."""
    return _ACRONYM.sub(lambda m: m.group(1), text) if _ACRONYM.search(text) else text


def _lead_respondent(respondent: str, language: str, english: bool) -> str:
    """The first respondent, and a State by its short name ("Slovak Republic" → "Slovakia")."""
    respondent = re.sub(r"^(?:the|The)\s+", "", respondent.strip())
    code = country_code(respondent)
    if code is None:
        trailing = re.search(r"\s*\((?:No\.?\s*\d+)\)$", respondent)  # "(No 2)" names the decision, keep it
        kept = trailing.group(0) if trailing else ""
        respondent = respondent[: trailing.start()] if trailing else respondent
        respondent = OTHERS.sub("", respondent)
        respondent = re.split(r",\s+|;\s+|\s+(?:and|et|y|e|و)\s+", respondent)[0]
        code = country_code(respondent)
        if code is None:
            return _acronyms(respondent).strip() + kept
    return country_short_name(code, "en" if english else language) or respondent


@cache
def country_short_name(code: str, language: str) -> str | None:
    """A State's common name in `language` ("España", "Kenya"); None when it reads awkwardly ("Korea, Rep.")."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    english = str(getattr(country, "common_name", None) or country.name)
    if language == "en":
        name = english
    else:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        name = translation.gettext(str(country.name))
    return None if re.search(r"[,(]", name) else name


def _surnames(applicant: str, language: str) -> str:
    """Authors by their surnames, as treaty bodies cite them ("Ben Djazia and Bellili"); others left as they are."""
    if not re.search(r"[A-Za-z]", applicant) or _ORGANISATION.search(applicant):
        return applicant
    joiner = re.search(r"\s+(?:and|y|et|e)\s+", applicant)
    names = re.split(r"\s+(?:and|y|et|e)\s+", applicant)
    shortened = []
    for name in names:
        tokens = name.split()
        personal = 2 <= len(tokens) <= 6 and all(
            t.lower() in _PARTICLES or re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ'-]+", t) for t in tokens
        )
        if not personal:
            return applicant
        particles = [i for i, t in enumerate(tokens) if i > 0 and t.lower() in _PARTICLES]
        if len({i - n for n, i in enumerate(particles)}) > 1:
            return applicant  # "Maria de Lourdes da Silva Pimentel": where the given names end is a guess
        if particles:
            start = particles[-1]
            while start - 1 > 0 and tokens[start - 1].lower() in _PARTICLES:
                start -= 1
            shortened.append(" ".join(tokens[start:]))
        elif language in ("es", "pt") and len(tokens) >= 4:
            shortened.append(" ".join(tokens[-2:]))  # two surnames after two given names
        else:
            shortened.append(tokens[-1])
    return (joiner.group(0) if joiner else " ").join(shortened)


def smart_case(text: str, heading: bool = False) -> str:
    """A caption printed in capitals, in title case with the small words lower case; others unchanged."""
    # Only two words in capitals (one for a `heading`) and none in lower case count: a lone "SERAP" is a name.
    words = text.split(" ")
    capitals = len([w for w in words if re.fullmatch(r"[A-ZÀ-Ý'-]{3,}[,;:.]?", w)])
    if capitals < (1 if heading else 2) or any(re.search(r"[a-z]{3}", w) for w in words):
        return text
    cased = []
    for index, word in enumerate(words):
        lower = word.lower()
        if re.fullmatch(r"n\.?º", lower):
            cased.append("n.º")
        elif index > 0 and lower in _SMALL_WORDS:
            cased.append(lower)
        elif re.fullmatch(r"\([A-Z]{2,6}\)|(?:[A-Z]\.)+|[B-DF-HJ-NP-TV-XZ]{2,4}[.,]?", word):
            cased.append(word)  # "(APIB)", "I.D.G.", "LLC": acronyms, initials and vowelless letters stay capitals
        else:
            parts = word.split("-")
            cased.append("-".join(re.sub(r"\w", lambda m: m.group(0).upper(), p.lower(), count=1) for p in parts))
    return " ".join(cased)


def slug_of(parties: Parties, language: str, level: str | None, room: int) -> str:
    """The id slug of a party name, with a State's English name so that every language gives the same id."""
    short = short_parties(parties, language, level, english=True)
    applicant, respondent = ascii_slug(OTHERS.sub("", short.applicant)), cut(ascii_slug(short.respondent), 20)
    if not applicant or not respondent:
        return ""
    return f"{cut(applicant, max(8, room - len(respondent) - 3))}-v-{respondent}"


def cut(slug: str, limit: int) -> str:
    """`slug` cut to `limit` characters at a word boundary."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:limit]


def ascii_slug(text: str) -> str:
    """ASCII words of `text` without connectors; initials joined ("I.D.G." → "idg"); empty for Arabic."""
    text = _INITIALS.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)) + " ", text)
    words = re.sub(r"[^a-z0-9]+", " ", fold(text).encode("ascii", "ignore").decode()).split()
    return "-".join(w for w in words if w not in _SLUG_STOP)


_COMMON_NAMES = re.compile(
    r"^(?:case|caso|affaire|cause|causa|others|otros|autres|outros|state|estado|etat|government|gobierno|"
    r"gouvernement|governo|republic|republica|republique|federal|national|nacional|minister|ministry|ministerio|"
    r"ministere|city|ciudad|ville|cidade|commission|comision|comissao|committee|comite|court|corte|cour|tribunal|"
    r"union|uniao|association|asociacion|associacao|judgment|sentencia|arret|summary|resumen|resume|resumo)$"
)


def shares_a_name(case: Case, draft: Case) -> bool:
    """Whether two cases' titles share a proper name other than a State's or a common word ("Lhaka", "Honhat")."""
    # Names of people, peoples and places survive translation when nothing else in a title does.
    return bool(_proper_names(case) & _proper_names(draft))


def _proper_names(case: Case) -> set[str]:
    names = set()
    for title in case.titles.values():
        # Hyphens split: "Almonacid-Arellano" in one language is "Almonacid Arellano" in another.
        for word in re.findall(r"\b[A-ZÀ-Ý][\w']{3,}", f"{title.full} {title.short or ''}"):
            folded = fold(word)
            if not word.isupper() and not _COMMON_NAMES.match(folded) and country_code(word) is None:
                names.add(folded)
    return names
