"""The case page's follow-up timeline: the implementation level, then the events newest first, down to the
decision they follow; dates and labels in the page language, each note in its own language and direction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from caselaw.api.ui.messages import Messages
from caselaw.models import Case, FollowUpEvent
from caselaw.taxonomy import get_taxonomy

_FORMATS = {"day": "long", "month": "MMMM y", "year": "y"}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: when, what, the note (in its language) and where it is recorded."""

    iso: str
    """The date as `<time datetime>` takes it: as precise as it is known."""
    when: str
    what: str
    note: str | None = None
    note_language: str | None = None
    source_text: str | None = None
    source_href: str | None = None
    decision: bool = False


@dataclass(frozen=True)
class FollowUpTimeline:
    """The follow-up section: the level, how it was reached, and the entries newest first."""

    level: str
    level_code: str
    how: str
    entries: list[TimelineEntry]
    empty: bool


def _when(value: date, precision: str, language: str) -> str:
    return str(format_date(value, _FORMATS[precision], locale=language))


def _iso(value: date, precision: str) -> str:
    return value.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


def _entry(case: Case, event: FollowUpEvent, language: str) -> TimelineEntry:
    source = event.source
    text = href = None
    if source is not None:
        if source.sha256:
            href = f"/api/v1/cases/{case.id}/documents/{source.sha256}"
        elif source.url:
            href = source.url
        text = source.citation or (source.url if source.url and not source.sha256 else None)
    return TimelineEntry(
        iso=_iso(event.date, event.date_precision),
        when=_when(event.date, event.date_precision, language),
        what=get_taxonomy().entry("follow_up_types", event.type).label(language),
        note=event.note,
        note_language=event.note_language,
        source_text=text,
        source_href=href,
    )


def follow_up_timeline(case: Case, messages: Messages, language: str) -> FollowUpTimeline:
    """The timeline of `case` in `language`: newest event first, the decision last."""
    found = case.follow_up
    ordered = sorted(found.events, key=lambda e: (e.date, e.id or 0), reverse=True)
    entries = [_entry(case, event, language) for event in ordered]
    decided = case.dates.decision
    if decided is not None:
        entries.append(
            TimelineEntry(
                decided.isoformat(), _when(decided, "day", language), messages("follow_up.decision"), decision=True
            )
        )
    how = (
        messages("follow_up.override", reason=found.override.reason)
        if found.override is not None
        else messages("follow_up.derived")
    )
    level = get_taxonomy().entry("implementation_levels", found.level).label(language)
    return FollowUpTimeline(level, found.level, how, entries, empty=not found.events)
