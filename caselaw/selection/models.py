"""The amicus-candidate selection table's records: candidates, scores, comments, history, criteria, precedents."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, JsonValue, StringConstraints, model_validator

from caselaw.models import SLUG_PATTERN, CaseId, Country, ForumCode, Language, RegionCode, Strict
from caselaw.taxonomy import LANGUAGES, get_taxonomy

CANDIDATE_ID_PATTERN = r"^cand-[0-9a-f]{12}$"

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Actor = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Field(description="Who did it: the member or key name the API authenticated."),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
CandidateId = Annotated[
    str, StringConstraints(pattern=CANDIDATE_ID_PATTERN), Field(description="Candidate id, e.g. `cand-0f3a9c2b11d4`.")
]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$", max_length=2000)]


def _taxonomy_codes(facet: str) -> AfterValidator:
    """A validator accepting only a list of distinct codes of one taxonomy list."""

    def check(values: list[str]) -> list[str]:
        taxonomy = get_taxonomy()
        unknown = [v for v in values if not taxonomy.has(facet, v)]
        if unknown:
            raise ValueError(f"unknown {facet} codes {unknown}")
        return list(dict.fromkeys(values))

    return AfterValidator(check)


def _priority_codes(values: list[str]) -> list[str]:
    # Imported here: the catalogue builds its models from this module, so a module-level import would be circular.
    from caselaw.selection.catalogue import get_priorities

    known = {p.code for p in get_priorities()}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(f"unknown thematic priorities {unknown}; known: {sorted(known)}")
    return list(dict.fromkeys(values))


def _five_languages(labels: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in LANGUAGES if not labels.get(lang)]
    if missing:
        raise ValueError(f"no text in {', '.join(missing)}")
    return labels


Labels = Annotated[
    dict[str, Annotated[str, StringConstraints(min_length=1)]],
    AfterValidator(_five_languages),
    Field(description="Text per language; en, es, fr, pt and ar are required."),
]
RightCodes = Annotated[list[str], _taxonomy_codes("rights"), Field(description="Right codes from the taxonomy.")]
IssueCodes = Annotated[list[str], _taxonomy_codes("issues"), Field(description="Issue codes from the taxonomy.")]
GroupCodes = Annotated[
    list[str], _taxonomy_codes("affected_groups"), Field(description="Affected-group codes from the taxonomy.")
]
CharterCodes = Annotated[
    list[str], _taxonomy_codes("charter_conditions"), Field(description="Charter-condition codes from the taxonomy.")
]
PriorityCodes = Annotated[
    list[str], AfterValidator(_priority_codes), Field(description="Thematic priority codes (priorities.yaml).")
]


# -- vocabularies ---------------------------------------------------------------------------------------------


class Stage(StrEnum):
    """Where a candidate is in the committee's workflow; the allowed moves are data (workflow.yaml)."""

    PROPOSED = "proposed"
    UNDER_DISCUSSION = "under_discussion"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    DECLINED = "declined"
    INTERVENTION_FILED = "intervention_filed"
    DECIDED = "decided"
    IMPLEMENTATION_FOLLOW_UP = "implementation_follow_up"


class DeadlineKind(StrEnum):
    """What the deadline is for."""

    LEAVE_TO_INTERVENE = "leave-to-intervene"
    SUBMISSIONS = "submissions"
    HEARING = "hearing"
    OTHER = "other"


class ProceedingStage(StrEnum):
    """Where the case itself is before the forum (not the committee's workflow stage)."""

    PRE_FILING = "pre-filing"
    ADMISSIBILITY = "admissibility"
    MERITS = "merits"
    APPEAL = "appeal"
    FOLLOW_UP = "follow-up"
    OTHER = "other"


class Consent(StrEnum):
    """Whether the litigants and affected communities agree to an intervention."""

    OBTAINED = "obtained"
    PENDING = "pending"
    NOT_SOUGHT = "not-sought"
    REFUSED = "refused"
    NOT_APPLICABLE = "not-applicable"


class PrecedentState(StrEnum):
    """A suggestion as the committee left it: pinned ones stay on top, dismissed ones stay hidden."""

    SUGGESTED = "suggested"
    PINNED = "pinned"
    DISMISSED = "dismissed"


