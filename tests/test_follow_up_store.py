"""Follow-up events in the store: written with history, read with the case, the level derived by the written rule
(each level), an editor's override, the index queued, the export/import round trip, the fixture file."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import CaseNotFound, Conflict, NotFound, ValidationFailed
from caselaw.models import Case, FollowUpEvent, FollowUpSource
from caselaw.store import CaseStore, follow_up, index_queue, open_store
from caselaw.store.jsonl import export_jsonl, import_jsonl
from tests.conftest import CORPUS, FIXTURES, make_case

ACTOR = "test editor"


def _event(day: str, kind: str, note: str | None = None) -> FollowUpEvent:
    return FollowUpEvent(date=date.fromisoformat(day), type=kind, note=note)


@pytest.mark.parametrize(
    ("kinds", "level"),
    [
        ([], "unknown"),
        (["state-report", "author-comments", "hearing"], "no-measure-known"),
        (["state-report", "measure"], "partial"),
        (["measure", "assessment-unsatisfactory"], "not-implemented"),
        (["assessment-unsatisfactory", "measure"], "not-implemented"),
        (["assessment-unsatisfactory", "assessment-partial"], "partial"),
        (["assessment-partial", "closed-satisfactory"], "full"),
        (["assessment-satisfactory", "closed-unsatisfactory", "news"], "not-implemented"),
    ],
)
def test_each_level_follows_the_written_rule(kinds: list[str], level: str) -> None:
    events = [_event(f"201{n}-01-01", kind) for n, kind in enumerate(kinds)]
    assert follow_up.derive_level(events) == level


def test_the_latest_assessment_decides_by_date_not_by_order_recorded() -> None:
    later = _event("2020-05-01", "assessment-satisfactory")
    earlier = _event("2018-05-01", "assessment-unsatisfactory")
    assert follow_up.derive_level([later, earlier]) == "full"


def test_events_are_stored_read_with_the_case_edited_and_kept_in_history(store: CaseStore, case: Case) -> None:
    store.put_case(case)
    before = index_queue.pending(store).through
    source = FollowUpSource(citation="E/C.12/SPN/CO/6")
    added = follow_up.add_event(
        store, case.id, FollowUpEvent(date=date(2016, 3, 1), type="state-report", source=source), actor=ACTOR
    )
    assert added.level == "no-measure-known" and added.events[0].id is not None
    assert index_queue.pending(store).through > before  # the index hears of it
    event_id = added.events[0].id
    edited = follow_up.edit_event(
        store, case.id, event_id, {"type": "measure", "note": "A new protocol."}, expected_revision=1, actor=ACTOR
    )
    assert edited.level == "partial" and edited.events[0].revision == 2
    stored = store.get_case(case.id)
    assert stored.follow_up.events[0].note == "A new protocol." and stored.follow_up.level == "partial"
    assert store.revision(case.id) == 1  # the case itself is not rewritten
    with pytest.raises(Conflict):
        follow_up.edit_event(store, case.id, event_id, {"note": "stale"}, expected_revision=1, actor=ACTOR)
    with pytest.raises(NotFound):
        follow_up.edit_event(store, case.id, 999, {"note": "x"}, expected_revision=1, actor=ACTOR)
    follow_up.remove_event(store, case.id, event_id, expected_revision=2, actor=ACTOR, reason="duplicate")
    assert store.get_case(case.id).follow_up.level == "unknown"
    actions = [(entry.action, entry.event_id) for entry in follow_up.history(store, case.id)]
    assert actions == [("add", event_id), ("edit", event_id), ("remove", event_id)]
    assert follow_up.history(store, case.id)[1].changes["type"] == {"old": "state-report", "new": "measure"}


def test_an_editor_overrides_the_derived_level_with_a_reason_and_clears_it(store: CaseStore, case: Case) -> None:
    store.put_case(case)
    follow_up.add_event(store, case.id, _event("2016-01-01", "measure"), actor=ACTOR)
    over = follow_up.set_override(store, case.id, "full", reason="Follow-up closed in 2019", actor=ACTOR)
    assert (over.level, over.derived, over.override and over.override.reason) == (
        "full",
        "partial",
        "Follow-up closed in 2019",
    )
    cleared = follow_up.set_override(store, case.id, None, reason="Mistaken", actor=ACTOR)
    assert cleared.level == "partial" and cleared.override is None
    assert [e.action for e in follow_up.history(store, case.id)][-2:] == ["override", "clear-override"]


def test_unknown_case_and_invalid_event(store: CaseStore) -> None:
    with pytest.raises(CaseNotFound):
        follow_up.add_event(store, "un-cescr-1999-nobody", _event("2016-01-01", "news"), actor=ACTOR)
    with pytest.raises(ValueError, match="follow_up_types"):
        _event("2016-01-01", "rumour")
    with pytest.raises(ValueError, match="source"):
        FollowUpSource()


def test_export_carries_the_follow_up_and_import_restores_it(store: CaseStore, case: Case, tmp_path: Path) -> None:
    store.put_case(case)
    follow_up.add_event(store, case.id, _event("2016-01-01", "assessment-partial", "Grade B"), actor=ACTOR)
    follow_up.set_override(store, case.id, "not-implemented", reason="The eviction went ahead", actor=ACTOR)
    exported = io.StringIO()
    export_jsonl(store, exported)
    with open_store(Settings(data_dir=tmp_path / "other")) as other:
        import_jsonl(other, exported.getvalue().splitlines())
        restored = other.get_case(case.id).follow_up
    assert [(e.type, e.note) for e in restored.events] == [("assessment-partial", "Grade B")]
    assert (restored.derived, restored.level) == ("partial", "not-implemented")


def test_the_fixture_events_load_once_and_give_the_expected_levels(store: CaseStore) -> None:
    with CORPUS.open(encoding="utf-8") as lines:
        import_jsonl(store, lines)
    path = FIXTURES / "follow_up.jsonl"
    added, touched = follow_up.import_events(store, path.read_text(encoding="utf-8").splitlines(), actor=ACTOR)
    assert added >= 3 and len(touched) == 3
    assert follow_up.import_events(store, path.read_text(encoding="utf-8").splitlines(), actor=ACTOR)[0] == 0
    assert store.get_case("achpr-2009-endorois").follow_up.level == "not-implemented"
    assert store.get_case("za-constitutional-court-2000-grootboom").follow_up.level == "partial"
    assert store.get_case("un-cescr-2017-ben-djazia-bellili-v-spain").follow_up.events
    with pytest.raises(ValidationFailed, match="line 1"):
        follow_up.import_events(store, ['{"case_id": "x", "date": "2016-01-01", "type": "rumour"}'], actor=ACTOR)


def test_an_imported_event_finds_its_case_by_forum_and_identifier(store: CaseStore, case: Case) -> None:
    store.put_case(case)
    line = (
        '{"forum": "un-cescr", "identifier": {"scheme": "communication", "value": "2/2014"}, '
        '"date": "2016-01-01", "date_precision": "year", "type": "state-report"}'
    )
    assert follow_up.import_events(store, [line], actor=ACTOR) == (1, [case.id])
    assert store.get_case(case.id).follow_up.events[0].date_precision == "year"
    nowhere = line.replace("2/2014", "9/2099")
    with pytest.raises(ValidationFailed, match="no stored case"):
        follow_up.import_events(store, [nowhere], actor=ACTOR)


def test_an_import_by_identifier_finds_the_decision_not_a_follow_up_report_naming_it(store: CaseStore) -> None:
    # A follow-up report kept on its own (ingest keeps one until its decision arrives) carries the same number.
    report = make_case("un-cescr-2014-a-report-naming-it", sha="b" * 64).model_copy(
        update={"kind": "report", "decision_type": None}
    )
    store.put_case(Case.model_validate(report.model_dump()))
    store.put_case(make_case())
    line = json.dumps(
        {"forum": "un-cescr", "identifier": {"scheme": "communication", "value": "2/2014"}, "date": "2016-01-01",
         "type": "state-report"}
    )  # fmt: skip
    assert follow_up.import_events(store, [line], actor=ACTOR) == (1, ["un-cescr-2015-idg-v-spain"])
