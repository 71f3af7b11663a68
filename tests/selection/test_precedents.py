"""Precedent suggestions from the real embedded engine over the fixture corpus, with pins and dismissals."""

from __future__ import annotations

from caselaw.search import SearchEngine
from caselaw.selection import PrecedentState, SelectionStore, find_precedents, suggest_precedents
from tests.selection.conftest import eviction_draft

BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
LOPEZ_ALBAN = "un-cescr-2019-lopez-alban-v-spain"
GROOTBOOM = "za-constitutional-court-2000-grootboom"


def test_a_housing_eviction_candidate_gets_sensible_precedents_with_reasons(
    selection: SelectionStore, corpus_engine: SearchEngine
) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    suggestions = find_precedents(candidate, corpus_engine, size=10)
    ids = [s.case_id for s in suggestions]
    assert len(ids) == 10 and len(set(ids)) == 10
    # The CESCR's own Spanish eviction Views come first: same rights, forum, State and facts.
    assert set(ids[:3]) >= {BEN_DJAZIA, LOPEZ_ALBAN}
    assert GROOTBOOM in ids
    ben = suggestions[ids.index(BEN_DJAZIA)]
    texts = {r.text for r in ben.reasons}
    assert {"same right: Housing", "same forum: Committee on Economic, Social and Cultural Rights"} <= texts
    assert {"same State: Spain", "same region: Europe and Central Asia", "text similarity"} <= texts
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    # Every suggestion shares something substantive, never only a region or a forum.
    assert all({r.kind for r in s.reasons} & {"right", "issue", "text"} for s in suggestions)
    # Cases about other rights entirely (minimum wage in Egypt) are not suggested.
    assert "eg-administrative-court-2010-minimum-wage" not in ids


def test_reasons_follow_the_requested_language(selection: SelectionStore, corpus_engine: SearchEngine) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    suggestions = find_precedents(candidate, corpus_engine, size=3, language="es")
    texts = {r.text for s in suggestions for r in s.reasons}
    assert "mismo derecho: Vivienda" in texts and "similitud del texto" in texts


def test_pins_and_dismissals_survive_a_refresh(selection: SelectionStore, corpus_engine: SearchEngine) -> None:
    candidate = selection.create(eviction_draft(), actor="laura")
    first = suggest_precedents(candidate, corpus_engine, selection, size=5)
    assert len(first) == 5 and all(p.state == PrecedentState.SUGGESTED for p in first)
    assert [p.rank for p in first] == [1, 2, 3, 4, 5]
    dismissed = first[0].case_id
    selection.dismiss(candidate.id, dismissed, actor="amina", reason="different legal question")
    # Pinning a case that was never suggested: any stored case can be pinned by hand.
    selection.pin(candidate.id, "un-cerd-2005-lr-v-slovakia", actor="bruno")
    refreshed = suggest_precedents(candidate, corpus_engine, selection, size=5)
    assert refreshed[0].case_id == "un-cerd-2005-lr-v-slovakia" and refreshed[0].state == PrecedentState.PINNED
    assert dismissed not in [p.case_id for p in refreshed]
    assert len([p for p in refreshed if p.state == PrecedentState.SUGGESTED]) == 5
    hidden = selection.precedents(candidate.id, include_dismissed=True)
    assert [p.case_id for p in hidden if p.state == PrecedentState.DISMISSED] == [dismissed]
    assert next(p for p in hidden if p.case_id == dismissed).decided_by == "amina"


def test_a_candidate_that_is_a_case_record_is_not_its_own_precedent(
    selection: SelectionStore, corpus_engine: SearchEngine
) -> None:
    draft = eviction_draft(case_id=BEN_DJAZIA, name=None, summary=None)
    candidate = selection.create(draft, actor="laura")
    suggestions = find_precedents(candidate, corpus_engine, size=10)
    ids = [s.case_id for s in suggestions]
    assert BEN_DJAZIA not in ids and LOPEZ_ALBAN in ids[:3]
    assert any(r.kind == "related" for s in suggestions for r in s.reasons)