class HistoryAction(StrEnum):
    """The kinds of change the history records."""

    CREATED = "created"
    UPDATED = "updated"
    SCORED = "scored"
    TRANSITIONED = "transitioned"
    COMMENTED = "commented"
    PRECEDENTS_REFRESHED = "precedents_refreshed"
    PRECEDENT_PINNED = "precedent_pinned"
    PRECEDENT_DISMISSED = "precedent_dismissed"
    PRECEDENT_UNPINNED = "precedent_unpinned"
    PRECEDENT_UNDISMISSED = "precedent_undismissed"
    WITHDRAWN = "withdrawn"
    REINSTATED = "reinstated"


# -- configuration records (YAML) -----------------------------------------------------------------------------


class Labelled(Strict):
    """A stable code with labels in the five languages."""

    code: str
    labels: Labels

    def label(self, language: str) -> str:
        """The label in `language`, English when that language has none."""
        return self.labels.get(language) or self.labels["en"]


class Criterion(Labelled):
    """One selection criterion the committee scores from 0 to 3."""

    code: Slug
    weight: float = Field(ge=0.0, le=100.0, description="How much the criterion counts in the weighted total.")
    descriptions: Labels

    def description(self, language: str) -> str:
        """What the criterion asks, in `language` (English fallback)."""
        return self.descriptions.get(language) or self.descriptions["en"]


class CriteriaSet(Strict):
    """One version of the selection criteria; a score records the version it was given under."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="Bumped whenever a criterion, a text or a weight changes.")
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> CriteriaSet:
        codes = [c.code for c in self.criteria]
        if len(codes) != len(set(codes)):
            raise ValueError(f"criteria: duplicate codes in {codes}")
        return self

    def get(self, code: str) -> Criterion | None:
        """The criterion with `code`, if this version has it."""
        return next((c for c in self.criteria if c.code == code), None)


class Priority(Labelled):
    """A thematic priority of the litigation group (corporate capture, fiscal policy, ...)."""

    code: Slug


class StageSpec(Labelled):
    """A workflow stage, its labels and the stages it may move to."""

    code: Stage
    next: list[Stage] = Field(default_factory=list)


# -- the candidate ---------------------------------------------------------------------------------------------


class Proposer(Strict):
    """The member organisation that proposed the candidate, and whom to contact there."""

    organisation: ShortText
    contact: ShortText | None = Field(None, description="Name and e-mail or phone of the contact person.")


class CommunityConnection(Strict):
    """Who the affected communities and grassroots groups are, whether they consent, what puts them at risk."""

    who: LongText | None = Field(None, description="Litigants, communities and grassroots groups connected.")
    consent: Consent = Consent.NOT_SOUGHT
    safety_concerns: LongText | None = Field(None, description="Risks to litigants or communities, and mitigations.")


class CandidateDraft(Strict):
    """What a member proposes: an existing case (`case_id`) or a pending case (name, forum, State)."""

    case_id: CaseId | None = Field(None, description="The case record, when the case is already in the database.")
    name: ShortText | None = Field(None, description="Case name; taken from the case record when omitted.")
    forum: ForumCode | None = None
    state: Country | None = Field(None, description="Respondent State (ISO 3166-1 alpha-2).")
    docket: ShortText | None = Field(None, description="Docket, application or communication number.")
    proceedings: ProceedingStage | None = Field(None, description="Stage of the proceedings before the forum.")
    deadline: date | None = Field(None, description="Deadline for leave to intervene or for submissions.")
    deadline_kind: DeadlineKind | None = None
    filings_url: Url | None = Field(None, description="Link to the filings.")
    proposer: Proposer
    lead_member: ShortText | None = Field(None, description="Member organisation that would lead the brief.")
    co_signers: list[ShortText] = Field(default_factory=list, description="Members ready to co-sign.")
    languages: list[Language] = Field(default_factory=list, description="Languages of the proceedings.")
    rights: RightCodes = Field(default_factory=list)
    issues: IssueCodes = Field(default_factory=list)
    affected_groups: GroupCodes = Field(default_factory=list)
    charter_conditions: CharterCodes = Field(default_factory=list)
    priorities: PriorityCodes = Field(default_factory=list)
    summary: LongText | None = Field(None, description="Facts and questions at stake; precedents are matched on it.")
    community: CommunityConnection = Field(default_factory=CommunityConnection)
    anticipated_impact: LongText | None = None
    remedial_approach: LongText | None = None
    advocacy_plan: LongText | None = Field(None, description="Advocacy and implementation plan.")
    capacity: LongText | None = Field(None, description="Capacity and resources the members can commit.")

    @model_validator(mode="after")
    def _identified(self) -> CandidateDraft:
        if self.case_id is None:
            missing = [name for name in ("name", "forum", "state") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a pending case needs {', '.join(missing)} (or a case_id of a stored case)")
        if self.deadline_kind is not None and self.deadline is None:
            raise ValueError("deadline_kind is set but deadline is not")
        return self

    @property
    def kind(self) -> Literal["existing", "pending"]:
        """`existing` when the candidate is a case record, `pending` otherwise."""
        return "pending" if self.case_id is None else "existing"

    @property
    def region(self) -> str | None:
        """Region code of the respondent State, from the taxonomy."""
        return None if self.state is None else get_taxonomy().region_of(self.state)


class Withdrawal(Strict):
    """Who took a candidate off the table, when and why: it stays stored with its history, out of the default view."""

    at: datetime
    by: Actor
    reason: Reason


class Candidate(CandidateDraft):
    """A candidate as stored: the draft plus id, workflow stage, revision and timestamps."""

    id: CandidateId
    name: ShortText = Field(description="Case name.")
    stage: Stage = Stage.PROPOSED
    revision: int = Field(ge=1, description="Bumped by every change of a field or stage (optimistic locking).")
    created_by: Actor
    created_by_key: str | None = Field(
        None,
        max_length=64,
        description="Id of the API key that proposed it: a member may change only what its own key proposed "
        "(names are not unique; another key with the same name is someone else).",
    )
    created_at: datetime
    updated_at: datetime
    withdrawn: Withdrawal | None = Field(
        None, description="Set when the candidate was withdrawn; it then takes no edit, score or stage change."
    )


UPDATABLE_FIELDS: frozenset[str] = frozenset(CandidateDraft.model_fields)
"""Fields `SelectionStore.update` accepts; stage changes go through `transition`, scores through `score`."""


# -- assessment ------------------------------------------------------------------------------------------------


class ScoreDraft(Strict):
    """One committee member's score on one criterion, as submitted."""

    criterion: Slug
    value: int = Field(ge=0, le=3, description="0 (not at all) to 3 (strongly).")
    rationale: Reason = Field(description="Why this score: required.")


