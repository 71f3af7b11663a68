"""A court's name as its decision prints it at the head of the caption ("IN THE HIGH COURT OF … AT …",
"UNITED STATES DISTRICT COURT" / "CENTRAL DISTRICT OF CALIFORNIA", "COUR DE CASSATION" / "Troisième chambre
civile", "محكمة …"), with the chamber printed beside it, in the case people write it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caselaw.ingest.keywords import fold
from caselaw.ingest.states import countries_in, country_code, places_in

_CAPTION_LINES = 45  # the court's name is printed in the first lines of a decision
_LONG_LINE = 160  # a longer line (a laid-out paragraph) is prose: its court names are cited, not the caption
# Words that make a name a court's, in the five languages ("Appeals Board", "Juzgado", "Vara", "لجنة").
_COURT_NOUN = re.compile(
    r"(?<![\w'])(?:courts?|tribunals?|board|bench|cour|corte|tribunal|juzgado|juizo|vara|sala|"
    r"conseil d'etat|conseil constitutionnel|consejo de estado|conselho de estado|"
    r"المحكمة|محكمة|لجنة|اللجنة|هيئة|ديوان المظالم|مجلس الدولة)(?![\w'])"
)
# Small words kept lower case inside a name and skipped when a name is made a code's slug.
CONNECTORS = frozenset((
    "of", "for", "the", "at", "and", "on", "in", "to", "de", "del", "la", "las", "los", "el", "du", "des", "d'", "da",
    "do", "das", "dos", "e", "y", "et", "en", "au", "aux", "sur", "lo",
))  # fmt: skip
ARTICLES = frozenset(["the", "la", "las", "los", "el", "le", "les", "l'", "o", "a", "os", "as"])
# What stands before a court's name in a caption line and is not part of it ("IN THE", "ARRÊT DE LA"). The
# patterns here match folded text (see `fold`): no accents, Arabic without hamza ("امام" for "أمام").
_LEAD_IN = re.compile(
    r"^(?:(?:in|before|from|en|ante|dans|devant|na|no|perante|في|امام) )?(?:(?:the|la|el|le|l'|o|a) )?"
    r"(?:(?:arret|jugement|ordonnance|sentencia|resolucion|auto|acordao|sentenca|decisao|despacho|judgment|"
    r"order|decision|opinion|ruling)(?: \w+)? (?:de la|del|de l'|du|des|of the|do|da|de) )?"
)
# A line that continues a court's name: its district or circuit, or a connector ("AT NASHVILLE", "FOR THE").
_CONTINUES = re.compile(r"^(?:(?:of|for|at|in|sitting at|de|del|du|des|da|do|d')\b|[\w' ]*\b(?:district|circuit)\b)")
# A chamber, division or bench of the court ("Troisième chambre civile", "Sala Penal", "Division Three").
_CHAMBER = re.compile(
    r"\b(?:chambre|chamber|sala|division|section|seccion|secao|seccao|turma|camara|bench|دايرة|الدايرة)\b"
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# The authority an Arabic committee belongs to, on a line of its own above the committee's name ("أمانة منطقة …",
# "وزارة …"): part of the name, since every municipality or ministry has its own "لجنة النظر …". Folded text.
_AUTHORITY = re.compile(r"^(?:امانة|بلدية|وزارة|امارة|محافظة|هيية|رياسة|ديوان|مجلس|المجلس|الهيية|الامانة)\s")
_COMMITTEE = re.compile(r"^(?:لجنة|اللجنة)\s")
_AUTHORITY_LINES = 8  # a form's number boxes may stand between the authority and the committee
# Direction marks a right-to-left text carries; they are no part of a name.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Lower-case words that still belong to a court's name in languages that capitalise only its first word
# ("Cour de cassation", "Tribunal constitucional", "Conseil d'État statuant au contentieux").
_QUALIFIER = re.compile(
    r"(?:suprem|constitu|cassation|casacion|cassacao|d'appel|appel|apelac|administrat|superior|federal|regional|"
    r"judiciaire|fiscal|penal|civil|social|commercial|contencioso|electoral|militaire|militar|laboral|trabalho|"
    r"travail|comercio|familia|municipal|provincial|departamental|estadual|nacional|national|justicia|justica|"
    r"justice|instance|instancia|grande|premiere|primera|primeira|d'etat|d'instance|regional|eleitoral)"
)
# Words after which a caption line no longer names the court: the decision's title, the parties, the docket.
_NAME_ENDS = re.compile(
    r"^(?:judgment|judgement|order|ruling|opinion|reportable|between|matter|coram|present|before|petitioners?|"
    r"appellants?|respondents?|plaintiffs?|defendants?|applicants?|filed|arret|jugement|sentencia|sentenca|acordao|"
    r"resolucion|auto|decision|v|vs|versus|contre|contra|c|no|nos|case|caso|affaire|re|held|sitting|audience|"
    r"pourvoi|expediente|processo|docket)$"
)
_STAMPS = frozenset(("filed", "received", "entered", "lodged", "copy", "original", "certified", "stamped",
                     "recibido", "recu", "recebido"))  # fmt: skip


@dataclass
class PrintedCourt:
    """A court's name as printed in the caption, the chamber printed with it, and where."""

    court: str
    chamber: str | None
    offset: int


