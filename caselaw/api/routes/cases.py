"""Cases: detail, related cases, original documents, editor corrections and their history."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from caselaw.api.auth import actor
from caselaw.api.case_detail import CaseDetail, case_detail
from caselaw.api.conditional import entity_tag, graph_tag, matched_revision, not_modified
from caselaw.api.dependencies import EditorKey, LanguageDep, ServicesDep
from caselaw.api.inputs import MAX_INT
from caselaw.api.middleware import presented_key
from caselaw.api.problems import FieldError, problem_responses
from caselaw.api.services import Services, index_after_store
from caselaw.errors import DocumentNotFound, PreconditionRequired, ValidationFailed
from caselaw.models import (
    Article,
    Case,
    CaseDates,
    Country,
    DecisionTypeCode,
    ForumCode,
    ForumLevelCode,
    Implementation,
    Language,
    OutcomeCode,
    RecordKindCode,
    RegionCode,
    ReviewStatus,
    Tag,
    TagFacet,
    TagSource,
    Title,
    settle_review,
)
from caselaw.search.response import Hit
from caselaw.store.history import HistoryEntry

router = APIRouter(tags=["cases"])
log = logging.getLogger("caselaw.api")

CaseIdPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        description="Case id, or a former id (redirects).",
        examples=["un-cescr-2015-idg-v-spain"],
    ),
]
REDIRECT: dict[int | str, dict[str, Any]] = {
    308: {"description": "A former (merged) id: the same path under the canonical id."}
}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "`If-None-Match` holds the current `ETag`: the copy the client has is current."}
}
IfNoneMatch = Annotated[
    str | None,
    Header(description="An `ETag` from an earlier answer: 304 without a body while the case has not changed."),
]
IfMatch = Annotated[
    str | None,
    Header(
        description="The `ETag` of `GET /cases/{id}` (or `*`): the edit is made only at that revision, else 412; "
        "an alternative to `revision` in the body."
    ),
]


def _canonical(services: Services, request: Request, case_id: str) -> str | RedirectResponse:
    resolved = services.store.resolve(case_id)
    if resolved == case_id:
        return case_id
    path = request.url.path.replace(f"/cases/{case_id}", f"/cases/{resolved}", 1)
    return RedirectResponse(str(request.url.replace(path=path)), status_code=308)


@router.get(
    "/cases/{case_id}",
    response_model=CaseDetail,
    responses={**NOT_MODIFIED, **REDIRECT, **problem_responses(404, 503)},
    summary="One case",
)
async def get_case(
    request: Request,
    response: Response,
    case_id: CaseIdPath,
    services: ServicesDep,
    language: LanguageDep,
    if_none_match: IfNoneMatch = None,
) -> CaseDetail | RedirectResponse | Response:
    """The whole record: metadata, tags with evidence, summaries, documents' text and paragraphs, labels.

    The `ETag` names the revision and the labels' language; send it back as `If-None-Match` to get 304.
    """
    # Async with one thread hop for the store (see `search`).
    found = await services.run(_load, services, request, case_id, language)
    if isinstance(found, RedirectResponse):
        return found
    # Labels follow Accept-Language when there is no ?lang, so shared caches must key on it.
    headers = {"ETag": entity_tag(found.revision, language, graph_tag(found.case)), "Vary": "Accept-Language"}
    if not_modified(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return found


def _load(services: Services, request: Request, case_id: str, language: str) -> CaseDetail | RedirectResponse:
    found = _canonical(services, request, case_id)
    if isinstance(found, RedirectResponse):
        return found
    case = services.store.get_case(found)
    return case_detail(case, services.store.revision(found), language)


@router.get(
    "/cases/{case_id}/related",
    response_model=list[Hit],
    responses={**REDIRECT, **problem_responses(404, 503)},
    summary="Related cases",
)
def related(
    request: Request,
    case_id: CaseIdPath,
    services: ServicesDep,
    language: LanguageDep,
    size: Annotated[int, Query(ge=1, le=50, description="Most cases.")] = 10,
) -> list[Hit] | RedirectResponse:
    """Cases most like this one in text and tags, most similar first."""
    found = _canonical(services, request, case_id)
    if isinstance(found, RedirectResponse):
        return found
    return services.engine.related_cases(found, size=size, language=language)  # words, tags and meaning


@router.get(
    "/cases/{case_id}/documents/{sha256}",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The original file."},
        **REDIRECT,
        **problem_responses(404, 503),
    },
    summary="An original document",
)
def document(
    request: Request,
    case_id: CaseIdPath,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file.")],
    services: ServicesDep,
) -> Response:
    """The original file as it was received (PDF), with its original name."""
    found = _canonical(services, request, case_id)
    if isinstance(found, RedirectResponse):
        return found
    case = services.store.get_case(found)
    match = next((d for d in case.documents if d.sha256 == sha256), None)
    if match is None or not services.store.blobs.exists(sha256):
        raise DocumentNotFound(f"case {found} has no document {sha256}")
    filename = match.provenance.filename or f"{found}-{match.language}.pdf"
    return FileResponse(
        services.store.blobs.path(sha256),
        media_type=match.provenance.media_type,
        filename=filename,
        content_disposition_type="inline",
        headers={"Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'; sandbox"},
    )


TagCodes = list[Annotated[str, Field(min_length=1, max_length=100)]]


class CasePatch(BaseModel):
    """An editor's correction: only the fields given (and not null) change; tag lists are given as codes."""

    model_config = ConfigDict(extra="forbid")

    revision: int | None = Field(
        None,
        ge=1,
        le=MAX_INT,
        description="The revision being corrected (from `GET /cases/{id}`); required unless `If-Match` is sent.",
    )
    reason: str | None = Field(None, max_length=2000, description="Why, for the history.")
    titles: dict[Language, Title] | None = None
    summaries: dict[Language, Annotated[str, Field(max_length=20_000)]] | None = None
    rights: TagCodes | None = None
    issues: TagCodes | None = None
    affected_groups: TagCodes | None = None
    charter_conditions: TagCodes | None = None
    decision_type: DecisionTypeCode | None = None
    outcome: OutcomeCode | None = None
    region: RegionCode | None = None
    respondent_states: list[Country] | None = None
    articles: list[Article] | None = None
    dates: CaseDates | None = None
    implementation: Implementation | None = None
    status: ReviewStatus | None = None
    kind: RecordKindCode | None = None
    forum: ForumCode | None = None
    forum_name: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    forum_country: Country | None = None
    forum_level: ForumLevelCode | None = None
    original_language: Language | None = Field(None, description="Language the decision was given in (`es`).")