class Score(ScoreDraft):
    """A score as stored; a new score by the same member on the same criterion supersedes it, never rewrites it."""

    id: int
    candidate_id: CandidateId
    criteria_version: int = Field(ge=1, description="Version of the criteria the score was given under.")
    scorer: Actor
    created_at: datetime


class CriterionSummary(Strict):
    """The committee's latest scores on one criterion: average, spread and who has not scored it."""

    criterion: Slug
    label: str
    weight: float
    count: int = Field(ge=0)
    average: float | None
    minimum: int | None
    maximum: int | None
    stdev: float | None = Field(description="Population standard deviation of the scores.")
    scores: list[Score] = Field(description="Latest score of each member on this criterion.")
    missing: list[str] = Field(description="Expected scorers who have not scored this criterion.")


class Assessment(Strict):
    """A candidate's scores summarised against one version of the criteria."""

    candidate_id: CandidateId
    criteria_version: int
    criteria: list[CriterionSummary]
    weighted_total: float | None = Field(description="Sum of weight × average over the criteria scored.")
    weighted_mean: float | None = Field(description="weighted_total / sum of their weights: 0 to 3.")
    scored_by: list[str] = Field(description="Members with at least one score.")
    not_scored: list[str] = Field(description="Expected scorers with no score at all.")
    incomplete: dict[str, list[str]] = Field(description="Expected scorers who scored some criteria: what is left.")


# -- workflow, comments, history ---------------------------------------------------------------------------------


class TransitionRequest(Strict):
    """Move a candidate to another stage; approving and declining need a reason."""

    to: Stage
    reason: Reason | None = None


