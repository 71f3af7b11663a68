"""The deciding body: a taxonomy forum named in the head of the text, or a national court the taxonomy does not
list, read from the caption as printed ("IN THE HIGH COURT OF … AT …", "COUR DE CASSATION", "محكمة …") with its
country and level, and recorded under an open code `<iso2>-<slug>`."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from caselaw.ingest.court_names import ARTICLES, CONNECTORS, printed_court, tidy
from caselaw.ingest.docket_courts import docket_court
from caselaw.ingest.keywords import Folded, fold, matcher
from caselaw.ingest.states import _country_names, countries_in, jurisdiction_marks, places_in
from caselaw.taxonomy import get_taxonomy

_CAPTION_CHARS = 3000
_CODE_LENGTH = 50
# "of the" before a country's name in a court's name: both go when the name becomes a code.
_OF_THE = r"(?:\b(?:of|de|du|del|da|do|des|d'|of the|de la)\s+)?(?:\b(?:the|la|le|el|l')\s+)?"
_LEVELS = (
    # First match wins: a "Supreme Court of Appeal" is a supreme court, an "Administrative Court of Appeal"
    # an administrative one; a board or committee deciding claims is an administrative body.
    ("constitutional-court", r"constitu|دستوري"),
    ("supreme-court", r"suprem|cassation|casacion|cassacao|superior tribunal de justica|final appeal|نقض|العليا"),
    (
        "administrative-court",
        r"administrat|conseil d'etat|consejo de estado|conselho de estado|contencioso|board|commission|committee"
        r"|\btax\b|fiscal|لجنة|اللجنة|ديوان المظالم|مجلس الدولة|اداري",
    ),
    (
        "high-court",
        r"high court|appeal|appel|apelac|recurso|relacao|superior|alto tribunal|circuit|audiencia|استيناف|العالية",
    ),
    (
        "lower-court",
        r"district|magistrat|county|first instance|primera instancia|premiere instance|primeira instancia|juzgado"
        r"|\bvara\b|comarca|tribunal judiciaire|claims|municipal|ابتدايي|جزيي",
    ),
)


@dataclass
class Forum:
    """The deciding body as read: a code (taxonomy or open), its printed name, country and level."""

    code: str | None = None
    name: str | None = None
    country: str | None = None
    level: str | None = None
    confidence: float = 0.0


def find_forum(text: str, running_headers: list[str]) -> Forum:
    """The forum of a decision from its head: a taxonomy forum, or a national court as printed."""
    head = Folded.of(text[:4000])
    listed, confidence, first_hit, first_length = _listed(head)
    printed = printed_court(text[:_CAPTION_CHARS], running_headers)
    if printed is None or (listed is not None and first_hit < printed.offset and _is_international(listed)):
        if listed is None:
            return _docket_forum(text) or Forum(country=_document_country(text, running_headers))
        name = tidy(head.span(first_hit, first_hit + first_length)) if first_hit < len(head.folded) else None
        return Forum(listed, name, None, None, confidence)
    name = printed.court + (f", {printed.chamber}" if printed.chamber else "")
    named = _taxonomy_name(printed.court)
    if named is not None:
        return Forum(named, name, None, None, 0.9)
    level = court_level(printed.court)
    country = _court_country(printed.court, text, running_headers)
    if listed is not None and not _is_international(listed):
        # The head names a listed court of this country and rank ("KEHC", "Corte Constitucional de Colombia"):
        # the printed name is that court's (a country not read from the caption does not contradict it).
        entry = get_taxonomy().forum(listed)
        if entry.country == (country or entry.country) and entry.level == (level or entry.level):
            return Forum(listed, name, None, None, max(confidence, 0.7))
    if country is None:
        return Forum(None, name, None, level, 0.3)
    return Forum(open_forum_code(country, printed.court), name, country, level, 0.7)


def _docket_forum(text: str) -> Forum | None:
    """A court that prints no name, told by its own form of docket number ("No. 33971-8-III")."""
    found = docket_court(text[:_CAPTION_CHARS])
    if found is None:
        return None
    name = f"{found.court}, {found.chamber}" if found.chamber else found.court
    return Forum(open_forum_code(found.country, found.court), name, found.country, court_level(found.court), 0.5)


def _listed(head: Folded) -> tuple[str | None, float, int, int]:
    """The taxonomy forum the head names most, its confidence, and where and how long its first full name is."""
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, tuple[int, int]] = {}
    for number, hit in enumerate(matcher("forums").finditer(head)):
        # The caption names the forum first; later text cites other bodies (the Commission that referred a
        # case to the Court): the first mention gets a bonus and the weight of mentions decays with position.
        scores[hit.code] += hit.weight * (1.0 / (1.0 + hit.start / 300) + (1.0 if number == 0 else 0.0))
        if hit.weight >= 0.5 and hit.end - hit.start >= 12:  # a full name, not "CERD" or "KEHC"
            first.setdefault(hit.code, (hit.start, hit.end - hit.start))
    if not scores:
        return None, 0.0, len(head.folded), 0
    code, score = max(scores.items(), key=lambda item: item[1])
    start, length = first.get(code, (len(head.folded), 0))
    return code, min(1.0, score / 2.0), start, length


def _is_international(code: str) -> bool:
    return get_taxonomy().forum(code).type != "national"


def _taxonomy_name(name: str) -> str | None:
    """The taxonomy forum whose keyword is this printed name (most of it), if any."""
    folded = Folded.of(name)
    for hit in matcher("forums").finditer(folded):
        if hit.weight >= 0.5 and (hit.end - hit.start) >= 0.6 * len(folded.folded.strip()):
            return hit.code
    return None


def court_level(name: str) -> str | None:
    """The forum level a court's name says (Supreme, Constitutional, Administrative, Appeal, District…)."""
    folded = fold(name)
    for level, pattern in _LEVELS:
        if re.search(pattern, folded):
            return level
    return None


