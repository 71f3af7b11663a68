"""Whether a document is a follow-up document of a decision, what kind of follow-up event it records, and when.

A follow-up document says what it is in its title block, in any of the five languages: a State's follow-up report,
the authors' comments on the State's follow-up, a body's follow-up progress report or assessment, a supervisory
body's resolution on the implementation or execution of a decision. The rules read the first headings only (the
body of a decision may well speak of follow-up: "the State party should submit follow-up information within 180
days"), and they are general: a follow-up word or an implementation phrase with a document noun, never a name.

A court's own resolution supervising compliance with its judgment is a decision in its own right (it has an
operative part and its own date): it is not read as a follow-up document here and stays a case of its own.

The event type is one of the taxonomy's `follow_up_types`: comments of authors or NGOs, a supervisory resolution,
an assessment (the grade printed, A-E, or the words of a satisfactory, partial or unsatisfactory finding; a closed
follow-up; else a dialogue still ongoing), and otherwise a State's follow-up report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from caselaw.ingest.dates import dates_in
from caselaw.ingest.keywords import fold

_TOP_CHARS = 1500  # the title block: a follow-up document names itself before its first paragraph
_HEADING_WORDS = 40  # a longer line is a paragraph, not a heading
_LINES = 14  # headings of the first page's top: more lines are the body


def _alt(*phrases: str) -> str:
    """Folded, escaped alternatives; a space matches any run of whitespace or a hyphen."""
    return "|".join(r"[\s-]+".join(re.escape(fold(word)) for word in phrase.split()) for phrase in phrases)


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + _alt(*phrases) + r")(?!\w)")


# What makes a heading a follow-up heading: the word for follow-up, or implementation / execution of a decision.
# Arabic attaches the article and prepositions to the word: "المتابعة", "بمتابعة", "وللمتابعة".
_FOLLOW_UP = re.compile(
    r"(?<!\w)(?:(?:"
    + _alt("follow up", "followup", "suivi", "seguimiento", "seguimento", "acompanhamento")
    + r")|(?:[وفب]?(?:ال|لل|ل)?"
    + re.escape(fold("متابع"))
    + r"[ةه]))(?!\w)"
)
_IMPLEMENTATION = _words(
    "implementation of the views",
    "implementation of the decision",
    "implementation of the judgment",
    "implementation of the judgement",
    "implementation of the recommendations",
    "execution of the judgment",
    "execution of the judgement",
    "execution of judgments",
    "mise en oeuvre des constatations",
    "mise en oeuvre de la decision",
    "mise en oeuvre des recommandations",
    "execution de l'arret",
    "execution des arrets",
    "aplicacion del dictamen",
    "aplicacion de la decision",
    "implementacion del dictamen",
    "implementacion de la decision",
    "cumplimiento del dictamen",
    "cumplimiento de la decision",
    "ejecucion de la sentencia",
    "implementacao do parecer",
    "implementacao da decisao",
    "cumprimento do parecer",
    "cumprimento da decisao",
    "execucao da sentenca",
    "execucao do acordao",
    "تنفيذ الآراء",
    "تنفيذ القرار",
    "تنفيذ الحكم",
    "تنفيذ التوصيات",
)
# A court supervising compliance with its own judgment: a decision of its own, not a follow-up document.
_SUPERVISION = _words(
    "supervision of compliance",
    "monitoring compliance with judgment",
    "supervision de l'execution",
    "surveillance de l'execution",
    "supervision du respect",
    "supervision de cumplimiento",
    "supervision del cumplimiento",
    "supervisao de cumprimento",
    "supervisao do cumprimento",
    "الإشراف على الامتثال",
    "الاشراف على الامتثال",
)
# Kinds of follow-up document, read in the headings.
# A resolution: a heading that starts with the word, or the follow-up heading naming one ("Resolution on the
# implementation of…"). Arabic "قرار" is also a decision: it counts only as the first word of a heading.
_RESOLUTION = _words("resolution", "resolucion", "resolucao")
_RESOLUTION_START = re.compile(r"^(?:" + _alt("resolution", "resolucion", "resolucao", "قرار") + r")(?!\w)")
_COMMENTS = _words(
    "comments", "commentaires", "comentarios", "observations of the author", "observaciones del autor", "تعليقات"
)
_COMMENTER = _words(
    "author", "authors", "auteur", "auteurs", "autor", "autora", "autores", "autoras", "petitioner", "petitioners",
    "petitionnaire", "peticionario", "peticionarios", "peticionaria", "complainant", "complainants", "plaignant",
    "denunciante", "reclamante", "ngo", "ngos", "ong", "صاحب البلاغ", "صاحبة البلاغ", "أصحاب البلاغ",
    "اصحاب البلاغ", "منظمات غير حكومية",
)  # fmt: skip
_ASSESSMENT = _words(
    "progress report",
    "assessment",
    "assessments",
    "evaluation",
    "evaluacion",
    "avaliacao",
    "rapport interimaire",
    "rapport interimaire de suivi",
    "informe sobre los progresos",
    "informe de progreso",
    "relatorio de progresso",
    "relatorio intercalar",
    "تقرير مرحلي",
    "تقييم",
)
# A grade as treaty bodies print it, a capital letter after the label: "Assessment: B", "Evaluación: C", "(B1)".
# Read on the text as printed (not folded): "assessment: a new law" is no grade.
_GRADE = re.compile(
    r"(?<!\w)(?i:assessment|[ée]valuation|evaluaci[óo]n|avalia[çc][ãa]o|تقييم)(?i:\s+of\s+the\s+committee)?"
    r"\s*[:\-]?\s*\(?([A-E])[12]?\)?(?!\w)"
)
# What an assessment says in words, strongest first (a closure decides over a grade, a grade over words).
_CLOSED_UNSATISFACTORY = _words(
    "closed with a finding of unsatisfactory",
    "close the follow-up with a finding of unsatisfactory",
    "clos avec une conclusion de mise en oeuvre insatisfaisante",
    "clore le suivi en constatant une mise en oeuvre insatisfaisante",
    "cerrar el seguimiento con una constatacion de cumplimiento insatisfactorio",
    "encerrar o acompanhamento com cumprimento insatisfatorio",
    "إغلاق المتابعة مع تنفيذ غير مرض",
)
_CLOSED_SATISFACTORY = _words(
    "closed with a finding of satisfactory",
    "close the follow-up with a finding of satisfactory",
    "clos avec une conclusion de mise en oeuvre satisfaisante",
    "clore le suivi en constatant une mise en oeuvre satisfaisante",
    "cerrar el seguimiento con una constatacion de cumplimiento satisfactorio",
    "encerrar o acompanhamento com cumprimento satisfatorio",
    "إغلاق المتابعة مع تنفيذ مرض",
)
_UNSATISFACTORY = _words(
    "not satisfactory", "unsatisfactory", "no action taken", "non satisfaisante", "insatisfaisante",
    "aucune mesure prise", "no satisfactoria", "insatisfactoria", "no se han adoptado medidas", "nao satisfatoria",
    "insatisfatoria", "nenhuma medida tomada", "غير مرض", "غير مرضية", "لم تتخذ أي إجراءات",
)  # fmt: skip
_PARTIAL = _words(
    "partially satisfactory", "partiellement satisfaisante", "parcialmente satisfactoria", "parcialmente satisfatoria",
    "مرض جزئيا", "مرضية جزئيا",
)  # fmt: skip
_SATISFACTORY = _words(
    "largely satisfactory", "satisfactory implementation", "largement satisfaisante", "mise en oeuvre satisfaisante",
    "en gran medida satisfactoria", "cumplimiento satisfactorio", "amplamente satisfatoria",
    "cumprimento satisfatorio", "مرض إلى حد كبير", "تنفيذ مرض",
)  # fmt: skip
_GRADE_TYPES = {"a": "assessment-satisfactory", "b": "assessment-partial"}


@dataclass(frozen=True)
class FollowUpReading:
    """A follow-up document as read: the event type (taxonomy code) and the heading that says what it is."""

    type: str
    heading: str


def _headings(title: str | None, text: str) -> list[str]:
    """The short lines of the title block, title first, folded."""
    lines = [fold(" ".join(title.split()))] if title else []
    for line in text[:_TOP_CHARS].split("\n"):
        words = line.split()
        if words and len(words) <= _HEADING_WORDS:
            lines.append(fold(" ".join(words)))
        if len(lines) >= _LINES:
            break
    return lines


def read_follow_up(title: str | None, text: str) -> FollowUpReading | None:
    """The follow-up reading of a document (its title and text in reading order), or None when it is not one."""
    headings = _headings(title, text)
    top = "\n".join(headings)
    if _SUPERVISION.search(top):
        return None
    heading = next((h for h in headings if _FOLLOW_UP.search(h) or _IMPLEMENTATION.search(h)), None)
    if heading is None:
        return None
    head = text[: _TOP_CHARS * 4]
    return FollowUpReading(type=_event_type(headings, heading, head), heading=heading)


def _event_type(headings: list[str], heading: str, head: str) -> str:
    top = "\n".join(headings)
    if _RESOLUTION.search(heading) or any(_RESOLUTION_START.match(line) for line in headings):
        return "supervisory-resolution"
    if _COMMENTS.search(top) and _COMMENTER.search(top):
        return "author-comments"
    if _ASSESSMENT.search(top):
        return _assessment(head)
    return "state-report"


def _assessment(printed: str) -> str:
    """The type of a body's assessment: a closure, else the grade printed, else the words, else dialogue ongoing."""
    head = fold(printed)
    if _CLOSED_UNSATISFACTORY.search(head):
        return "closed-unsatisfactory"
    if _CLOSED_SATISFACTORY.search(head):
        return "closed-satisfactory"
    grade = _GRADE.search(printed)
    if grade is not None:
        return _GRADE_TYPES.get(grade.group(1).lower(), "assessment-unsatisfactory")
    # "partially satisfactory" before "satisfactory", "not satisfactory" before both: the longest finding wins.
    for pattern, code in (
        (_PARTIAL, "assessment-partial"),
        (_UNSATISFACTORY, "assessment-unsatisfactory"),
        (_SATISFACTORY, "assessment-satisfactory"),
    ):
        if pattern.search(head):
            return code
    return "dialogue-ongoing"


def event_date(printed: date | None, text: str, decided: date | None) -> date | None:
    """The follow-up document's date: the date ingest read as the document's own when it is after the decision
    followed up, else the latest date its first page prints after the decision (a report's title block often
    recalls the decision's date too); None when it prints none after the decision."""
    if printed is not None and (decided is None or printed > decided):
        return printed
    if decided is None:
        return None
    later = [found for found in dates_in(text[: _TOP_CHARS * 3]) if found > decided]
    today = date.today()
    later = [found for found in later if found <= today]
    return max(later) if later else None