def printed_court(text: str, running_headers: list[str]) -> PrintedCourt | None:
    """The first court name printed at the start of a caption line (running headers first: a scan's court
    name may be the page header)."""
    lines: list[tuple[int, str]] = [(0, header) for header in running_headers[:4]]
    offset = 0
    for raw in text.split("\n"):
        line = _BIDI.sub("", raw).strip()
        if line and not line.isdigit():  # pleading paper's line numbers and page numbers are not caption
            lines.append((offset, line))
        offset += len(raw) + 1
    headers = len(running_headers[:4])
    lines = lines[: _CAPTION_LINES + headers]
    for index, (position, line) in enumerate(lines):
        if len(line) > _LONG_LINE:
            continue
        found = _court_in_line(line)
        if found is None:
            continue
        if index < headers and _ARABIC_LETTER.search(found[0]) and _printed_below(found[0], lines[headers:]):
            continue  # an Arabic header that the caption prints too: read where the caption gives its context
        court, chamber_in_line = _split_chamber(found[0])
        open_end = found[1]
        if open_end:
            court = f"{court} {_trailing_connector(line)}"
        following = [text for _, text in lines[index + 1 : index + 4]]
        court, chamber = _extend(court, open_end, following)
        chamber = chamber_in_line or chamber
        court = _prefix(court, [text for _, text in lines[max(0, index - _AUTHORITY_LINES) : index]])
        if not _has_name(court):
            continue
        return PrintedCourt(tidy(court), tidy(chamber) if chamber else None, position)
    return None


def _printed_below(court: str, lines: list[tuple[int, str]]) -> bool:
    """Whether a caption line names this court."""
    return any((found := _court_in_line(line)) is not None and found[0] == court for _, line in lines)


def _court_in_line(line: str) -> tuple[str, bool] | None:
    """The court's name a caption line starts with, and whether the line ends inside it ("… OF THE")."""
    words = line.split()
    folded = " ".join(fold(word) for word in words)
    lead = _LEAD_IN.match(folded)
    skip = len(folded[: lead.end()].split()) if lead else 0
    rest = " ".join(fold(word) for word in words[skip:])
    noun = _COURT_NOUN.search(rest)
    if noun is None or len(rest[: noun.start()].split()) > 6:
        return None
    words = words[skip:]
    if _ARABIC_LETTER.search(rest[: noun.end()]):
        # Arabic has no capitals to mark where a name starts: it starts at its noun ("قرار لجنة …" is the decision
        # of the committee, "أعضاء لجنة …" its members).
        words = words[len(rest[: noun.start()].split()) :]
    if not words or words[0][:1].islower():
        return None
    kept = _leading_name(words)
    open_end = bool(kept) and kept[-1].lower() in CONNECTORS
    while kept and kept[-1].lower() in CONNECTORS:
        kept.pop()
    name = " ".join(kept)
    return (name, open_end) if _COURT_NOUN.search(fold(name)) else None


def _leading_name(words: list[str]) -> list[str]:
    """The words a name is made of at the start of `words`: capitalised words and small connectors (and, in
    languages that capitalise only a name's first word, its qualifiers: "Cour de cassation")."""
    capitals = sum(w.isupper() for w in words) >= 0.6 * len(words)
    kept: list[str] = []
    for word in words:
        bare = word.strip(',;:.()[]“”"*∗')
        if not re.search(r"[^\W\d_]", bare) or any(ch.isdigit() for ch in bare) or word[:1] in ("(", "["):
            break
        if _NAME_ENDS.match(fold(bare)) and kept:
            break  # the caption goes on in the same block: "… OF SOUTH AFRICA JUDGMENT", "… COURT BETWEEN"
        if capitals and kept and not bare.isupper() and bare.lower() not in CONNECTORS and bare[:1].isalpha():
            break  # a capitals name followed by mixed-case words in the same block: the parties' names
        lower = bare[:1].islower() and bare.lower() not in CONNECTORS
        if not capitals and lower and not _QUALIFIER.match(fold(bare)):
            break  # a lower-case word in a mixed-case line: the name has ended ("Court of Appeal held")
        kept.append(bare)
        if word.rstrip("*∗") != bare and not word.endswith("'"):
            break  # a comma, a bracket or a full stop ends the name
    return kept


