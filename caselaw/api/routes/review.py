"""The editors' work queue: records ingest stored but could not complete, with what each one lacks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from caselaw.api.dependencies import ServicesDep
from caselaw.api.problems import problem_responses
from caselaw.store.cases import ReviewItem

router = APIRouter(tags=["cases"])


class ReviewQueue(BaseModel):
    """One page of the review queue."""

    total: int = Field(description="Records waiting for review in all.")
    items: list[ReviewItem] = Field(description="This page, oldest change first.")


@router.get(
    "/review",
    response_model=ReviewQueue,
    summary="Records waiting for an editor",
    responses=problem_responses(503),
)
def review_queue(
    services: ServicesDep,
    page: Annotated[int, Query(ge=1, le=10_000, description="Page number, from 1.")] = 1,
    size: Annotated[int, Query(ge=1, le=100, description="Records per page.")] = 50,
) -> ReviewQueue:
    """Records stored with status `needs-review` or `needs-ocr`, each with the reasons (a field ingest could not
    read: forum, state, decision-date, title, kind; or text it could not trust: ocr, ocr-confidence). An editor
    completes them with `PATCH /cases/{id}`; a record whose reasons are all answered becomes `ok`."""
    total, items = services.store.review_queue(limit=size, offset=(page - 1) * size)
    return ReviewQueue(total=total, items=items)
