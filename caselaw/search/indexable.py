"""A case as every engine indexes it: the one walk of a case, before any engine's document format.

Each engine translates this engine-neutral view to its own document (`embedded.documents`, `cluster.documents`),
so what is searchable — which titles, names, texts, concepts and facet values — is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from caselaw.models import Case
from caselaw.search.analysis import field_language
from caselaw.search.expansion import ConceptFinder
from caselaw.search.facets import FACETS
from caselaw.search.hits import hit_payload, open_forum_name
from caselaw.search.texts import case_texts


@dataclass(frozen=True)
class IndexedText:
    """One summary, document or remedy: its analysed field language, full text and the excerpt stored for snippets."""

    field_language: str
    text: str
    excerpt: str


@dataclass(frozen=True)
class Indexable:
    """The engine-neutral indexable view of a case; lists keep the order in which each engine adds values."""

    id: str
    payload: dict[str, Any]
    """The display record kept beside the index (`hits.hit_payload`)."""
    titles: list[tuple[str, str]]
    """(field language, text) of every full, short and popular title."""
    names: list[str]
    """Titles in every language, party names and identifiers: what a search of names and numbers matches."""
    texts: list[IndexedText]
    """Summaries first, then documents and remedies (`texts.case_texts`)."""
    concepts: dict[str, list[str]]
    """Per case language (not field language), the taxonomy concepts its titles and texts mention, repeats kept."""
    facets: dict[str, list[str]]
    """Every facet of the registry, in its order, with the case's values (an empty list when it has none)."""
    decision_date: date | None
    forum_name: str | None
    """Printed name of an open national forum the taxonomy cannot label (`hits.open_forum_name`)."""
    cited_by_count: int = 0
    """Cases citing this one, each once (the store's count when it read the case): the "most cited" sort."""
    follow_up_rank: int = 0
    """The `no_follow_up_first` sort key, ascending (`follow_up_rank`)."""


Concepts = dict[str, list[str]]
"""Per case language, the concepts its titles and texts mention (`Indexable.concepts`)."""


def concept_sources(case: Case) -> list[tuple[str, str]]:
    """(case language, text) of every title and text concept finding reads, in the order it reads them: what a
    cached finding is keyed by (`search.conversions`)."""
    titles = [
        (language, text)
        for language, title in case.titles.items()
        for text in (title.full, title.short, title.popular)
        if text
    ]
    return titles + [(language, text) for language, text, _ in case_texts(case)]


def find_concepts(sources: list[tuple[str, str]], finder: ConceptFinder) -> Concepts:
    """The concepts `finder` finds in each (language, text) of `sources`, per language (empty lists kept)."""
    concepts: Concepts = {}
    for language, text in sources:
        concepts.setdefault(language, []).extend(finder.find(language, text))
    return concepts


def indexable(case: Case, finder: ConceptFinder, concepts: Concepts | None = None) -> Indexable:
    """The indexable view of `case`; `finder` is the engine's concept finder (each analyses words its own way).

    `concepts`: what `find_concepts` found in the case's `concept_sources` before (a rebuild's cache, see
    `search.conversions`), used instead of finding them again."""
    titles: list[tuple[str, str]] = []
    names: list[str] = []
    for language, title in case.titles.items():
        for text in (title.full, title.short, title.popular):
            if text:
                titles.append((field_language(language), text))
                names.append(text)
    names.extend(party.name for party in case.parties)
    names.extend(identifier.value for identifier in case.identifiers)
    texts: list[IndexedText] = []
    for language, text, excerpt in case_texts(case):
        texts.append(IndexedText(field_language(language), text, excerpt))
    if concepts is None:
        concepts = find_concepts(concept_sources(case), finder)
    return Indexable(
        id=case.id,
        payload=hit_payload(case),
        titles=titles,
        names=names,
        texts=texts,
        concepts=concepts,
        facets={spec.key: spec.values(case) for spec in FACETS},
        decision_date=case.dates.decision,
        forum_name=open_forum_name(case),
        cited_by_count=case.cited_by_count,
        follow_up_rank=follow_up_rank(case),
    )


_EPOCH = date(1970, 1, 1)
_SPAN = 1 << 20  # room for every day since 1970 +/- 1400 years, shifted to be positive


def follow_up_rank(case: Case) -> int:
    """One integer sorting "time since the decision without follow-up", ascending (engines sort by one field):
    decisions with no follow-up event first, by decision date, oldest first; then decisions with events, by the
    date of their last event, oldest first (the longest without news); undated decisions without events last."""
    last = max((event.date for event in case.follow_up.events), default=None)
    decided = case.dates.decision
    if last is not None:
        group, day = 1, last
    elif decided is not None:
        group, day = 0, decided
    else:
        return 2 * _SPAN
    return group * _SPAN + (day - _EPOCH).days + _SPAN // 2
