"""A follow-up document joins the decision it follows, as a translation joins its case: found by identifier.

The document (a State's follow-up report, the authors' comments, an assessment, a resolution on implementation:
`follow_up_reading`) names the decision it follows by a number the stored decision carries (its UN symbol, its
communication, application or petition number). It is then filed with that case (document kind `follow-up`) and
recorded on the case's follow-up timeline as an event: the type read from its headings, the date it prints, and
the stored document as its source. Nothing else of the case changes: titles, tags and identifiers stay the
decision's.

A follow-up document that names no stored decision (or several: a body's progress report on many communications)
is kept as a record of its own, a report waiting for an editor (`needs-review`, reason `kind`), marked by its kind
evidence so that a decision ingested later is never taken for its translation.
"""

from __future__ import annotations

from caselaw.ingest.follow_up_reading import FollowUpReading, event_date, read_follow_up
from caselaw.models import Case, Evidence, FollowUpEvent, FollowUpSource, ReviewStatus, TagFacet
from caselaw.store import CaseStore

MARK = "follow-up document"
"""The kind-evidence pattern of a follow-up document kept as a record of its own."""
ACTOR = "ingest"
_NOTE_CHARS = 300


_RULING = frozenset({"operative formula", "operative heading"})
"""Kind evidence of a ruling's operative part (`kinds`): "RESUELVE:", "DECIDES:", "for these reasons"."""


def reading_of(draft: Case) -> FollowUpReading | None:
    """How the draft's (only) document reads as a follow-up document, None when it is not one.

    A ruling on compliance that has an operative part of its own (a court's follow-up order, "auto de
    seguimiento") is a decision in its own right, as a court's supervision resolution is: it stays a case."""
    document = draft.documents[0]
    found = read_follow_up(document.title, document.text)
    if found is not None and draft.kind == "decision" and any(e.pattern in _RULING for e in draft.kind_evidence):
        return None
    return found


def is_follow_up_record(case: Case) -> bool:
    """Whether `case` is a follow-up document kept on its own (never a decision another document may join)."""
    return any(evidence.pattern == MARK for evidence in case.kind_evidence)


def followed_case(draft: Case, store: CaseStore) -> Case | None:
    """The one stored decision the follow-up draft names by an identifier: of the draft's forum when several
    carry the number, else the only one; None when none does, or when the draft names several decisions."""
    found: dict[str, Case] = {}
    for identifier in draft.identifiers:
        with store.reading() as connection:
            rows = connection.execute(
                "SELECT case_id, forum FROM case_identifiers WHERE scheme = ? AND value = ? ORDER BY case_id",
                (identifier.scheme, identifier.value),
            ).fetchall()
        candidates = []
        for case_id, forum in rows:
            case = store.get_case(str(case_id))
            if case.kind == "decision" and not is_follow_up_record(case):
                candidates.append((str(forum), case))
        same_forum = [case for forum, case in candidates if draft.forum and forum == draft.forum]
        chosen = same_forum or [case for _, case in candidates]
        if len(chosen) == 1:
            found.setdefault(chosen[0].id, chosen[0])
    return next(iter(found.values())) if len(found) == 1 else None


def records_naming(case: Case, store: CaseStore) -> list[str]:
    """Ids of follow-up documents kept on their own that name one of the decision's identifiers."""
    found: dict[str, None] = {}
    for identifier in case.identifiers:
        with store.reading() as connection:
            rows = connection.execute(
                "SELECT case_id FROM case_identifiers WHERE scheme = ? AND value = ? AND case_id != ? ORDER BY case_id",
                (identifier.scheme, identifier.value, case.id),
            ).fetchall()
        for (case_id,) in rows:
            other = store.get_case(str(case_id))
            if is_follow_up_record(other):
                found.setdefault(other.id, None)
    return list(found)


def attach(case: Case, draft: Case, reading: FollowUpReading) -> tuple[Case, FollowUpEvent] | None:
    """`case` with the draft's document filed as a follow-up document, and the event it records; None when the
    document prints no date after the decision (an event needs one: the document then stays a record of its own)."""
    document = draft.documents[0]
    when = event_date(draft.dates.decision, document.text, case.dates.decision)
    if when is None:
        return None
    filed = document.model_copy(update={"kind": "follow-up"})
    event = FollowUpEvent(
        date=when,
        type=reading.type,
        source=FollowUpSource(sha256=document.sha256, citation=_citation(draft, case)),
        note=_note(draft),
        note_language=document.language,
    )
    return case.model_copy(update={"documents": [*case.documents, filed]}), event


def _citation(draft: Case, case: Case) -> str | None:
    """The document's own number as printed (a UN symbol of its own), when it has one the decision does not."""
    own = {(i.scheme, i.value) for i in case.identifiers}
    symbol = next(
        (i.value for i in draft.identifiers if i.scheme == "un-symbol" and (i.scheme, i.value) not in own), None
    )
    return symbol[:500] if symbol else None


def _note(draft: Case) -> str | None:
    """The document's title as printed, for the timeline (an editor rewrites it in their own words)."""
    document = draft.documents[0]
    title = document.title or draft.title_in(document.language).full
    return " ".join(title.split())[:_NOTE_CHARS] or None


def as_record(draft: Case, reading: FollowUpReading) -> Case:
    """The draft kept as a record of its own: a report, marked, waiting for an editor to find its decision."""
    evidence = Evidence(
        document=draft.documents[0].sha256, pattern=MARK, text=f"{reading.type}: {reading.heading}"[:500]
    )
    reasons = ["kind", *(r for r in draft.review_reasons if r != "kind")]
    update: dict[str, object] = {
        "kind": "report",
        "decision_type": None,
        "kind_evidence": [evidence, *draft.kind_evidence][:6],
        "review_reasons": reasons,
        "status": ReviewStatus.NEEDS_OCR if draft.status is ReviewStatus.NEEDS_OCR else ReviewStatus.NEEDS_REVIEW,
        # A record that is not a decision carries no machine tags (as ingest tags any other report).
        **{facet.value: [t for t in draft.tags(facet) if t.source.value == "editor"] for facet in TagFacet},
    }
    return Case.model_validate({**draft.model_dump(), **update})
