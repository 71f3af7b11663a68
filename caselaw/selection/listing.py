"""The table's rows: values derived per candidate, every column readable by key, filters and sort."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import get_args

from caselaw.selection.models import Candidate, CandidateRow, ColumnKey, CriteriaSet, ListQuery, Score
from caselaw.selection.scoring import assess

Cell = str | int | float | date | datetime | list[str] | None
"""A column's value: text, number, date, or a list of codes or names."""

COLUMNS: tuple[ColumnKey, ...] = get_args(ColumnKey)
"""Every column key, in display and export order."""


def build_row(candidate: Candidate, scores: Sequence[Score], criteria: CriteriaSet, today: date) -> CandidateRow:
    """A candidate's row: region from its State, days to the deadline, weighted mean of the latest scores."""
    assessment = assess(candidate.id, scores, criteria, committee=[])
    return CandidateRow(
        candidate=candidate,
        region=candidate.region,
        days_left=None if candidate.deadline is None else (candidate.deadline - today).days,
        weighted_mean=assessment.weighted_mean,
        scored_by=assessment.scored_by,
    )


def _candidate(getter: Callable[[Candidate], Cell]) -> Callable[[CandidateRow], Cell]:
    return lambda row: getter(row.candidate)


_GETTERS: dict[str, Callable[[CandidateRow], Cell]] = {
    "id": _candidate(lambda c: c.id),
    "name": _candidate(lambda c: c.name),
    "kind": _candidate(lambda c: c.kind),
    "case_id": _candidate(lambda c: c.case_id),
    "forum": _candidate(lambda c: c.forum),
    "state": _candidate(lambda c: c.state),
    "region": lambda row: row.region,
    "docket": _candidate(lambda c: c.docket),
    "proceedings": _candidate(lambda c: None if c.proceedings is None else c.proceedings.value),
    "deadline": _candidate(lambda c: c.deadline),
    "deadline_kind": _candidate(lambda c: None if c.deadline_kind is None else c.deadline_kind.value),
    "days_left": lambda row: row.days_left,
    "stage": _candidate(lambda c: c.stage.value),
    "proposer_organisation": _candidate(lambda c: c.proposer.organisation),
    "proposer_contact": _candidate(lambda c: c.proposer.contact),
    "lead_member": _candidate(lambda c: c.lead_member),
    "co_signers": _candidate(lambda c: list(c.co_signers)),
    "languages": _candidate(lambda c: list(c.languages)),
    "rights": _candidate(lambda c: list(c.rights)),
    "issues": _candidate(lambda c: list(c.issues)),
    "affected_groups": _candidate(lambda c: list(c.affected_groups)),
    "charter_conditions": _candidate(lambda c: list(c.charter_conditions)),
    "priorities": _candidate(lambda c: list(c.priorities)),
    "summary": _candidate(lambda c: c.summary),
    "community_who": _candidate(lambda c: c.community.who),
    "consent": _candidate(lambda c: c.community.consent.value),
    "safety_concerns": _candidate(lambda c: c.community.safety_concerns),
    "anticipated_impact": _candidate(lambda c: c.anticipated_impact),
    "remedial_approach": _candidate(lambda c: c.remedial_approach),
    "advocacy_plan": _candidate(lambda c: c.advocacy_plan),
    "capacity": _candidate(lambda c: c.capacity),
    "filings_url": _candidate(lambda c: c.filings_url),
    "weighted_mean": lambda row: row.weighted_mean,
    "scored_by": lambda row: list(row.scored_by),
    "created_at": _candidate(lambda c: c.created_at),
    "updated_at": _candidate(lambda c: c.updated_at),
    "withdrawn_at": _candidate(lambda c: None if c.withdrawn is None else c.withdrawn.at),
}


def cell(row: CandidateRow, column: str) -> Cell:
    """The value of `column` in `row`; KeyError for an unknown column."""
    return _GETTERS[column](row)


def _matches(row: CandidateRow, query: ListQuery, today: date) -> bool:
    c = row.candidate
    withdrawn = c.withdrawn is not None
    if (query.withdrawn == "exclude" and withdrawn) or (query.withdrawn == "only" and not withdrawn):
        return False
    checks: list[tuple[list[str], list[str]]] = [
        ([s.value for s in query.stage], [c.stage.value]),
        (query.right, c.rights),
        (query.issue, c.issues),
        (query.region, [row.region] if row.region else []),
        ([s.upper() for s in query.state], [c.state] if c.state else []),
        (query.forum, [c.forum] if c.forum else []),
        (query.priority, c.priorities),
    ]
    for wanted, values in checks:
        if wanted and not set(wanted) & set(values):
            return False
    if query.kind is not None and c.kind != query.kind:
        return False
    if query.deadline_within is not None:
        if row.days_left is None or row.days_left > query.deadline_within:
            return False
        if row.days_left < 0 and not query.include_overdue:
            return False
    if query.text:
        haystack = " ".join(filter(None, [c.name, c.docket, c.summary, c.case_id])).casefold()
        if not all(word in haystack for word in query.text.casefold().split()):
            return False
    return True


def _sort_key(value: Cell) -> tuple[int, str | float]:
    # Every column sorts: numbers by value, dates by ISO text (same order), text case-insensitively, lists by
    # their first item. Empty values sort last in both directions, so they are flipped separately below.
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or value == "":
        return (1, "")
    if isinstance(value, int | float):
        return (0, float(value))
    if isinstance(value, date | datetime):
        return (0, value.isoformat())
    return (0, value.casefold())


def select_rows(rows: Sequence[CandidateRow], query: ListQuery, today: date) -> list[CandidateRow]:
    """The rows `query` keeps, sorted by its column (empty values last), ties broken by deadline then id."""
    kept = [row for row in rows if _matches(row, query, today)]
    kept.sort(key=lambda row: row.candidate.id)
    kept.sort(key=lambda row: _sort_key(cell(row, "deadline")))
    present = [row for row in kept if _sort_key(cell(row, query.sort))[0] == 0]
    empty = [row for row in kept if _sort_key(cell(row, query.sort))[0] == 1]
    present.sort(key=lambda row: _sort_key(cell(row, query.sort))[1], reverse=query.descending)
    return present + empty
