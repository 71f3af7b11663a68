"""The detail view of a stored case, shared by `GET /cases/{id}`, the upload answer and the HTML case page."""

from __future__ import annotations

from pydantic import BaseModel, Field

from caselaw.models import Case
from caselaw.search.facets import case_labels


class DocumentLink(BaseModel):
    """One original file of a case, with where to download it."""

    sha256: str
    language: str
    kind: str
    title: str | None
    official: bool
    status: str
    page_count: int | None
    filename: str | None
    media_type: str
    size_bytes: int | None
    url: str = Field(description="Path of the original file.")


class CaseDetail(BaseModel):
    """A whole case record with its labels in the requested language."""

    id: str
    revision: int = Field(description="Pass it back as `revision` (or the `ETag` as `If-Match`) to edit the case.")
    title: str = Field(description="Title in the requested language, else English, else the original.")
    title_language: str
    labels: dict[str, dict[str, str]] = Field(description="Per facet, the label of each of the case's codes.")
    documents: list[DocumentLink]
    case: Case


def case_detail(case: Case, revision: int, language: str) -> CaseDetail:
    """The detail view of a stored case."""
    title = case.title_in(language)
    title_language = next(code for code, value in case.titles.items() if value is title)
    labels = case_labels(case, language)  # an open forum by its printed name
    documents = [
        DocumentLink(
            sha256=d.sha256,
            language=d.language,
            kind=d.kind,
            title=d.title,
            official=d.official,
            status=d.status.value,
            page_count=d.provenance.page_count,
            filename=d.provenance.filename,
            media_type=d.provenance.media_type,
            size_bytes=d.provenance.size_bytes,
            url=f"/api/v1/cases/{case.id}/documents/{d.sha256}",
        )
        for d in case.documents
    ]
    return CaseDetail(
        id=case.id,
        revision=revision,
        title=title.full,
        title_language=title_language,
        labels=labels,
        documents=documents,
        case=case,
    )
