"""`/selection/…`: the steering committee's amicus-candidate table. Not public: every route needs a key.

Members propose and comment; the steering committee also scores, moves candidates through the workflow and
pins or dismisses precedent suggestions (and undoes either). A candidate is withdrawn, never deleted: it keeps its
record and history, leaves the default table, and may be reinstated.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from caselaw.api.dependencies import CommitteeKey, LanguageDep, MemberKey, ServicesDep
from caselaw.api.inputs import MAX_INT
from caselaw.api.language import UiLanguage
from caselaw.api.services import Services
from caselaw.errors import Forbidden
from caselaw.selection import (
    MEDIA_TYPES,
    Assessment,
    Candidate,
    CandidateDraft,
    CandidateRow,
    Comment,
    CommentDraft,
    CriteriaSet,
    ExportFormat,
    HistoryEntry,
    ListQuery,
    Precedent,
    ScoreDraft,
    SelectionStore,
    Stage,
    TransitionRequest,
    export_table,
    get_workflow,
    suggest_precedents,
)
from caselaw.selection.implementation import PrecedentWithRecord, with_records
from caselaw.selection.models import CANDIDATE_ID_PATTERN, Reason
from caselaw.store.keys import ApiKey

router = APIRouter(prefix="/selection", tags=["selection"])

CandidatePath = Annotated[str, Path(pattern=CANDIDATE_ID_PATTERN, description="Candidate id.")]
NOT_PUBLIC: dict[int | str, dict[str, Any]] = {
    401: {"description": "No API key, or an unknown or revoked one."},
    403: {"description": "The key's role may not do this."},
}
FOUND: dict[int | str, dict[str, Any]] = {
    **NOT_PUBLIC,
    404: {"description": "No candidate has this id, or the case or comment named does not exist."},
}
CHANGED: dict[int | str, dict[str, Any]] = {
    **FOUND,
    409: {"description": "The revision is stale, or the candidate's stage does not take this change."},
}


class TableParams(ListQuery):
    """The table's filters and sort, plus the language of labels and the export format."""

    lang: UiLanguage | None = Field(None, description="Language of labels; default `Accept-Language`.")
    format: ExportFormat = Field("csv", description="Export only: `csv`, `xlsx` or `json`.")

    def list_query(self) -> ListQuery:
        """The filters and sort alone."""
        return ListQuery.model_validate(self.model_dump(exclude={"lang", "format"}))


def committee(services: Services) -> list[str]:
    """Names of the active steering-committee keys: the members expected to score."""
    return sorted({k.name for k in services.keys.list() if k.active and k.role == "steering-committee"})


class CandidateView(BaseModel):
    """A candidate with everything the committee looks at: scores, next stages, comments, precedents."""

    candidate: Candidate
    region: str | None
    days_left: int | None
    allowed_transitions: list[Stage] = Field(description="Stages it may move to next.")
    assessment: Assessment
    comments: list[Comment]
    precedents: list[PrecedentWithRecord] = Field(
        description="Pinned and suggested precedents, each with the implementation record of its decision."
    )


def _view(services: Services, candidate: Candidate, language: str) -> CandidateView:
    store = services.selection
    return CandidateView(
        candidate=candidate,
        region=candidate.region,
        days_left=(candidate.deadline - date.today()).days if candidate.deadline else None,
        allowed_transitions=get_workflow().allowed(candidate.stage),
        assessment=store.assessment(candidate.id, committee(services), language=language),
        comments=store.comments(candidate.id),
        precedents=with_records(services.store, store.precedents(candidate.id), language),
    )


class Caller(BaseModel):
    """Who the presented key belongs to, and what its role lets it do in the table."""

    name: str = Field(description="The key holder's name, as the history records it.")
    key_id: str
    role: Literal["steering-committee", "member"]
    may_score: bool = Field(description="Score, move through the workflow, pin and dismiss precedents.")


@router.get("/me", response_model=Caller, responses=NOT_PUBLIC, summary="Who am I")
def me(key: MemberKey) -> Caller:
    """The caller's name and role, so that a page can show who is signed in and which controls apply."""
    role: Literal["steering-committee", "member"] = (
        "steering-committee" if key.role == "steering-committee" else "member"
    )
    return Caller(name=key.name, key_id=key.key_id, role=role, may_score=role == "steering-committee")


@router.get("/candidates", response_model=list[CandidateRow], responses=NOT_PUBLIC, summary="The table")
def list_candidates(
    query: Annotated[TableParams, Query()],
    services: ServicesDep,
    key: MemberKey,
) -> list[CandidateRow]:
    """Candidates filtered (stage, right, issue, region, State, forum, priority, deadline within N days, text)
    and sorted by any column."""
    return services.selection.rows(query.list_query())


