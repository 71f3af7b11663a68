"""Candidates through the workflow: propose, score, move, comment; every change in the history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from caselaw.errors import (
    CandidateNotFound,
    CommentNotFound,
    Conflict,
    CriteriaVersionConflict,
    IllegalTransition,
    ReasonRequired,
    ScoringClosed,
    ValidationFailed,
)
from caselaw.selection import (
    CandidateRow,
    CommentDraft,
    HistoryAction,
    ListQuery,
    ScoreDraft,
    SelectionStore,
    Stage,
    default_criteria,
)
from tests.selection.conftest import COMMITTEE, eviction_draft


def ids(rows: list[CandidateRow]) -> list[str]:
    """Candidate ids of table rows, in order."""
    return [r.candidate.id for r in rows]


def _score(store: SelectionStore, candidate_id: str, scorer: str, values: dict[str, int]) -> None:
    for criterion, value in values.items():
        store.score(
            candidate_id,
            ScoreDraft(criterion=criterion, value=value, rationale=f"{scorer} on {criterion}"),
            scorer=scorer,
        )


def test_a_pending_case_is_proposed_with_its_region_derived(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    assert candidate.stage == Stage.PROPOSED and candidate.revision == 1 and candidate.kind == "pending"
    assert candidate.region == "europe-central-asia"
    assert selection.get(candidate.id) == candidate
    with pytest.raises(CandidateNotFound) as caught:
        selection.get("cand-000000000000")
    assert caught.value.status == 404


def test_a_pending_case_needs_name_forum_and_state() -> None:
    with pytest.raises(ValidationError, match="forum"):
        eviction_draft(forum=None)
    with pytest.raises(ValidationError, match="unknown rights"):
        eviction_draft(rights=["housing", "shelter"])
    with pytest.raises(ValidationError, match="thematic priorities"):
        eviction_draft(priorities=["space"])


def test_an_existing_case_fills_what_the_draft_leaves_empty(selection: SelectionStore) -> None:
    draft = eviction_draft(
        case_id="za-constitutional-court-2000-grootboom", name=None, forum=None, state=None, rights=[]
    )
    candidate = selection.create(draft, actor="laura")
    assert candidate.kind == "existing"
    assert candidate.forum == "za-constitutional-court" and candidate.state == "ZA" and candidate.region == "africa"
    assert "housing" in candidate.rights and "Grootboom" in candidate.name


def test_three_members_score_and_the_table_shows_averages_spread_and_who_is_missing(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    _score(selection, candidate.id, "amina", {"precedent-value": 3, "added-value": 2, "community-link": 3})
    _score(selection, candidate.id, "bruno", {"precedent-value": 1, "added-value": 2})
    _score(selection, candidate.id, "carmen", {"precedent-value": 2, "added-value": 3})
    # A member changing their mind supersedes the earlier score; both stay stored.
    _score(selection, candidate.id, "bruno", {"precedent-value": 2})
    assessment = selection.assessment(candidate.id, COMMITTEE)
    by_code = {c.criterion: c for c in assessment.criteria}
    precedent = by_code["precedent-value"]
    assert precedent.count == 3 and precedent.average == pytest.approx(7 / 3, abs=1e-3)
    assert (precedent.minimum, precedent.maximum) == (2, 3)
    assert precedent.stdev == pytest.approx(0.471, abs=1e-3)
    assert precedent.missing == ["dalia"]
    assert by_code["community-link"].missing == ["bruno", "carmen", "dalia"]
    assert by_code["transferability"].average is None and by_code["transferability"].count == 0
    assert assessment.not_scored == ["dalia"]
    assert assessment.scored_by == ["amina", "bruno", "carmen"]
    assert "community-link" in assessment.incomplete["bruno"]
    # Weighted over the criteria scored: precedent 3 × 7/3, added value 3 × 7/3, community link 3 × 3.
    assert assessment.weighted_total == pytest.approx(3 * 7 / 3 + 3 * 7 / 3 + 3 * 3, abs=1e-2)
    assert assessment.weighted_mean == pytest.approx((7 + 7 + 9) / 9, abs=1e-2)
    assert len(selection.scores(candidate.id)) == 8


def test_a_score_needs_a_known_criterion_a_value_from_0_to_3_and_a_rationale(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    with pytest.raises(ValidationError):
        ScoreDraft(criterion="precedent-value", value=4, rationale="too high")
    with pytest.raises(ValidationError):
        ScoreDraft(criterion="precedent-value", value=2, rationale="   ")
    with pytest.raises(ValidationFailed, match="unknown criterion"):
        selection.score(candidate.id, ScoreDraft(criterion="charisma", value=2, rationale="x"), scorer="amina")


def test_the_workflow_allows_only_its_transitions_and_approval_needs_a_reason(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    selection.transition(candidate.id, Stage.UNDER_DISCUSSION, actor="amina")
    with pytest.raises(IllegalTransition) as caught:
        selection.transition(candidate.id, Stage.INTERVENTION_FILED, actor="amina")
    assert caught.value.status == 409 and caught.value.code == "illegal-transition"
    assert "under_discussion to intervention_filed" in str(caught.value)
    assert caught.value.details["allowed"] == ["recommended", "declined"]
    selection.transition(candidate.id, Stage.RECOMMENDED, actor="amina")
    with pytest.raises(ReasonRequired) as refused:
        selection.transition(candidate.id, Stage.APPROVED, actor="amina", reason="  ")
    assert refused.value.status == 422
    assert selection.get(candidate.id).stage == Stage.RECOMMENDED  # a refused move changes nothing
    approved = selection.transition(
        candidate.id, Stage.APPROVED, actor="amina", reason="Strong consensus; consent given."
    )
    assert approved.stage == Stage.APPROVED and approved.revision == 4
    with pytest.raises(ScoringClosed):
        selection.score(candidate.id, ScoreDraft(criterion="added-value", value=1, rationale="late"), scorer="dalia")
    for stage in (Stage.INTERVENTION_FILED, Stage.DECIDED, Stage.IMPLEMENTATION_FOLLOW_UP):
        selection.transition(candidate.id, stage, actor="bruno")
    with pytest.raises(IllegalTransition, match="none"):
        selection.transition(candidate.id, Stage.PROPOSED, actor="bruno")


def test_declining_needs_a_reason_and_a_declined_candidate_can_be_reopened(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    with pytest.raises(ReasonRequired):
        selection.transition(candidate.id, Stage.DECLINED, actor="amina")
    selection.transition(candidate.id, Stage.DECLINED, actor="amina", reason="No consent from the family.")
    reopened = selection.transition(candidate.id, Stage.UNDER_DISCUSSION, actor="amina", reason="Consent obtained.")
    assert reopened.stage == Stage.UNDER_DISCUSSION


def test_a_stale_edit_is_refused_and_unknown_fields_are_errors(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    updated = selection.update(candidate.id, {"lead_member": "SERI"}, actor="laura", expected_revision=1)
    assert updated.revision == 2 and updated.lead_member == "SERI"
    with pytest.raises(Conflict) as caught:
        selection.update(candidate.id, {"lead_member": "CELS"}, actor="bruno", expected_revision=1)
    assert caught.value.status == 409
    with pytest.raises(Conflict):
        selection.transition(candidate.id, Stage.UNDER_DISCUSSION, actor="bruno", expected_revision=1)
    with pytest.raises(ValidationFailed, match="stage"):
        selection.update(candidate.id, {"stage": "approved"}, actor="bruno")
    with pytest.raises(ValidationFailed, match="rights"):
        selection.update(candidate.id, {"rights": ["shelter"]}, actor="bruno")
    unchanged = selection.update(candidate.id, {"lead_member": "SERI"}, actor="bruno")
    assert unchanged.revision == 2


def test_comments_are_threaded_per_candidate(selection: SelectionStore) -> None:
    first = selection.create(eviction_draft(), actor="laura")
    other = selection.create(eviction_draft(name="Another v. Spain"), actor="laura")
    root = selection.comment(first.id, CommentDraft(body="Do we have the family's consent in writing?"), author="amina")
    reply = selection.comment(first.id, CommentDraft(body="Yes, signed last week.", parent_id=root.id), author="laura")
    assert [c.parent_id for c in selection.comments(first.id)] == [None, root.id]
    assert reply.parent_id == root.id
    with pytest.raises(CommentNotFound):
        selection.comment(other.id, CommentDraft(body="wrong thread", parent_id=root.id), author="bruno")


def test_the_history_shows_every_change_with_who_when_and_why(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura", reason="Urgent: leave deadline soon")
    selection.update(candidate.id, {"lead_member": "SERI", "co_signers": ["CELS"]}, actor="laura", reason="SERI leads")
    selection.score(
        candidate.id, ScoreDraft(criterion="added-value", value=3, rationale="New comparative law"), scorer="amina"
    )
    selection.transition(candidate.id, Stage.UNDER_DISCUSSION, actor="amina", reason="Scored")
    selection.comment(candidate.id, CommentDraft(body="Looks good"), author="bruno")
    selection.pin(candidate.id, "un-cescr-2017-ben-djazia-bellili-v-spain", actor="carmen", reason="closest facts")
    selection.dismiss(candidate.id, "in-supreme-court-1985-olga-tellis", actor="carmen")
    history = selection.history(candidate.id)
    assert [(h.action, h.field) for h in history] == [
        (HistoryAction.CREATED, None),
        (HistoryAction.UPDATED, "co_signers"),
        (HistoryAction.UPDATED, "lead_member"),
        (HistoryAction.SCORED, "added-value"),
        (HistoryAction.TRANSITIONED, "stage"),
        (HistoryAction.COMMENTED, history[5].field),
        (HistoryAction.PRECEDENT_PINNED, "un-cescr-2017-ben-djazia-bellili-v-spain"),
        (HistoryAction.PRECEDENT_DISMISSED, "in-supreme-court-1985-olga-tellis"),
    ]
    assert history[0].actor == "laura" and history[0].reason == "Urgent: leave deadline soon"
    assert history[2].old == "Observatorio DESC" and history[2].new == "SERI" and history[2].reason == "SERI leads"
    assert history[1].old == ["Habitat International Coalition", "SERI"] and history[1].new == ["CELS"]
    assert history[3].actor == "amina" and history[3].new == {"value": 3, "criteria_version": 1}
    assert (history[4].old, history[4].new, history[4].reason) == ("proposed", "under_discussion", "Scored")
    assert all(h.at.tzinfo is not None for h in history)
    assert [h.at for h in history] == sorted(h.at for h in history)


def test_a_criteria_change_never_rewrites_past_scores(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    _score(selection, candidate.id, "amina", {"precedent-value": 3, "added-value": 1})
    before = selection.scores(candidate.id)
    v1 = default_criteria()
    # The committee decides precedent value should weigh 6 instead of 3: a new version of the criteria.
    v2 = v1.model_copy(
        update={
            "version": 2,
            "criteria": [
                c.model_copy(update={"weight": 6.0}) if c.code == "precedent-value" else c for c in v1.criteria
            ],
        }
    )
    with SelectionStore(selection.cases, v2) as reweighted:
        assert reweighted.scores(candidate.id) == before
        assert all(s.criteria_version == 1 for s in reweighted.scores(candidate.id))
        assert reweighted.criteria_set(1) == v1 and reweighted.criteria_versions() == [1, 2]
        old = reweighted.assessment(candidate.id, COMMITTEE, criteria=reweighted.criteria_set(1))
        new = reweighted.assessment(candidate.id, COMMITTEE)
        assert old.weighted_total == pytest.approx(3 * 3 + 3 * 1)
        assert new.weighted_total == pytest.approx(6 * 3 + 3 * 1)
        assert new.criteria_version == 2
        reweighted.score(candidate.id, ScoreDraft(criterion="added-value", value=2, rationale="on v2"), scorer="bruno")
        assert [s.criteria_version for s in reweighted.scores(candidate.id)] == [1, 1, 2]
    # Changing version 1's content without bumping the version is refused.
    tampered = v1.model_copy(update={"criteria": [c.model_copy(update={"weight": 1.0}) for c in v1.criteria]})
    with pytest.raises(CriteriaVersionConflict):
        SelectionStore(selection.cases, tampered)


def test_the_table_filters_and_sorts_by_any_column(selection: SelectionStore) -> None:
    soon = selection.create(eviction_draft(deadline_in_days=5, name="Soon v. Spain"), actor="laura")
    later = selection.create(eviction_draft(deadline_in_days=40, name="Later v. Spain"), actor="laura")
    kenya = selection.create(
        eviction_draft(
            deadline_in_days=12,
            name="Kenya eviction",
            forum="afchpr-court",
            state="KE",
            rights=["land-natural-resources"],
        ),
        actor="laura",
    )
    past = selection.create(eviction_draft(deadline_in_days=-3, name="Past v. Spain"), actor="laura")
    selection.transition(later.id, Stage.UNDER_DISCUSSION, actor="amina")
    assert ids(selection.rows()) == [past.id, soon.id, kenya.id, later.id]
    assert ids(selection.deadlines(14)) == [soon.id, kenya.id]
    assert ids(selection.deadlines(14, overdue=True)) == [past.id, soon.id, kenya.id]
    assert ids(selection.rows(ListQuery(stage=[Stage.UNDER_DISCUSSION]))) == [later.id]
    assert ids(selection.rows(ListQuery(region=["africa"]))) == [kenya.id]
    assert ids(selection.rows(ListQuery(right=["forced-evictions"], deadline_within=30))) == [soon.id]
    assert ids(selection.rows(ListQuery(sort="name"))) == [kenya.id, later.id, past.id, soon.id]
    assert ids(selection.rows(ListQuery(sort="name", descending=True))) == [soon.id, past.id, later.id, kenya.id]
    assert ids(selection.rows(ListQuery(text="kenya"))) == [kenya.id]
    _score(selection, later.id, "amina", {"added-value": 3})
    top = selection.rows(ListQuery(sort="weighted_mean", descending=True))
    assert top[0].candidate.id == later.id and top[0].weighted_mean == 3.0 and top[0].scored_by == ["amina"]
    assert selection.rows(ListQuery(sort="days_left"))[0].days_left == -3
    assert date.today() + timedelta(days=5) == selection.get(soon.id).deadline