def _split_chamber(court: str) -> tuple[str, str | None]:
    """A court's name and the chamber printed after it on the same line ("… de Bogotá Sala Penal")."""
    words = court.split()
    for index, word in enumerate(words[1:], start=1):
        if _CHAMBER.fullmatch(fold(word)) and _COURT_NOUN.search(fold(" ".join(words[:index]))):
            return " ".join(words[:index]), " ".join(words[index:])
    return court, None


def _extend(court: str, open_end: bool, following: list[str]) -> tuple[str, str | None]:
    """The name continued on the next lines ("… OF APPEALS FOR THE" / "SECOND CIRCUIT" / "CLAIMS"), and the
    chamber printed within the next lines ("Troisième chambre civile")."""
    stacked = False
    used = 0
    for line in following:
        folded = fold(line)
        if any(ch.isdigit() for ch in line) or len(line.split()) > 9 or _CHAMBER.search(folded):
            break
        name = _leading_name(line.split())
        # "In the matter of …" is not a name going on; "FOR THE" (a line of small words alone) is.
        whole = len(name) == len(line.split())
        part = " ".join(name) if open_end or whole or any(w.lower() not in CONNECTORS for w in name) else ""
        short_capitals = stacked and line.isupper() and len(line.split()) <= 2 and not _COURT_NOUN.search(folded)
        if part and (open_end or _CONTINUES.match(folded) or short_capitals):
            court = f"{court} {part}".strip()
            stacked = stacked or open_end
            open_end = fold(part).split()[-1] in CONNECTORS
            used += 1
            continue
        break
    words = court.split()
    while words and words[-1].lower() in CONNECTORS:
        words.pop()
    chamber = None
    for line in following[used : used + 3]:
        folded = fold(line)
        if _COURT_NOUN.search(folded) and not _CHAMBER.search(folded):
            break
        if _CHAMBER.search(folded) and len(line.split()) <= 9:
            candidate = re.split(r"\s+[-–—]\s+|[,;(]", line)[0].strip()
            if candidate and not any(ch.isdigit() for ch in candidate):
                chamber = candidate
                break
    return " ".join(words), chamber


def _trailing_connector(line: str) -> str:
    """The small words a caption line ends with ("OF", "FOR THE"), kept when the name goes on below."""
    words = line.split()
    tail: list[str] = []
    while words and words[-1].lower() in CONNECTORS:
        tail.insert(0, words.pop())
    return " ".join(tail)


def _prefix(court: str, before: list[str]) -> str:
    """A place and a subject printed on the lines above a court's name ("TENNESSEE" / "WORKERS' COMPENSATION"
    / "APPEALS BOARD"): taken only when the topmost of them names a place, so stray caption words are not."""
    if _COMMITTEE.match(fold(court)):
        return _authority(court, before)
    taken: list[str] = []
    for line in reversed(before[-3:]):
        words = line.split()
        if not line.isupper() or len(words) > 4 or re.search(r"[\d,.;:()/]", line) or fold(line) in _STAMPS:
            break
        if country_code(line) is not None:
            break  # a heading of its own ("REPUBLIC OF KENYA"), not a word of the court's name
        taken.insert(0, line)
        if any(True for _ in places_in(line)) or any(True for _ in countries_in(fold(line))):
            return " ".join([*taken, court])
    return court


def _authority(committee: str, before: list[str]) -> str:
    """An Arabic committee's name with the authority printed on a line above it ("أمانة منطقة الرياض – لجنة …")."""
    for line in reversed(before):
        words = line.split()
        if _AUTHORITY.match(fold(line)) and len(words) <= 6 and not re.search(r"[\d,.;:()/]", line):
            return f"{' '.join(words)} – {committee}"
    return committee


def _has_name(court: str) -> bool:
    """Whether a court's name says more than "Court" or "The Tribunal" (a bare noun is a reference)."""
    words = [w for w in fold(court).split() if w not in CONNECTORS and w not in ARTICLES]
    return len(words) >= 2


def tidy(name: str) -> str:
    """A printed name in the case people write it: words of an all-capitals name capitalised, small words
    lower case ("COURT OF APPEALS FOR THE" -> "Court of Appeals for the")."""
    name = " ".join(_BIDI.sub("", name).split())
    if sum(c.isupper() for c in name) < 0.6 * sum(c.isalpha() for c in name):
        return name
    words = []
    for number, word in enumerate(name.split()):
        lower = word.lower()
        if number and lower in CONNECTORS:
            words.append(lower)
        elif re.fullmatch(r"(?:[A-Z]\.)+", word):
            words.append(word)  # initials ("U.S.")
        elif lower[:2] in ("d'", "l'") and len(lower) > 2:
            words.append(lower[:2] + lower[2:3].upper() + lower[3:])  # "D'APPEL" -> "d'Appel"
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)
