"""A document's own name when it has no parties: an Act's short title, a UN document's heading, a declaration's
or a constitution's title, a letter's subject, or a numbered decision's citation built from its court, chamber,
date and number ("Cass. 3e civ., 26 septembre 2024, n° 22-19.915")."""

from __future__ import annotations

import re

from caselaw.ingest.keywords import fold
from caselaw.ingest.party_names import smart_case
from caselaw.ingest.title_noise import is_boilerplate, is_noise

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
        if not text or is_boilerplate(text) or len(text) >= 250 or _SENTENCE_END.search(text):
            continue
        if _INSTRUMENT_TITLE.match(fold(text)):
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


# A US Federal Register document: agency, CFR part, docket and RIN lines, its heading, then "AGENCY:".
_AGENCY_LABEL = re.compile(r"^AGENCY\s*:")
_REGISTER_MARKER = re.compile(r"^(?:\[?\s*(?:docket|rin|frl|release|file)\b|\d+\s+CFR\b|billing code)", re.IGNORECASE)
_REGISTER_ACTION = re.compile(r"^ACTION\s*:\s*(.{3,80})")
_REGISTER_VOLUME = re.compile(r"\bFederal Register\s*/\s*Vol\.\s*(\d{1,3})\b", re.IGNORECASE)


def register_heading(head: list[str], headers: list[str]) -> str | None:
    """A Federal Register document's heading (the lines above "AGENCY:"), its action and its citation:
    "Airworthiness Directives; … Airplanes (proposed rule), 85 FR 47698"."""
    label = next((i for i, block in enumerate(head[:40]) if _AGENCY_LABEL.match(block)), None)
    if not label:
        return None
    lines: list[str] = []
    for block in reversed(head[max(0, label - 3) : label]):
        if _REGISTER_MARKER.match(block) or is_noise(block):
            break
        lines.insert(0, block)
    if not lines:
        return None
    heading = " ".join(lines)
    action = next((m.group(1) for b in head[label : label + 6] if (m := _REGISTER_ACTION.match(b))), "")
    folded = fold(action)
    kind = next((k for k in ("proposed rule", "interim final rule", "final rule") if k in folded), "")
    if kind:
        heading += f" ({kind})"
    volume = next((m.group(1) for h in [*headers, *head] if (m := _REGISTER_VOLUME.search(h))), None)
    page = next((b for b in head[:label] if re.fullmatch(r"\d{3,6}", b.strip())), None)
    return f"{heading}, {volume} FR {page.strip()}" if volume and page else heading


_DECLARANT = re.compile(
    r"^((?:declaration|affidavit|statement|déclaration|declaración|declaração)\s+(?:of|de)\s+)(.{3,80})$", re.I
)
_SELF_NAMED = re.compile(r"^I,\s+([A-ZÀ-Ý][\w.'’ -]{2,60}?),\s")
_EXHIBIT = re.compile(r"^(?:exh\.?|exhibit)\s+([A-Z0-9]{1,3})\s*[-–—]\s*\d+$", re.IGNORECASE)
_CASE_STAMP = re.compile(r"\bCase\s*:?\s*(\d{1,2}:\d{2}-[a-z]{2,4}-\d{3,6}(?:-[A-Z]{1,4})*)\s+Document\b", re.I)


def filed_as(heading: str, head: list[str], headers: list[str]) -> str:
    """A filing's heading with the declarant's name as the declaration spells it ("I, Ann Roe, declare …"), the
    exhibit it is filed as (a footer "Exh. B - 3") and the case its e-filing stamp gives: "Declaration of Ann Roe
    (Exhibit B), Case 4:21-cv-00123-ABC"."""
    declarant = _DECLARANT.match(heading)
    if declarant is not None:
        # A scan's heading in capitals is read worse than the sentence in which the declarant names themself.
        named = next((m.group(1) for b in head[:8] if (m := _SELF_NAMED.match(b.strip()))), None)
        printed = declarant.group(2).split()
        if named and printed and fold(named.split()[-1]) == fold(printed[-1]):
            heading = declarant.group(1) + named
    exhibits = {m.group(1).upper() for h in headers if (m := _EXHIBIT.match(h.strip()))}
    if len(exhibits) == 1:
        heading += f" (Exhibit {exhibits.pop()})"
    case = next((m.group(1) for line in [*headers, *head] if (m := _CASE_STAMP.search(line))), None)
    return f"{heading}, Case {case}" if case else heading


# A paper filed in a case under its caption, by the heading of its form: "JURY NOTE NO. 01", "CIVIL MINUTES".
_FORM = re.compile(
    r"^(?:jury note|jury question|note from the jury|verdict form|special verdict|civil minutes|criminal minutes"
    r"|minutes(?: of| order)?|transcript of|notice of|nota del jurado|acta de|procès-verbal|ata de)\b",
    re.IGNORECASE,
)


def form_heading(head: list[str]) -> str | None:
    """The heading of a court form or paper filed under a caption ("JURY NOTE NO. 01" → "Jury Note No. 01")."""
    for block in head[:16]:
        text = " ".join(block.split()).strip(" _.-–—:;,")  # a form's blank to fill in is no part of its heading
        if _FORM.match(text) and len(text.split()) <= 10 and not _SENTENCE_END.search(text) and not is_noise(text):
            return smart_case(text, heading=True)
        if _ARGUMENT.search(text):
            return "oral argument transcript"  # "The above-entitled matter came on for oral argument before …"
    return None


_ARGUMENT = re.compile(r"\bmatter came on for oral argument\b", re.IGNORECASE)


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
