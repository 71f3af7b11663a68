"""Undoing pins and dismissals, withdrawing and reinstating candidates, and the implementation record of precedents:
in the store, over the fixture corpus."""

from __future__ import annotations

import pytest

from caselaw.errors import CandidateWithdrawn, Conflict, NotFound, ValidationFailed
from caselaw.selection import HistoryAction, ListQuery, PrecedentState, ScoreDraft, SelectionStore, Stage, cell
from caselaw.selection.implementation import implementation_record, with_records
from caselaw.store import follow_up
from tests.conftest import FIXTURES
from tests.selection.conftest import eviction_draft

BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
ENDOROIS = "achpr-2009-endorois"
OLGA_TELLIS = "in-supreme-court-1985-olga-tellis"


def test_a_dismissal_and_a_pin_are_undone_with_their_reasons_kept(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    selection.dismiss(candidate.id, OLGA_TELLIS, actor="amina", reason="Different legal system and question")
    selection.pin(candidate.id, BEN_DJAZIA, actor="bruno", reason="Same forum, State and facts")
    listed = {p.case_id: p for p in selection.precedents(candidate.id, include_dismissed=True)}
    assert listed[OLGA_TELLIS].state == PrecedentState.DISMISSED
    assert listed[OLGA_TELLIS].decision_reason == "Different legal system and question"
    assert listed[BEN_DJAZIA].decision_reason == "Same forum, State and facts"
    assert OLGA_TELLIS not in [p.case_id for p in selection.precedents(candidate.id)]

    restored = selection.undismiss(candidate.id, OLGA_TELLIS, actor="carmen", reason="Dismissed by mistake")
    assert restored.state == PrecedentState.SUGGESTED
    assert restored.decided_by is None and restored.decision_reason is None
    assert OLGA_TELLIS in [p.case_id for p in selection.precedents(candidate.id)]
    unpinned = selection.unpin(candidate.id, BEN_DJAZIA, actor="carmen")
    assert unpinned.state == PrecedentState.SUGGESTED

    # Undoing what is not there is refused with what the precedent is now.
    with pytest.raises(Conflict) as caught:
        selection.undismiss(candidate.id, OLGA_TELLIS, actor="carmen")
    assert caught.value.details["state"] == "suggested"
    with pytest.raises(Conflict):
        selection.unpin(candidate.id, OLGA_TELLIS, actor="carmen")
    with pytest.raises(NotFound):
        selection.unpin(candidate.id, "un-cerd-2005-lr-v-slovakia", actor="carmen")

    history = [(e.action, e.field, e.old, e.new, e.reason) for e in selection.history(candidate.id)]
    assert history[1:] == [
        (
            HistoryAction.PRECEDENT_DISMISSED,
            OLGA_TELLIS,
            "suggested",
            "dismissed",
            "Different legal system and question",
        ),
        (HistoryAction.PRECEDENT_PINNED, BEN_DJAZIA, "suggested", "pinned", "Same forum, State and facts"),
        (HistoryAction.PRECEDENT_UNDISMISSED, OLGA_TELLIS, "dismissed", "suggested", "Dismissed by mistake"),
        (HistoryAction.PRECEDENT_UNPINNED, BEN_DJAZIA, "pinned", "suggested", None),
    ]
    # Dismissed again later: the reason shown is the latest one, not the first.
    selection.dismiss(candidate.id, OLGA_TELLIS, actor="amina", reason="Checked again: not on point")
    again = next(p for p in selection.precedents(candidate.id, include_dismissed=True) if p.case_id == OLGA_TELLIS)
    assert again.decision_reason == "Checked again: not on point"


def test_a_withdrawn_candidate_keeps_its_history_and_leaves_the_default_table(selection: SelectionStore) -> None:
    kept = selection.create(eviction_draft(name="Kept v. Spain"), actor="laura")
    gone = selection.create(eviction_draft(name="Settled v. Spain", deadline_in_days=3), actor="laura")
    selection.score(gone.id, ScoreDraft(criterion="precedent-value", value=2, rationale="Useful"), scorer="amina")

    with pytest.raises(ValidationFailed):
        selection.withdraw(gone.id, actor="amina", reason="   ")
    withdrawn = selection.withdraw(
        gone.id, actor="amina", reason="The authors settled", expected_revision=gone.revision
    )
    assert withdrawn.withdrawn is not None and withdrawn.withdrawn.by == "amina"
    assert withdrawn.revision == gone.revision + 1 and withdrawn.stage == Stage.PROPOSED

    assert [r.candidate.id for r in selection.rows()] == [kept.id]
    assert [r.candidate.id for r in selection.rows(ListQuery(withdrawn="only"))] == [gone.id]
    assert {r.candidate.id for r in selection.rows(ListQuery(withdrawn="include"))} == {kept.id, gone.id}
    assert [r.candidate.id for r in selection.deadlines(14)] == [kept.id]  # no reminder for a withdrawn one

    # Nothing changes it while withdrawn; a second withdrawal is refused too.
    with pytest.raises(CandidateWithdrawn):
        selection.update(gone.id, {"docket": "E/C.12/D/1/2026"}, actor="amina")
    with pytest.raises(CandidateWithdrawn):
        selection.transition(gone.id, Stage.UNDER_DISCUSSION, actor="amina")
    with pytest.raises(CandidateWithdrawn):
        selection.score(gone.id, ScoreDraft(criterion="precedent-value", value=3, rationale="More"), scorer="bruno")
    with pytest.raises(CandidateWithdrawn):
        selection.withdraw(gone.id, actor="amina", reason="again")
    with pytest.raises(Conflict):
        selection.reinstate(kept.id, actor="amina")
    with pytest.raises(Conflict):  # stale revision
        selection.reinstate(gone.id, actor="amina", expected_revision=gone.revision)

    back = selection.reinstate(gone.id, actor="bruno", reason="Settlement fell through")
    assert back.withdrawn is None and back.stage == Stage.PROPOSED
    assert {r.candidate.id for r in selection.rows()} == {kept.id, gone.id}
    assert selection.transition(gone.id, Stage.UNDER_DISCUSSION, actor="amina").stage == Stage.UNDER_DISCUSSION
    assert len(selection.scores(gone.id)) == 1  # the score given before the withdrawal is still there

    entries = [(e.action, e.field, e.reason) for e in selection.history(gone.id)]
    assert (HistoryAction.WITHDRAWN, "withdrawn", "The authors settled") in entries
    assert (HistoryAction.REINSTATED, "withdrawn", "Settlement fell through") in entries
    withdrawal = next(e for e in selection.history(gone.id) if e.action == HistoryAction.WITHDRAWN)
    assert isinstance(withdrawal.new, dict) and withdrawal.new["reason"] == "The authors settled"


def test_the_withdrawn_column_exports_the_date(selection: SelectionStore) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    withdrawn = selection.withdraw(candidate.id, actor="amina", reason="Out of scope")
    row = selection.rows(ListQuery(withdrawn="only"))[0]
    assert withdrawn.withdrawn is not None
    assert cell(row, "withdrawn_at") == withdrawn.withdrawn.at


def test_precedents_carry_the_implementation_record_of_their_decision(selection: SelectionStore) -> None:
    lines = (FIXTURES / "follow_up.jsonl").read_text(encoding="utf-8").splitlines()
    follow_up.import_events(selection.cases, lines, actor="test")
    endorois = implementation_record(selection.cases, ENDOROIS, "en")
    assert endorois is not None
    assert endorois.level == "not-implemented" and endorois.level_label == "Not implemented"
    assert endorois.events >= 2 and endorois.latest is not None and not endorois.overridden
    events = selection.cases.get_case(ENDOROIS).follow_up.events
    assert endorois.latest.date == max(e.date for e in events)
    # Labels follow the language asked for.
    arabic = implementation_record(selection.cases, ENDOROIS, "ar")
    assert arabic is not None and arabic.level_label == "لم ينفذ"
    # A case with no follow-up recorded says so; an id no case has gives no record at all.
    untouched = implementation_record(selection.cases, OLGA_TELLIS, "en")
    assert untouched is not None and untouched.level == "unknown" and untouched.events == 0 and untouched.latest is None
    assert implementation_record(selection.cases, "no-such-case", "en") is None

    candidate = selection.create(eviction_draft(), actor="laura")
    selection.pin(candidate.id, ENDOROIS, actor="amina", reason="Implementation strategy")
    [pinned] = with_records(selection.cases, selection.precedents(candidate.id), "fr")
    assert pinned.case_id == ENDOROIS and pinned.implementation is not None
    assert pinned.implementation.level == "not-implemented" and pinned.implementation.level_label == "Non exécuté"
