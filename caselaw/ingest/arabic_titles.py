"""The name of an Arabic decision headed by what it is: "قرار لجنة …" (the decision of a committee) names no case by
itself; with the authority the committee belongs to and the request or case number the form prints, it does
("قرار لجنة …، أمانة …، الطلب رقم 148")."""

from __future__ import annotations

import re

from caselaw.ingest.identifiers import arabic_numbered
from caselaw.ingest.keywords import fold

# "قرار" or "حكم" followed by the body that made it (folded text: no hamza).
_DECISION_HEADING = re.compile(r"^(?:قرار|حكم)\s+(?:ال)?(?:لجنة|محكمة|هيية|ديوان|مجلس)\s")
_HEAD_LINES = 12  # the heading of a form or a letterhead stands in its first lines
_MAX_WORDS = 14  # longer: a sentence of the body


def arabic_decision_title(head: list[str], forum_names: list[str]) -> str | None:
    """An Arabic decision's heading ("قرار لجنة …") with its forum's authority and its request or case number."""
    heading = next(
        (
            line
            for line in head[:_HEAD_LINES]
            if _DECISION_HEADING.match(fold(line)) and len(line.split()) <= _MAX_WORDS
        ),
        None,
    )
    if heading is None:
        return None
    heading = " ".join(heading.split())
    parts = [heading]
    # The forum's printed name carries its authority before a dash ("أمانة … – لجنة …", see `court_names`).
    authority = next((name.split(" – ")[0] for name in forum_names if " – " in name), None)
    if authority and fold(authority) not in fold(heading):
        parts.append(authority)
    number = next((found for line in head[:_HEAD_LINES] if (found := arabic_numbered(line))), None)
    if number:
        parts.append(number)
    return "، ".join(parts)
