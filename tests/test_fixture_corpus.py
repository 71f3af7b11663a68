"""The fixture corpus is what the foundation issue asks for: 30+ real cases, five languages, hard cases."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from caselaw.models import Case
from caselaw.taxonomy import get_taxonomy
from tests.conftest import FIXTURES

CORPUS = [Case.model_validate_json(line) for line in (FIXTURES / "corpus.jsonl").read_text("utf-8").splitlines()]
BY_ID = {case.id: case for case in CORPUS}

NAMED = {
    "achpr-2009-endorois": ("achpr", "KE"),
    "un-cescr-2015-idg-v-spain": ("un-cescr", "ES"),
    "un-cescr-2017-ben-djazia-bellili-v-spain": ("un-cescr", "ES"),
    "achpr-2001-serac-v-nigeria": ("achpr", "NG"),
    "za-constitutional-court-2000-grootboom": ("za-constitutional-court", "ZA"),
    "in-supreme-court-1985-olga-tellis": ("in-supreme-court", "IN"),
    "co-constitutional-court-2004-t-025": ("co-constitutional-court", "CO"),
    "iacthr-2020-lhaka-honhat-v-argentina": ("iacthr", "AR"),
}


def test_at_least_thirty_cases() -> None:
    assert len(CORPUS) >= 30


def test_languages_spread() -> None:
    per_language = Counter(language for case in CORPUS for language in {d.language for d in case.documents})
    assert per_language["en"] >= 10
    for language in ("es", "fr", "pt"):
        assert per_language[language] >= 3, per_language
    assert per_language["ar"] >= 2, per_language
    bilingual = [case.id for case in CORPUS if len({d.language for d in case.documents}) >= 2]
    assert len(bilingual) >= 5, bilingual


def test_forums_and_regions_spread() -> None:
    assert len({case.forum for case in CORPUS}) >= 10
    assert {case.region for case in CORPUS} == {r.code for r in get_taxonomy().regions}


@pytest.mark.parametrize(("case_id", "expected"), sorted(NAMED.items()))
def test_named_landmark_cases_are_present(case_id: str, expected: tuple[str, str]) -> None:
    case = BY_ID[case_id]
    assert (case.forum, case.respondent_states[0]) == expected


def test_landmark_facts() -> None:
    assert str(BY_ID["un-cescr-2015-idg-v-spain"].dates.decision) == "2015-06-17"
    assert str(BY_ID["un-cescr-2017-ben-djazia-bellili-v-spain"].dates.decision) == "2017-06-20"
    assert str(BY_ID["za-constitutional-court-2000-grootboom"].dates.decision) == "2000-10-04"
    assert str(BY_ID["iacthr-2020-lhaka-honhat-v-argentina"].dates.decision) == "2020-02-06"
    endorois = BY_ID["achpr-2009-endorois"]
    assert endorois.dates.decision is not None and endorois.dates.decision.year == 2009
    assert {"ACHPR:21", "ACHPR:22"} <= set(endorois.articles)


def test_every_case_region_is_its_states_region() -> None:
    taxonomy = get_taxonomy()
    for case in CORPUS:
        assert case.respondent_states, case.id
        assert case.region == taxonomy.region_of(case.respondent_states[0]), case.id


def test_every_tag_has_evidence_in_an_existing_paragraph() -> None:
    for case in CORPUS:
        numbers = {p.number for d in case.documents for p in d.paragraphs}
        assert case.rights, case.id
        for facet in ("rights", "issues", "affected_groups", "charter_conditions"):
            for tag in getattr(case, facet):
                assert tag.evidence, (case.id, tag.code)
                for evidence in tag.evidence:
                    assert evidence.paragraph in numbers, (case.id, tag.code, evidence.paragraph)


def test_every_pdf_has_a_golden_file_beside_it() -> None:
    pdfs = sorted((FIXTURES / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 40
    documents = {d.sha256 for case in CORPUS for d in case.documents}
    for pdf in pdfs:
        golden = json.loads(pdf.with_suffix(".golden.json").read_text("utf-8"))
        assert golden["file"] == pdf.name
        assert golden["sha256"] in documents


def test_hard_cases_are_present() -> None:
    hard = {path.name for path in (FIXTURES / "hard").glob("*.pdf")}
    assert {"encrypted.pdf", "truncated.pdf", "empty.pdf", "not-a-pdf.pdf"} <= hard
    features = Counter()  # type: Counter[str]
    for source in (FIXTURES / "source").glob("*.yaml"):
        text = source.read_text("utf-8")
        for feature in ("two-columns", "hyphenation", "image-only"):
            features[feature] += text.count(feature)
    assert all(features[f] >= 1 for f in ("two-columns", "hyphenation", "image-only")), features


def test_golden_paragraphs_and_footnotes_are_non_trivial() -> None:
    goldens = [json.loads(p.read_text("utf-8")) for p in Path(FIXTURES / "pdf").glob("*.golden.json")]
    with_footnotes = [g for g in goldens if g["document"]["footnotes"]]
    assert len(with_footnotes) >= 10
    for golden in goldens:
        assert len(golden["document"]["paragraphs"]) >= 5, golden["file"]
