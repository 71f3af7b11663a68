"""What a record is: a decision, legislation, a report, a submission, an article, a press release or other.

Every document gets a kind. Evidence comes from what the document says it is and how it is built: the headings
it gives itself on its first page (the taxonomy's `record_kinds` keywords and the heading rules below), the
formulas that only one kind of text uses (a court's operative part, an enacting formula, a declarant's oath, a
letter's salutation), a numbered `Article 1 … Article 2 …` sequence, and UN document symbols. Each rule counts
once, at its best place: in the title and the first headings (x2), on the first page (x1.5), anywhere else
(x1). The kind with the highest score wins; a document with no evidence at all is a decision of low
confidence (the collection is of decisions, and an editor is asked to check), unless it is a scrap of a few words.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from caselaw.ingest.keywords import Folded, fold
from caselaw.ingest.literals import Guarded, Scan
from caselaw.models import Evidence
from caselaw.taxonomy import LANGUAGES, get_taxonomy

KINDS = ("decision", "legislation", "report", "submission", "article", "press-release", "other")
DEFAULT_KIND = "decision"
TOP, HEAD, BODY = 2.0, 1.5, 1.0  # where a piece of evidence stands: title and first headings, first page, rest
_TOP_CHARS = 600  # the title block(s) of a first page
_HEAD_CHARS = 4000  # about one page
_TAIL_CHARS = 4000  # the signatures and the operative part of a short order
_HEADING_WORDS = 16  # a block this short can be a heading that names the document
_MAX_EVIDENCE = 5
_NO_EVIDENCE_CONFIDENCE = 0.2
_FRAGMENT_WORDS = 40  # a text this short that says nothing about itself is a fragment (a stamp, a cover, a note)

Where = Literal["start", "head", "any", "tail"]


def _alt(*phrases: str) -> str:
    """Folded, escaped alternatives; a space matches any run of whitespace."""
    return "|".join(r"\s+".join(re.escape(fold(word)) for word in phrase.split()) for phrase in phrases)


@dataclass(frozen=True)
class _Rule:
    kind: str
    name: str
    pattern: re.Pattern[str]
    weight: float
    where: Where  # start: at the start of a block on the first page; head: first page; tail: last page; any
    guard: Guarded  # the pattern, scanned only where a match can be (the same matches)


def _rule(kind: str, name: str, pattern: str, weight: float, where: Where = "any") -> _Rule:
    compiled = re.compile(pattern, re.MULTILINE)
    return _Rule(kind, name, compiled, weight, where, Guarded(compiled))


_B = r"(?<!\w)"  # word boundary that also works before non-ASCII letters
_E = r"(?!\w)"

# Rules written on folded text (lower case, no accents, Arabic without hamza or vowel marks).
_RULES: tuple[_Rule, ...] = (
    # ---------------------------------------------------------------- decision
    _rule(
        "decision",
        "operative formula",
        _B
        + r"(?:"
        + _alt(
            "for these reasons",
            "for the foregoing reasons",
            "for the reasons stated",
            "for the reasons given",
            "for all the foregoing reasons",
            "it is so ordered",
            "it is hereby ordered",
            "it is therefore ordered",
            "it is further ordered",
            "it is, therefore, ordered",
            "it is ordered",
            "it is adjudged",
            "it is hereby adjudged",
            "so ordered",
            "por tanto",
            "por lo tanto, la corte",
            "por todo lo expuesto",
            "por estas razones",
            "por esas razones",
            "par ces motifs",
            "pelo exposto",
            "por essas razoes",
            "por estas razoes",
            "casse et annule",
            "rejette le pourvoi",
            "لهذه الاسباب",
            "حكمت المحكمة",
            "قررت المحكمة",
            "قررت اللجنة",
            "قرار اللجنة",
            "منطوق الحكم",
        )
        + r")"
        + _E,
        3.0,
    ),
    _rule(
        "decision",
        "operative heading",
        # "DECIDES:", "RESUELVE:", "DECLARA:" standing as the operative part's heading.
        _B + r"(?:decides?|decide|resuelve|resolve|declara|declares|dispone|disposes|falla|ordena|orders|"
        r"decidem|acorda|acordam|dispoe|statue|declare|decide a l'unanimite|resolves)\s*:",
        2.5,
    ),
    _rule(
        "decision",
        "disposition",
        _B + r"(?:the |this )?(?:writ )?(?:appeals?|petitions?|applications?|complaints?|claims?|motions?|suits?|"
        r"requests?|communications?|cases?|judgments?|orders?|actions?) (?:is|are|be|stands?) (?:hereby |accordingly |"
        r"therefore |partly |partially )?(?:dismissed|allowed|granted|denied|upheld|rejected|disposed of|affirmed|"
        r"reversed|remanded|vacated|set aside|quashed|inadmissible|admissible)" + _E,
        2.0,
    ),
    _rule(
        "decision",
        "decision entered",
        _B + r"(?:decisions? will be entered|judgment (?:is|shall be|will be) entered|"
        r"(?:the )?court (?:hereby )?(?:grants|denies|dismisses|affirms|reverses|orders)|"
        r"is of the view that the (?:facts|state party|information)|decides that the communication|"
        r"(?:finds?|found|declares?|concludes?|holds?) (?:that )?(?:there (?:has|had) been (?:a )?|"
        r"the respondent state |the state(?: party)? )?(?:(?:is |was )?in )?(?:violation|breach) of (?:its )?"
        r"(?:obligations under )?articles?|"
        r"(?:rejeita|rejette|rechaza|dismisses) (?:the |el |le |o )?(?:appeal|recurso|pourvoi|recours)|"
        r"(?:رفضت|قبلت|ردت|الغت|ايدت) المحكمة|"
        r"declara(?:r)? (?:admisible|inadmisible|admissivel|inadmissivel)|declarer (?:recevable|irrecevable)|"
        r"declare (?:admissible|inadmissible)|"
        r"to declare the (?:present )?(?:case|petition) (?:admissible|inadmissible))",
        2.0,
    ),
    _rule(
        "decision",
        "separate opinion",
        r"^(?:(?:joint |partly |partially )?(?:concurring|dissenting|separate|individual)(?: and (?:concurring|"
        r"dissenting))? opinion|opinion (?:individuelle|dissidente|concordante|separee)|vote (?:concordant|dissident|"
        r"individuel|raisonne)|voto (?:razonado|concurrente|disidente|separado|concordante|dissidente|"
        r"fundamentado|vencido|em separado|parcialmente)|(?:راي|الراي) (?:مخالف|المخالف|مستقل|المستقل|منفصل))",
        3.5,
        "start",
    ),
    _rule(
        "decision",
        "judge's vote",
        _B + r"(?:i have voted in favou?r|i voted (?:in favou?r|against)|he votado (?:a favor|en contra)|"
        r"vote a favor|j'ai vote (?:en faveur|contre)|votei (?:a favor|contra)|concur in the (?:judgment|result)|"
        r"i respectfully dissent|respectfully dissent)",
        2.5,
    ),
    _rule(
        "decision",
        "bench",
        _B + r"(?:composed of the following judges|integrada por los siguientes jueces|"
        r"integrada pelos seguintes juizes|composta pelos seguintes juizes|composee des juges suivants|"
        r"composee comme suit|compuesta por los siguientes jueces|coram\s*:|before\s*:|present\s*:\s*(?:the )?hon|"
        r"hon'?ble (?:mr\.? |mrs\.? |ms\.? |dr\.? )?(?:justice|the chief justice)|"
        r"(?:circuit|district|chief|administrative law|presiding) judges?" + _E + r")",
        1.5,
        "head",
    ),
    _rule(
        "decision",
        "delivered",
        _B + r"(?:delivers? (?:the following|this|the present) (?:judgment|decision|order|opinion)|"
        r"dicta (?:la siguiente|la presente) (?:sentencia|resolucion)|profere a (?:seguinte|presente) sentenca|"
        r"rend (?:le present|l'arret|l'arret suivant)|pronounced on|judgment (?:delivered|reserved|pronounced)|"
        r"date of (?:judgment|decision|order)|reserved on|heard on|in chambers)",
        1.5,
    ),
    _rule(
        "decision",
        "decision heading",
        r"^(?:(?:expedited |compensation |final )?(?:hearing )?(?:judgment|judgement|order|decision|opinion|"
        r"memorandum opinion|memorandum and order|order and judgment|views|findings of fact|civil minutes|"
        r"sentencia|sentenca|arret|acordao|resolucion(?: de la)?|resolucao|auto|decision|decisao|ordonnance|"
        r"jugement|dictamen|constatations|despacho|حكم|قرار)(?: (?:no|n[o°º]|of|on|de|du|da|del|sobre|in|en|"
        r"adopted|adoptee?s?|aprobad[oa]|adotad[oa]|rendered|dated|entered)\b.*)?$|"
        r"(?:views|decision) adopted by the committee|constatations adoptees par le comite|"
        r"decision adoptee par le comite|dictamen aprobado por el comite|decision adoptada por el comite|"
        r"(?:report|informe|relatorio|rapport) (?:no\.?|n[o°º]\.?)\s*\d+/\d{2,4}|"
        r"t\.c\. (?:memo|summary opinion)|(?:admissibility|inadmissibility|admisibilidad|inadmisibilidad|"
        r"admissibilidade|inadmissibilidade|recevabilite|irrecevabilite|friendly settlement|solucion amistosa|"
        r"solucao amistosa|reglement amiable|supervision de cumplimiento|supervisao de cumprimento|"
        r"supervision of compliance|medidas provisionales|medidas provisorias|provisional measures|"
        r"mesures provisoires)\b)",
        2.5,
        "start",
    ),
    _rule(
        "decision",
        "resolution preamble",
        r"^(?:vistos?|considerando|having seen|considering|vu|attendu|tendo em vista|considerandos?)\s*:",
        1.5,
        "start",
    ),
    _rule(
        "decision",
        "party roles",
        _B + r"(?:petitioners?|respondents?|appellants?|appellees?|plaintiffs?|defendants?|applicants?|claimants?|"
        r"employee|employer|accused|recurrentes?|recurridos?|demandantes?|demandados?|accionantes?|accionados?|"
        r"requerentes?|requeridos?|recorrentes?|recorridos?|demandeurs?|defendeurs?|apelantes?|apelados?|"
        r"المدعي|المدعى عليه|الطاعن|المطعون ضده|المستانف|المستانفون|المستانف ضده|المستانف ضدهما|المدعون|"
        r"المدعى عليهم|الطاعنون|المشتكي|المشتكى عليه)" + _E,
        0.75,
        "head",
    ),
    _rule(
        "decision",
        "caption",
        r"(?:^|\s)(?:v\.|vs\.?|versus|c\.|contra|contre|ضد)\s+(?:the |la |le |el |o |a |l')?[a-z\u0600-\u06ff]",
        0.75,
        "head",
    ),
    _rule(
        "decision",
        "signature",
        _B + r"(?:judge|juez|jueza|juiz|juiza|juge|president|presidente|presidenta|secretary|secretario|secretaria|"
        r"secretario adjunto|registrar|greffier|clerk of (?:the )?court|for the court|circuit judge|district judge|"
        r"chief judge|justice|jja?|j\.|القاضي|رئيس المحكمة|رئيس اللجنة|عضو)" + _E,
        0.75,
        "tail",
    ),
    # ---------------------------------------------------------------- legislation
    _rule(
        "legislation",
        "enacting formula",
        _B
        + r"(?:"
        + _alt(
            "be it enacted",
            "is hereby enacted",
            "enacts as follows",
            "have agreed as follows",
            "hereby agree as follows",
            "agree as follows",
            "have agreed upon the following",
            "sont convenus de ce qui suit",
            "sont convenus ce qui suit",
            "conviennent de ce qui suit",
            "ont adopte la loi dont la teneur suit",
            "promulgue la loi dont la teneur suit",
            "han convenido lo siguiente",
            "han convenido en lo siguiente",
            "convienen en lo siguiente",
            "acuerdan lo siguiente",
            "acordam o seguinte",
            "acordaram o seguinte",
            "convieram no seguinte",
            "decreta la siguiente ley",
            "sanciona con fuerza de ley",
            "sancionan con fuerza de",
            "o congresso nacional decreta",
            "a assembleia da republica decreta",
            "the following act of parliament",
            "adopt this constitution",
            "adoptons la presente constitution",
            "yo sanciono la siguiente",
            "يصدر القانون الاتي",
            "اتفقت على ما يلي",
            "اتفقت على ما ياتي",
        )
        + r")"
        + _E,
        3.5,
    ),
    _rule(
        "legislation",
        "rulemaking",
        _B + r"(?:notice of proposed rulemaking|proposed rules?|final rule|interim final rule|federal register|"
        r"code of federal regulations|\d+ cfr (?:part|parts)|comments? must be received|"
        r"action:\s*(?:nprm|notice|final rule|proposed rule)|agency:\s)",
        1.5,
        "head",
    ),
    _rule(
        "legislation",
        "commencement",
        _B + r"(?:this act may be cited as|this act may be called|short title(?: and commencement)?|"
        r"shall come into force on|entrera en vigueur (?:le|a compter)|entrara en vigor (?:el|a partir)|"
        r"entra em vigor (?:no|na|a partir)|came into force|commenced on|assented to on|gazetted on|"
        r"la presente ley entrara en vigor|a presente lei entra em vigor|يعمل بهذا القانون|ينشر هذا القانون)",
        1.5,
    ),
    _rule(
        "legislation",
        "preamble heading",
        r"^(?:preamble|preambule|preambulo|ديباجة|الديباجة)\s*[.:]?$",
        1.5,
        "start",
    ),
    _rule(
        "legislation",
        "legislation heading",
        r"^(?:(?:the )?[\w'’ ,()&.-]{0,80}(?:\bact|\bconstitution|\bcharter|\bcode|\bstatute|\bordinance|"
        r"\bregulations?|\brules)(?:,? \d{4})?(?: \(act no\.? \d+ of \d{4}\))?$|"
        r"(?:act|ley|lei|loi|decreto|decret|ordinance|ordonnance-loi) (?:no\.? |n[o°º]\.? |num\. )?\d+(?:[-/]\d+)?"
        r"(?: of \d{4}| de \d{4})?$|constitucion (?:politica )?de|constitution (?:de|of)|constituicao d|"
        r"(?:[\w ]{0,30}'s )?(?:political )?constitution\b|charte (?:africaine|des|de)|"
        r"carta (?:africana|de los|dos|de))",
        2.0,
        "start",
    ),
    # ---------------------------------------------------------------- report
    _rule(
        "report",
        "report in text",
        _B
        + r"(?:"
        + _alt(
            "concluding observations",
            "observations finales",
            "observaciones finales",
            "observacoes finais",
            "الملاحظات الختامية",
            "list of issues",
            "liste de points",
            "lista de cuestiones",
            "lista de questoes",
            "قائمة المسائل",
            "consideration of reports submitted by states parties",
            "examen des rapports presentes par les etats parties",
            "examen de los informes presentados por los estados partes",
            "النظر في التقارير المقدمة من الدول الاطراف",
        )
        + r")"
        + _E,
        1.5,
        "head",
    ),
    _rule(
        "report",
        "report title",
        r"^(?:"
        + _alt(
            "concluding observations",
            "observations finales",
            "observaciones finales",
            "observacoes finais",
            "observacoes conclusivas",
            "الملاحظات الختامية",
            "list of issues",
            "liste de points",
            "liste des points",
            "lista de cuestiones",
            "lista de questoes",
            "قائمة المسائل",
            "initial report",
            "initial reports",
            "periodic report",
            "periodic reports",
            "rapport initial",
            "rapports initiaux",
            "rapport periodique",
            "rapports periodiques",
            "informe inicial",
            "informes iniciales",
            "informe periodico",
            "informes periodicos",
            "relatorio inicial",
            "relatorios iniciais",
            "relatorio periodico",
            "التقرير الاولي",
            "التقارير الاولية",
            "التقرير الدوري",
            "التقارير الدورية",
            "consideration of reports submitted by states parties",
            "examen des rapports presentes par les etats parties",
            "examen de los informes presentados por los estados partes",
            "النظر في التقارير المقدمة من الدول الاطراف",
            "information received from",
            "renseignements recus de",
            "informacion recibida de",
            "informacoes recebidas de",
            "annual report",
            "rapport annuel",
            "informe anual",
            "relatorio anual",
            "report of the special rapporteur",
            "report of the secretary-general",
            "report of the working group",
            "rapport du rapporteur special",
            "informe del relator especial",
        )
        + r")"
        + _E,
        3.0,
        "start",
    ),
    _rule(
        "report",
        "UN document",
        _B + r"(?:distr\.?\s*:?\s*(?:general|generale|restricted|restreinte|limited|limitee|restringida)|"
        r"original\s*:\s*(?:english|french|spanish|arabic|russian|chinese|anglais|francais|espagnol|arabe|ingles|"
        r"frances|espanol|arabe))" + _E,
        1.0,
        "head",
    ),
    # ---------------------------------------------------------------- submission
    _rule(
        "submission",
        "declarant's oath",
        _B + r"(?:i, [a-z][\w.'-]*(?: [\w.'-]+){0,4}, (?:hereby |do hereby |solemnly )?(?:declare|state|depose|"
        r"swear|affirm|certify)|(?:declare|certify|state) under penalty of perjury|"
        r"pursuant to 28 u\.?s\.?c\.? (?:§|\$|s|sec\.?)?\s*1746|sworn (?:to )?(?:and subscribed )?before me|"
        r"declaro bajo protesta de decir verdad|bajo (?:la )?gravedad (?:del|de) juramento|je soussigne|"
        r"eu,? abaixo assinado|declaro sob as penas da lei)",
        3.5,
    ),
    _rule(
        "submission",
        "submission heading",
        r"^(?:(?:supplemental |second |third |reply )?(?:declaration|affidavit|declaracion jurada|"
        r"declaracion|declaration sous serment|declaracao|affidavit) (?:of|de|du|da|in support)\b(?! (?:the|los|las|"
        r"les|la|des|dos|das|human|rights|independence|principles|derechos|droits|direitos)\b)|"
        r"(?:brief|memorandum|motion|petition|complaint|reply|response|opposition) (?:of |for |in |to )?"
        r"(?:amicus|amici|the (?:petitioner|respondent|appellant|appellee|plaintiff|defendant)s?|support|opposition|"
        r"leave|summary judgment|dismiss)|amicus curiae|amici curiae|escrito (?:de|del|que)|memorial (?:de|del|da|do)|"
        r"memoire (?:en|ampliatif|du|de la)|observations (?:ecrites|en reponse)|peticao inicial|contestacao|"
        r"exhibit [a-z0-9]+|anexo \d+|annexe \d+|annex \d+|attachment [a-z0-9]+)",
        3.0,
        "start",
    ),
    _rule(
        "submission",
        "signed by counsel",
        _B + r"(?:respectfully submitted|respectfully (?:requests?|prays?|moves?)|comes now|"
        r"counsel for (?:amicus|amici|petitioners?|appellants?|plaintiffs?|defendants?)|attorneys? for (?:amicus|"
        r"amici|petitioners?|appellants?|plaintiffs?|defendants?)|respetuosamente solicit|atentamente solicit|"
        r"nestes termos,? pede deferimento|termos em que pede deferimento|plaise a la cour)",
        1.5,
    ),
    # ---------------------------------------------------------------- article
    _rule(
        "article",
        "abstract",
        r"^abstract\s*[:.]?(?:\s|$)",
        2.0,
        "start",
    ),
    _rule(
        "article",
        "keywords",
        _B + r"(?:key ?words|palabras clave|mots[- ]cles|palavras[- ]chave|الكلمات المفتاحية)\s*[:.]",
        2.0,
        "head",
    ),
    _rule(
        "article",
        "journal",
        _B + r"(?:law review|law journal|journal of|revista de|revue de|doi\s*:|doi\.org/|issn)" + _E,
        1.5,
        "head",
    ),
    # ---------------------------------------------------------------- press release
    _rule(
        "press-release",
        "press release",
        _B
        + r"(?:"
        + _alt(
            "press release",
            "for immediate release",
            "news release",
            "comunicado de prensa",
            "nota de prensa",
            "communique de presse",
            "comunicado de imprensa",
            "nota a imprensa",
            "بيان صحفي",
        )
        + r")"
        + _E,
        4.0,
        "head",
    ),
    # ---------------------------------------------------------------- other: transcripts, letters, notes, resolutions
    _rule(
        "other",
        "transcript heading",
        r"^(?:oral argument|(?:official )?transcript|reporter'?s transcript|proceedings$|version (?:taquigrafica|"
        r"estenografica)|transcripcion|acta de (?:la )?audiencia|compte rendu (?:integral|analytique)|"
        r"proces-verbal d'audience|transcricao|ata da audiencia|محضر (?:الجلسة|جلسة))",
        3.0,
        "start",
    ),
    _rule(
        "other",
        "transcript",
        _B + r"(?:official - subject to final review|transcript of (?:proceedings|hearing)|"
        r"reporter'?s transcript|reporting company|(?:the above-entitled matter|the hearing) "
        r"(?:came on|was held)|\(whereupon|version taquigrafica|estenografica|stenographic|compte rendu (?:integral|"
        r"analytique|de seance)|summary record|acta resumida|proces-verbal)" + _E,
        3.0,
    ),
    _rule(
        "other",
        "salutation",
        r"^(?:dear (?:sir|madam|mr|mrs|ms|dr|colleague|friend|president|judge|members?)|"
        r"(?:respetad[oa]s?|estimad[oa]s?|distinguid[oa]s?|apreciad[oa]s?) (?:senor|senora|doctor|doctora|senores|"
        r"ingenier|licenciad|presidente|magistrad|juez)|prezad[oa]s? (?:senhor|senhora|doutor|doutora)|"
        r"excelentisim[oa] senor|monsieur(?: le| la)?,|madame(?: la)?,|mesdames|سعادة|حضرة)",
        3.0,
        "start",
    ),
    _rule(
        "other",
        "closing",
        r"^(?:sincerely|yours (?:faithfully|sincerely|truly)|best regards|kind regards|atentamente|cordialmente|"
        r"cordialement|veuillez agreer|je vous prie d'agreer|atenciosamente|respeitosamente|cordiais saudacoes|"
        r"وتفضلوا بقبول|مع فائق الاحترام)",
        2.5,
    ),
    _rule(
        "other",
        "reference line",
        r"^(?:ref(?:erencia)?|asunto|objet|assunto|re|subject)\s*:",
        1.0,
        "start",
    ),
    _rule(
        "other",
        "jury note",
        _B + r"(?:jury note|the jury (?:has reached|requests|request)|verdict form|note from the jury)" + _E,
        3.5,
    ),
    _rule(
        "other",
        "general assembly resolution",
        _B
        + r"(?:"
        + _alt(
            "resolution adopted by the general assembly",
            "resolution adoptee par l'assemblee generale",
            "resolucion aprobada por la asamblea general",
            "resolucao adotada pela assembleia geral",
            "resolucao aprovada pela assembleia geral",
            "قرار اتخذته الجمعية العامة",
        )
        + r")"
        + _E,
        5.0,
        "head",
    ),
)

# An article heading: at a block's start or right after a sentence ends, and not a citation ("Article 21 of").
_ARTICLE_START = re.compile(
    r"(?:^|(?<=[.;:] )|(?<=[.;:]))(?:article|articulo|artigo|art\.|المادة)\s+(\d{1,3}|[ivxlc]{1,7}|premier|primero|"
    r"primeiro)(?:er|o|º|°)?(?:\s*[.:)-]|$|\s(?!(?:of|de|du|da|do|del|des|dos|and|et|y|e|to|a|al|au|in|en|no|of)\b))",
    re.MULTILINE,
)
_ARTICLE_GUARD = Guarded(_ARTICLE_START)
_UN_SYMBOL = re.compile(
    r"\b(?:crpd|ccpr|cedaw|crc|cerd|cat|ced|cmw|e/c\.12)/(?:c/)?(?:\d+/)?([a-z]{3}|d|co)?/?((?:co|q|qpr|fco|loipr|d|"
    r"add\.\d+|\d+(?:-\d+)?)(?:/[\w.-]+)*)",
)
_SPEAKER = re.compile(r"^(?:(?:chief )?justice [a-z]+|mr\. [a-z]+|ms\. [a-z]+|the court|the witness)\s*:", re.MULTILINE)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass
class KindResult:
    """A record's kind, how sure the rules are (0-1), and the evidence: (rule or pattern, matched text)."""

    kind: str
    confidence: float
    evidence: list[tuple[str, str]] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    def as_evidence(self, document: str | None = None) -> list[Evidence]:
        """The evidence as the model's `Evidence` items (for `Case.kind_evidence`)."""
        return [Evidence(document=document, pattern=pattern, text=text[:500]) for pattern, text in self.evidence]


