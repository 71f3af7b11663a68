"""Snippet rendering shared by every engine: matches wrapped in `<mark>`, everything else HTML-escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class RawSnippet:
    """A fragment of text and the character ranges (start, end) of the matches in it."""

    text: str
    matches: tuple[tuple[int, int], ...]


def render(snippet: RawSnippet) -> str:
    """HTML of a snippet: each match in `<mark>`, the rest escaped, so document text can never inject markup."""
    parts: list[str] = []
    at = 0
    for start, end in sorted(snippet.matches):
        start = max(start, at)
        if end <= start:
            continue
        parts.append(escape(snippet.text[at:start], quote=True))
        parts.append(f"<mark>{escape(snippet.text[start:end], quote=True)}</mark>")
        at = end
    parts.append(escape(snippet.text[at:], quote=True))
    return "".join(parts).strip()


def byte_ranges_to_chars(text: str, ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Convert UTF-8 byte offsets (what tantivy reports) into character offsets of `text`."""
    data = text.encode("utf-8")

    def char_at(offset: int) -> int:
        return len(data[:offset].decode("utf-8", errors="ignore"))

    return tuple((char_at(start), char_at(end)) for start, end in ranges)
