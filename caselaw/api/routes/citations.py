"""The citation graph of a case: what it cites, and the cases citing it (resolved by the store when read)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from caselaw.api.dependencies import ServicesDep
from caselaw.api.problems import problem_responses
from caselaw.api.routes.cases import REDIRECT, CaseIdPath, _canonical
from caselaw.models import CitationKind
from caselaw.store.citations import CitationRow, CitingCase

router = APIRouter(tags=["cases"])


class Citations(BaseModel):
    """Everything a case cites, each cited thing once."""

    case_id: str = Field(description="The citing case.")
    decisions: int = Field(description="Decisions cited (resolved or not).")
    resolved: int = Field(description="Of those, decisions the database holds (linked by `case_id`).")
    items: list[CitationRow] = Field(description="Decisions, general comments and articles, in order of citation.")


class CitedBy(BaseModel):
    """One page of the cases citing a case, each once (its language versions and translations count once)."""

    case_id: str = Field(description="The cited case.")
    total: int = Field(description="Cases citing it in all.")
    page: int
    size: int
    items: list[CitingCase] = Field(description="This page, newest decision first, each with its citing passage.")


@router.get(
    "/cases/{case_id}/citations",
    response_model=Citations,
    responses={**REDIRECT, **problem_responses(404, 503)},
    summary="What a case cites",
)
def citations(
    request: Request,
    case_id: CaseIdPath,
    services: ServicesDep,
    kind: Annotated[
        list[CitationKind] | None, Query(description="Only these kinds: `decision`, `general-comment`, `article`.")
    ] = None,
) -> Citations | RedirectResponse:
    """Decisions (linked to the case when the database holds it; a case ingested later is linked from then on),
    general comments and recommendations (by taxonomy code) and treaty articles cited in the case's text, each
    with the paragraph (or footnote) of its first citation."""
    found = _canonical(services, request, case_id)
    if isinstance(found, RedirectResponse):
        return found
    rows = services.store.citations_of(found)
    decisions = [row for row in rows if row.kind == "decision"]
    items = [row for row in rows if not kind or row.kind in kind]
    return Citations(
        case_id=found, decisions=len(decisions), resolved=sum(1 for row in decisions if row.case_id), items=items
    )


@router.get(
    "/cases/{case_id}/cited-by",
    response_model=CitedBy,
    responses={**REDIRECT, **problem_responses(404, 503)},
    summary="Cases citing a case",
)
def cited_by(
    request: Request,
    case_id: CaseIdPath,
    services: ServicesDep,
    page: Annotated[int, Query(ge=1, le=10_000, description="Page number, from 1.")] = 1,
    size: Annotated[int, Query(ge=1, le=100, description="Cases per page.")] = 20,
) -> CitedBy | RedirectResponse:
    """The cases whose text cites this one (by any of its identifiers or its name, in any language), each once,
    with the passage of its first citation; `total` is the case's cited-by count (the `cited_desc` sort's)."""
    found = _canonical(services, request, case_id)
    if isinstance(found, RedirectResponse):
        return found
    total, items = services.store.cited_by(found, page=page, size=size)
    return CitedBy(case_id=found, total=total, page=page, size=size, items=items)
