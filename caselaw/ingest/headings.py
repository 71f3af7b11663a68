"""A document's own name when it has no parties: an Act's short title, a UN document's heading, a declaration's
or a constitution's title, a letter's subject, or a numbered decision's citation built from its court, chamber,
date and number ("Cass. 3e civ., 26 septembre 2024, n° 22-19.915")."""

from __future__ import annotations

import re

from caselaw.ingest.keywords import fold
from caselaw.ingest.party_names import smart_case
from caselaw.ingest.title_noise import is_noise

# "This Act may be called the … Act, 2015.", "Esta Ley se denominará …", "La présente loi peut être citée sous …"
_SHORT_TITLE = re.compile(
    r"\b(?:this|the present) (?:act|law|constitution|code|ordinance|decree|statute|regulations?|rules)"
    r" (?:may be (?:called|cited as)|is called|shall be (?:called|cited as|known as)|is to be cited as)\s+"
    r"(?:the\s+)?(?P<en>[^;]{5,160}?)(?:\.(?=\s|\(|\d|$)|;|,\s+(?:and|which)\s|$)"
    r"|\b(?:esta|la presente) (?:ley|constitución|código|ordenanza|norma) (?:se denominará|podrá citarse como|"
    r"se citará como|se conocerá como)\s+(?:la\s+|el\s+)?[«“\"]?(?P<es>[^.;:«»“”\"]{5,160})"
    r"|\b(?:cette|la présente) (?:loi|ordonnance|constitution) (?:peut être citée|est dénommée|sera citée)"
    r"(?: sous (?:le (?:titre|nom) (?:de )?|l'intitulé ))?\s*[«“\"]?(?P<fr>[^.;:«»“”\"]{5,160})"
    r"|\b(?:esta|a presente) (?:lei|constituição) (?:pode ser citada como|denomina-se|será designada)\s+"
    r"[«“\"]?(?P<pt>[^.;:«»“”\"]{5,160})",
    re.IGNORECASE,
)
# Headings UN treaty bodies, States and commissions give their documents.
_REPORT = re.compile(
    r"^(?:concluding observations|list of issues|replies of|report of|report on|initial report|periodic report|"
    r"combined .{0,40}reports?|information received|follow-up|general comment|general recommendation|statement|"
    r"observations finales|liste de points|rapport|réponses|observation générale|recommandation générale|"
    r"renseignements reçus|observaciones finales|lista de cuestiones|informe|respuestas|observación general|"
    r"recomendación general|información recibida|observações finais|lista de questões|relatório|respostas|"
    r"comentário geral|informações recebidas|الملاحظات الختامية|قائمة المسائل|التقرير|تقرير|الردود|التعليق العام|"
    r"التوصية العامة|معلومات واردة|перечень вопросов|заключительные замечания|доклад|ответы)",
    re.IGNORECASE,
)
_INSTRUMENT_TITLE = re.compile(
    r"^(?:(?:the )?(?:universal |american |african |european |united nations |inter-american )?"
    r"(?:declaration|charter|convention|covenant|protocol|constitution|treaty|statute)\b"
    r"|(?:déclaration|charte|convention|pacte|protocole|constitution|traité|statut)\b"
    r"|(?:declaración|carta|convención|pacto|protocolo|constitución|tratado|estatuto)\b"
    r"|(?:declaração|carta|convenção|pacto|protocolo|constituição|tratado|estatuto)\b"
    r"|(?:الإعلان|إعلان|الميثاق|ميثاق|الاتفاقية|اتفاقية|العهد|البروتوكول|الدستور|دستور)"
    r"|.{2,60}\b(?:act|code|law|ordinance|rules|regulations)(?:,\s*\d{4})?$"
    r"|.{2,40}['’]s constitution\b)",
    re.IGNORECASE,
)
# A treaty's or committee's name above a UN document's own heading: not the document's name.
_ISSUER = re.compile(
    r"^(?:convention|convención|convenção|international covenant|pacte international|pacto internacional|"
    r"committee|comité|comite|commission|comisión|comissão|human rights council|conseil des droits|"
    r"consejo de derechos|اتفاقية|اللجنة|لجنة|مجلس|الأمم|конвенция|комитет|организация)",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^(?:ref(?:erencia|érence)?|re|asunto|objet|assunto|subject|الموضوع)\s*[:.]\s*(.{5,200})$", re.I)
_SUBMISSION = re.compile(
    r"^(?:declaration|affidavit|brief|memorandum|motion|petition|complaint|amicus curiae|exhibit|"
    r"déclaration|mémoire|requête|escrito|memorial|demanda|petição|declaração)\b",
    re.IGNORECASE,
)
_DECISION_HEADING = re.compile(
    r"^(?:views|decision|constatations|décision|dictamen|decisión|parecer|decisão|آراء|قرار)\b", re.IGNORECASE
)
_COMMUNICATION = re.compile(
    r"\b(?:communication|comunicación|comunicação|البلاغ)\s+(?:No\.?|no|n[°º]|núm\.|n\.º|رقم)\s*(\d+/\d{4})",
    re.IGNORECASE,
)
_STAR = re.compile(r"\s*[*∗]+\s*$")
_SENTENCE_END = re.compile(r"[.;:]\s*$")


def short_title(blocks: list[str], heading: str | None = None) -> str | None:
    """An Act's name as its short-title clause gives it: "This Act may be called the … Act, 2015". Near the
    start, or anywhere (a constitution's is among its last sections) when it shares words with the `heading`."""
    own = _words(heading or "")
    for number, block in enumerate(blocks):
        match = _SHORT_TITLE.search(block)
        if match:
            name = " ".join(next(value for value in match.groupdict().values() if value).split()).strip(' ,»”"')
            if number < 80 or len(_words(name) & own) >= 2:
                return name
    return None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w{3,}", fold(text)) if w not in ("the", "and", "des", "del", "los", "las")}


def un_heading(head: list[str]) -> str | None:
    """A UN document's own heading: the line its title footnote marks with "*", or one starting as reports do."""
    for index, block in enumerate(head):
        if not _STAR.search(block):
            continue
        heading = _STAR.sub("", block).strip()
        previous = _STAR.sub("", head[index - 1]).strip() if index else ""
        if previous and heading[:1].islower() and not _ISSUER.match(previous):
            heading = f"{previous} {heading}"
        elif previous and len(heading.split()) < 3 and not _ISSUER.match(previous) and not is_noise(previous):
            heading = f"{previous}: {heading}"  # "Initial reports of States parties due in 2011" / "Sudan*"
        if len(heading.split()) >= 3 and not _ISSUER.match(heading) and not is_noise(heading):
            if _DECISION_HEADING.match(heading):
                return None  # "Views adopted by the Committee …": what a decision is, never its name
            return smart_case(heading, heading=True)
    for index, block in enumerate(head):
        if _REPORT.match(block) and 3 <= len(block.split()) <= 40 and not _SENTENCE_END.search(block):
            heading = block
            following = head[index + 1] if index + 1 < len(head) else ""
            if following[:1].islower() and len(following) < 150:
                heading = f"{heading} {_STAR.sub('', following)}"
            return smart_case(_STAR.sub("", heading).strip(), heading=True)
    return None


def instrument_title(title: str | None, head: list[str]) -> str | None:
    """A declaration's, charter's, constitution's or Act's name from its title block or first lines."""
    for candidate in [title or "", *head[:12]]:
        text = undouble(" ".join(candidate.split()))
        if text and _INSTRUMENT_TITLE.match(fold(text)) and len(text) < 250 and not _SENTENCE_END.search(text):
            return smart_case(text, heading=True)
    return None


def letter_subject(head: list[str]) -> str | None:
    """A letter's subject line: "REF: Respuesta Derecho de Petición"."""
    for block in head:
        match = _SUBJECT.match(block.strip())
        if match:
            return match.group(1).strip()
    return None


def submission_heading(head: list[str]) -> str | None:
    """A filing's own heading: "DECLARATION OF …", "BRIEF OF AMICUS CURIAE …" (with its next line when that
    line goes on with it: "Amicus curiae" / "para la Acción de Inconstitucionalidad 130/2019")."""
    for index, block in enumerate(head[:10]):
        if _SUBMISSION.match(block) and len(block) < 200 and not _SENTENCE_END.search(block):
            following = head[index + 1] if index + 1 < len(head) else ""
            if following[:1].islower() and len(following) < 200:
                block = f"{block} {following}"
            return smart_case(block, heading=True)
    return None


_AMENDED = re.compile(
    r"\b(?:with amendments through|as amended (?:up to|through|to|by)|con (?:las )?reformas hasta|"
    r"avec (?:les )?amendements jusqu'en|com (?:as )?emendas até)\s+\d{4}\b",
    re.IGNORECASE,
)


def amendment_note(title: str | None, head: list[str]) -> str | None:
    """ "with amendments through 2012" from a consolidated text's heading, to go after the Act's own name."""
    for candidate in [title or "", *head[:6]]:
        match = _AMENDED.search(candidate)
        if match:
            return match.group(0).lower()
    return None


def undouble(text: str) -> str:
    """A title printed twice on one line (a cover's two layers): once."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half >= 2 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


_FRENCH_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
)
_CHAMBERS = (
    (r"premi[èe]re chambre civile|1re chambre civile|chambre civile 1", "1re civ."),
    (r"deuxi[èe]me chambre civile|2e chambre civile|chambre civile 2", "2e civ."),
    (r"troisi[èe]me chambre civile|3e chambre civile|chambre civile 3", "3e civ."),
    (r"chambre commerciale", "com."),
    (r"chambre sociale", "soc."),
    (r"chambre criminelle", "crim."),
    (r"assembl[ée]e pl[ée]ni[èe]re", "ass. plén."),
    (r"chambre mixte", "ch. mixte"),
)


def cassation_citation(head: list[str], headers: list[str]) -> str | None:
    """A Cour de cassation decision as French lawyers cite it: court, chamber, date, appeal number."""
    text = "\n".join([*head, *headers])
    folded = fold(text)
    if "cour de cassation" not in folded:
        return None
    number = re.search(r"pourvoi\s*n\s*[°o]\s*(?:[a-z]\s+)?(\d{2}-\d{2}\.\d{3})", folded)
    if number is None:
        return None
    chamber = next((short for pattern, short in _CHAMBERS if re.search(pattern, folded)), None)
    date = re.search(
        rf"(?:audience publique du|arr[eê]t [^\n]{{0,80}}du|^)\s*(\d{{1,2}}(?:er)?\s+(?:{_FRENCH_MONTHS})\s+\d{{4}})",
        text,
        re.IGNORECASE | re.MULTILINE,
    )
    parts = ["Cass."]
    if chamber:
        parts[0] += f" {chamber},"
    else:
        parts[0] += ","
    if date:
        parts.append(f"{date.group(1).lower()},")
    parts.append(f"n° {number.group(1)}")
    return " ".join(parts)


_STAMP = re.compile(r"\bCase\s*:?\s*(\d{1,2}:\d{2}-[a-z]{2,4}-\d{3,6}(?:-[A-Z]{1,4})*)\s+Document\s+([\d-]+)", re.I)


def filing_stamp(lines: list[str]) -> str | None:
    """A US e-filing stamp's case and document numbers, for a filing whose only text is the stamp."""
    for line in lines:
        match = _STAMP.search(line)
        if match:
            return f"Case {match.group(1)}, Document {match.group(2)}"
    return None


def communication_name(head: list[str]) -> str | None:
    """A treaty body's decision that prints no parties, by its communication: "Communication No. 12/2019"."""
    for block in head:
        match = _COMMUNICATION.search(block)
        if match:
            return match.group(0)[:1].upper() + match.group(0)[1:]
    return None
