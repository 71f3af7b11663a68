"""The benchmark's synthetic corpus: five languages, realistic lengths, tags and keyword mentions."""

from __future__ import annotations

import collections
import itertools
import random
import statistics
from datetime import date
from pathlib import Path
from typing import Any

from caselaw.models import Case
from caselaw.search.embedded.documents import concept_finder
from caselaw.search.expansion import expand
from caselaw.search.query import parse_query
from caselaw.search.texts import case_texts
from caselaw.taxonomy import get_taxonomy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "corpus.jsonl"
LANGUAGE_SHARE = {"en": 0.45, "es": 0.2, "fr": 0.15, "pt": 0.1, "ar": 0.1}
STRAY_MENTION = 0.1
"""Share of texts that mention a concept the case is not tagged with (an aside, a cited precedent)."""
BODY_POOL = 600  # distinct bodies per language; cases draw from the pool so generation stays cheap
SYLLABLES = {
    "en": "ta ren mo li sa ver con tion al ing er pro ment",
    "es": "ca ra do ción mien to la de ne ri gua pe so",
    "fr": "tion ment eau que re la gé son dé bu ou ne",
    "pt": "ção men to lha do pa ra vi ão ri gu nu",
    "ar": "ال مح كم ة ق ر ار ح ق و ن س ت",
}


def vocabulary(language: str, rng: random.Random) -> tuple[list[str], list[float]]:
    """Zipf-weighted pseudo-words; taxonomy keywords are not among them (see `Corpus.mentions`)."""
    parts = SYLLABLES[language].split()
    words = ["".join(rng.choice(parts) for _ in range(rng.randint(2, 4))) for _ in range(30_000)]
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


def keyword_phrases(language: str) -> dict[str, list[str]]:
    """Per concept (`facet/code`), its keywords in `language` as they would be written (prefixes completed)."""
    taxonomy = get_taxonomy()
    found: dict[str, list[str]] = {}
    for listing, key in (("rights", "right"), ("issues", "issue"), ("affected_groups", "affected_group")):
        for entry in taxonomy.entries(listing):
            terms = [k.term.rstrip("*") + ("ion" if k.is_prefix else "") for k in entry.keywords.get(language, [])]
            if terms:
                found[f"{key}/{entry.code}"] = terms
    return found


