"""Record kinds: every document gets one, from what it says it is and how it is built, in the five languages.

The texts below are written for these tests. The real corpus (`../shared/realdocs`) is measured at the end:
its gold `kind` column is the reference, and the same rules must hold on documents nobody has seen.
"""

from __future__ import annotations

import pytest

from caselaw.ingest.kinds import KINDS, classify
from caselaw.models import Evidence
from caselaw.taxonomy import get_taxonomy
from tests.ingest.realdocs import GOLD, real_documents

CASES: dict[str, tuple[str, str, list[str]]] = {
    # ------------------------------------------------------------------ decisions
    "judgment-en": (
        "decision",
        "en",
        [
            "IN THE HIGH COURT OF NORTHLAND",
            "Civil Appeal No. 12 of 2021",
            "AMINA MENSAH ... Appellant",
            "versus",
            "RIVERSIDE CITY COUNCIL ... Respondent",
            "JUDGMENT",
            "1. The appellant was removed from her home without notice and asks this court to set the order aside.",
            "2. The council says it acted under its by-laws.",
            "For these reasons, the appeal is allowed with costs.",
            "K. OWUSU, J.",
        ],
    ),
    "views-es": (
        "decision",
        "es",
        [
            "Naciones Unidas",
            "E/C.12/70/D/31/2018",
            "Dictamen aprobado por el Comité en virtud del Protocolo Facultativo, respecto de la comunicación 31/2018",
            "Presentada por: M. R. (representada por abogada)",
            "Estado parte: Ejemplia",
            "1. La autora sostiene que el Estado parte desalojó a su familia sin ofrecerle una alternativa.",
            "12. El Comité, actuando en virtud del artículo 9 del Protocolo Facultativo, dictamina que hubo violación.",
        ],
    ),
    "arret-fr": (
        "decision",
        "fr",
        [
            "COUR DE CASSATION",
            "Audience publique du 4 mars 2020",
            "ARRÊT",
            "La société X a formé un pourvoi contre l'arrêt rendu par la cour d'appel.",
            "PAR CES MOTIFS, la Cour : REJETTE le pourvoi ;",
        ],
    ),
    "acordao-pt": (
        "decision",
        "pt",
        [
            "SUPREMO TRIBUNAL DE EXEMPLO",
            "ACÓRDÃO",
            "Recorrente: Associação de Moradores do Morro Azul",
            "Recorrido: Município de Exemplo",
            "Pelo exposto, a Corte decide dar provimento ao recurso.",
        ],
    ),
    "hukm-ar": (
        "decision",
        "ar",
        [
            "المحكمة الإدارية العليا",
            "حكم",
            "المدعي: جمعية السكان",
            "المدعى عليه: وزير الإسكان",
            "وبعد الاطلاع على الأوراق والمداولة قانونا",
            "لهذه الأسباب حكمت المحكمة بإلغاء القرار المطعون فيه",
        ],
    ),
    "dissent-en": (
        "decision",
        "en",
        [
            "DISSENTING OPINION OF JUDGE A. B. CASTRO",
            "1. I respectfully dissent from the majority's reading of Article 26.",
            "2. The right at stake deserved a fuller examination of the State's resources.",
        ],
    ),
    "admissibility-es": (
        "decision",
        "es",
        [
            "INFORME No. 14/19",
            "PETICIÓN 1234-09",
            "INFORME DE ADMISIBILIDAD",
            "1. La Comisión recibió una petición sobre el despido de trabajadores de una empresa estatal.",
            "LA COMISIÓN INTERAMERICANA DE DERECHOS HUMANOS DECIDE:",
            "1. Declarar admisible la presente petición en relación con los artículos 8 y 25 de la Convención.",
        ],
    ),
    "provisional-measures-en": (
        "decision",
        "en",
        [
            "Order of the Inter-American Court of Human Rights",
            "Provisional Measures regarding Ejemplia",
            "HAVING SEEN:",
            "1. The request submitted by the representatives of the beneficiaries.",
            "CONSIDERING THAT:",
            "THE COURT DECIDES:",
            "1. To require the State to maintain the measures adopted.",
        ],
    ),
    # ------------------------------------------------------------------ legislation
    "act-en": (
        "legislation",
        "en",
        [
            "The Northland Tenancy Protection Act, 2019",
            "Act No. 4 of 2019",
            "An Act to protect the security of tenure of tenants. Be it enacted by Parliament as follows:",
            "1. Short title and commencement. This Act may be cited as the Tenancy Protection Act.",
            "2. Definitions. In this Act, unless the context otherwise requires, a tenant means a person who rents.",
        ],
    ),
    "treaty-fr": (
        "legislation",
        "fr",
        [
            "Convention régionale sur l'accès à l'eau",
            "PRÉAMBULE",
            "Les États parties à la présente Convention,",
            "Sont convenus de ce qui suit :",
            *[f"Article {n} Chaque État partie garantit l'accès à l'eau potable." for n in range(1, 9)],
        ],
    ),
    "constitution-es": (
        "legislation",
        "es",
        [
            "Constitución Política de la República de Ejemplia",
            "Preámbulo",
            "Nosotros, representantes del pueblo, reunidos en asamblea constituyente.",
            *[f"Artículo {n}. Toda persona tiene derecho a una vivienda digna." for n in range(1, 8)],
        ],
    ),
    "lei-pt": (
        "legislation",
        "pt",
        [
            "LEI Nº 1.234, DE 2 DE MAIO DE 2010",
            "Dispõe sobre a regularização fundiária urbana.",
            "O CONGRESSO NACIONAL decreta:",
            *[f"Art. {n}º Esta Lei estabelece normas gerais de regularização." for n in range(1, 7)],
        ],
    ),
    "proposed-rule-en": (
        "legislation",
        "en",
        [
            "Proposed Rules",
            "Federal Register",
            "DEPARTMENT OF EXAMPLE",
            "AGENCY: Office of Example Standards.",
            "ACTION: Notice of proposed rulemaking (NPRM).",
            "SUMMARY: The agency proposes to require inspections of water heaters.",
        ],
    ),
    # ------------------------------------------------------------------ reports
    "concluding-observations-fr": (
        "report",
        "fr",
        [
            "CRPD/C/XYZ/CO/1",
            "Nations Unies",
            "Distr. générale",
            "Comité des droits des personnes handicapées",
            "Observations finales concernant le rapport initial de l'Ejemplie",
            "1. Le Comité a examiné le rapport initial de l'Ejemplie à ses séances.",
        ],
    ),
    "list-of-issues-en": (
        "report",
        "en",
        [
            "E/C.12/ABC/Q/2",
            "Distr.: General",
            "Committee on Economic, Social and Cultural Rights",
            "List of issues in relation to the second periodic report of Ejemplia",
            "1. Please provide information on the measures taken to reduce homelessness.",
        ],
    ),
    "state-report-ar": (
        "report",
        "ar",
        [
            "CRPD/C/ABC/1",
            "اللجنة المعنية بحقوق الأشخاص ذوي الإعاقة",
            "النظر في التقارير المقدمة من الدول الأطراف بموجب المادة 35 من الاتفاقية",
            "التقارير الأولية للدول الأطراف",
        ],
    ),
    "follow-up-es": (
        "report",
        "es",
        [
            "CRPD/C/ABC/FCO/1",
            "Información recibida de Ejemplia sobre el seguimiento de las observaciones finales",
            "1. El Estado presenta la información sobre las medidas adoptadas.",
        ],
    ),
    # ------------------------------------------------------------------ submissions
    "declaration-en": (
        "submission",
        "en",
        [
            "Case 1:20-cv-00001 Document 5-1 Filed 01/02/20 Page 1 of 3",
            "DECLARATION OF JANE ROE",
            "I, Jane Roe, declare as follows:",
            "1. I am over eighteen years of age and live in Springfield.",
            "I declare under penalty of perjury that the foregoing is true and correct.",
        ],
    ),
    "amicus-es": (
        "submission",
        "es",
        [
            "Amicus curiae",
            "que presenta la Clínica de Derechos Humanos en el amparo en revisión 100/2020",
            "1. La clínica expone razones por las que la Suprema Corte debería conceder el amparo.",
        ],
    ),
    "brief-en": (
        "submission",
        "en",
        [
            "No. 20-123",
            "BRIEF OF AMICI CURIAE HOUSING SCHOLARS IN SUPPORT OF RESPONDENTS",
            "INTEREST OF AMICI",
            "Amici are professors who study evictions.",
            "Respectfully submitted,",
        ],
    ),
    # ------------------------------------------------------------------ article and press release
    "article-en": (
        "article",
        "en",
        [
            "Journal of Comparative Housing Law, Vol. 3",
            "The Justiciability of Housing Rights",
            "Abstract",
            "This article compares how courts review evictions.",
            "Keywords: housing; eviction; courts",
        ],
    ),
    "press-release-fr": (
        "press-release",
        "fr",
        [
            "Communiqué de presse",
            "La Cour rend aujourd'hui son arrêt dans l'affaire X c. Ejemplie.",
            "Par ces motifs, la Cour a conclu à la violation de l'article 8, selon le résumé ci-dessous.",
        ],
    ),
    # ------------------------------------------------------------------ other
    "letter-es": (
        "other",
        "es",
        [
            "TRIBUNAL SUPERIOR DE EJEMPLO",
            "Bogotá, 3 de marzo de 2019",
            "REF: Respuesta a su solicitud",
            "Respetada señora Pérez:",
            "Le remitimos copia de las sentencias solicitadas.",
            "Atentamente,",
        ],
    ),
    "transcript-en": (
        "other",
        "en",
        [
            "Official - Subject to Final Review",
            "IN THE SUPREME COURT OF EXAMPLE",
            "ORAL ARGUMENT OF JOHN DOE ON BEHALF OF THE PETITIONER",
            "CHIEF JUSTICE SMITH: We will hear argument first this morning.",
            "MR. DOE: Thank you, Mr. Chief Justice.",
            "JUSTICE JONES: Counsel, what about the statute?",
            "MR. DOE: It does not apply here.",
        ],
    ),
    "jury-note-en": (
        "other",
        "en",
        ["UNITED STATES DISTRICT COURT", "JURY NOTE NO. 2", "The jury requests a copy of instruction 4."],
    ),
    "resolution-fr": (
        "other",
        "fr",
        [
            "Résolution adoptée par l'Assemblée générale le 10 décembre 2020",
            "Déclaration sur le droit à un logement convenable",
            "L'Assemblée générale,",
            *[f"Article {n} Les États prennent des mesures." for n in range(1, 9)],
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_kind_of_each_document(name: str) -> None:
    expected, language, blocks = CASES[name]
    result = classify(blocks, None, language)
    assert result.kind == expected, (name, result.kind, result.scores, result.evidence)
    assert result.evidence and 0 < result.confidence <= 1


def test_the_kinds_are_the_taxonomy_s() -> None:
    assert set(KINDS) == set(get_taxonomy().codes("record_kinds"))


def test_a_document_that_says_nothing_is_a_decision_to_check_and_a_scrap_is_other() -> None:
    long_text = ["The parties met on several occasions to discuss the matter at length. " * 10]
    silent = classify(long_text, None, "en")
    assert silent.kind == "decision" and silent.confidence < 0.5 and not silent.evidence
    assert classify(["Case 2:19-cv-1 Document 4 Filed 01/02/19 Page 1 of 1"], None, "en").kind == "other"
    assert classify([], None, "en").kind == "other"


def test_a_named_forum_tips_a_bare_caption_towards_a_decision() -> None:
    caption = ["In the Matter of the Marriage of A. Doe, Respondent, and B. Doe, Appellant."]
    result = classify(caption, None, "en", has_forum=True, decision_type="judgment")
    assert result.kind == "decision"


def test_evidence_weighs_by_where_it_stands() -> None:
    # The same formula counts more as the document's own heading than quoted in its body.
    heading = classify(["JUDGMENT", "The court heard the parties."], None, "en")
    buried = classify(["The court heard the parties."] * 40 + ["It cited an earlier judgment."], None, "en")
    assert heading.kind == "decision" and heading.scores["decision"] > buried.scores.get("decision", 0.0)


def test_a_un_symbol_decides_between_a_report_and_a_decision() -> None:
    views = classify(["Distr.: General", "Some text."], None, "en", identifiers=[("un-symbol", "CCPR/C/120/D/2/2015")])
    report = classify(["Distr.: General", "Some text."], None, "en", identifiers=[("un-symbol", "CCPR/C/XYZ/CO/4")])
    assert views.kind == "decision" and report.kind == "report"


def test_evidence_becomes_the_model_s_evidence() -> None:
    result = classify(CASES["arret-fr"][2], None, "fr")
    items = result.as_evidence("a" * 64)
    assert items and all(isinstance(item, Evidence) and item.pattern and item.text for item in items)
    assert any("PAR CES MOTIFS" in (item.text or "") for item in items)


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_file(), reason=f"the real corpus is not at {GOLD.parent} (CI has it)")
def test_kinds_of_the_real_corpus() -> None:
    documents = real_documents()
    failures = []
    for document in documents:
        result = classify(
            document.blocks,
            document.title,
            document.language,
            has_forum=document.forum is not None,
            decision_type=document.decision_type,
            identifiers=document.identifiers,
        )
        if result.kind != document.gold_kind:
            failures.append(f"{document.file}: {document.gold_kind} -> {result.kind} {result.scores}")
    accuracy = 1 - len(failures) / len(documents)
    print(f"kind accuracy {accuracy:.3f} on {len(documents)} real documents; failures: {failures}")  # noqa: T201
    assert accuracy >= 0.95, failures
