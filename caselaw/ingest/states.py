"""States named in a decision: country names in five languages (short, official and long forms), the places
inside a country (its provinces and states), and the marks that tie a document to one jurisdiction (neutral
citations, ECLI, government web addresses, UN country-document symbols)."""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache

import pycountry

from caselaw.ingest.keywords import fold

_ARTICLE = r"(?:the |la |le |l'|el |o |a |al)?"
# Long forms built on a short name: "Republic of Malawi", "República do Malauí", "la République du Mali".
_LONG_PREFIX = (
    r"(?:(?:federal |united |democratic |islamic |socialist |people's |arab |cooperative )*(?:republic|kingdom|"
    r"principality|state|commonwealth)(?: of)?|(?:republica|reino|principado|estado|mancomunidad)(?: federal| "
    r"federativa| democratica| socialista| islamica| cooperativa| unida)*(?: d[eoa]s?| del)?|(?:republique|royaume|"
    r"principaute|etat)(?: federale| democratique| islamique| socialiste| unie)*(?: d[eu]s?| d')?|جمهورية|"
    r"المملكة|مملكة|دولة) ?"
)
_LONG_FORM = re.compile("^" + _LONG_PREFIX)
_LEADING_ARTICLE = re.compile(r"^(?:the |la |le |l'|el |o |a |les |los |las |os |as )")
_TRANSLATIONS = ("es", "fr", "pt", "pt_BR", "ar")
# Subdivision names that are ordinary words or points of the compass, never evidence of one country.
_GENERIC_PLACE = frozenset((
    "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "capital", "centre",
    "center", "coast", "coastal", "upper", "lower", "island", "islands", "lakes", "lake", "river", "valley",
    "highlands", "mountain", "mountains", "middle", "interior", "border", "north-east", "north-west", "south-east",
    "south-west", "national", "district", "city", "county", "region", "province", "state", "federal", "territory",
    "metropolitan", "norte", "sur", "este", "oeste", "centro",
))  # fmt: skip
_PLACE_SUFFIX = re.compile(r" (?:city|county|region|province|state|governorate|district|municipality)$")
_PLACE_KIND = re.compile(
    r"^(?:(?:distrito|ciudad|region|provincia|departamento|estado|comunidad|territorio|district|city|region|province|"
    r"state|territory|canton|prefecture|departement|municipio|municipality)(?: [a-z]+)?) (?:de|del|de la|of|du|de l'|"
    r"da|do) "
)
# Two-letter codes that are not ISO 3166-1 but head a country's neutral citations ("[2019] UKSC 5", "EWCA").
_CITATION_PREFIXES = {"UK": "GB", "EW": "GB"}
_NEUTRAL_BRACKETED = re.compile(r"\[(?:19|20)\d{2}\] ([A-Z]{2})[A-Z]{1,6} \d{1,5}\b")
# Year first ("2025 INSC 291"): the court part must read as a court (S..., H..., C...) so "2004 SCC 78" is not
# taken for the Seychelles.
_NEUTRAL_YEAR_FIRST = re.compile(r"(?<![\d/.-])(?:19|20)\d{2} ([A-Z]{2})[SHC][A-Z]{1,4} \d{1,5}\b")
_ECLI = re.compile(r"\bECLI:([A-Z]{2}):")
_GOVERNMENT_HOST = re.compile(
    r"\b[a-z0-9.-]+\.(?:gov|gob|gouv|govt|gv|go|jus|nic|judiciary|judiciaire|court|courts|org)\.([a-z]{2})\b"
)
# The federal reporters and code of the United States ("558 U.S. 111", "F.3d", "28 U.S.C. § 2254"), the regional
# reporters of its state courts ("P.3d", "N.E.2d") and the official ones of a state ("199 Wn. App. 629").
_US_CITATIONS = re.compile(
    r"\b\d{1,4} (?:U\.S\.|S\. ?Ct\.|L\. ?Ed\.(?: 2d)?|F\.(?: ?[234]d| ?4th| Supp\.(?: ?[23]d)?)|U\.S\.C\.|"
    r"C\.F\.R\.|(?:P|A|N\. ?[EW]|S\. ?[EW]|So)\. ?[23]d|(?:Wn|Wash|Cal|N\.Y|Ill|Mass|Mich|Ohio|Pa|Tex)\.(?:"
    r" ?App\.(?: ?(?:[2-5]d|[2-5]th))?| ?(?:[2-5]d|[2-5]th))) ?(?:§+ ?)?\d"
)
# The stamp federal courts of the United States print on every filed page ("Case 2:15-cv-05642-CAS-JC Document
# 448 Filed 07/29/19", "Case: 25-1689, 07/15/2025, DktEntry: 28.1").
_US_FILING = re.compile(r"\bCase:? \d{1,2}:\d{2}-[a-z]{2,4}-\d{3,6}\b|\bDktEntry:")
_UN_COUNTRY_SYMBOL = re.compile(
    r"\b(?:CCPR|CEDAW|CRC|CRPD|CERD|CAT|CED|CMW|E/C\.12)/C?/?([A-Z]{3})/(?:CO|Q|FCO|R|\d)", re.IGNORECASE
)
_PARTY_LINE = re.compile(
    r"(?:state party|estado parte|etat partie|الدولة الطرف|respondent state|defendant state|estado demandado|"
    r"etat defendeur|estado reclamado)\s*:?\s+"
)
_VERSUS = re.compile(r"(?:^|\s)(?:v\.?|vs\.?|c\.|contra|contre|ضد|versus)\s+")
# "Medidas provisionales respecto de Colombia", "Provisional measures regarding Colombia". Patterns match
# folded text (see `fold`): accents and Arabic hamza are gone ("بشان" for "بشأن").
_REGARDING = re.compile(
    r"(?:\brespecto (?:de|a|al)|\bregarding|\bin respect of|\bwith respect to|\b(?:with|in) regard to|\bconcerning|"
    r"\bconcernant|\ba l'egard d[eu]|\ba respeito d[eoa]s?|\bem relacao a|\bcom relacao a|\bfrente a|\bبشان)\s+"
)