def _court_country(court: str, text: str, running_headers: list[str]) -> str | None:
    """A national court's country: named in its name (a country or one of its provinces), else the document's."""
    for _, code in countries_in(fold(court)):
        return code
    for _, code, _ in places_in(court):
        return code
    return _document_country(text, running_headers)


def _document_country(text: str, running_headers: list[str]) -> str | None:
    """The jurisdiction a national document belongs to: its neutral citations, ECLI or court web address,
    else a place named in its caption."""
    head = "\n".join([*running_headers, text[:_CAPTION_CHARS]])
    for _, code in sorted(jurisdiction_marks(head)):
        return code
    caption = head[:1500]
    # A place whose name the text also writes in lower case is a word, not a place ("¿Cómo…" is not Como).
    lower = {fold(word) for word in re.findall(r"\w+", text[:20000]) if word[:1].islower()}
    places = [(start, code) for start, code, name in places_in(caption) if name not in lower]
    found = sorted([*places, *_standalone_countries(fold(caption))])
    return found[0][1] if found else None


def _standalone_countries(folded: str) -> list[tuple[int, str]]:
    """Countries named by a caption line of their own ("REPUBLIC OF KENYA", "RÉPUBLIQUE FRANÇAISE")."""
    names = _country_names()
    found = []
    offset = 0
    for line in folded.split("\n"):
        key = re.sub(r"^(?:the |la |le |l'|el |o |a )", "", line.strip(" .,"))
        if key in names:
            found.append((offset, names[key]))
        offset += len(line) + 1
    return found


# A high court named by its place, in the forms common-law courts print it: "High Court of Judicature at Madras",
# "High Court at Calcutta", "High Court of Karnataka", "High Court of Delhi at New Delhi" (a seat after its place).
_HIGH_COURT_OF = re.compile(r"(?:the )?high court(?: of judicature)?(?: of (?P<of>[^,]+?))?(?: at (?P<at>[^,]+))?")


def _place_first(folded: str) -> str:
    """A high court's name as "<place> high court", whichever form is printed, so that one court has one code."""
    match = _HIGH_COURT_OF.fullmatch(folded)
    if match is None or not (match["of"] or match["at"]):
        return folded
    named = match["of"]
    # `places_in` takes only capitalised words for names: the folded words are given capitals back.
    if named and not any(True for _ in places_in(named.title())) and not any(True for _ in countries_in(named)):
        return folded  # "High Court of Justice": not a place
    return f"{named or match['at']} high court"


# Arabic letters in Latin for a slug, one fixed way (a code need not be read back; hamza is gone once folded).
_LATIN = str.maketrans({
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "ء": "", "ـ": "",
})  # fmt: skip
_ARABIC_CONNECTORS = frozenset(("في", "فى", "من", "على", "عن", "لدى", "و"))
_ARABIC_ARTICLE = re.compile(r"^(?:وال|فال|بال|ال)(?=[\u0621-\u064a]{2})")


def _latin(word: str) -> str:
    """An Arabic word in ASCII letters without its article ("والشكاوى" -> "shkawa"); other words as they are."""
    if not re.search(r"[\u0621-\u064a]", word):
        return word
    return _ARABIC_ARTICLE.sub("", word).translate(_LATIN)


def open_forum_code(country: str, name: str) -> str:
    """The open code of a national court the taxonomy does not list: `<iso2>-<slug of its name>`, the country's
    own names and articles left out ("Supreme Court of India" -> `in-supreme-court`), at most 50 characters."""
    folded = _place_first(" ".join(fold(name).replace("’", "'").split()))
    own = sorted((n for n, code in _country_names().items() if code == country.upper()), key=len, reverse=True)
    for country_name in own:
        folded = re.sub(rf"{_OF_THE}(?<!\w){re.escape(country_name)}(?!\w)", " ", folded)
    # Elided articles go ("l'État" -> "etat"), elided prepositions stay a word ("d'appel" -> "d-appel").
    folded = re.sub(r"\bl'", "", folded).replace("'", " ")
    words = [w for w in re.split(r"[^\w]+", folded) if w]
    words = [w for w in words if w not in ARTICLES] or words
    while words and words[-1] in CONNECTORS:
        words.pop()
    while words and words[0] in CONNECTORS:
        words.pop(0)
    words = [_latin(w) for w in words if w not in _ARABIC_CONNECTORS]
    ascii_words = [re.sub(r"[^a-z0-9]", "", w.encode("ascii", "ignore").decode()) for w in words]
    slug = "-".join(w for w in ascii_words if w)
    if len(slug) > _CODE_LENGTH - 3:
        # Too long: the small words go first, so the place at the end of the name stays in the code.
        slug = "-".join(w for w in ascii_words if w and w not in CONNECTORS)
    if not slug:
        # A name in a script with no ASCII letters (Arabic): a stable short digest of the folded name.
        slug = "court-" + hashlib.sha1(" ".join(words).encode()).hexdigest()[:8]
    limit = _CODE_LENGTH - 3
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
        while slug.rsplit("-", 1)[-1] in CONNECTORS and "-" in slug:
            slug = slug.rsplit("-", 1)[0]
    return f"{country.lower()}-{slug}"
