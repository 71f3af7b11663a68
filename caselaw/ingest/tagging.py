"""Tag a decision by right, issue, affected group and Charter condition, each tag with its evidence.

Two sources of evidence: articles cited (a right's `articles` in the taxonomy) and the multilingual keyword
lists with their weights. Each keyword occurrence counts `HIT_STRENGTH * weight`; occurrences combine as
independent evidence (1 - product of the misses), so one strong mention gives 0.45, two 0.70, three 0.83.
A tag is kept from `THRESHOLD`; the thresholds were chosen on the fixture corpus (tests print P/R/F1).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from caselaw.ingest.keywords import Folded, matcher, negated
from caselaw.models import Evidence, Tag, TagFacet, TagSource
from caselaw.taxonomy import LANGUAGES, get_taxonomy

HIT_STRENGTH = 0.45
ARTICLE_STRENGTH = 0.5
THRESHOLD = 0.69
MAX_EVIDENCE = 3
_MAX_HITS_PER_PARAGRAPH = 2  # a paragraph repeating a word is one piece of evidence, not ten


@dataclass(frozen=True)
class Passage:
    """A piece of text to tag: a numbered paragraph (its number) or another block (None)."""

    number: str | None
    text: str


def tag(
    passages: list[Passage], articles: list[str], languages: list[str], document: str | None = None
) -> dict[TagFacet, list[Tag]]:
    """Machine tags of every facet, strongest first."""
    languages_key = tuple(sorted({language for language in languages if language in LANGUAGES} or {"en"}))
    # One pass of each facet's expression over the whole text, hits mapped back to their passage: far fewer
    # regex calls than one per paragraph (measured 0.29 s -> 0.05 s on a 50-page judgment).
    starts, position = [], 0
    for passage in passages:
        starts.append(position)
        position += len(passage.text) + 2
    text = Folded.of("\n\n".join(passage.text for passage in passages))
    result: dict[TagFacet, list[Tag]] = {}
    for facet in TagFacet:
        scores: dict[str, float] = defaultdict(float)
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        per_passage: dict[tuple[int, str], int] = defaultdict(int)
        for hit in matcher(facet.value, languages_key).finditer(text):
            if scores[hit.code] > 0.999 and len(evidence[hit.code]) >= MAX_EVIDENCE:
                continue  # settled: more mentions change nothing
            index = bisect_right(starts, hit.start) - 1
            if per_passage[(index, hit.code)] >= _MAX_HITS_PER_PARAGRAPH or negated(text, hit.start):
                continue
            per_passage[(index, hit.code)] += 1
            _add(scores, hit.code, HIT_STRENGTH * hit.weight)
            if len(evidence[hit.code]) < MAX_EVIDENCE:
                matched = text.span(hit.start, hit.end)
                evidence[hit.code].append(
                    Evidence(paragraph=passages[index].number, document=document, pattern=hit.term, text=matched)
                )
        if facet is TagFacet.RIGHTS:
            for right in get_taxonomy().rights:
                cited = [article for article in articles if article in right.articles]
                if cited:
                    _add(scores, right.code, ARTICLE_STRENGTH)
                    evidence[right.code].insert(0, Evidence(document=document, pattern=cited[0], text=cited[0]))
        tags = [
            Tag(code=code, source=TagSource.RULE, confidence=round(score, 3), evidence=evidence[code][:MAX_EVIDENCE])
            for code, score in scores.items()
            if score >= THRESHOLD
        ]
        result[facet] = sorted(tags, key=lambda t: -t.confidence)
    return result


def _add(scores: dict[str, float], code: str, strength: float) -> None:
    scores[code] = 1.0 - (1.0 - scores[code]) * (1.0 - strength)


def merge_editor_tags(machine: list[Tag], stored: list[Tag]) -> list[Tag]:
    """Editors' tags win: kept as they are, and a machine tag of the same code is dropped."""
    editor = [t for t in stored if t.source is TagSource.EDITOR]
    codes = {t.code for t in editor}
    return editor + [t for t in machine if t.code not in codes]