def country_code(name: str) -> str | None:
    """The ISO code of the State `name` names by itself ("Slovak Republic", "République du Mali"), if any."""
    folded = " ".join(fold(name.strip(" .,;:")).split())
    names = _country_names()
    for candidate in _variants(folded):
        if candidate in names:
            return names[candidate]
    return None


def _variants(folded: str) -> Iterator[str]:
    """A folded name, without its article, and without a long form's "Republic of" ("جمهورية")."""
    bare = _LEADING_ARTICLE.sub("", folded)
    yield folded
    yield bare
    short = _LONG_FORM.sub("", bare, count=1)
    if short != bare and short:
        yield _LEADING_ARTICLE.sub("", short)
    if bare.startswith("ال"):
        yield bare[2:]  # Arabic: "البيرو" and "بيرو" both name Peru
    else:
        yield "ال" + bare


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in _TRANSLATIONS
    ]
    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in [n for n in english if n]:
            variants = [name, *(translation.gettext(name) for translation in translations)]
            for variant in variants:
                folded = " ".join(fold(variant).split())
                names[folded] = country.alpha_2
                # "Bolivia, Plurinational State of": the name as people write it, long form first.
                if ", " in folded:
                    head, tail = folded.split(", ", 1)
                    names[f"{tail} {head}"] = country.alpha_2
                    names[head] = country.alpha_2
    names.update({" ".join(fold(k).split()): v for k, v in _EXTRA_NAMES.items()})
    # Arabic adjectives of nationality are regular: مصر -> المصرية / المصري, الأردن -> الأردنية.
    for name, code in list(names.items()):
        if re.fullmatch(r"[\u0600-\u06ff]+", name):
            bare = name.removeprefix("ال")
            for adjective in (f"ال{bare}ية", f"ال{bare}ي"):
                names.setdefault(adjective, code)
    return {name: code for name, code in names.items() if len(name) > 3}


