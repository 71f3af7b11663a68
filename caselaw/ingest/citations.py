"""Citations in a decision, paragraph by paragraph: to other decisions (by identifier and by case name), to
general comments and recommendations of the UN treaty bodies, and to treaty articles, in one model.

A case name and the identifiers printed after it ("Caso X Vs. Perú. … Serie C No. 198") are one citation with
all their keys; an identifier with no name before it is a citation of its own. A decision's own identifiers
(its caption's, passed as `own_identifiers`) are not citations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from caselaw.ingest.cited_comments import COMMENT_WORDS, dominant_body, find_comments
from caselaw.ingest.cited_decisions import Scope, Span, find_decisions, reporter_spans, scope
from caselaw.ingest.keywords import fold
from caselaw.ingest.literals import Guarded, Passages
from caselaw.ingest.metadata import articles

__all__ = ["CitationKind", "FoundCitation", "find_citations"]

CitationKind = Literal["decision", "general-comment", "article"]
_GROUP = 320  # characters after a case name within which its identifiers ("… Serie C No. 198") are printed
_ARTICLE_START = re.compile(r"(?i)\b(?:arts?\.|articles?|art[ií]culos?|artigos?)\s+\d|(?:المادة|المواد|المادتين)\s*\d")
_ARTICLE_WINDOW = 160
# Every match of `_ARTICLE_START` has "art" in some case (no other character folds to a, r or t) or "الم": a
# passage without them is not scanned by the case-insensitive expression.
_ARTICLE_GUARD = Guarded(_ARTICLE_START, re.compile(r"[Aaا][Rrل][Ttم]"))


@dataclass(frozen=True)
class FoundCitation:
    """One citation: its kind, the text as written, the paragraph it stands in and its keys for resolution.

    `keys` are (scheme, normalised value) pairs: for a decision the identifier schemes of
    `identifiers.read_identifiers` (`series-c`, `communication`, `un-symbol`, `neutral-citation`, …) plus
    `law-report`, `case-name` ("acevedo jaramillo v peru") and `party` ("acevedo jaramillo"); for a general
    comment (`general-comment`, its code or `?-gc-N` when the committee is unknown); for an article
    (`article`, `ICESCR:11(1)`). `code` is the taxonomy code of a general comment, or the article."""

    kind: CitationKind
    text: str
    paragraph: str | None
    keys: tuple[tuple[str, str], ...]
    code: str | None = None
    start: int = 0  # offset in the paragraph's text, for snippets

    def key(self, scheme: str) -> str | None:
        """The value of one scheme among the keys, if any."""
        return next((value for s, value in self.keys if s == scheme), None)


def find_citations(
    paragraphs: list[tuple[str | None, str]],
    language: str,
    forum: str | None = None,
    own_identifiers: Iterable[tuple[str, str]] = (),
) -> list[FoundCitation]:
    """Every citation in a decision's paragraphs ((number or None, text)), in order; `forum` resolves "its
    general comment" and unattributed comments; `own_identifiers` (scheme, value) are the decision's own."""
    del language  # the patterns cover the five languages at once: decisions quote each other across languages
    own = {(scheme, _plain(value)) for scheme, value in own_identifiers}
    fallback = None if forum else dominant_body([text for _, text in paragraphs[:40]])
    texts = [text for _, text in paragraphs]
    scopes, comment_places, article_places = _places(texts)
    found: list[FoundCitation] = []
    for index, (number, text) in enumerate(paragraphs):
        found.extend(_decisions(number, text, own, scopes[index]))
        for ref in find_comments(text, forum, fallback) if index in comment_places else ():
            code = ref.code or f"?-{'gr' if ref.recommendation else 'gc'}-{ref.number}"
            found.append(FoundCitation("general-comment", ref.text, number, (("general-comment", code),),
                                       ref.code, ref.start))  # fmt: skip
        if index in article_places:
            found.extend(_articles(number, text, forum))
    return found


def _places(texts: list[str]) -> tuple[list[Scope | None], set[int], set[int]]:
    """Where each kind of citation may stand, read from the whole document at once (most passages cite nothing):
    the decision expressions each passage may match, the passages that may cite a general comment (by the words
    every such citation has, folded) and those that may cite an article."""
    passages = Passages.of(texts)
    if passages is None:  # passages that cannot be joined: each is read on its own, as the guards do
        comments = {i for i, text in enumerate(texts) if any(word in fold(text) for word in COMMENT_WORDS)}
        return [None] * len(texts), comments, {i for i, text in enumerate(texts) if _ARTICLE_GUARD.possible(text)}
    # Folding keeps the joint and folds each passage as it would alone (character by character).
    folded = fold(passages.joined).split("\x00")
    if len(folded) == len(texts):
        comments = {i for i, text in enumerate(folded) if any(word in text for word in COMMENT_WORDS)}
    else:
        comments = set(range(len(texts)))
    return list(scope(passages)), comments, _ARTICLE_GUARD.places(passages)


def _decisions(number: str | None, text: str, own: set[tuple[str, str]], within: Scope | None) -> list[FoundCitation]:
    """Decision citations in one paragraph: names grouped with the identifiers printed after them."""
    spans = sorted([*find_decisions(text, within), *reporter_spans(text, within)], key=lambda s: (s.start, -s.end))
    groups: list[list[Span]] = []
    for span in spans:
        if any((scheme, _plain(value)) in own for scheme, value in span.keys):
            continue
        last = groups[-1] if groups else None
        if (
            last is not None
            and not span.name
            and last[0].name
            and span.start - last[0].start <= _GROUP
            and not any(s.name for s in last[1:])
            and not _closes(text[last[-1].end : span.start])
        ):
            last.append(span)
        elif last is not None and span.start < last[-1].end:
            continue  # overlapping names ("Case of X v. Y" read twice)
        else:
            groups.append([span])
    result = []
    for group in groups:
        keys = tuple(dict.fromkeys(k for span in group for k in span.keys))
        start, end = group[0].start, group[-1].end
        result.append(FoundCitation("decision", " ".join(text[start:end].split()), number, keys, None, start))
    return result


def _closes(between: str) -> bool:
    """Whether the text between a name and an identifier ends one citation and starts another (a new sentence
    or a new citation after a semicolon, with words of its own)."""
    return bool(re.search(r"[;.]\s+(?:[A-Z][a-z]+\s){3,}", between))


def _articles(number: str | None, text: str, forum: str | None) -> list[FoundCitation]:
    """Treaty articles, normalised by the one article reader (`metadata.articles`)."""
    result: list[FoundCitation] = []
    starts = [m.start() for m in _ARTICLE_START.finditer(text)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else start + _ARTICLE_WINDOW
        window = text[start : min(end, start + _ARTICLE_WINDOW)]
        for article in articles(window, forum):
            printed = " ".join(window.split()[:6])
            result.append(FoundCitation("article", printed, number, (("article", article),), article, start))
    return result


def _plain(value: str) -> str:
    """An identifier's value compared loosely: letters and digits only, lower case."""
    return re.sub(r"[^0-9a-z]", "", value.casefold())
