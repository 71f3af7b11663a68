"""A court told by the form of its docket numbers, for a page that prints no court name (a reporter page whose
running head is cut off or redacted, a scanned slip opinion): a few courts number their cases in a form no
other court uses, with the chamber inside the number."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_DIVISIONS = {"I": "One", "II": "Two", "III": "Three"}
# Washington's Court of Appeals: five digits, a check digit and the division in Roman numerals
# ("No. 33971-8-III"); its reporter pages print the number in the caption, in brackets.
_WASHINGTON_APPEALS = re.compile(r"\bNos?\.\s*\d{5}-\d-(I{1,3})\b(?![-\d])")


@dataclass(frozen=True)
class DocketCourt:
    """The court a docket number belongs to: its name, the chamber the number gives, and its country."""

    court: str
    chamber: str | None
    country: str


def docket_court(caption: str) -> DocketCourt | None:
    """The court whose own docket form a caption's case number has, if any."""
    match = _WASHINGTON_APPEALS.search(caption)
    if match is not None:
        return DocketCourt("Court of Appeals of Washington", f"Division {_ROMAN_DIVISIONS[match[1]]}", "US")
    return None
