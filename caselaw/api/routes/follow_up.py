"""A case's follow-up: its events (newest first) and implementation level; editors add and correct events and set
the level over the derived one, every change kept in the follow-up history."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from caselaw.api.auth import actor
from caselaw.api.dependencies import EditorKey, LanguageDep, ServicesDep
from caselaw.api.feeds import ATOM, EPOCH, MEDIA_TYPE, NAMESPACE, XML_LANG
from caselaw.api.inputs import MAX_INT
from caselaw.api.middleware import presented_key
from caselaw.api.problems import problem_responses
from caselaw.api.services import Services, index_after_store
from caselaw.api.ui.messages import Messages
from caselaw.errors import PreconditionFailed, PreconditionRequired
from caselaw.models import (
    FollowUp,
    FollowUpEvent,
    FollowUpSource,
    FollowUpTypeCode,
    ImplementationLevelCode,
    Language,
    LevelOverride,
)
from caselaw.store import follow_up
from caselaw.store.follow_up import FollowUpHistoryEntry
from caselaw.taxonomy import get_taxonomy

router = APIRouter(tags=["follow-up"])

CaseIdPath = Annotated[
    str, Path(min_length=1, max_length=200, description="Case id or a former id.", examples=["achpr-2009-endorois"])
]
EventIdPath = Annotated[int, Path(ge=1, le=MAX_INT, description="The event's id (from `GET .../follow-up`).")]
IfMatch = Annotated[
    str | None,
    Header(description='The event\'s revision as an entity tag (`"2"`): the edit is made only at it, else 412.'),
]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]


class EventView(FollowUpEvent):
    """An event as the API shows it: with its type's label in the asked language."""

    type_label: str = Field(description="The type's label in the response language.")


class FollowUpView(BaseModel):
    """A case's follow-up: the level (an editor's override, else the derived one) and the events, newest first."""

    model_config = ConfigDict(extra="forbid")

    case_id: str
    decision_date: dt.date | None = Field(None, description="The decision the events follow.")
    level: ImplementationLevelCode
    level_label: str
    derived: ImplementationLevelCode = Field(description="What the rule derives from the events.")
    override: LevelOverride | None = None
    events: list[EventView] = Field(description="Newest first.")


class EventIn(BaseModel):
    """A new follow-up event."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    type: FollowUpTypeCode
    source: FollowUpSource | None = None
    note: Annotated[str, Field(min_length=1, max_length=4000)] | None = None
    note_language: Language = "en"
    reason: Reason | None = None


class EventPatch(BaseModel):
    """Changes to an event; a field left out (or null) stays as it is."""

    model_config = ConfigDict(extra="forbid")

    revision: int | None = Field(None, ge=1, le=MAX_INT, description="The event's revision; or send `If-Match`.")
    reason: Reason | None = None
    date: dt.date | None = None
    type: FollowUpTypeCode | None = None
    source: FollowUpSource | None = None
    note: Annotated[str, Field(min_length=1, max_length=4000)] | None = None
    note_language: Language | None = None


class LevelIn(BaseModel):
    """An editor's implementation level over the derived one (`null`: back to the rule), and why."""

    model_config = ConfigDict(extra="forbid")

    level: ImplementationLevelCode | None
    reason: Reason


def _view(case_id: str, decision_date: dt.date | None, found: FollowUp, language: str) -> FollowUpView:
    taxonomy = get_taxonomy()
    events = [
        EventView(**event.model_dump(), type_label=taxonomy.entry("follow_up_types", event.type).label(language))
        for event in sorted(found.events, key=lambda e: (e.date, e.id or 0), reverse=True)
    ]
    return FollowUpView(
        case_id=case_id,
        decision_date=decision_date,
        level=found.level,
        level_label=taxonomy.entry("implementation_levels", found.level).label(language),
        derived=found.derived,
        override=found.override,
        events=events,
    )


def _current(services: Services, case_id: str, language: str) -> FollowUpView:
    case = services.store.get_case(case_id)
    return _view(case.id, case.dates.decision, case.follow_up, language)


def _written(services: Services, response: Response, case_id: str, what: str, language: str) -> FollowUpView:
    """After a write: the index updated (said in `X-Index-Updated`) and the follow-up as it now stands."""
    indexed = index_after_store(services, [case_id], what=what)
    response.headers["X-Index-Updated"] = "true" if indexed else "false"
    return _current(services, case_id, language)


@router.get(
    "/cases/{case_id}/follow-up",
    response_model=FollowUpView,
    responses=problem_responses(404, 503),
    summary="Follow-up of a case",
)
def get_follow_up(case_id: CaseIdPath, services: ServicesDep, language: LanguageDep) -> FollowUpView:
    """What happened since the decision, newest first, and the implementation level: derived from the events by
    the written rule (see the README), unless an editor set it with a reason."""
    return _current(services, services.store.resolve(case_id), language)


@router.post(
    "/cases/{case_id}/follow-up",
    response_model=FollowUpView,
    status_code=201,
    responses=problem_responses(401, 403, 404, 503),
    summary="Add a follow-up event (editors)",
)
def add_event(
    case_id: CaseIdPath,
    event: Annotated[EventIn, Body()],
    services: ServicesDep,
    key: EditorKey,
    language: LanguageDep,
    response: Response,
) -> FollowUpView:
    """Record an event (a State report, comments, an assessment, a measure...); recorded with who and when."""
    found = services.store.resolve(case_id)
    new = FollowUpEvent.model_validate(event.model_dump(exclude={"reason"}))
    follow_up.add_event(services.store, found, new, actor=actor(key), reason=event.reason)
    return _written(services, response, found, f"follow-up of {found} changed", language)