# Short and usual forms pycountry's lists lack; names only, no court or case.
_EXTRA_NAMES = {
    "the United Kingdom": "GB", "United Kingdom": "GB", "Great Britain": "GB", "England and Wales": "GB",
    "United States": "US", "the United States": "US", "USA": "US", "U.S.A.": "US", "Estados Unidos": "US",
    "États-Unis": "US", "Estados Unidos da América": "US", "الولايات المتحدة": "US",
    "الولايات المتحدة الأمريكية": "US", "Brasil": "BR", "Brésil": "BR", "Bolivia": "BO", "Bolivie": "BO",
    "Venezuela": "VE", "Russia": "RU", "Rusia": "RU", "Russie": "RU", "Rússia": "RU", "Bulgarie": "BG",
    "Slovaquie": "SK", "Eslovaquia": "SK", "Eslováquia": "SK", "Kenia": "KE", "Quénia": "KE", "Quênia": "KE",
    "Nigéria": "NG", "Surinam": "SR", "Suriname": "SR", "Surinám": "SR", "Malauí": "MW", "Malaui": "MW",
    "Moldova": "MD", "Iran": "IR", "Syria": "SY", "Siria": "SY", "Syrie": "SY", "Síria": "SY",
    "South Korea": "KR", "Corea del Sur": "KR", "Corée du Sud": "KR", "Coreia do Sul": "KR", "Vietnam": "VN",
    "Laos": "LA", "Tanzania": "TZ", "Tanzanie": "TZ", "Tanzânia": "TZ", "Czech Republic": "CZ",
    "República Checa": "CZ", "République tchèque": "CZ", "Turkey": "TR", "Turquía": "TR", "Turquie": "TR",
    "Turquia": "TR", "Holland": "NL", "Países Bajos": "NL", "Pays-Bas": "NL", "Países Baixos": "NL",
    "Palestine": "PS", "Palestina": "PS", "فلسطين": "PS", "إسبانيا": "ES", "اسبانيا": "ES", "مصر": "EG",
    "إسرائيل": "IL", "الأرجنتين": "AR", "بيرو": "PE", "إكوادور": "EC", "السعودية": "SA",
    "المملكة العربية السعودية": "SA", "المغرب": "MA", "تونس": "TN", "الجزائر": "DZ", "الأردن": "JO",
    "لبنان": "LB", "العراق": "IQ", "سوريا": "SY", "اليمن": "YE", "ليبيا": "LY", "الإمارات العربية المتحدة": "AE",
    "Côte d'Ivoire": "CI", "Ivory Coast": "CI", "Costa de Marfil": "CI", "Costa do Marfim": "CI",
}  # fmt: skip


# Cities and regions of Arab States as their own documents write them in Arabic (pycountry's lists have no Arabic
# subdivision names): the capitals and largest cities, each of one country only. Names shared with a country
# ("الكويت", "تونس", "الجزائر"), with another place ("طرابلس" in Libya and Lebanon) or read as a word ("عمان" is
# also Oman) are left out.
_ARABIC_PLACES = {
    "SA": ("الرياض", "جدة", "مكة المكرمة", "المدينة المنورة", "الدمام", "الخبر", "الطائف", "بريدة", "أبها", "تبوك",
           "حائل", "جازان", "نجران", "الباحة", "القصيم"),
    "EG": ("القاهرة", "الإسكندرية", "الجيزة", "أسيوط", "المنصورة", "طنطا", "الأقصر", "أسوان"),
    "JO": ("إربد", "الزرقاء"), "LB": ("بيروت", "صيدا"), "SY": ("دمشق", "حلب", "حمص", "اللاذقية"),
    "IQ": ("بغداد", "البصرة", "الموصل", "أربيل", "النجف"), "AE": ("أبوظبي", "أبو ظبي", "دبي", "الشارقة"),
    "QA": ("الدوحة",), "BH": ("المنامة",), "OM": ("مسقط",), "YE": ("صنعاء", "عدن"),
    "MA": ("الرباط", "الدار البيضاء", "مراكش", "فاس", "طنجة"), "DZ": ("وهران", "قسنطينة"), "TN": ("صفاقس",),
    "LY": ("بنغازي",), "SD": ("الخرطوم", "أم درمان"), "MR": ("نواكشوط",), "PS": ("رام الله", "غزة", "نابلس"),
}  # fmt: skip


@cache
def country_pattern() -> re.Pattern[str]:
    """Any country name (folded), longest first, optionally after an article; group 1 is the name."""
    names = sorted(_country_names(), key=len, reverse=True)
    # A long form the lists lack ("República do Malauí") is its prefix and a short name they have.
    return re.compile(
        rf"{_ARTICLE}(?:{_LONG_PREFIX}{_ARTICLE})??(" + "|".join(re.escape(n) for n in names) + r")(?!\w)"
    )


def countries_in(folded: str) -> Iterator[tuple[int, str]]:
    """(offset, ISO code) of every country name in folded text, in order."""
    names = _country_names()
    for match in country_pattern().finditer(folded):
        if match.start() > 0 and folded[match.start() - 1].isalnum():
            continue
        yield match.start(), names[match.group(1)]


