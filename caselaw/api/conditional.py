"""Conditional requests on case records: entity tags, `If-None-Match` (304) and `If-Match` (412).

A case's representation depends on its revision and on the language of its labels, so its entity tag is
`"<revision>-<language>"`: a cache never serves a Spanish body for an English request under the same tag.
`If-Match` is about the record, not the labels, so any tag of the current revision matches it.
"""

from __future__ import annotations

import re

from caselaw.errors import PreconditionFailed

_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')
_REVISION = re.compile(r"(\d+)(?:-[a-z]{2})?")


def entity_tag(revision: int, language: str) -> str:
    """The strong entity tag of a case at `revision` with labels in `language`."""
    return f'"{revision}-{language}"'


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