@router.get(
    "/candidates/export",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}, **NOT_PUBLIC},
    summary="Export the table",
)
def export_candidates(
    query: Annotated[TableParams, Query()],
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
) -> Response:
    """The (filtered, sorted) table as CSV, XLSX or JSON, with headers in the requested language."""
    fmt = query.format
    data = export_table(services.selection.rows(query.list_query()), fmt, query.lang or language)
    name = f"amicus-candidates-{date.today().isoformat()}.{fmt}"
    return Response(
        data, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/deadlines", response_model=list[CandidateRow], responses=NOT_PUBLIC, summary="Approaching deadlines")
def deadlines(
    services: ServicesDep,
    key: MemberKey,
    within: Annotated[int, Query(ge=0, le=366, description="Days from today.")] = 14,
    overdue: Annotated[bool, Query(description="Also list deadlines already passed.")] = False,
) -> list[CandidateRow]:
    """Candidates whose deadline falls within the next `within` days, soonest first (for reminders)."""
    return services.selection.deadlines(within, overdue=overdue)


@router.get("/criteria", response_model=CriteriaSet, responses=NOT_PUBLIC, summary="Selection criteria")
def criteria(
    services: ServicesDep,
    key: MemberKey,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="A past version; default the current one.")
    ] = None,
) -> CriteriaSet:
    """The criteria candidates are scored on (0-3 each), with weights, labels and descriptions."""
    store = services.selection
    return store.criteria if version is None else store.criteria_set(version)


class NewCandidate(CandidateDraft):
    """A proposal, with an optional note for the history."""

    reason: str | None = Field(None, max_length=4000, description="Why it is proposed (kept in the history).")


@router.post(
    "/candidates", response_model=CandidateView, status_code=201, responses=FOUND, summary="Propose a candidate"
)
def create_candidate(
    draft: NewCandidate,
    response: Response,
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
) -> CandidateView:
    """Propose an existing case (`case_id`) or a pending one (name, forum, State, deadline…)."""
    fields = draft.model_dump(exclude={"reason"}, exclude_unset=True)
    candidate = services.selection.create(
        CandidateDraft.model_validate(fields), actor=key.name, reason=draft.reason, actor_key=key.key_id
    )
    response.headers["Location"] = f"/api/v1/selection/candidates/{candidate.id}"
    return _view(services, candidate, language)


@router.get("/candidates/{candidate_id}", response_model=CandidateView, responses=FOUND, summary="A candidate")
def get_candidate(
    candidate_id: CandidatePath,
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
) -> CandidateView:
    """The candidate with its assessment, allowed next stages, comments and precedents."""
    return _view(services, services.selection.get(candidate_id), language)


def _check_owner(store: SelectionStore, candidate_id: str, key: ApiKey, what: str) -> None:
    # Ownership follows the key, not its holder's name: names are free text, and two keys may share one.
    if key.role != "steering-committee" and store.get(candidate_id).created_by_key != key.key_id:
        raise Forbidden(f"a member may {what} only the candidates its own key proposed")


class CandidateChanges(BaseModel):
    """A change of some fields at a known revision."""

    model_config = ConfigDict(extra="forbid")

    revision: int = Field(ge=1, le=MAX_INT, description="The revision being changed (409 when it is stale).")
    reason: str | None = Field(None, max_length=4000)
    changes: dict[str, Any] = Field(description='Fields of the proposal to change, e.g. `{"deadline": "2027-01-15"}`.')


@router.patch(
    "/candidates/{candidate_id}", response_model=CandidateView, responses=CHANGED, summary="Change a candidate"
)
def update_candidate(
    candidate_id: CandidatePath,
    body: Annotated[
        CandidateChanges, Body(examples=[{"revision": 1, "changes": {"deadline": "2027-01-15"}, "reason": "extended"}])
    ],
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
) -> CandidateView:
    """Change fields; the committee may change any candidate, a member only those it proposed."""
    store = services.selection
    _check_owner(store, candidate_id, key, "change")
    candidate = store.update(
        candidate_id, body.changes, actor=key.name, expected_revision=body.revision, reason=body.reason
    )
    return _view(services, candidate, language)


class WithdrawalRequest(BaseModel):
    """Withdraw a candidate at a known revision, and why (required)."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(description="Why it is withdrawn (kept in the history and shown with the candidate).")
    revision: int | None = Field(None, ge=1, le=MAX_INT, description="The revision being withdrawn (409 when stale).")


class ReinstatementRequest(BaseModel):
    """Put a withdrawn candidate back on the table at a known revision, optionally saying why."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = None
    revision: int | None = Field(None, ge=1, le=MAX_INT, description="The revision being reinstated (409 when stale).")


