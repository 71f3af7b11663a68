"""The implementation record of a candidate's precedents: what happened after each decision, in a few words.

Read from the case's follow-up (events and the level the store derives from them, or an editor's override), so
that the committee weighing a new case sees whether the decisions it builds on were carried out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field

from caselaw.errors import CaseNotFound
from caselaw.models import FollowUpEvent, Strict
from caselaw.selection.models import Precedent
from caselaw.store import CaseStore
from caselaw.taxonomy import get_taxonomy


class LatestEvent(Strict):
    """The most recent follow-up event of a decision."""

    date: date
    date_precision: str = Field(description="`day`, `month` or `year`: how much of the date is known.")
    type: str
    type_label: str = Field(description="The event type in the requested language.")


class ImplementationRecord(Strict):
    """A precedent's follow-up in brief: its implementation level and the latest thing that happened."""

    level: str = Field(description="Implementation level: an editor's override, else the one derived from events.")
    level_label: str
    derived: str = Field(description="The level the written rule derives from the events.")
    overridden: bool = Field(description="True when an editor set the level over the derived one.")
    decision_date: date | None
    events: int = Field(ge=0, description="How many follow-up events are recorded.")
    latest: LatestEvent | None = Field(None, description="The most recent event, if any.")


class PrecedentWithRecord(Precedent):
    """A precedent with the implementation record of its decision (None when the case is no longer stored)."""

    implementation: ImplementationRecord | None = None


def _latest(events: Sequence[FollowUpEvent]) -> FollowUpEvent | None:
    # The same order the case API uses: by date, then in the order recorded.
    return max(events, key=lambda e: (e.date, e.id or 0), default=None)


def implementation_record(cases: CaseStore, case_id: str, language: str = "en") -> ImplementationRecord | None:
    """The follow-up of case `case_id` in brief, labels in `language`; None when no case has that id."""
    try:
        case = cases.get_case(cases.resolve(case_id))
    except CaseNotFound:
        return None
    taxonomy = get_taxonomy()
    follow_up = case.follow_up
    latest = _latest(follow_up.events)
    return ImplementationRecord(
        level=follow_up.level,
        level_label=taxonomy.entry("implementation_levels", follow_up.level).label(language),
        derived=follow_up.derived,
        overridden=follow_up.override is not None,
        decision_date=case.dates.decision,
        events=len(follow_up.events),
        latest=None
        if latest is None
        else LatestEvent(
            date=latest.date,
            date_precision=latest.date_precision,
            type=latest.type,
            type_label=taxonomy.entry("follow_up_types", latest.type).label(language),
        ),
    )


def with_records(cases: CaseStore, precedents: Sequence[Precedent], language: str = "en") -> list[PrecedentWithRecord]:
    """Each precedent with its implementation record in `language`."""
    return [
        PrecedentWithRecord(
            **precedent.model_dump(), implementation=implementation_record(cases, precedent.case_id, language)
        )
        for precedent in precedents
    ]
