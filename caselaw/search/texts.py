"""The texts of a case that every engine indexes, and the bounded excerpt it stores for snippets."""

from __future__ import annotations

from caselaw.models import Case

EXCERPT_CHARS = 3000
"""How much of each document's opening is stored for snippets and "related cases" (summaries are stored whole):
long enough for a few paragraphs, short enough that fetching and highlighting a page of hits stays fast."""


def excerpt(text: str) -> str:
    """The opening of `text`, at most EXCERPT_CHARS, cut at a word boundary when one is near."""
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS]
    space = cut.rfind(" ")
    return cut[:space] if space > EXCERPT_CHARS // 2 else cut


def case_texts(case: Case) -> list[tuple[str, str, str]]:
    """(language, full text, stored excerpt) for every summary, document and remedy of a case."""
    # Summaries first: a snippet's fallback is the first value, and a summary says the most; remedies are short
    # and kept whole.
    texts = [(language, summary, summary) for language, summary in case.summaries.items() if summary.strip()]
    for document in case.documents:
        body = document.text.strip() or "\n".join(paragraph.text for paragraph in document.paragraphs)
        if body:
            texts.append((document.language, body, excerpt(body)))
    texts.extend((remedy.language, remedy.text, remedy.text) for remedy in case.remedies)
    return texts