@router.post("/candidates/{candidate_id}/withdraw", response_model=CandidateView, responses=CHANGED, summary="Withdraw")
def withdraw(
    candidate_id: CandidatePath,
    body: Annotated[
        WithdrawalRequest, Body(examples=[{"reason": "The authors settled with the State.", "revision": 3}])
    ],
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
) -> CandidateView:
    """Take the candidate off the table with a reason: it keeps its record and history, leaves the default listing
    (`withdrawn=include` or `only` lists it) and takes no edit, score or stage change until reinstated. The
    committee may withdraw any candidate, a member only those its key proposed."""
    store = services.selection
    _check_owner(store, candidate_id, key, "withdraw")
    candidate = store.withdraw(candidate_id, actor=key.name, reason=body.reason, expected_revision=body.revision)
    return _view(services, candidate, language)


@router.post(
    "/candidates/{candidate_id}/reinstate", response_model=CandidateView, responses=CHANGED, summary="Reinstate"
)
def reinstate(
    candidate_id: CandidatePath,
    body: Annotated[ReinstatementRequest, Body(examples=[{"reason": "Withdrawn by mistake.", "revision": 4}])],
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
) -> CandidateView:
    """Undo a withdrawal: the candidate is back on the table at the stage it had (409 when it is not withdrawn)."""
    store = services.selection
    _check_owner(store, candidate_id, key, "reinstate")
    candidate = store.reinstate(candidate_id, actor=key.name, reason=body.reason, expected_revision=body.revision)
    return _view(services, candidate, language)


@router.post(
    "/candidates/{candidate_id}/scores", response_model=Assessment, responses=CHANGED, summary="Score a criterion"
)
def score(
    candidate_id: CandidatePath,
    draft: ScoreDraft,
    services: ServicesDep,
    key: CommitteeKey,
    language: LanguageDep,
) -> Assessment:
    """Record the caller's score (0-3, with a rationale) on one criterion; a new score supersedes the caller's
    previous one on that criterion, which stays in the history."""
    store = services.selection
    store.score(candidate_id, draft, scorer=key.name)
    return store.assessment(candidate_id, committee(services), language=language)


@router.get("/candidates/{candidate_id}/assessment", response_model=Assessment, responses=FOUND, summary="Scores")
def assessment(
    candidate_id: CandidatePath,
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="Criteria version; default the current one.")
    ] = None,
) -> Assessment:
    """Per-criterion averages, spread and missing scorers, and the weighted total."""
    store = services.selection
    criteria_set = None if version is None else store.criteria_set(version)
    return store.assessment(candidate_id, committee(services), criteria=criteria_set, language=language)


class Transition(TransitionRequest):
    """A stage change at a known revision."""

    revision: int | None = Field(None, ge=1, le=MAX_INT, description="The revision being moved (409 when it is stale).")


@router.post(
    "/candidates/{candidate_id}/transitions",
    response_model=CandidateView,
    responses={409: {"description": "The workflow does not allow this move, or the revision is stale."}, **FOUND},
    summary="Move to another stage",
)
def transition(
    candidate_id: CandidatePath,
    body: Annotated[Transition, Body(examples=[{"to": "approved", "reason": "Meets the criteria; deadline met."}])],
    services: ServicesDep,
    key: CommitteeKey,
    language: LanguageDep,
) -> CandidateView:
    """Move the candidate along the workflow; approving and declining need a reason."""
    candidate = services.selection.transition(
        candidate_id, body.to, actor=key.name, reason=body.reason, expected_revision=body.revision
    )
    return _view(services, candidate, language)


@router.post(
    "/candidates/{candidate_id}/comments",
    response_model=Comment,
    status_code=201,
    responses=FOUND,
    summary="Comment",
)
def comment(
    candidate_id: CandidatePath,
    draft: CommentDraft,
    services: ServicesDep,
    key: MemberKey,
) -> Comment:
    """Add a comment, or a reply to another comment on the same candidate (`parent_id`)."""
    return services.selection.comment(candidate_id, draft, author=key.name)


@router.get("/candidates/{candidate_id}/comments", response_model=list[Comment], responses=FOUND, summary="Comments")
def comments(
    candidate_id: CandidatePath,
    services: ServicesDep,
    key: MemberKey,
) -> list[Comment]:
    """Every comment, oldest first; replies name their parent."""
    store = services.selection
    store.get(candidate_id)
    return store.comments(candidate_id)


