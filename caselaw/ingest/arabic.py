"""Repairs for right-to-left text as PDF readers return it: ligatures split last letter first, mirrored brackets."""

from __future__ import annotations

import re
from collections.abc import Callable

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Two or more Arabic letters (not marks, not digits) in a row: where a ligature can have been split. A ligature
# glyph (lam + alef, lam + meem, beh + alef, lam + meem + jeem, ...) maps to its letters, and a reader working in
# visual order emits them last first: "امللاحظات" for "الملاحظات". Only letters drawn by one glyph are put back,
# which a box test decides (see `repair_ligatures`). Marks are left alone: a mark ligature (shadda + fatha) comes
# out in either order depending on the writer, and the order of two marks on one letter changes no word.
_LETTERS = re.compile("[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f]{2,}")
# Letters that join only the letter before them (or none): none can start a ligature, so a pair whose second
# letter (the first in reading order, once put back) is one of them is no split ligature and is not tested.
_NO_LEFT_JOIN = frozenset("ءآأؤإاةدذرزوٱ")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# Trailing punctuation that the bidi algorithm moved in front of a number: "رقم :5/2015" for "رقم 5/2015:".
_LEADING_PUNCT = re.compile(r"(?<!\S)([.:،؛,]+)(\d[\d/.\-]*)(?=\s|$)")


def is_rtl(text: str, threshold: float = 0.3) -> bool:
    """Whether most letters of `text` are Arabic."""
    if _ARABIC.search(text) is None:
        return False  # the common case, answered without counting letters
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return False
    return len(_ARABIC.findall(text)) / letters >= threshold


def repair_ligatures(text: str, same_glyph: Callable[[int], bool]) -> str:
    """Reverse each run of Arabic letters that one glyph drew (`same_glyph(i)`: chars i and i+1 share its box)."""
    chars: list[str] | None = None
    for match in _LETTERS.finditer(text):
        index, end = match.start(), match.end() - 1
        while index < end:
            last = index
            while last < end and text[last + 1] not in _NO_LEFT_JOIN and same_glyph(last):
                last += 1
            if last > index:
                chars = chars or list(text)
                chars[index : last + 1] = reversed(chars[index : last + 1])
            index = last + 1
    return text if chars is None else "".join(chars)


def fix_rtl_line(text: str) -> str:
    """Undo a visual-order reader's mirrored brackets and displaced trailing punctuation on an RTL line."""
    first_open = min((i for i in (text.find("("), text.find("[")) if i >= 0), default=-1)
    first_close = min((i for i in (text.find(")"), text.find("]")) if i >= 0), default=-1)
    # Mirrored glyphs: the first bracket in logical order is a closing one ("2)1(" for "2(1)").
    if first_close >= 0 and (first_open < 0 or first_close < first_open):
        text = text.translate(_MIRROR)
    return _LEADING_PUNCT.sub(lambda m: m.group(2) + m.group(1), text)
