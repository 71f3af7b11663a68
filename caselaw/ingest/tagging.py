"""Tag a decision by right, issue, affected group and Charter condition, each tag with its evidence.

Evidence is keywords of the taxonomy (with their weights) and the articles a decision cites (a right's
`articles`). Before matching, the names of bodies and instruments are blanked out (`masking`): "Committee on
Economic, Social and Cultural Rights" is no evidence of cultural rights.

Rights: each keyword occurrence counts its weight times the weight of the place it stands in (`sections`): the
cover's subject matter and substantive issues, the merits and the operative part count more than the facts and
the procedure. A paragraph counts at most `_PER_PASSAGE` however often it repeats a word. A right is kept when
its score reaches a threshold that grows with the length of the document (a passing mention in a 60-page judgment
is not enough, one clear sentence in a one-page order is) and a share of the best right's score; the
cross-cutting rights (non-discrimination, gender equality, access to justice) are kept only beside a substantive
right, since they are tagged as litigated with one. A short procedural decision (discontinuance, inadmissibility)
has little text: its threshold is low, so it inherits the rights of the communication it names.

The other facets keep the rule measured on the fixture corpus: each occurrence counts `HIT_STRENGTH * weight`,
occurrences combine as independent evidence (1 - product of the misses), a tag is kept from `THRESHOLD`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from caselaw.ingest.keywords import Folded, Hit, find_all, matcher, negated
from caselaw.ingest.masking import mask
from caselaw.ingest.sections import place_weights
from caselaw.models import Evidence, Tag, TagFacet, TagSource
from caselaw.taxonomy import LANGUAGES, get_taxonomy

HIT_STRENGTH = 0.45
THRESHOLD = 0.69
MAX_EVIDENCE = 3
_MAX_HITS_PER_PARAGRAPH = 2  # a paragraph repeating a word is one piece of evidence, not ten

# Rights (see the module docstring); measured on the real corpus and the fixtures (tests print P/R/F1).
CROSS_CUTTING = frozenset({"non-discrimination", "gender-equality", "access-to-justice"})
_PER_PASSAGE = 1.5  # most one paragraph adds to a right, before its place weight
_SPECIFIC = 0.7  # a keyword this strong names the right; weaker ones are ambiguous ("water", "land", "hospital")
_WEAK = 0.5  # a paragraph with ambiguous words only counts this much
_AMBIGUOUS = 0.6  # a right whose strongest word in the whole document is weaker than this, and no article, is
#                    not tagged: "land", "water", "home" alone are no evidence
_BASE = 1.0  # score a right needs in a document of `_SHORT_WORDS` words
_SHORT_WORDS = 1500
_GROWTH = 0.6  # the threshold grows (and shrinks) as (words / _SHORT_WORDS) ** _GROWTH...
_FLOOR = 0.25  # ...but not below this share of `_BASE`, however short the text
_SHARE = 0.3  # a right needs this share of the best right's score...
_CLEAR = 2.5  # ...unless it reaches this many times the threshold
_CROSS_FACTOR = 1.5  # cross-cutting rights are named in every procedure: they need this much more
_ARTICLE_SCORE = 1.0  # an article cited that grounds only this right; shared among the rights it grounds


@dataclass(frozen=True)
class Passage:
    """A piece of text to tag: a numbered paragraph (its number) or another block (None)."""

    number: str | None
    text: str


@dataclass
class _Evidence:
    """What was found for one code: its score and where (best-placed evidence first)."""

    score: float = 0.0
    named: bool = False  # by a keyword that is not of the most ambiguous, or by an article
    items: list[tuple[float, Evidence]] = field(default_factory=list)


def tag(
    passages: list[Passage],
    articles: list[str],
    languages: list[str],
    document: str | None = None,
    *,
    kind: str | None = None,
) -> dict[TagFacet, list[Tag]]:
    """Machine tags of every facet, strongest first; a record that is not a decision (`kind`) gets none."""
    if kind is not None and kind != "decision":
        return {facet: [] for facet in TagFacet}
    languages_key = tuple(sorted({language for language in languages if language in LANGUAGES} or {"en"}))
    # One pass of each facet's expression over the whole text, hits mapped back to their passage: far fewer
    # regex calls than one per paragraph (measured 0.29 s -> 0.05 s on a 50-page judgment).
    starts, position = [], 0
    for passage in passages:
        starts.append(position)
        position += len(passage.text) + 2
    text = mask(Folded.of("\n\n".join(passage.text for passage in passages)))
    weights = place_weights([passage.text for passage in passages])
    words = sum(len(passage.text.split()) for passage in passages)
    # The four lists' keywords found in one pass over the text (`keywords.find_all`).
    found = find_all(tuple(matcher(facet.value, languages_key) for facet in TagFacet), text)
    result: dict[TagFacet, list[Tag]] = {}
    for facet, hits in zip(TagFacet, found, strict=True):
        if facet is TagFacet.RIGHTS:
            result[facet] = _rights(text, hits, passages, starts, weights, words, articles, document)
        else:
            result[facet] = _combined(text, hits, passages, starts, document)
    return result


def _rights(
    text: Folded,
    hits: list[Hit],
    passages: list[Passage],
    starts: list[int],
    weights: list[float],
    words: int,
    articles: list[str],
    document: str | None,
) -> list[Tag]:
    found: dict[str, _Evidence] = defaultdict(_Evidence)
    # Per paragraph and right: the sum of the keywords' weights and the strongest of them.
    paragraphs: dict[tuple[int, str], tuple[float, float]] = {}
    for hit in hits:
        index = bisect_right(starts, hit.start) - 1
        if negated(text, hit.start):
            continue
        summed, strongest = paragraphs.get((index, hit.code), (0.0, 0.0))
        paragraphs[(index, hit.code)] = (summed + hit.weight, max(strongest, hit.weight))
        evidence = Evidence(
            paragraph=passages[index].number, document=document, pattern=hit.term, text=text.span(hit.start, hit.end)
        )
        found[hit.code].items.append((hit.weight * weights[index], evidence))
    for (index, code), (summed, strongest) in paragraphs.items():
        entry = found[code]
        # Ambiguous words alone count less: they corroborate a specific term of the same right.
        entry.score += min(_PER_PASSAGE, summed) * weights[index] * (1.0 if strongest >= _SPECIFIC else _WEAK)
        entry.named = entry.named or strongest >= _AMBIGUOUS
    _cited(found, articles, document)
    found = {code: entry for code, entry in found.items() if entry.named}
    threshold = _BASE * max(_FLOOR, (words / _SHORT_WORDS) ** _GROWTH)
    best = max((entry.score for entry in found.values()), default=0.0)
    kept = {
        code: entry
        for code, entry in found.items()
        if entry.score >= threshold * (_CROSS_FACTOR if code in CROSS_CUTTING else 1.0)
        and (entry.score >= _SHARE * best or entry.score >= _CLEAR * threshold)
    }
    if not any(code not in CROSS_CUTTING for code in kept):
        kept = {}  # equality and remedies are tagged as litigated with a substantive right, not alone
    tags = [
        Tag(
            code=code,
            source=TagSource.RULE,
            confidence=round(1.0 - math.exp(-entry.score / threshold), 3),
            evidence=_strongest(entry.items),
        )
        for code, entry in kept.items()
    ]
    return sorted(tags, key=lambda t: -t.confidence)


def _cited(found: dict[str, _Evidence], articles: list[str], document: str | None) -> None:
    """Articles cited: each grounds its rights, an article shared by many rights (ACHR:26) counts little for each."""
    grounds: dict[str, list[str]] = defaultdict(list)
    for right in get_taxonomy().rights:
        for article in right.articles:
            grounds[article].append(right.code)
    for article in articles:
        codes = grounds.get(article, [])
        for code in codes:
            entry = found[code]
            entry.score += _ARTICLE_SCORE / len(codes)
            entry.named = True
            entry.items.insert(
                0, (_ARTICLE_SCORE / len(codes), Evidence(document=document, pattern=article, text=article))
            )


def _strongest(items: list[tuple[float, Evidence]]) -> list[Evidence]:
    """The best-placed pieces of evidence, one per paragraph, best first."""
    chosen: list[Evidence] = []
    seen: set[str | None] = set()
    for _, evidence in sorted(items, key=lambda item: -item[0]):
        key = evidence.paragraph if evidence.paragraph is not None else evidence.text
        if key in seen:
            continue
        seen.add(key)
        chosen.append(evidence)
        if len(chosen) == MAX_EVIDENCE:
            break
    return chosen


def _combined(
    text: Folded,
    hits: list[Hit],
    passages: list[Passage],
    starts: list[int],
    document: str | None,
) -> list[Tag]:
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    per_passage: dict[tuple[int, str], int] = defaultdict(int)
    for hit in hits:
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
    tags = [
        Tag(code=code, source=TagSource.RULE, confidence=round(score, 3), evidence=evidence[code][:MAX_EVIDENCE])
        for code, score in scores.items()
        if score >= THRESHOLD
    ]
    return sorted(tags, key=lambda t: -t.confidence)


def _add(scores: dict[str, float], code: str, strength: float) -> None:
    scores[code] = 1.0 - (1.0 - scores[code]) * (1.0 - strength)


def merge_editor_tags(machine: list[Tag], stored: list[Tag]) -> list[Tag]:
    """Editors' tags win: kept as they are, and a machine tag of the same code is dropped."""
    editor = [t for t in stored if t.source is TagSource.EDITOR]
    codes = {t.code for t in editor}
    return editor + [t for t in machine if t.code not in codes]