@router.get("/candidates/{candidate_id}/history", response_model=list[HistoryEntry], responses=FOUND, summary="History")
def history(
    candidate_id: CandidatePath,
    services: ServicesDep,
    key: MemberKey,
) -> list[HistoryEntry]:
    """Every change: creation, fields (old and new), scores, stages, comments, precedent decisions."""
    store = services.selection
    store.get(candidate_id)
    return store.history(candidate_id)


@router.get(
    "/candidates/{candidate_id}/precedents",
    response_model=list[PrecedentWithRecord],
    responses=FOUND,
    summary="Precedent suggestions",
)
def precedents(
    candidate_id: CandidatePath,
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
    dismissed: Annotated[bool, Query(description="Include dismissed suggestions.")] = False,
) -> list[PrecedentWithRecord]:
    """The stored suggestions (pinned first), each with why it was suggested, why it was pinned or dismissed, and
    the implementation record of its decision (follow-up level and latest event, labels in the language asked)."""
    store = services.selection
    store.get(candidate_id)
    return with_records(services.store, store.precedents(candidate_id, include_dismissed=dismissed), language)


@router.post(
    "/candidates/{candidate_id}/precedents/refresh",
    response_model=list[Precedent],
    responses=FOUND,
    summary="Refresh precedent suggestions",
)
def refresh_precedents(
    candidate_id: CandidatePath,
    services: ServicesDep,
    key: MemberKey,
    language: LanguageDep,
    size: Annotated[int, Query(ge=1, le=30)] = 10,
) -> list[Precedent]:
    """Search the database again for cases like this candidate (rights, issues, forum, region, text)."""
    store = services.selection
    candidate = store.get(candidate_id)
    return suggest_precedents(candidate, services.engine, store, size, actor=key.name, language=language)


class PrecedentDecision(BaseModel):
    """Why a suggestion is pinned or dismissed."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=4000)


CaseIdPath = Annotated[str, Path(min_length=1, max_length=200, description="Case id of the suggestion.")]


@router.post(
    "/candidates/{candidate_id}/precedents/{case_id}/pin",
    response_model=Precedent,
    responses=FOUND,
    summary="Pin a precedent",
)
def pin(
    candidate_id: CandidatePath,
    case_id: CaseIdPath,
    services: ServicesDep,
    key: CommitteeKey,
    body: PrecedentDecision | None = None,
) -> Precedent:
    """Keep a case at the top of the candidate's precedents (also a case that was never suggested)."""
    return services.selection.pin(candidate_id, case_id, actor=key.name, reason=body.reason if body else None)


@router.post(
    "/candidates/{candidate_id}/precedents/{case_id}/dismiss",
    response_model=Precedent,
    responses=FOUND,
    summary="Dismiss a precedent",
)
def dismiss(
    candidate_id: CandidatePath,
    case_id: CaseIdPath,
    services: ServicesDep,
    key: CommitteeKey,
    body: PrecedentDecision | None = None,
) -> Precedent:
    """Hide a suggestion from this candidate's precedents, now and after every refresh."""
    return services.selection.dismiss(candidate_id, case_id, actor=key.name, reason=body.reason if body else None)


UNDONE: dict[int | str, dict[str, Any]] = {
    **NOT_PUBLIC,
    404: {"description": "No candidate has this id, or the case is not among its precedents."},
    409: {"description": "The precedent is not in the state this undoes (someone else changed it)."},
}


@router.post(
    "/candidates/{candidate_id}/precedents/{case_id}/unpin",
    response_model=Precedent,
    responses=UNDONE,
    summary="Undo a pin",
)
def unpin(
    candidate_id: CandidatePath,
    case_id: CaseIdPath,
    services: ServicesDep,
    key: CommitteeKey,
    body: PrecedentDecision | None = None,
) -> Precedent:
    """Put a pinned case back among the suggestions; the pin and its undoing stay in the history."""
    return services.selection.unpin(candidate_id, case_id, actor=key.name, reason=body.reason if body else None)


@router.post(
    "/candidates/{candidate_id}/precedents/{case_id}/undismiss",
    response_model=Precedent,
    responses=UNDONE,
    summary="Undo a dismissal",
)
def undismiss(
    candidate_id: CandidatePath,
    case_id: CaseIdPath,
    services: ServicesDep,
    key: CommitteeKey,
    body: PrecedentDecision | None = None,
) -> Precedent:
    """Show a dismissed case among the suggestions again; the dismissal and its undoing stay in the history."""
    return services.selection.undismiss(candidate_id, case_id, actor=key.name, reason=body.reason if body else None)