class Corpus:
    """A deterministic synthetic corpus in five languages with realistic lengths and tag distributions."""

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.seed = seed
        taxonomy = get_taxonomy()
        self.vocab = {lang: vocabulary(lang, rng) for lang in LANGUAGE_SHARE}
        self.keywords = {lang: keyword_phrases(lang) for lang in LANGUAGE_SHARE}
        # Decisions run from a few pages to hundreds: log-normal, median ~1,200 words, capped at 8,000.
        self.bodies = {
            lang: [self.text(lang, min(8000, int(rng.lognormvariate(7.1, 0.8))), rng) for _ in range(BODY_POOL)]
            for lang in LANGUAGE_SHARE
        }
        self.forums = taxonomy.forums
        self.countries = sorted(taxonomy.countries)
        self.rights = [e.code for e in taxonomy.rights]
        self.issues = [e.code for e in taxonomy.issues]
        self.groups = [e.code for e in taxonomy.affected_groups]
        self.outcomes = ["violation", "no-violation", "inadmissible", "partial-violation", "upheld", "dismissed"]
        self.types = ["judgment", "views", "merits-decision", "admissibility-decision"]

    def text(self, language: str, length: int, rng: random.Random) -> str:
        words, cumulative = self.vocab[language]
        return " ".join(rng.choices(words, cum_weights=cumulative, k=length))

    def mentions(self, language: str, concepts: list[str], rng: random.Random) -> str:
        """A paragraph naming the case's own concepts a few times, and now and then an unrelated one.

        Real decisions use a concept's vocabulary when they are about it: in the fixture corpus a concept is
        mentioned by about as many cases as are tagged with it (see `keyword_report`). Drawing keywords as
        ordinary Zipf words instead put some in half of all cases whatever their subject.
        """
        phrases = self.keywords[language]
        chosen = [c for c in concepts if c in phrases]
        if rng.random() < STRAY_MENTION:
            chosen.append(rng.choice(sorted(phrases)))
        said = [rng.choice(phrases[c]) for c in chosen for _ in range(rng.randint(1, 6))]
        rng.shuffle(said)
        return " ".join(f"{self.text(language, rng.randint(4, 12), rng)} {phrase}" for phrase in said)

    def case(self, number: int) -> dict[str, Any]:
        """Case `number` as a JSON-able dict (validated into a Case by the engine path)."""
        rng = random.Random(self.seed * 1_000_003 + number)
        language = rng.choices(list(LANGUAGE_SHARE), weights=list(LANGUAGE_SHARE.values()))[0]
        languages = [language] + (["en"] if language != "en" and rng.random() < 0.3 else [])
        forum = rng.choice(self.forums)
        state = forum.country or rng.choice(self.countries)
        zipf = [1 / (i + 1) for i in range(len(self.rights))]
        rights = list(dict.fromkeys(rng.choices(self.rights, weights=zipf, k=rng.randint(1, 4))))
        tag = [{"source": "rule", "confidence": 0.9}]
        issues = rng.sample(self.issues, rng.randint(0, 2))
        groups = rng.sample(self.groups, rng.randint(0, 3))
        concepts = [f"right/{c}" for c in rights] + [f"issue/{c}" for c in issues]
        concepts += [f"affected_group/{c}" for c in groups]
        return {
            "id": f"bench-{number}",
            "titles": {lang: {"full": f"{self.text(lang, 3, rng).title()} v. {state}"} for lang in languages},
            "forum": forum.code,
            "decision_type": rng.choice(self.types),
            "respondent_states": [state],
            "region": get_taxonomy().region_of(state),
            "dates": {"decision": date(rng.choices(range(1980, 2025), weights=range(1, 46))[0], 1 + number % 12, 1)},
            "rights": [{**tag[0], "code": c} for c in rights],
            "issues": [{**tag[0], "code": c} for c in issues],
            "affected_groups": [{**tag[0], "code": c} for c in groups],
            "outcome": rng.choice(self.outcomes),
            "summaries": {
                lang: f"{self.text(lang, rng.randint(60, 160), rng)} {self.mentions(lang, concepts[:2], rng)}"
                for lang in languages
            },
            "documents": [
                {
                    "sha256": f"{number:064x}",
                    "language": language,
                    "text": f"{rng.choice(self.bodies[language])}\n\n{self.mentions(language, concepts, rng)}",
                }
            ],
        }


def concept_frequencies(cases: list[Case]) -> dict[str, float]:
    """Share of `cases` whose titles or texts mention each taxonomy concept (as the engine's finder sees it)."""
    finder = concept_finder()
    counted: collections.Counter[str] = collections.Counter()
    for case in cases:
        found: set[str] = set()
        for language, text, _ in case_texts(case):
            found.update(finder.find(language, text))
        for language, title in case.titles.items():
            found.update(finder.find(language, title.full))
        counted.update(found)
    return {key: count / len(cases) for key, count in counted.items()}


def keyword_report(corpus: Corpus, queries: list[str], sample: int = 1000) -> list[tuple[str, ...]]:
    """Concept document frequency in the fixture corpus and in the generated one, for the realism check."""
    fixtures = [Case.model_validate_json(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line]
    real = concept_frequencies(fixtures)
    generated = concept_frequencies([Case.model_validate(corpus.case(n)) for n in range(sample)])
    watched = sorted({e.concept.replace(":", "/") for q in queries for e in expand(parse_query(q))[1]})
    rows: list[tuple[str, ...]] = [(key, f"{real.get(key, 0):.0%}", f"{generated.get(key, 0):.0%}") for key in watched]
    rows.append(("(median over all concepts)", f"{median(real):.0%}", f"{median(generated):.0%}"))
    rows.append(("(highest of any concept)", f"{max(real.values()):.0%}", f"{max(generated.values()):.0%}"))
    return rows


def median(shares: dict[str, float]) -> float:
    """Median share over the concepts mentioned at all."""
    return statistics.median(shares.values())