@cache
def _places() -> dict[str, str]:
    """Folded names of provinces, states and regions that belong to one country only -> that country."""
    found: dict[str, set[str]] = defaultdict(set)
    translations = [
        gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in _TRANSLATIONS
    ]
    countries = _country_names()
    for subdivision in pycountry.subdivisions:
        names = {subdivision.name, *(t.gettext(subdivision.name) for t in translations)}
        for name in names:
            folded = " ".join(re.sub(r"[^\w' -]", " ", fold(name)).split())
            variants = {folded, _PLACE_SUFFIX.sub("", folded), re.sub(r"^(?:ar|al|el|as|an|ash|at) ", "", folded)}
            variants.add(_PLACE_KIND.sub("", folded))  # "Distrito Capital de Bogotá" is also "Bogotá"
            for variant in variants:
                if len(variant) < 4 or all(word in _GENERIC_PLACE for word in variant.split()):
                    continue
                found[variant].add(subdivision.country_code)
                if " " in variant:
                    found[variant.replace(" ", "")].add(subdivision.country_code)  # "Tamilnadu"
    for code, arabic_names in _ARABIC_PLACES.items():
        for name in arabic_names:
            found[" ".join(fold(name).split())].add(code)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1 and name not in countries}


def places_in(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, ISO code, folded name) of every place name of one country (a province, a state) in `text`,
    written as a proper name (capitalised: Spanish "como" is not the province of Como)."""
    places = _places()
    folded = fold(text)
    same = len(folded) == len(text)
    words = [w for w in re.finditer(r"[\w']+", folded) if not same or not text[w.start()].islower()]
    index = 0
    while index < len(words):
        for size in (4, 3, 2, 1):
            if index + size > len(words):
                continue
            name = " ".join(w.group(0) for w in words[index : index + size])
            if name in places:
                yield words[index].start(), places[name], name
                index += size - 1
                break
        index += 1


def jurisdiction_marks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, ISO code) of marks that tie a text to a jurisdiction: neutral citations ("[2024] ZASCA 21",
    "2025 INSC 291"), ECLI, a government or court web address (".gov.in"), the federal reporters of the US."""
    for pattern in (_NEUTRAL_BRACKETED, _NEUTRAL_YEAR_FIRST, _ECLI):
        for match in pattern.finditer(text):
            code = _CITATION_PREFIXES.get(match.group(1), match.group(1))
            if pycountry.countries.get(alpha_2=code) is not None:
                yield match.start(), code
    for match in _GOVERNMENT_HOST.finditer(text.lower()):
        code = _CITATION_PREFIXES.get(match.group(1).upper(), match.group(1).upper())
        if pycountry.countries.get(alpha_2=code) is not None:
            yield match.start(), code
    for pattern in (_US_CITATIONS, _US_FILING):
        for match in pattern.finditer(text):
            yield match.start(), "US"


def symbol_country(text: str) -> str | None:
    """The State a UN country document is about, from its symbol's ISO 3166 alpha-3 part (CRPD/C/ALB/CO/1)."""
    for match in _UN_COUNTRY_SYMBOL.finditer(text):
        country = pycountry.countries.get(alpha_3=match.group(1).upper())
        if country is not None:
            return str(country.alpha_2)
    return None


def respondent_states(head: str) -> list[str]:
    """The respondent State of an international case: a "State party:" line, a caption's "X v. State", a
    "respecto de State", or a caption line that is only a State's name; at most one."""
    folded = fold(head)
    pattern = country_pattern()
    names = _country_names()
    for anchor in _PARTY_LINE.finditer(folded):
        match = pattern.match(folded, anchor.end())
        if match:
            return [names[match.group(1)]]
    for anchors in (_VERSUS, _REGARDING):
        for anchor in anchors.finditer(folded):
            match = pattern.match(folded, anchor.end())
            if match and _ends_name(folded, match.end()):
                return [names[match.group(1)]]
    for line in re.split(r"\n", folded)[:40]:
        code = country_code(line)
        if code:
            return [code]
    return []


def _ends_name(folded: str, end: int) -> bool:
    """Whether a country name found at `end` stands alone ("v. Peru", "vs. Costa Rica"), not as the start of
    a longer name ("v. Peru Holdings Ltd")."""
    rest = folded[end : end + 30]
    return not re.match(r" +(?!and |y |et |e |or |o |ou )[a-z]{3,}(?! of)", rest) or bool(re.match(r"\s*\n", rest))
