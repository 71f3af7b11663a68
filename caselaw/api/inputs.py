"""What no API write takes, refused at the edge with a 422 naming the field: control characters in text (a NUL in a
name breaks every XLSX export of the table; in a rationale it fails a database CHECK and reads as an outage), and
numbers the store cannot hold (an integer of 2^63 or more overflows SQLite) or JSON cannot write back (NaN).

Reads are left to their own validation: what they are given is looked up, never kept (a case id with a control
character is simply not found). Integer parameters are bounded where they are declared (`MAX_INT`)."""

from __future__ import annotations

import math
import re
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

MAX_INT = 2**31 - 1
"""Upper bound of every integer parameter that counts or numbers something (revisions, versions, comment ids)."""
INT64 = 2**63
# C0 controls but tab and line breaks, DEL, C1 controls, and lone surrogates (JSON's "\ud800" is no character).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _problem(value: Any) -> str | None:
    """Why `value` (one JSON scalar, or a key) is refused, or None."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        return f"control character U+{ord(found.group()):04X} is not allowed in text" if found else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not -INT64 <= value < INT64:
        return "integer out of range (at most 2^63 - 1)"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    return None


def _walk(root: Any, location: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """Every refused value in a JSON document, with where it is (iterative: a deep document cannot overflow)."""
    found: list[dict[str, Any]] = []
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(root, location)]
    while pending:
        value, where = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                message = _problem(key)
                if message:
                    found.append(_error((*where, key), f"{message} (in this name)", key))
                pending.append((item, (*where, key)))
        elif isinstance(value, list):
            pending.extend((item, (*where, index)) for index, item in enumerate(value))
        else:
            message = _problem(value)
            if message:
                found.append(_error(where, message, value))
    return found


def _error(location: tuple[str | int, ...], message: str, value: Any) -> dict[str, Any]:
    # Echoed back in the problem: the refused characters are shown as U+FFFD, never sent as they came.
    def shown(part: Any) -> Any:
        return CONTROL.sub("\ufffd", part) if isinstance(part, str) else part

    return {"type": "value_error", "loc": tuple(shown(p) for p in location), "msg": message, "input": shown(value)}


async def refuse_hostile_input(request: Request) -> None:
    """A dependency of every API route: on a write, 422 for a control character in a query, path or JSON body value
    (or name), for an integer of 2^63 or more and for a non-finite number; every such field is named."""
    if request.method not in _WRITES:
        return
    errors: list[dict[str, Any]] = []
    for key, value in request.query_params.multi_items():
        errors += _walk({key: value}, ("query",))
    for name, value in request.path_params.items():
        errors += _walk(value, ("path", name))
    if "json" in request.headers.get("content-type", "").lower():
        try:
            # Parsed once: FastAPI has already read (and cached) the body of a route that takes one.
            body = await request.json()
        except (ValueError, RecursionError):
            body = None  # an unreadable body is FastAPI's to refuse, as for every route
        errors += _walk(body, ("body",))
    if errors:
        raise RequestValidationError(errors)
