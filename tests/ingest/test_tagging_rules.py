"""Rights tagging rules: names of bodies and treaties are no evidence, evidence weighs by where it stands, a right
needs enough of it for the document's length, and every tag keeps its evidence. Texts written for these tests."""

from __future__ import annotations

import pytest

from caselaw.ingest.keywords import Folded
from caselaw.ingest.masking import mask
from caselaw.ingest.sections import COVER, FACTS, OPERATIVE, PROCEDURE, place_weights
from caselaw.ingest.tagging import Passage, tag
from caselaw.models import TagFacet

FILLER = "The parties exchanged further written observations on the procedure and the time limits. "


def rights(
    blocks: list[str], language: str = "en", articles: list[str] | None = None, kind: str | None = None
) -> set[str]:
    passages = [Passage(None, block) for block in blocks]
    return {t.code for t in tag(passages, articles or [], [language], kind=kind)[TagFacet.RIGHTS]}


@pytest.mark.parametrize(
    ("language", "text", "gone"),
    [
        ("en", "the Committee on Economic, Social and Cultural Rights held", "cultural"),
        ("en", "under the Convention on the Rights of the Child, the State", "child"),
        ("en", "the Costa Rican Social Security Fund refused to pay", "social security"),
        ("es", "el Comité de Derechos Económicos, Sociales y Culturales consideró", "culturales"),
        ("es", "el Ministerio de Salud informó", "salud"),
        ("fr", "le Comité des droits économiques, sociaux et culturels a constaté", "culturels"),
        ("pt", "a Convenção sobre os Direitos das Pessoas com Deficiência e o Ministério da Saúde", "saude"),
        ("ar", "وزارة الصحة واللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية", "الثقافية"),
    ],
)
def test_names_of_bodies_and_treaties_are_blanked(language: str, text: str, gone: str) -> None:
    assert gone not in mask(Folded.of(text)).folded


def test_a_right_named_beside_a_body_still_counts() -> None:
    masked = mask(Folded.of("The Committee on Economic, Social and Cultural Rights finds that the right to housing"))
    assert "right to housing" in masked.folded and "cultural" not in masked.folded


def test_a_committee_s_name_alone_tags_nothing_in_five_languages() -> None:
    names = {
        "en": "Views of the Committee on Economic, Social and Cultural Rights under the Optional Protocol",
        "es": "Dictamen del Comité de Derechos Económicos, Sociales y Culturales",
        "fr": "Constatations du Comité des droits économiques, sociaux et culturels",
        "pt": "Parecer do Comitê dos Direitos Econômicos, Sociais e Culturais",
        "ar": "آراء اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية",
    }
    for language, name in names.items():
        assert rights([name, name, name], language) == set(), language


def test_a_passing_mention_in_a_long_judgment_does_not_fire_but_the_subject_does() -> None:
    subject = "The eviction of the families left them without adequate housing, in breach of the right to housing."
    passing = "She added in passing that her daughter's right to education suffered when she changed school."
    blocks = [FILLER * 4] * 120 + [subject] * 12 + [passing]
    assert rights(blocks) == {"housing", "forced-evictions"}


def test_a_short_order_inherits_the_right_its_communication_names() -> None:
    blocks = [
        "Decision to discontinue the consideration of communication No. 12/2019",
        "The communication concerned the eviction of the author and her children from their home.",
        "The Committee decides to discontinue the consideration of the communication.",
    ]
    assert "forced-evictions" in rights(blocks)


def test_cross_cutting_rights_need_a_substantive_right_beside_them() -> None:
    blocks = ["The applicant complained of the length of the proceedings and the lack of an effective remedy."] * 3
    assert rights(blocks) == set()
    blocks.append("The authorities cut off the water supply and the family lost access to safe drinking water.")
    assert {"water-sanitation", "access-to-justice"} <= rights(blocks)


def test_ambiguous_words_alone_are_no_evidence() -> None:
    blocks = [f"The dispute concerns the price of water sold between two towns, clause {n}." for n in range(8)]
    assert rights(blocks) == set()


def test_an_article_grounding_one_right_counts() -> None:
    blocks = ["The author invokes the Covenant.", FILLER]
    assert "education" in rights(blocks, articles=["ICESCR:13"], language="en")


def test_records_that_are_not_decisions_get_no_tags() -> None:
    blocks = ["Everyone has the right to adequate housing and to social security."] * 5
    assert rights(blocks, kind="decision") and not rights(blocks, kind="legislation")


def test_every_tag_keeps_its_evidence_with_paragraph_numbers() -> None:
    passages = [
        Passage(None, "VIEWS"),
        Passage("2.1", "The author was evicted from her home, a forced eviction carried out without notice."),
        Passage("8.3", "The eviction violated her right to adequate housing under article 11 of the Covenant."),
    ]
    tags = tag(passages, ["ICESCR:11(1)"], ["en"], "a" * 64)[TagFacet.RIGHTS]
    housing = next(t for t in tags if t.code == "housing")
    assert 0 < housing.confidence <= 1 and housing.evidence
    assert {e.paragraph for e in housing.evidence if e.paragraph} <= {"2.1", "8.3"}
    assert any(e.paragraph == "8.3" for e in housing.evidence)
    assert all(e.pattern and e.text and e.document == "a" * 64 for e in housing.evidence)


def test_places_weigh_the_cover_and_the_operative_part_over_facts_and_procedure() -> None:
    blocks = [
        "Views adopted by the Committee",
        "Communication No. 5/2015",
        "Distr.: General",
        "Substantive issues: right to adequate housing",
        "The facts as submitted by the author",
        "2.1 The author rented a flat.",
        "Proceedings before the Committee",
        "4.1 The State party submitted observations.",
        "For these reasons, the Committee decides:",
        "(a) The State party shall provide the author with adequate housing.",
    ]
    weights = place_weights(blocks)
    assert weights[3] == COVER and weights[5] == FACTS and weights[7] == PROCEDURE
    assert weights[8] == OPERATIVE and weights[9] == OPERATIVE
