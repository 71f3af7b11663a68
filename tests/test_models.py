"""The domain model: validation names the field and the value; computed fields round-trip."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from caselaw.models import ArticleOutcome, Case, Document, Evidence, Tag, TagFacet, TagSource
from tests.conftest import make_case


def _error_text(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value)


def test_valid_case_has_languages_from_documents_then_summaries(case: Case) -> None:
    assert case.languages == ["es", "en"]


def test_round_trip_through_json_is_lossless(case: Case) -> None:
    dumped = case.model_dump_json()
    again = Case.model_validate_json(dumped)
    assert again == case
    assert json.loads(again.model_dump_json()) == json.loads(dumped)


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("forum", "un-nowhere", "un-nowhere"),
        ("decision_type", "verdict", "verdict"),
        ("region", "atlantis", "atlantis"),
        ("outcome", "won", "won"),
        ("respondent_states", ["XX"], "XX"),
        ("articles", ["Covenant 11"], "Covenant 11"),
        ("articles", ["FOO:11(1)"], "FOO"),
        ("id", "Not A Slug", "Not A Slug"),
    ],
)
def test_validation_error_names_field_and_value(field: str, value: object, needle: str) -> None:
    data = make_case().model_dump(mode="json")
    data[field] = value
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(data)
    text = _error_text(exc)
    assert field in text
    assert needle in text


def test_unknown_tag_code_is_refused_with_its_facet() -> None:
    data = make_case().model_dump(mode="json")
    data["issues"] = [{"code": "housing", "source": "rule", "confidence": 0.5}]
    with pytest.raises(ValidationError, match=r"issues: unknown code 'housing'"):
        Case.model_validate(data)


def test_duplicate_tags_are_refused() -> None:
    tag = {"code": "housing", "source": "rule", "confidence": 0.5}
    data = make_case().model_dump(mode="json")
    data["rights"] = [tag, tag]
    with pytest.raises(ValidationError, match="duplicate"):
        Case.model_validate(data)


def test_tag_records_source_confidence_and_evidence() -> None:
    tag = Tag(
        code="forced-evictions",
        source=TagSource.RULE,
        confidence=0.8,
        evidence=[Evidence(paragraph="11.1", pattern="desalojo", text="desalojo")],
    )
    assert tag.evidence[0].paragraph == "11.1"
    with pytest.raises(ValidationError, match="confidence"):
        Tag(code="housing", source=TagSource.RULE, confidence=1.5)
    with pytest.raises(ValidationError, match="source"):
        Tag.model_validate({"code": "housing", "source": "guess", "confidence": 0.5})


def test_dates_must_be_in_order() -> None:
    data = make_case().model_dump(mode="json")
    data["dates"] = {"communication": "2016-01-01", "decision": "2015-06-17"}
    with pytest.raises(ValidationError, match="after decision date"):
        Case.model_validate(data)


def test_per_article_outcome_only_for_per_article_codes() -> None:
    assert ArticleOutcome(article="ICESCR:11(1)", outcome="violation").outcome == "violation"
    with pytest.raises(ValidationError, match="cannot be stated per article"):
        ArticleOutcome(article="ICESCR:11(1)", outcome="friendly-settlement")


def test_unknown_fields_are_errors_not_silently_dropped() -> None:
    data = make_case().model_dump(mode="json")
    data["tittle"] = "typo"
    with pytest.raises(ValidationError, match="tittle"):
        Case.model_validate(data)


def test_document_languages_start_with_main_language() -> None:
    with pytest.raises(ValidationError, match="must start with the main language"):
        Document(sha256="b" * 64, language="es", languages=["en", "es"])


def test_same_file_twice_in_one_case_is_refused() -> None:
    data = make_case().model_dump(mode="json")
    data["documents"] = data["documents"] * 2
    with pytest.raises(ValidationError, match="same file appears twice"):
        Case.model_validate(data)


def test_title_falls_back_to_english_then_original(case: Case) -> None:
    assert case.title_in("ar").full == "I.D.G. v. Spain"
    assert case.title_in("es").full == "I.D.G. c. España"
    assert [t.code for t in case.tags(TagFacet.RIGHTS)] == ["housing"]
