"""Precedent suggestions: the database's cases closest to a candidate, each with the reasons it was chosen.

Uses only the engine-neutral search API, so it works the same on every engine: a search per signal (shared
rights, each shared issue, forum, region, the words of the candidate's summary, and `related` for a candidate
that is itself a case record), pooled and scored here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from caselaw.errors import CaseNotFound, QuerySyntaxError
from caselaw.search import Hit, SearchEngine, SearchRequest
from caselaw.search.facets import label
from caselaw.selection.catalogue import check_language, get_labels
from caselaw.selection.models import Candidate, Precedent, PrecedentReason, PrecedentSuggestion
from caselaw.selection.store import SelectionStore

# What each shared trait adds to a suggestion's score. Rights and text weigh most: a precedent is useful for
# what it decided; issue and forum next (the same cross-cutting question, the same body's own case law);
# State and region least, since proximity alone does not make a case relevant.
RIGHT_WEIGHT = 2.0
ISSUE_WEIGHT = 1.5
FORUM_WEIGHT = 1.5
STATE_WEIGHT = 1.0
REGION_WEIGHT = 0.5
TEXT_WEIGHT = 3.0
"""The best text match gets this much, the others less by rank."""
POOL = 100
"""Hits read per signal: far more than a committee reads, few enough to stay fast."""
MAX_QUERY_WORDS = 30
"""Summary words in the similarity query: under the query parser's clause limit, enough to characterise facts."""
SUBSTANTIVE = frozenset({"right", "issue", "text", "related"})
"""A suggestion needs one of these: sharing only a forum or a region does not make a case a precedent."""

_WORD = re.compile(r"\w{4,}")


@dataclass
class _Found:
    hit: Hit
    score: float = 0.0
    reasons: list[PrecedentReason] = field(default_factory=list)

    def add(self, kind: str, weight: float, text: str, code: str | None = None) -> None:
        if any(r.kind == kind and r.code == code for r in self.reasons):
            return
        self.score += weight
        self.reasons.append(PrecedentReason.model_validate({"kind": kind, "code": code, "text": text}))


def _reason(kind: str, language: str, label_text: str = "") -> str:
    return get_labels().text("reasons", kind, language).format(label=label_text)


def similarity_query(text: str) -> str:
    """A query OR-ing the distinctive words of `text` (four letters or more, first occurrences, no numbers)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        if not word.isdigit():
            seen.setdefault(word.casefold(), None)
        if len(seen) >= MAX_QUERY_WORDS:
            break
    return " OR ".join(seen)


def find_precedents(
    candidate: Candidate, engine: SearchEngine, *, size: int = 10, language: str = "en", exclude: set[str] | None = None
) -> list[PrecedentSuggestion]:
    """The `size` cases most like `candidate`, best first, with reasons in `language`; `exclude` ids are skipped."""
    check_language(language)
    skip = set(exclude or ()) | ({candidate.case_id} if candidate.case_id else set())
    pool: dict[str, _Found] = {}

    def search(**request: object) -> list[Hit]:
        query = SearchRequest.model_validate({"size": POOL, "facets": False, "highlight": False, **request})
        return [hit for hit in engine.search(query).hits if hit.id not in skip]

    def found(hit: Hit) -> _Found:
        return pool.setdefault(hit.id, _Found(hit))

    if candidate.rights:
        for hit in search(filters={"right": candidate.rights}, lang=language):
            for right in hit.rights:
                if right.code in candidate.rights:
                    found(hit).add("right", RIGHT_WEIGHT, _reason("right", language, right.label), right.code)
    for issue in candidate.issues:
        text = _reason("issue", language, label("issue", issue, language))
        for hit in search(filters={"issue": [issue]}, lang=language):
            found(hit).add("issue", ISSUE_WEIGHT, text, issue)
    words = similarity_query(" ".join(filter(None, [candidate.name, candidate.summary])))
    if words:
        try:
            hits = search(q=words, lang=language, sort="relevance")
        except QuerySyntaxError:
            hits = []  # a summary the parser refuses only loses this signal
        for rank, hit in enumerate(hits):
            found(hit).add("text", TEXT_WEIGHT * (1 - rank / max(len(hits), 1)), _reason("text", language))
    if candidate.case_id:
        try:
            related = engine.related(candidate.case_id, size=POOL, language=language)
        except CaseNotFound:
            related = []  # the case is stored but not indexed yet: the other signals still apply
        for rank, hit in enumerate(h for h in related if h.id not in skip):
            found(hit).add("related", TEXT_WEIGHT * (1 - rank / max(len(related), 1)), _reason("related", language))
    # Forum, State and region only add to cases found by a substantive signal, never bring one in alone.
    for item in pool.values():
        hit = item.hit
        if candidate.forum and hit.forum and hit.forum.code == candidate.forum:
            item.add("forum", FORUM_WEIGHT, _reason("forum", language, hit.forum.label), hit.forum.code)
        for state in hit.states:
            if state.code == candidate.state:
                item.add("state", STATE_WEIGHT, _reason("state", language, state.label), state.code)
        if hit.region and hit.region.code == candidate.region:
            item.add("region", REGION_WEIGHT, _reason("region", language, hit.region.label), hit.region.code)
    ranked = sorted(
        (item for item in pool.values() if any(r.kind in SUBSTANTIVE for r in item.reasons)),
        key=lambda item: (-item.score, item.hit.id),
    )
    return [
        PrecedentSuggestion(
            case_id=item.hit.id,
            title=item.hit.title,
            forum=item.hit.forum.code if item.hit.forum else "",  # a decision whose forum is not known yet
            decision_date=item.hit.decision_date,
            score=round(item.score, 3),
            reasons=item.reasons,
        )
        for item in ranked[:size]
    ]


def suggest_precedents(
    candidate: Candidate,
    engine: SearchEngine,
    store: SelectionStore,
    size: int = 10,
    *,
    actor: str = "system",
    language: str = "en",
) -> list[Precedent]:
    """Refresh and store a candidate's suggestions; pinned ones stay on top, dismissed ones stay hidden."""
    # Dismissed cases are left out so the list still holds `size` suggestions; pinned ones may come back, which
    # refreshes their reasons and rank without touching the pin.
    suggestions = find_precedents(
        candidate, engine, size=size, language=language, exclude=store.dismissed(candidate.id)
    )
    return store.save_precedents(candidate.id, suggestions, actor=actor)