def _retag(current: list[Tag], codes: list[str], editor: str) -> list[dict[str, Any]]:
    """Tags for `codes`: kept as they were where the code stays (evidence included), editor tags where new."""
    kept = {tag.code: tag for tag in current}
    return [
        kept[code].model_dump() if code in kept
        else {"code": code, "source": TagSource.EDITOR, "confidence": 1.0, "editor": editor}
        for code in dict.fromkeys(codes)
    ]  # fmt: skip


PATCH_EXAMPLE = {"revision": 1, "reason": "The Committee also found a violation of article 11", "rights": ["housing"]}


@router.patch(
    "/cases/{case_id}",
    response_model=CaseDetail,
    summary="Correct a case (editors)",
    responses=problem_responses(401, 403, 404, 409, 412, 428, 503),
)
def patch_case(
    case_id: CaseIdPath,
    patch: Annotated[CasePatch, Body(examples=[PATCH_EXAMPLE])],
    services: ServicesDep,
    key: EditorKey,
    language: LanguageDep,
    response: Response,
    if_match: IfMatch = None,
) -> CaseDetail:
    """Change metadata or tags; written only at `revision` or `If-Match` (409 / 412 otherwise), recorded with who
    and when."""
    found = services.store.resolve(case_id)
    expected = patch.revision
    if if_match is not None:
        matched = matched_revision(if_match, services.store.revision(found))
        # Both given: the body's revision is checked by the store like any other (409 when stale).
        expected = expected if expected is not None else matched
    if expected is None:
        raise PreconditionRequired("say which revision this corrects: `revision` in the body or an If-Match header")
    case = services.store.get_case(found)
    # `null` leaves a field as it is, like leaving it out: clients that send every key must not wipe data.
    changes = patch.model_dump(exclude_unset=True, exclude_none=True, exclude={"revision", "reason"})
    update: dict[str, Any] = {}
    for field, value in changes.items():
        if field in {facet.value for facet in TagFacet}:
            update[field] = _retag(case.tags(TagFacet(field)), value, key.name)
        else:
            update[field] = getattr(patch, field)
    try:
        edited = settle_review(Case.model_validate({**case.model_dump(), **update}), set(changes))
    except ValidationError as exc:
        # Model-level checks (tag codes against the taxonomy) have no location: they name the field themselves.
        invalid = [
            FieldError(
                location=".".join(["body", *(str(p) for p in e["loc"])]),
                message=str(e["msg"]).removeprefix("Value error, "),
            )
            for e in exc.errors()
        ]
        detail = "; ".join(f.message if f.location == "body" else f"{f.location}: {f.message}" for f in invalid[:3])
        raise ValidationFailed(detail, errors=invalid) from exc
    stored = services.store.edit_case(edited, expected_revision=expected, actor=actor(key), reason=patch.reason)
    # Store, then index: without a current index (none yet, or an older schema) the whole one is rebuilt.
    indexed = index_after_store(services, [stored.id], what=f"case {stored.id} edited")
    response.headers["X-Index-Updated"] = "true" if indexed else "false"
    revision = services.store.revision(stored.id)
    response.headers["ETag"] = entity_tag(revision, language, graph_tag(stored))
    return case_detail(stored, revision, language)


@router.get(
    "/cases/{case_id}/history",
    response_model=list[HistoryEntry],
    responses={**REDIRECT, **problem_responses(404, 503)},
    summary="Edit history",
)
def history(
    request: Request,
    case_id: CaseIdPath,
    services: ServicesDep,
) -> list[HistoryEntry] | RedirectResponse:
    """Every editorial correction of the case, oldest first: who, when, why, and each field's old and new value.

    Who made a change (the key holder's name and key id) is shown to callers presenting an editor's key only;
    others read `editor`.
    """
    found = _canonical(services, request, case_id)
    if isinstance(found, RedirectResponse):
        return found
    services.store.get_case(found)  # 404 for an unknown case, rather than an empty history
    entries = services.store.history(found)
    # Read like `auth.optional_key`, but a public read neither requires a key nor refuses a bad one (and so
    # declares no security requirement): only an editor's valid key shows the names.
    presented = presented_key(request.headers)
    key = services.keys.check(presented) if presented else None
    if key is not None and key.role == "editor":
        return entries
    # Editors' names and key ids are personal data and a key's handle: the public sees that an editor did it.
    return [entry.model_copy(update={"actor": "editor"}) for entry in entries]