def classify(
    blocks: list[str],
    title: str | None,
    language: str,
    *,
    has_forum: bool = False,
    decision_type: str | None = None,
    identifiers: list[tuple[str, str]] | None = None,
) -> KindResult:
    """The kind of a document from its text blocks (in reading order), its title and what metadata found."""
    scorer = _Scorer(blocks, title)
    for rule in _RULES:
        scorer.apply(rule)
    scorer.headings(language)
    scorer.articles()
    scorer.symbols(identifiers or [])
    scorer.speakers()
    if has_forum:
        # A named court or treaty body is weak evidence: reports and transcripts name one too.
        scorer.add("decision", 1.0, "forum named", "forum")
    if decision_type is not None and has_forum:
        scorer.add("decision", 0.5, "decision type", decision_type)
    return scorer.result()


@cache
def _rules_automaton() -> Any:
    """One automaton of every rule's leading literals (`literals.Scan`), built once per process."""
    return Scan.automaton(rule.guard for rule in _RULES)


class _Scorer:
    """The folded text with its zones, and the evidence collected per kind."""

    def __init__(self, blocks: list[str], title: str | None) -> None:
        pieces = [" ".join(block.split()) for block in blocks]
        pieces = [piece for piece in pieces if piece]
        title_text = " ".join((title or "").split())
        if title_text and title_text not in pieces[:3]:
            pieces.insert(0, title_text)
        self.text = Folded.of("\n".join(pieces))
        self.scan = Scan(_rules_automaton(), self.text.folded)  # the rules' leading literals, found in one pass
        self.words = sum(len(piece.split()) for piece in pieces)
        folded = self.text.folded
        self.top_end = _zone_end(pieces, _TOP_CHARS, minimum=3)
        self.head_end = max(self.top_end, min(len(folded), _HEAD_CHARS))
        self.tail_start = max(0, len(folded) - _TAIL_CHARS)
        self.scores: dict[str, float] = defaultdict(float)
        self.evidence: dict[str, list[tuple[float, str, str]]] = defaultdict(list)

    def add(self, kind: str, strength: float, name: str, text: str) -> None:
        self.scores[kind] += strength
        self.evidence[kind].append((strength, name, text))

    def _place(self, start: int) -> float:
        return TOP if start < self.top_end else HEAD if start < self.head_end else BODY

    def apply(self, rule: _Rule) -> None:
        folded = self.text.folded
        begin, end = (0, self.head_end) if rule.where in ("start", "head") else (0, len(folded))
        if rule.where == "tail":
            begin = self.tail_start
        # The place only falls along the text (top, then the first page, then the rest): the first match is the
        # best placed, and the rest of the text need not be read. Most rules find nothing in most documents: the
        # guard reads only where a match can start (`literals.Guarded`).
        match = rule.guard.search(folded, begin, end, self.scan)
        if match is not None:
            place = BODY if rule.where == "tail" else self._place(match.start())
            self.add(rule.kind, rule.weight * place, rule.name, self.text.span(match.start(), match.end()))

    def headings(self, language: str) -> None:
        """The taxonomy's record-kind keywords as a short block on the first page starts with them."""
        folded = self.text.folded
        found: dict[str, tuple[float, str, str]] = {}
        position = 0
        for line in folded[: self.head_end].split("\n"):
            start, position = position, position + len(line) + 1
            if len(line.split()) > _HEADING_WORDS:
                continue
            for kind, term, weight in _heading_terms(language):
                if line.startswith(term) and (len(line) == len(term) or not line[len(term)].isalnum()):
                    strength = 1.5 * weight * self._place(start)
                    if strength > found.get(kind, (0.0, "", ""))[0]:
                        found[kind] = (strength, f"heading: {term}", self.text.span(start, start + len(line)))
        for kind, (strength, name, text) in found.items():
            self.add(kind, strength, name, text)

    def articles(self) -> None:
        """A run of blocks starting `Article 1`, `Article 2`…: the body of a statute, treaty or charter."""
        numbers: list[int] = []
        first = -1
        for match in _ARTICLE_GUARD.finditer(self.text.folded):
            value = _number(match.group(1))
            if value is not None:
                numbers.append(value)
                first = match.start() if first < 0 else first
        distinct = len(set(numbers))
        rising = sum(1 for a, b in itertools.pairwise(numbers) if b == a + 1)
        if distinct >= 5 and rising >= 4:
            strength = min(4.0, 1.5 + rising / 10)
            self.add("legislation", strength, "article sequence", f"{distinct} articles, from {numbers[0]}")

    def symbols(self, identifiers: list[tuple[str, str]]) -> None:
        """UN document symbols: concluding observations, lists of issues, State reports, or a decision (/D/)."""
        candidates = [fold(value) for _, value in identifiers]
        candidates += [m.group(0) for m in _UN_SYMBOL.finditer(self.text.folded, 0, self.head_end)]
        for symbol in candidates:
            match = _UN_SYMBOL.search(symbol)
            if match is None:
                continue
            parts = symbol.split("/")
            if "d" in parts:
                self.add("decision", 4.0, "UN symbol of a decision", symbol)
            elif any(part in ("co", "q", "qpr", "fco", "loipr") for part in parts) or re.search(
                r"/[a-z]{3}/\d", symbol
            ):
                self.add("report", 4.0, "UN symbol of a report", symbol)
            else:
                continue
            return

    def speakers(self) -> None:
        """Several turns of `JUSTICE X:` or `MR. Y:`: a hearing transcript."""
        turns = len(_SPEAKER.findall(self.text.folded))
        if turns >= 3:
            self.add("other", min(4.0, 1.0 + turns / 5), "speaker turns", f"{turns} turns")

    def result(self) -> KindResult:
        ranked = sorted(self.scores.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] <= 0:
            # Nothing says what the document is: a decision (what the collection holds) unless the text is a scrap.
            kind = "other" if self.words < _FRAGMENT_WORDS else DEFAULT_KIND
            return KindResult(kind, _NO_EVIDENCE_CONFIDENCE, [], {})
        kind, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        # Sure when the winner has much evidence and little competition; 0.5 is an even race.
        confidence = round(min(0.99, best / (best + second + 1.0) * min(1.0, 0.4 + best / 10)), 2)
        evidence = sorted(self.evidence[kind], key=lambda item: -item[0])[:_MAX_EVIDENCE]
        return KindResult(
            kind, confidence, [(name, text) for _, name, text in evidence], {k: round(v, 2) for k, v in ranked}
        )


