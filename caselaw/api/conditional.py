"""Conditional requests on case records: entity tags, `If-None-Match` (304) and `If-Match` (412).

A case's representation depends on its revision and on the language of its labels, so its entity tag is
`"<revision>-<language>"`: a cache never serves a Spanish body for an English request under the same tag.
`If-Match` is about the record, not the labels, so any tag of the current revision matches it.
"""

from __future__ import annotations

import hashlib
import re

from caselaw.errors import PreconditionFailed
from caselaw.models import Case

_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')
_REVISION = re.compile(r"(\d+)(?:-[a-z]{2})?(?:-g[0-9a-f]+)?")


def entity_tag(revision: int, language: str, graph: str = "") -> str:
    """The strong entity tag of a case at `revision` with labels in `language`; `graph` (see `graph_tag`) names
    what the store resolved when reading it, which changes without a new revision."""
    return f'"{revision}-{language}{f"-g{graph}" if graph else ""}"'


def graph_tag(case: Case) -> str:
    """A short digest of the case's citation links and cited-by count ("" when it has neither): a case cited or
    resolved for the first time changes its representation, not its revision."""
    linked = [citation.case_id for citation in case.citations if citation.case_id]
    # Follow-up events and the level override live beside the case too (`store.follow_up`): same reason.
    follow = [f"{event.id}.{event.revision}" for event in case.follow_up.events]
    if case.follow_up.override is not None:
        follow.append(f"{case.follow_up.override.level}@{case.follow_up.override.at}")
    if not linked and not case.cited_by_count and not follow:
        return ""
    marks = f"|f:{'|'.join(follow)}" if follow else ""
    return hashlib.sha256(f"{case.cited_by_count}|{'|'.join(linked)}{marks}".encode()).hexdigest()[:8]


def _tags(header: str) -> list[tuple[bool, str]] | None:
    """(weak, opaque tag) pairs of a list header; None when it is `*`; unparsable parts are skipped."""
    if header.strip() == "*":
        return None
    return [(bool(weak), tag) for weak, tag in _TAG.findall(header)]


def not_modified(if_none_match: str | None, current: str) -> bool:
    """True when `If-None-Match` holds the current tag (weak comparison, RFC 9110 13.1.2) or `*`."""
    if if_none_match is None:
        return False
    tags = _tags(if_none_match)
    return tags is None or any(f'"{tag}"' == current for _, tag in tags)


def matched_revision(if_match: str, current: int) -> int:
    """The revision an `If-Match` header agrees to edit: `current` if it names it (or is `*`), else 412.

    Strong comparison (RFC 9110 13.1.1): weak tags never match. `"3"` and `"3-es"` both name revision 3.
    """
    tags = _tags(if_match)
    if tags is None:
        return current
    named = {int(found.group(1)) for weak, tag in tags if not weak and (found := _REVISION.fullmatch(tag))}
    if current not in named:
        shown = ", ".join(sorted(str(revision) for revision in named)) or "no revision"
        raise PreconditionFailed(f"If-Match names {shown}; the case is at revision {current}: reload and retry")
    return current