class CommentDraft(Strict):
    """A comment, or a reply when `parent_id` names another comment on the same candidate."""

    body: LongText
    # Bounded: an id of 2^63 or more would overflow SQLite instead of naming no comment.
    parent_id: int | None = Field(None, ge=1, le=2**31 - 1, description="The comment this one answers.")


class Comment(CommentDraft):
    """A comment as stored."""

    id: int
    candidate_id: CandidateId
    author: Actor
    created_at: datetime


class HistoryEntry(Strict):
    """One logged change: who, when, what (field with old and new values) and why."""

    id: int
    candidate_id: CandidateId
    at: datetime
    actor: Actor
    action: HistoryAction
    field: str | None = Field(None, description="Field changed, criterion scored, stage, comment or case id.")
    old: JsonValue = None
    new: JsonValue = None
    reason: str | None = None


# -- precedents ------------------------------------------------------------------------------------------------


class PrecedentReason(Strict):
    """One reason a case was suggested, as data and as a sentence in the requested language."""

    kind: Literal["right", "issue", "forum", "state", "region", "text", "related"]
    code: str | None = Field(None, description="The shared code (right, issue, forum, State or region).")
    text: str = Field(description='The reason in words, e.g. "same right: Housing".')


class PrecedentSuggestion(Strict):
    """A case of the database suggested as a precedent for a candidate."""

    case_id: CaseId
    title: str
    forum: str
    decision_date: date | None
    score: float = Field(description="Relevance (rights, issues, forum, region and text similarity combined).")
    reasons: list[PrecedentReason] = Field(description="Why it was suggested; empty for a case pinned by hand.")


class Precedent(PrecedentSuggestion):
    """A suggestion as stored for a candidate, with the committee's pin or dismissal."""

    candidate_id: CandidateId
    state: PrecedentState = PrecedentState.SUGGESTED
    rank: int | None = Field(None, description="Position in the last refresh; None when it was not suggested again.")
    refreshed_at: datetime
    decided_by: str | None = Field(None, description="Who pinned or dismissed it.")
    decided_at: datetime | None = None
    decision_reason: str | None = Field(None, description="Why it was pinned or dismissed, as the history records.")


# -- listing ---------------------------------------------------------------------------------------------------

ColumnKey = Literal[
    "id", "name", "kind", "case_id", "forum", "state", "region", "docket", "proceedings", "deadline",
    "deadline_kind", "days_left", "stage", "proposer_organisation", "proposer_contact", "lead_member",
    "co_signers", "languages", "rights", "issues", "affected_groups", "charter_conditions", "priorities",
    "summary", "community_who", "consent", "safety_concerns", "anticipated_impact", "remedial_approach",
    "advocacy_plan", "capacity", "filings_url", "weighted_mean", "scored_by", "created_at", "updated_at",
    "withdrawn_at",
]  # fmt: skip
"""Every column of the table, in display and export order."""


class ListQuery(Strict):
    """Filters and sort of the table: values of one filter OR together, different filters AND."""

    stage: list[Stage] = Field(default_factory=list)
    right: list[str] = Field(default_factory=list)
    issue: list[str] = Field(default_factory=list)
    region: list[RegionCode] = Field(default_factory=list)
    state: list[str] = Field(default_factory=list)
    forum: list[str] = Field(default_factory=list)
    priority: list[str] = Field(default_factory=list)
    kind: Literal["existing", "pending"] | None = None
    deadline_within: int | None = Field(None, ge=0, le=3660, description="Only deadlines from today to today + N days.")
    include_overdue: bool = Field(False, description="With deadline_within, keep deadlines already passed too.")
    text: str | None = Field(None, max_length=200, description="Words found in the name, docket or summary.")
    withdrawn: Literal["exclude", "include", "only"] = Field(
        "exclude", description="Withdrawn candidates: left out (default), listed with the others, or listed alone."
    )
    sort: ColumnKey = "deadline"
    descending: bool = False


class CandidateRow(Strict):
    """One row of the table: the candidate and the values derived from the taxonomy and the scores."""

    candidate: Candidate
    region: RegionCode | None
    days_left: int | None = Field(description="Days from today to the deadline (negative once passed).")
    weighted_mean: float | None = Field(description="Weighted mean of the latest scores, current criteria (0-3).")
    scored_by: list[str]