def _revision(if_match: str | None, body: int | None) -> int:
    if body is not None:
        return body
    if if_match is None:
        raise PreconditionRequired("say which revision this corrects: `revision` in the body or an If-Match header")
    tag = if_match.strip().strip('"')
    if not tag.isdigit():
        raise PreconditionFailed(f"If-Match {if_match!r} names no event revision")
    return int(tag)


@router.patch(
    "/cases/{case_id}/follow-up/{event_id:int}",
    response_model=FollowUpView,
    responses=problem_responses(401, 403, 404, 409, 412, 428, 503),
    summary="Correct a follow-up event (editors)",
)
def patch_event(
    case_id: CaseIdPath,
    event_id: EventIdPath,
    patch: Annotated[EventPatch, Body()],
    services: ServicesDep,
    key: EditorKey,
    language: LanguageDep,
    response: Response,
    if_match: IfMatch = None,
) -> FollowUpView:
    """Change an event at its `revision` (409 when stale); the old and new values go to the follow-up history."""
    found = services.store.resolve(case_id)
    expected = _revision(if_match, patch.revision)
    changes: dict[str, Any] = patch.model_dump(exclude_unset=True, exclude_none=True, exclude={"revision", "reason"})
    if "source" in changes:
        changes["source"] = patch.source
    follow_up.edit_event(
        services.store, found, event_id, changes, expected_revision=expected, actor=actor(key), reason=patch.reason
    )
    return _written(services, response, found, f"follow-up of {found} changed", language)


@router.put(
    "/cases/{case_id}/follow-up/level",
    response_model=FollowUpView,
    responses=problem_responses(401, 403, 404, 503),
    summary="Set the implementation level over the derived one (editors)",
)
def put_level(
    case_id: CaseIdPath,
    body: Annotated[LevelIn, Body()],
    services: ServicesDep,
    key: EditorKey,
    language: LanguageDep,
    response: Response,
) -> FollowUpView:
    """Set the level with a reason (`level: null` returns to the derived one); kept in the follow-up history."""
    found = services.store.resolve(case_id)
    follow_up.set_override(services.store, found, body.level, reason=body.reason, actor=actor(key))
    return _written(services, response, found, f"implementation level of {found} set", language)


@router.get(
    "/cases/{case_id}/follow-up/history",
    response_model=list[FollowUpHistoryEntry],
    responses=problem_responses(404, 503),
    summary="Follow-up edit history",
)
def get_history(request: Request, case_id: CaseIdPath, services: ServicesDep) -> list[FollowUpHistoryEntry]:
    """Every change of the case's follow-up, oldest first; who made it is shown to editors only."""
    found = services.store.resolve(case_id)
    services.store.get_case(found)
    entries = follow_up.history(services.store, found)
    presented = presented_key(request.headers)
    key = services.keys.check(presented) if presented else None
    if key is not None and key.role == "editor":
        return entries
    return [entry.model_copy(update={"actor": "editor"}) for entry in entries]


FEED_SIZE = 50


def _atom(request: Request, found: list[follow_up.RecentEvent], title: str, feed_key: str, language: str) -> bytes:
    """An Atom document (RFC 4287) of follow-up events, newest change first, labels in `language`."""
    taxonomy = get_taxonomy()
    base = str(request.base_url).rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:uuid:{uuid.uuid5(NAMESPACE, f'follow-up-feed|{feed_key}')}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((item.updated_at for item in found), default=EPOCH)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": str(request.url)})
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "caselaw"
    for item in found:
        event = item.event
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:uuid:{uuid.uuid5(NAMESPACE, f'follow-up-event|{event.id}')}"
        what = taxonomy.entry("follow_up_types", event.type).label(language)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{item.title(language)} – {what} ({event.date.isoformat()})"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = item.updated_at.isoformat()
        href = f"{base}/cases/{item.case_id}?lang={language}#follow-up"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href})
        if event.note:
            summary = ET.SubElement(entry, f"{{{ATOM}}}summary", {XML_LANG: event.note_language})
            summary.text = event.note
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


@router.get(
    "/follow-up.atom",
    response_class=Response,
    responses={200: {"content": {MEDIA_TYPE: {}}, "description": "An Atom feed."}, **problem_responses(404, 503)},
    summary="Atom feed of follow-up events",
)
def follow_up_feed(
    request: Request,
    services: ServicesDep,
    language: LanguageDep,
    case: Annotated[str | None, Query(max_length=200, description="Only this case's events (its id).")] = None,
    state: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="Only cases against this State (ISO alpha-2).")
    ] = None,
) -> Response:
    """The latest follow-up events (added or corrected), newest first: of one case, of one State's cases, or all."""
    case_id = services.store.resolve(case) if case is not None else None
    code = state.upper() if state else None
    found = follow_up.recent_events(services.store, case_id=case_id, state=code, limit=FEED_SIZE)
    title = Messages(language)("follow_up.title")
    if case_id is not None:
        title = f"{title}: {services.store.get_case(case_id).title_in(language).full}"
    elif code is not None:
        title = f"{title}: {code}"
    key = f"{case_id or ''}|{code or ''}|{language}"
    return Response(_atom(request, found, title, key, language), media_type=MEDIA_TYPE)
