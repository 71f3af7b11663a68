"""Names of the per-language fields every engine indexes, so all engines agree on them."""

from __future__ import annotations


def title_field(language: str) -> str:
    """Title field of a field language."""
    return f"title_{language}"


def text_field(language: str) -> str:
    """Body-text field (summaries, documents, remedies) of a field language."""
    return f"text_{language}"


def snippet_field(language: str) -> str:
    """Stored excerpt field of a field language: summaries and the opening of each document."""
    return f"snippet_{language}"
