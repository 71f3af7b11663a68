"""Cutting cases into passages: numbered paragraphs, what a decision decides first, boilerplate out, capped."""

from __future__ import annotations

import json

from caselaw.models import Case, Document, Paragraph, Title
from caselaw.search.semantic.encoder import MAX_CHARS as MODEL_CHARS
from caselaw.search.semantic.encoder import cut
from caselaw.search.semantic.passages import (
    MAX_CHARS,
    MAX_PASSAGES,
    case_passages,
    heading_section,
    is_boilerplate,
    passages_hash,
    split_long,
)
from tests.conftest import CORPUS

SHA = "a" * 64
FACTS = "The applicants lived for decades in a settlement on municipal land before the order to remove them. "
MERITS = "The Committee considers that an eviction without alternative accommodation breaches the Covenant. "


def _case(text: str, paragraphs: list[Paragraph], summaries: dict[str, str] | None = None) -> Case:
    document = Document(sha256=SHA, language="en", text=text, paragraphs=paragraphs)
    return Case(
        id="un-cescr-2020-test", titles={"en": Title(full="A. v. Spain")}, documents=[document],
        summaries=summaries or {}, original_language="en",
    )  # fmt: skip


def test_headings_in_five_languages() -> None:
    assert heading_section("Consideration of the merits") == "merits"
    assert heading_section("Examen de la admisibilidad") == "procedure"
    assert heading_section("Les faits") == "facts"
    assert heading_section("PELOS FUNDAMENTOS EXPOSTOS") == "operative"
    assert heading_section("الوقائع") == "facts"
    assert heading_section("The applicants lived in a settlement for many years before the order. " * 3) is None


def test_sections_follow_headings_and_the_decisive_parts_come_first() -> None:
    holds = "Holds that there is a violation of Article 11 of the Covenant, unanimously."
    text = f"THE FACTS\n\n1 {FACTS}\n\nTHE LAW\n\n2 {MERITS}\n\nFOR THESE REASONS, THE COURT\n\n3 {holds}"
    paragraphs = [
        Paragraph(number="1", text=FACTS.strip()),
        Paragraph(number="2", text=MERITS.strip()),
        Paragraph(number="3", text=holds),
    ]
    passages = case_passages(_case(text, paragraphs, {"es": "Resumen del caso: un desalojo sin alternativa."}))
    assert [p.section for p in passages] == ["summary", "operative", "merits", "facts"]
    assert [p.paragraph for p in passages] == [None, "3", "2", "1"]
    assert passages[0].language == "es" and passages[0].text.startswith("A. v. Spain.")


def test_numbered_paragraphs_that_miss_most_of_the_text_give_way_to_its_blocks() -> None:
    # A judgment whose only numbered "paragraphs" are two footnotes: its body must still be embedded.
    body = "\n\n".join(f"{FACTS}{MERITS}" for _ in range(6))
    notes = [Paragraph(number="1", text="See the record, page 4."), Paragraph(number="2", text="Ibid., page 9.")]
    passages = case_passages(_case(f"{body}\n\n1 See the record, page 4.\n\n2 Ibid., page 9.", notes))
    assert any("eviction without alternative accommodation" in p.text for p in passages)
    assert all(p.paragraph is None for p in passages)


def test_boilerplate_is_left_out() -> None:
    assert is_boilerplate("Done in English and French, 24 April 2012.")
    assert is_boilerplate("12 345 / 678")
    assert not is_boilerplate(MERITS)


def test_long_paragraphs_split_at_sentences_and_the_number_of_passages_is_capped() -> None:
    long = " ".join([MERITS.strip()] * 40)
    pieces = split_long(long)
    assert len(pieces) > 1 and all(len(piece) <= MAX_CHARS for piece in pieces)
    assert all(piece.endswith(".") for piece in pieces)
    paragraphs = [Paragraph(number=str(n), text=f"{n}: {MERITS * 8}") for n in range(1, 60)]
    passages = case_passages(_case("", paragraphs))
    assert len(passages) == MAX_PASSAGES


def test_every_fixture_case_has_passages_and_a_stable_hash() -> None:
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        case = Case.model_validate(json.loads(line))
        passages = case_passages(case)
        assert 5 <= len(passages) <= MAX_PASSAGES, case.id
        assert passages[0].section == "summary", case.id
        assert passages_hash(passages) == passages_hash(case_passages(case))


def test_a_text_too_long_for_the_model_is_cut_at_a_word_not_refused() -> None:
    query = "desalojo de una familia " * 200
    kept = cut(query)
    assert len(kept) <= MODEL_CHARS and query.startswith(kept) and not kept.endswith(" ")
