"""Repairs for right-to-left text as PDF readers return it: split lam-alef ligatures, mirrored brackets."""

from __future__ import annotations

import re
from collections.abc import Callable

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ALEFS = "اأإآ"
_LAM = "ل"
# A ligature glyph maps to the two letters lam + alef; a reader working in visual order emits them as
# alef + lam. Only pairs drawn by one glyph are swapped, which a box test decides (see `repair_lam_alef`).
_SPLIT_PAIR = re.compile(f"[{_ALEFS}]{_LAM}")
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


def repair_lam_alef(text: str, same_glyph: Callable[[int], bool]) -> str:
    """Swap alef+lam pairs back to lam+alef where `same_glyph(i)` says chars i and i+1 come from one glyph."""
    if _LAM not in text:
        return text
    chars = list(text)
    for match in _SPLIT_PAIR.finditer(text):
        index = match.start()
        if same_glyph(index):
            chars[index], chars[index + 1] = chars[index + 1], chars[index]
    return "".join(chars)


def fix_rtl_line(text: str) -> str:
    """Undo a visual-order reader's mirrored brackets and displaced trailing punctuation on an RTL line."""
    first_open = min((i for i in (text.find("("), text.find("[")) if i >= 0), default=-1)
    first_close = min((i for i in (text.find(")"), text.find("]")) if i >= 0), default=-1)
    # Mirrored glyphs: the first bracket in logical order is a closing one ("2)1(" for "2(1)").
    if first_close >= 0 and (first_open < 0 or first_close < first_open):
        text = text.translate(_MIRROR)
    return _LEADING_PUNCT.sub(lambda m: m.group(2) + m.group(1), text)