def _zone_end(pieces: list[str], chars: int, minimum: int) -> int:
    """Offset in the joined text where the first `chars` characters (at least `minimum` blocks) end."""
    end = 0
    for index, piece in enumerate(pieces):
        end += len(piece) + 1
        if end >= chars and index + 1 >= minimum:
            break
    return end


def _number(token: str) -> int | None:
    if token in ("premier", "primero", "primeiro"):
        return 1
    if token.isdigit():
        return int(token)
    values = [_ROMAN.get(char) for char in token]
    if any(value is None for value in values):
        return None
    total = 0
    for index, value in enumerate(values):
        assert value is not None
        following = values[index + 1] if index + 1 < len(values) else None
        total += -value if following is not None and following > value else value
    return total if total > 0 else None


@cache
def _heading_terms(language: str) -> list[tuple[str, str, float]]:
    """(kind, folded keyword, weight) of the document's language and English, longest first."""
    languages = [language] if language in LANGUAGES else []
    languages += [code for code in ("en",) if code not in languages]
    terms = {
        (entry.code, fold(keyword.term), keyword.weight)
        for entry in get_taxonomy().entries("record_kinds")
        for code in languages
        for keyword in entry.keywords.get(code, [])
    }
    return sorted(terms, key=lambda item: -len(item[1]))
